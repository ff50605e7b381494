"""What every page needs to know from programs: the sharing policies the user still has to
acknowledge (a reminder on every page) and whether they may log work (the header's "Log an
introduction" / "Log an assist" buttons). Answers come from programs.access and selectors, so
base.html checks flags, never roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .access import can_log
from .selectors import unacknowledged_policies


def program_flags(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    flags: dict[str, Any] = {"can_log": can_log(user)}
    if not getattr(request, "htmx", False):
        flags["policies_to_acknowledge"] = list(unacknowledged_policies(user)[:5])
    return flags
