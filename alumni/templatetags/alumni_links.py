"""Which Stage 2 pages the current user may open, for the links at the top of the Stage 2 pages
(the answers of alumni.access and alumni.selectors, not role checks in the template)."""

from __future__ import annotations

from typing import Any

from django import template

from ..access import can_manage
from ..selectors.outplacement import can_see_outplacement

register = template.Library()


@register.simple_tag(takes_context=True)
def stage2_reach(context: dict[str, Any]) -> dict[str, bool]:
    user = context["request"].user
    return {"manage": can_manage(user), "outplacement": can_see_outplacement(user)}
