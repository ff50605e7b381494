"""What every API view shares: the documented error body, the read-only viewset base, partial
updates completed from the instance, the id filter, and what an audited list keeps of its request.
The error format itself and the exception handler are in core.drf; the bounded ``?search=`` is in
core.filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request

from .web import as_pk

MAX_ID = 2**63 - 1  # PostgreSQL's bigint


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve; subclasses add write actions that call services."""

    lookup_value_converter = "int"


def merged(data: dict[str, Any], instance: Model, names: list[str]) -> dict[str, Any]:
    """The validated fields of a partial update, completed with the instance's current values."""
    return {name: data[name] if name in data else getattr(instance, name) for name in names}


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable: invalid, not_found, permission_denied, conflict…")
    message = serializers.CharField(help_text="Written for the user.")
    # The metaclass moves declared fields off the class, so this does not shadow Serializer.fields.
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="Per-field messages, when the error is about specific fields."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


_ERROR_TEXT = {
    400: "Invalid input, or a rule refused the change.",
    401: "Not signed in, or the token is invalid or revoked.",
    403: "Signed in, but not allowed to do this.",
    404: "Not found, or not visible to you.",
    409: "Conflicts with existing data.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error statuses an endpoint may answer (401 is always added)."""
    return {code: OpenApiResponse(ErrorSerializer, description=_ERROR_TEXT[code]) for code in sorted({401, *codes})}


class IdFilter(django_filters.NumberFilter):
    """A filter on a primary key: a whole number within the database's range, or a 400.

    A plain NumberFilter accepts 1e30 or 20-digit numbers, which SQLite cannot bind (500).
    """

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


# What an audit event keeps of a list request's query string: a hostile one must not bloat the log.
AUDIT_PARAMS, AUDIT_PARAM_CHARS = 20, 200


def listing_audit_data(request: Request, rows: int | None) -> dict[str, Any]:
    """The data of the one audit event a list of personal data records per request: the filters
    used (at most AUDIT_PARAMS parameters, names and values cut to AUDIT_PARAM_CHARS characters)
    and how many rows matched. The caller records it (accounts.services.audit_record) with its verb."""
    params = list(request.query_params)[:AUDIT_PARAMS]
    # NUL cannot be stored in PostgreSQL's JSON: dropped, as nothing a person types holds one.
    filters = {
        key.replace("\x00", "")[:AUDIT_PARAM_CHARS]: str(request.query_params.get(key, "")).replace("\x00", "")[
            :AUDIT_PARAM_CHARS
        ]
        for key in params
    }
    return {"filters": filters, "rows": rows}


class VisibleField(serializers.PrimaryKeyRelatedField):
    """An id among the rows ``visible(user)`` gives the requesting user. One that does not exist,
    one the user may not see and one that is not an id at all get the same message, so other
    pilots' ids stay unrevealed. ``model`` (or ``queryset``) is the whole table, for the schema;
    get_queryset narrows it per request (``visible`` None: any row of it, for a signed-in user)."""

    def __init__(
        self,
        *,
        visible: Callable[[Any], QuerySet[Any]] | None = None,
        message: str,
        model: type[Model] | None = None,
        **kwargs: Any,
    ) -> None:
        if model is not None:
            kwargs.setdefault("queryset", model._default_manager.all())
        kwargs.setdefault("error_messages", {"does_not_exist": message, "incorrect_type": message})
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return cast(QuerySet[Any], super().get_queryset()).none()
        if self.visible is None:
            return cast(QuerySet[Any], super().get_queryset())
        return self.visible(request.user)

    def to_internal_value(self, data: Any) -> Any:
        # "²", 5,000 digits, 1e30, true: not an id (int() or the database would fail on them).
        pk = as_pk(data) if not isinstance(data, bool) else None
        if pk is None or not 1 <= pk <= MAX_ID:
            self.fail("does_not_exist", pk_value=str(data)[:50])
        return super().to_internal_value(pk)
