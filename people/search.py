"""The one bound on searching people by typing: at most MAX_SEARCH_WORDS words and
MAX_SEARCH_LENGTH characters. Every word becomes a condition over seven columns (three of them
joined), so an unbounded search is an unbounded query.

- Forms and the API validate with ``validate_search`` and show MSG_SEARCH_TOO_LONG (a form error,
  or a 400 in the API's error format).
- ``search_words`` is what PersonQuerySet.search uses: it cuts silently, so a caller that forgot
  to validate still runs a bounded query.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_SEARCH_WORDS = 8
MAX_SEARCH_LENGTH = 200
MSG_SEARCH_TOO_LONG = (
    f"Search with at most {MAX_SEARCH_WORDS} words and {MAX_SEARCH_LENGTH} characters: "
    "a name, an email, a handle, a company or a city."
)


def search_too_long(text: str) -> bool:
    return len(text) > MAX_SEARCH_LENGTH or len(text.split()) > MAX_SEARCH_WORDS


def validate_search(text: str) -> None:
    """Refuse a search over the bounds (django ValidationError, which forms and the API show)."""
    if search_too_long(text):
        raise ValidationError(MSG_SEARCH_TOO_LONG, code="search_too_long")


def search_words(text: str) -> list[str]:
    """The words of a search, within the bounds (longer input is cut, never refused here)."""
    return text[:MAX_SEARCH_LENGTH].split()[:MAX_SEARCH_WORDS]
