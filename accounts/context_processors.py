"""The navigation shown in base.html, by role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, url name, roles that see it). Stage sections appear once their apps have pages.
NAVIGATION: list[tuple[str, str, set[str]]] = [
    ("Dashboard", "dashboard", {"hr_lead", "contributor", "manager"}),
    ("Pilots", "programs:pilot_list", {"hr_lead", "contributor", "manager"}),
    ("Listening", "listening:index", {"hr_lead", "contributor"}),
    ("Recruiting", "recruiting:index", {"hr_lead", "contributor"}),
    ("Alumni", "alumni:index", {"hr_lead", "contributor"}),
    ("Business development", "bizdev:index", {"hr_lead", "contributor"}),
    ("Reports", "metrics:index", {"hr_lead", "contributor", "manager"}),
    ("People", "people:person_list", {"hr_lead", "contributor"}),
    ("Team", "accounts:user_list", {"hr_lead"}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, roles in NAVIGATION:
        if user.role not in roles:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return {"nav_items": items}
