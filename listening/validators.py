"""Bounds on what people type into listening's text filters (the inbox, the API's ``q`` and
``search`` parameters, the setup lists): a text of thousands of words would become a query of
thousands of clauses. One limit, used by the forms and the API alike."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 10
MSG_TOO_MANY_WORDS = "Use at most {limit} words."


def max_search_words(value: str) -> None:
    if len(str(value).split()) > MAX_SEARCH_WORDS:
        raise ValidationError(MSG_TOO_MANY_WORDS.format(limit=MAX_SEARCH_WORDS), code="max_words")


# A field's validators; a form field or filter also sets max_length=MAX_SEARCH_CHARS.
SEARCH_TEXT_VALIDATORS: list[Callable[[str], None]] = [MaxLengthValidator(MAX_SEARCH_CHARS), max_search_words]


def search_text_errors(value: str) -> list[str]:
    """The messages of every bound ``value`` breaks (none when it is fine)."""
    errors: list[str] = []
    for validator in SEARCH_TEXT_VALIDATORS:
        try:
            validator(value)
        except ValidationError as exc:
            errors.extend(exc.messages)
    return errors
