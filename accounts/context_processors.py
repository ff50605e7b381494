"""The navigation shown in base.html: which sections a user is offered, and which one the current
page belongs to.

Which sections a role is offered is decided here, by role, because accounts owns the roles and
sits below the apps whose access functions answer the finer questions (DESIGN.md's layers); each
page still enforces its own access. The Settings section is offered to whoever may change program
costs, baselines and the assist scale — ``metrics.access.can_manage_costs``, HR leads (a test
holds the two together).

Which section a page belongs to goes by its URL name, not its path: the first section in
``SECTIONS`` with a matching pattern that the user is offered is highlighted. Logging pages
(introductions, assists, hires) belong to no section, so nothing is highlighted there; a user
not offered Settings (a manager reading baselines) finds those pages under Reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .models import Role

EVERYONE = frozenset({Role.HR_LEAD, Role.CONTRIBUTOR, Role.MANAGER})
WORKERS = frozenset({Role.HR_LEAD, Role.CONTRIBUTOR})
HR_LEADS = frozenset({Role.HR_LEAD})


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset[str]


# In the order shown. Stage sections appear once their apps have pages (their URL names reverse).
NAVIGATION: list[NavItem] = [
    NavItem("dashboard", "Dashboard", "dashboard", EVERYONE),
    NavItem("pilots", "Pilots", "programs:pilot_list", EVERYONE),
    NavItem("listening", "Listening", "listening:index", WORKERS),
    NavItem("recruiting", "Recruiting", "recruiting:index", EVERYONE),  # managers read its counts
    NavItem("alumni", "Alumni", "alumni:index", EVERYONE),  # managers read its counts
    NavItem("bizdev", "Business development", "bizdev:index", EVERYONE),  # managers read its figures
    NavItem("reports", "Reports", "metrics:index", EVERYONE),
    NavItem("people", "People", "people:person_list", WORKERS),
    NavItem("team", "Team", "accounts:user_list", HR_LEADS),
    NavItem("settings", "Settings", "metrics:baseline_list", HR_LEADS),
]

# Which section a page (its URL name, "namespace:name") belongs to: the first entry whose pattern
# matches and whose section the user is offered. A key of None: the page belongs to no section.
SECTIONS: list[tuple[str | None, tuple[str, ...]]] = [
    (None, ("metrics:introduction_create", "metrics:assist_create", "metrics:hire_create")),
    ("settings", ("metrics:baseline_*", "metrics:cost_*", "metrics:assist_type_*")),
    ("dashboard", ("dashboard",)),
    ("pilots", ("programs:*",)),
    ("listening", ("listening:*",)),
    ("recruiting", ("recruiting:*",)),
    ("alumni", ("alumni:*",)),
    ("bizdev", ("bizdev:*",)),
    ("reports", ("metrics:*",)),
    ("people", ("people:*",)),
    ("team", ("accounts:invitation_list", "accounts:invitation_re*", "accounts:user_*", "accounts:audit_log")),
]


def active_section(view_name: str, offered: set[str]) -> str | None:
    """The key of the section the page ``view_name`` belongs to for a user offered ``offered``."""
    for key, patterns in SECTIONS:
        if key is not None and key not in offered:
            continue
        if any(fnmatchcase(view_name, pattern) for pattern in patterns):
            return key
    return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    offered: list[tuple[NavItem, str]] = []
    for item in NAVIGATION:
        if user.role not in item.roles:
            continue
        try:
            offered.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    match = getattr(request, "resolver_match", None)
    current = active_section(match.view_name, {item.key for item, _url in offered}) if match else None
    return {
        "nav_items": [
            {"key": item.key, "label": item.label, "url": url, "active": item.key == current} for item, url in offered
        ]
    }
