"""Templates get answers (can_manage, can_log, …) from views and context processors, computed by
the apps' access functions; they never compare roles themselves."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
OWNED = [
    TEMPLATES / "base.html",
    TEMPLATES / "dashboard.html",
    TEMPLATES / "confirm_delete.html",
    *sorted((TEMPLATES / "programs").rglob("*.html")),
    *sorted((TEMPLATES / "people").rglob("*.html")),
    *sorted((TEMPLATES / "partials").rglob("*.html")),
]
ROLE_CHECK = re.compile(
    r"\{%[^%]*(\buser\.(?:is_hr_lead|is_manager|is_contributor|role|memberships)|\bis_hr)\b[^%]*%\}"
)


@pytest.mark.parametrize("template", OWNED, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_checks_flags_not_roles(template):
    assert ROLE_CHECK.findall(template.read_text()) == []


@pytest.mark.django_db
def test_log_buttons_follow_can_log(client_for, contributor_a, outsider):
    assert "Log an introduction" in client_for(contributor_a).get("/pilots/").content.decode()
    assert "Log an introduction" not in client_for(outsider).get("/pilots/").content.decode()
