"""What the recruiting API's viewsets share: who may come in, the input fields that take an id
(one answer for an id that does not exist and one the user may not see), the list audit, the
query-string filters, and the body of an action that takes no input.

Who may come in is ``recruiting.access.can_work``: HR leads, and contributors who belong to a
pilot. Managers (who see Stage 1's figures, never a candidate's personal data) and contributors
without a pilot get 403 on every recruiting endpoint, as the people directory does.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.services import audit_record
from core.api import ReadViewSet, listing_audit_data
from core.errors import ForbiddenError
from core.web import as_pk

from ..access import can_manage, can_work

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot use recruiting."
MSG_HR_ONLY = "Only an HR lead can do this."
MAX_ID = 2**63 - 1


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (recruiting.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def schema_only(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def user_of(view: Any) -> User:
    return cast(User, view.request.user)


def require_manager(user: User, message: str = MSG_HR_ONLY) -> None:
    """A 403 before any input is read, for the writes only HR leads make (the service says the same)."""
    if not can_manage(user):
        raise ForbiddenError(message)


def given(values: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """The validated values of a partial update that were sent (the service keeps the others)."""
    return {name: values[name] for name in names if name in values}


def audit_listing(request: Request, verb: str, response: Response, person_param: str = "") -> None:
    """One audit event for a list request that named people: who, which filters, how many rows.
    With ``person_param`` given in the query, the event is about that person."""
    if response.status_code != status.HTTP_200_OK:
        return
    data = response.data
    rows = data.get("count") if isinstance(data, dict) else len(data)
    person_id = as_pk(str(request.query_params.get(person_param, ""))) if person_param else None
    audit_record(actor=cast(User, request.user), verb=verb, data=listing_audit_data(request, rows), person_id=person_id)


class RecruitingViewSet(ReadViewSet):
    """List and retrieve what the user may see; subclasses add writes that call services."""

    permission_classes = [CanWork]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]


# An action that takes no parameters: the body may be left out or be a JSON object (ignored).
NO_INPUT = {"application/json": OpenApiTypes.OBJECT}


def no_input(request: Request) -> None:
    if request.data and not isinstance(request.data, dict):
        raise serializers.ValidationError({"non_field_errors": ["Send an empty JSON object, or no body."]})
