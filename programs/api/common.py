"""What the programs API views share: the schema-build check, the requesting user, and the base
of the views under /pilots/{pilot_pk}/."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from rest_framework import viewsets

from accounts.models import User

from ..access import get_pilot_for_user
from ..models import Pilot


def fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def request_user(view: Any) -> User:
    """The requesting user; the access helpers treat an anonymous one as seeing nothing."""
    return cast(User, view.request.user)


class PilotChildViewSet(viewsets.GenericViewSet):
    """Views under /pilots/{pilot_pk}/: the pilot is looked up through the access helper."""

    filter_backends: Sequence[Any] = []

    def get_pilot(self, *, write: bool = False) -> Pilot:
        return get_pilot_for_user(request_user(self), self.kwargs["pilot_pk"], write=write)
