"""The answers the metrics section navigation needs, asked of metrics.access (never the role in
the template): ``{% metrics_nav_flags as nav %}`` then ``nav.baselines``, ``nav.scale``,
``nav.settings`` (costs, baselines and the scale form the Settings section for whoever may change
them; accounts.context_processors offers that section to the same users).

A tag rather than a view's context, because the navigation sits on every metrics page, the
report's included."""

from __future__ import annotations

from typing import Any

from django import template

from ..access import can_manage_costs, can_see_baselines

register = template.Library()


@register.simple_tag(takes_context=True)
def metrics_nav_flags(context: dict[str, Any]) -> dict[str, bool]:
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None:
        return {"baselines": False, "scale": False, "settings": False}
    manages = can_manage_costs(user)
    return {"baselines": can_see_baselines(user), "scale": manages, "settings": manages}
