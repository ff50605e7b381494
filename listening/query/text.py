"""The text model: normalisation (case, accents, compatibility forms), the words of a text with
offsets into the original, and the form the matcher scans (see the package docstring)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

# Applied to NORMALISED text. See the module docstring for the rules.
TOKEN_RE = re.compile(r"(?:(?<!\w)\.(?=\w))?\w+(?:[+#]++(?!\w))?")

# --------------------------------------------------------------------------- normalisation


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold())
    stripped = "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me"))
    # .lower() is idempotent: the matcher lowercases whole strings that contain folded chars.
    return unicodedata.normalize("NFC", stripped).lower()


class _FoldTable(dict[int, str]):
    """`str.translate` table filled lazily; remembers characters whose fold is not 1 char."""

    LIMIT = 100_000  # hostile input must not grow the cache without bound

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def _fold(text: str) -> tuple[str, bool]:
    """The normalised text, and whether its indices equal the original's (1 char -> 1 char)."""
    if text.isascii():
        return text.lower(), True
    folded = text.translate(_FOLD)
    return folded, _FOLD.irregular.isdisjoint(text)


def _offset_map(text: str, fold: Callable[[str], str]) -> tuple[list[int], list[int]]:
    """For each folded character: (start, end) of the original character(s) it came from.

    A character that folds to nothing (a combining accent) extends the previous one's end, so a
    highlighted "cafe\u0301" includes its accent."""
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        if not folded:
            if ends:
                ends[-1] = index + 1
            continue
        for _ in folded:
            starts.append(index)
            ends.append(index + 1)
    return starts, ends


def _plain_fold(char: str) -> str:
    return _FOLD[ord(char)]


# The matcher's view of a text: folded like `normalize`, and every character that can neither
# be in a word nor change a word's boundary (anything but \w . + #) replaced by a space. Words
# are unchanged (same `TOKEN_RE` tokens); the matcher relies on separators being one of " .+#".
_SEPARATOR_RE = re.compile(r"[^\w.+#]")
_ASCII_FORM = {i: (c.lower() if re.fullmatch(r"[\w.+#]", c) else " ") for i, c in ((i, chr(i)) for i in range(128))}
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_FORM_CACHE: dict[str, str] = {}


def _form_char(char: str) -> str:
    form = _FORM_CACHE.get(char)
    if form is None:
        form = char.translate(_ASCII_FORM) if char.isascii() else _SEPARATOR_RE.sub(" ", _fold_char(char))
        if len(_FORM_CACHE) < _FoldTable.LIMIT:
            _FORM_CACHE[char] = form
    return form


def search_form(text: str) -> tuple[str, bool]:
    """The text as the matcher scans it, and whether its indices equal the original's.

    Same words as `tokenize`; separators are reduced to " ", ".", "+" or "#"."""
    if text.isascii():
        return text.translate(_ASCII_FORM), True
    regular = True

    def fold(match: re.Match[str]) -> str:
        nonlocal regular
        form = _form_char(match.group())
        if len(form) != 1:
            regular = False
        return form

    folded = _NON_ASCII_RE.sub(fold, text)
    if folded.isascii():
        return folded.translate(_ASCII_FORM), regular
    return _SEPARATOR_RE.sub(" ", folded.lower()), regular


def search_form_offsets(text: str) -> tuple[list[int], list[int]]:
    """`_offset_map` for `search_form` (only needed when it is not 1:1)."""
    return _offset_map(text, _form_char)


def normalize(text: str) -> str:
    """Case-, accent- and compatibility-folded text (see the module docstring)."""
    return _fold(text)[0]


class Token(NamedTuple):
    """A word: its normalised text and its [start, end) offsets in the ORIGINAL text."""

    text: str
    start: int
    end: int


def word_texts(text: str) -> list[str]:
    """The normalised words of `text`, without offsets (the fast path of the matcher)."""
    return TOKEN_RE.findall(_fold(text)[0])


def tokenize(text: str) -> list[Token]:
    """The words of `text` with offsets into `text` itself."""
    folded, regular = _fold(text)
    if regular:
        return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
    starts, ends = _offset_map(text, _plain_fold)
    return [Token(m.group(), starts[m.start()], ends[m.end() - 1]) for m in TOKEN_RE.finditer(folded)]
