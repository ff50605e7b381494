"""The API's ``?search=``, bounded: every app's list searches through ``BoundedSearchFilter``
(REST_FRAMEWORK's DEFAULT_FILTER_BACKENDS names it), so no list turns a hostile search into a
query of thousands of clauses.

DRF's SearchFilter makes one clause per term (an OR over every search field) and ANDs the
clauses, so a text of thousands of words was a query of thousands of clauses: slow, or a 500 when
the database refused it. Here a text over ``max_chars`` characters or ``max_words`` terms is a 400
in the API's error format, on the parameter: ``{"error": {"code": "invalid", "fields": {"search":
[...]}}}``. Terms are counted as DRF splits them (spaces and commas; a quoted phrase is one term),
so "a,a,a,…" is as many terms as "a a a …".

Kept apart from core.api: DRF's generic views read DEFAULT_FILTER_BACKENDS when they load, and
core.api imports them; importing this module must not import core.api.
"""

from __future__ import annotations

from typing import Any, cast

from rest_framework.exceptions import ValidationError
from rest_framework.filters import SearchFilter, search_smart_split

MAX_SEARCH_CHARS = 200
MAX_SEARCH_WORDS = 10
MSG_TOO_LONG = "Use at most {limit} characters."
MSG_TOO_MANY_WORDS = "Use at most {limit} words."


def search_terms_count(text: str) -> int:
    """How many terms a search makes: whitespace- and comma-separated, a quoted phrase as one."""
    # The stubs type its argument as a list of terms; DRF passes (and splits) the query's text.
    return len(search_smart_split(cast(Any, text)))


def search_text_errors(text: str, *, max_chars: int = MAX_SEARCH_CHARS, max_words: int = MAX_SEARCH_WORDS) -> list[str]:
    """The messages of every bound ``text`` breaks (none when it is within them)."""
    errors = []
    if len(text) > max_chars:
        errors.append(MSG_TOO_LONG.format(limit=max_chars))
    # The length is checked first: splitting a text of megabytes is work a 400 need not do.
    if len(text) <= max_chars * 10 and search_terms_count(text) > max_words:
        errors.append(MSG_TOO_MANY_WORDS.format(limit=max_words))
    return errors


class BoundedSearchFilter(SearchFilter):
    """DRF's SearchFilter with bounds: a text over ``max_chars`` characters or ``max_words`` terms
    is a 400 on the parameter. An app with its own search (people: its folded index) subclasses
    it, sets its bounds or ``search_errors``, and reads the text with ``bounded_text``."""

    max_chars = MAX_SEARCH_CHARS
    max_words = MAX_SEARCH_WORDS

    def search_errors(self, text: str) -> list[str]:
        return search_text_errors(text, max_chars=self.max_chars, max_words=self.max_words)

    def bounded_text(self, request: Any, param: str | None = None) -> str:
        """The text of ``param`` (the search parameter by default), or a 400 naming it."""
        param = param or self.search_param
        text = str(request.query_params.get(param, ""))
        errors = self.search_errors(text)
        if errors:
            raise ValidationError({param: errors})
        return text

    def get_search_terms(self, request: Any) -> list[str]:
        self.bounded_text(request)
        return list(super().get_search_terms(request))

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        # A list without search fields ignores ``search`` (whatever its size), as DRF's does.
        if not self.get_search_fields(view, request):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if not getattr(view, "search_fields", None):
            return []
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"] = (
                f"Words to look for; each must match (at most {self.max_words} words and {self.max_chars} characters)."
            )
            parameter["schema"] = {**parameter.get("schema", {}), "maxLength": self.max_chars}
        return parameters
