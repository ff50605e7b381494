"""Reminds a pilot member on every page of sharing policies they still have to acknowledge."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .selectors import unacknowledged_policies


def policy_reminder(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "htmx", False):
        return {}
    return {"policies_to_acknowledge": list(unacknowledged_policies(user)[:5])}
