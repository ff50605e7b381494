"""``{% stage3_nav current %}``: the Stage 3 pages' navigation, the same on every Stage 3 page,
built for the reader (bizdev.navigation.stage_links: only pages they may open)."""

from __future__ import annotations

from typing import Any

from django import template

from ..access import can_manage, can_work
from ..navigation import stage_links

register = template.Library()


@register.inclusion_tag("bizdev/partials/stage3_nav.html", takes_context=True)
def stage3_nav(context: Any, current: str = "") -> dict[str, Any]:
    user = context["request"].user
    return {"links": stage_links(names=can_work(user), manage=can_manage(user)), "current": current}
