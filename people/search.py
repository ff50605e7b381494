"""Searching people by typing: the one bound on what may be typed, and the one way text is folded
so that a search is accent- and case-insensitive in every script.

Bounds: at most MAX_SEARCH_WORDS words and MAX_SEARCH_LENGTH characters. Every word becomes a
condition of its own, so an unbounded search is an unbounded query.

- Forms and the API validate with ``validate_search`` and show MSG_SEARCH_TOO_LONG (a form error,
  or a 400 in the API's error format).
- ``search_words`` cuts silently (company searches use it), and ``folded_words`` is what
  PersonQuerySet.search uses (the same words, folded): a caller that forgot to validate still runs
  a bounded query.

Folding (``fold``): compatibility forms unpacked (NFKD: "ﬁ" → "fi", full-width letters → ASCII),
case folded ("Straße" → "strasse"), the diacritics of Latin, Greek and Cyrillic letters dropped
("José" → "jose", "Müller" → "muller", "Ελένη" → "ελενη") and letters that carry their stroke
rather than a separate accent spelled plainly ("Łukasz" → "lukasz", "Øyvind" → "oyvind"). Marks
that are part of other scripts' letters (Devanagari's virama, kana's voicing marks) are kept:
dropping them would change the letter, not an accent. A person's stored ``search_text`` is the
fold of their names, emails, company, title, city and handles (people.services.search_index),
and a typed search is folded the same way before it is compared, so one side never folds
differently from the other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 200
MSG_SEARCH_TOO_LONG = (
    f"Search with at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_LENGTH} characters: "
    "a name, an email, a handle, a company or a city."
)

# Letters with a stroke or a ligature have no decomposition: spell them as people type them.
_PLAIN = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŧ": "t",
        "ƚ": "l",
        "ƀ": "b",
        "ɨ": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ĳ": "ij",
        "\u2019": "'",  # the typographic apostrophe (U+2019) of O'Brien
        "\u02bc": "'",
    }
)


def _is_accent(char: str) -> bool:
    """A combining mark from the blocks Latin, Greek and Cyrillic decompose their accents into."""
    code = ord(char)
    return (
        0x0300 <= code <= 0x036F  # Combining Diacritical Marks
        or 0x1AB0 <= code <= 0x1AFF  # … Extended
        or 0x1DC0 <= code <= 0x1DFF  # … Supplement
        or 0x20D0 <= code <= 0x20FF  # … for Symbols
        or 0xFE20 <= code <= 0xFE2F  # Combining Half Marks
    )


def fold(text: str) -> str:
    """``text`` as searches compare it: no case, no accents, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not _is_accent(c))
    # Recompose what other scripts build from parts (Hangul syllables, kana with voicing marks).
    plain = unicodedata.normalize("NFC", stripped).translate(_PLAIN)
    return " ".join(plain.split())


def search_too_long(text: str) -> bool:
    return len(text) > MAX_SEARCH_LENGTH or len(text.split()) > MAX_SEARCH_WORDS


def validate_search(text: str) -> None:
    """Refuse a search over the bounds (django ValidationError, which forms and the API show)."""
    if search_too_long(text):
        raise ValidationError(MSG_SEARCH_TOO_LONG, code="search_too_long")


def search_words(text: str) -> list[str]:
    """The words of a search, within the bounds (longer input is cut, never refused here)."""
    return text[:MAX_SEARCH_LENGTH].split()[:MAX_SEARCH_WORDS]


def folded_words(text: str) -> list[str]:
    """The words of a search as people's ``search_text`` is compared with them: folded, bounded."""
    return fold(" ".join(search_words(text))).split()[:MAX_SEARCH_WORDS]


def person_search_texts(
    *,
    first_name: str,
    last_name: str,
    title: str = "",
    city: str = "",
    company: str = "",
    emails: Iterable[str] = (),
    handles: Iterable[str] = (),
) -> tuple[str, str]:
    """A person's ``(search_text, search_name)``: everything a search by typing may match, and
    their names alone, folded. The services, the data migration and the benches all build them
    here, so what is stored and what is typed always fold alike."""
    name = fold(f"{first_name} {last_name}")
    rest = " ".join(x for x in (*emails, company, title, city, *handles) if x)
    return " ".join(x for x in (name, fold(rest)) if x), name
