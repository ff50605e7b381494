"""Query-string filters for the listening API lists: searches, runs and the conversations inbox.

Bad values are a 400 naming the filter (django-filter validates each one), never a 500. The
lists' ``?search=`` is the API's default search backend (core.filters.BoundedSearchFilter).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from accounts.models import User
from core.api import IdFilter

from .access import visible_searches
from .models import Conversation, ConversationMatch, Purpose, Search, SearchRun
from .validators import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, max_search_words

MSG_VENUE = "Give a venue id, or 'none' for conversations without a venue."
MSG_ASSIGNEE = "Give a user id, 'me' or 'none'."
MAX_ID = 2**63 - 1


class _IdOrWordField(forms.CharField):
    """A primary key (a whole number within the database's range) or one of a few words."""

    def __init__(self, *args: Any, words: tuple[str, ...] = (), message: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)
        pattern = r"^(?:[0-9]{1,19}" + "".join(f"|{w}" for w in words) + r")\Z"
        self.validators.append(RegexValidator(pattern, message))
        self.message = message

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        # The regex above admits ASCII digits only, so int() is safe here.
        if value and value.isdigit() and not 1 <= int(value) <= MAX_ID:
            raise forms.ValidationError(self.message)
        return value


class IdOrWordFilter(filters.CharFilter):
    field_class = _IdOrWordField


class SearchFilter(filters.FilterSet):
    purpose = filters.ChoiceFilter(choices=Purpose.choices)
    pilot = IdFilter(field_name="pilot_id")
    source = IdFilter(field_name="sources", distinct=True, label="Searches reading this source")
    is_active = filters.BooleanFilter()

    class Meta:
        model = Search
        fields = ["purpose", "pilot", "source", "is_active"]


class RunFilter(filters.FilterSet):
    search = IdFilter(field_name="search_id")
    status = filters.ChoiceFilter(choices=SearchRun.Status.choices)

    class Meta:
        model = SearchRun
        fields = ["search", "status"]


class ConversationFilter(filters.FilterSet):
    """Dates bound when the post was published (or found, when it has no date); both inclusive."""

    search = IdFilter(method="filter_search", label="Conversations this search found")
    source = IdFilter(field_name="source_id")
    venue = IdOrWordFilter(
        method="filter_venue",
        label="A venue id, or 'none'",
        words=("none",),
        message=MSG_VENUE,
    )
    status = filters.ChoiceFilter(choices=Conversation.Status.choices)
    assignee = IdOrWordFilter(
        method="filter_assignee",
        label="A user id, 'me' or 'none' (unassigned)",
        words=("me", "none"),
        message=MSG_ASSIGNEE,
    )
    person = IdFilter(field_name="person_id", label="Conversations linked to this person")
    date_from = filters.DateFilter(field_name="when_at", lookup_expr="date__gte", label="On or after (YYYY-MM-DD)")
    date_to = filters.DateFilter(field_name="when_at", lookup_expr="date__lte", label="On or before (YYYY-MM-DD)")
    q = filters.CharFilter(
        method="filter_text",
        max_length=MAX_SEARCH_CHARS,
        validators=[max_search_words],
        label=f"Words in the title, text or author (at most {MAX_SEARCH_WORDS})",
    )

    class Meta:
        model = Conversation
        fields = ["search", "source", "venue", "status", "assignee", "person", "date_from", "date_to", "q"]

    def filter_search(self, queryset: QuerySet[Conversation], name: str, value: Any) -> QuerySet[Conversation]:
        if value is None:
            return queryset
        # Only a search the user may see narrows the list; any other id gives nothing.
        searches = visible_searches(self.request.user).filter(pk=value).values("pk")
        return queryset.filter(pk__in=ConversationMatch.objects.filter(search__in=searches).values("conversation_id"))

    def filter_venue(self, queryset: QuerySet[Conversation], name: str, value: str) -> QuerySet[Conversation]:
        if not value:
            return queryset
        return queryset.filter(venue__isnull=True) if value == "none" else queryset.filter(venue_id=int(value))

    def filter_assignee(self, queryset: QuerySet[Conversation], name: str, value: str) -> QuerySet[Conversation]:
        if not value:
            return queryset
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value == "me":
            user = self.request.user
            return queryset.filter(assignee=user) if isinstance(user, User) else queryset.none()
        return queryset.filter(assignee_id=int(value))

    def filter_text(self, queryset: QuerySet[Conversation], name: str, value: str) -> QuerySet[Conversation]:
        for word in (value or "").split():  # at most MAX_SEARCH_WORDS: the field refuses more
            queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(author__icontains=word))
        return queryset
