"""Bounds on what people type into listening's text filters (the inbox, the API's ``q``
parameter, the setup lists): a text of thousands of words would become a query of thousands of
clauses. The bounds are the API's ``?search=`` bounds (core.filters), so the page, ``q`` and
``search`` refuse the same texts."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.filters import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, MSG_TOO_MANY_WORDS

__all__ = ["MAX_SEARCH_CHARS", "MAX_SEARCH_WORDS", "max_search_words"]


def max_search_words(value: str) -> None:
    """A form field's or filter's validator (the field also sets max_length=MAX_SEARCH_CHARS)."""
    if len(str(value).split()) > MAX_SEARCH_WORDS:
        raise ValidationError(MSG_TOO_MANY_WORDS.format(limit=MAX_SEARCH_WORDS), code="max_words")
