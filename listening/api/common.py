"""What the listening API's viewsets share: who reads and who writes, and the body of an action
that takes no input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from accounts.access import HasRole, IsHRLead
from accounts.api import AuthedRequest
from accounts.models import Role, User
from core.api import ReadViewSet

Readers = HasRole.of(Role.HR_LEAD, Role.CONTRIBUTOR)


def schema_only(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def request_user(view: Any) -> User:
    return cast(User, view.request.user)


class ReadersReadHRLeadsWrite(ReadViewSet):
    """HR leads and contributors read; only HR leads write (managers: 403 on everything)."""

    def get_permissions(self) -> Sequence[Any]:
        if self.action in ("list", "retrieve"):
            return [Readers()]
        return [IsHRLead()]


# An action that takes no parameters: the body may be left out or be a JSON object (ignored).
# Documented as an object so clients know to send JSON; malformed JSON is still a 400.
NO_INPUT = {"application/json": OpenApiTypes.OBJECT}


def no_input(request: AuthedRequest) -> None:
    if request.data and not isinstance(request.data, dict):
        raise serializers.ValidationError({"non_field_errors": ["Send an empty JSON object, or no body."]})
