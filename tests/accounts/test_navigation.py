"""The header's navigation: which sections each persona is offered, which one a page highlights
(Settings on baselines, costs and the assist scale; nothing on logging pages), the compact
header's menu button, and the metrics section navigation that goes with it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.context_processors import NAVIGATION, SECTIONS
from metrics.access import can_manage_costs

pytestmark = pytest.mark.django_db

PERSONAS = ["hr_lead", "contributor_a", "manager", "outsider"]


def nav(response) -> list[tuple[str, bool]]:
    return [(item["label"], item["active"]) for item in response.context["nav_items"]]


def active(response) -> list[str]:
    return [label for label, is_active in nav(response) if is_active]


@pytest.mark.parametrize(
    "url_name",
    [
        "metrics:baseline_list",
        "metrics:baseline_create",
        "metrics:cost_list",
        "metrics:cost_create",
        "metrics:assist_type_list",
        "metrics:assist_type_create",
    ],
)
def test_program_settings_pages_highlight_settings_for_an_hr_lead(client_for, hr_lead, url_name):
    response = client_for(hr_lead).get(reverse(url_name))

    assert response.status_code == 200
    assert active(response) == ["Settings"]


@pytest.mark.parametrize("url_name", ["metrics:introduction_create", "metrics:assist_create", "metrics:hire_create"])
def test_logging_pages_highlight_no_section(client_for, hr_lead, contributor_a, url_name):
    for user in (hr_lead, contributor_a):
        response = client_for(user).get(reverse(url_name))
        assert response.status_code == 200
        assert active(response) == []


@pytest.mark.parametrize(
    "url_name", ["metrics:index", "metrics:introduction_list", "metrics:assist_list", "metrics:hire_list"]
)
def test_reports_and_ledger_pages_highlight_reports(client_for, hr_lead, url_name):
    assert active(client_for(hr_lead).get(reverse(url_name))) == ["Reports"]


def test_a_manager_reads_baselines_and_costs_under_reports(client_for, manager):
    for url_name in ("metrics:baseline_list", "metrics:cost_list"):
        response = client_for(manager).get(reverse(url_name))
        assert "Settings" not in [label for label, _ in nav(response)]
        assert active(response) == ["Reports"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_settings_is_offered_exactly_to_who_may_change_costs_baselines_and_the_scale(request, client_for, persona):
    user = request.getfixturevalue(persona)
    offered = [label for label, _ in nav(client_for(user).get(reverse("accounts:profile")))]

    assert ("Settings" in offered) == can_manage_costs(user)


@pytest.mark.parametrize(
    "url_name,args,section",
    [
        ("dashboard", [], "Dashboard"),
        ("programs:pilot_list", [], "Pilots"),
        ("programs:sponsor_list", [], "Pilots"),
        ("accounts:invitation_list", [], "Team"),
        ("accounts:user_list", [], "Team"),
        ("accounts:audit_log", [], "Team"),
        ("people:person_list", [], "People"),
    ],
)
def test_each_area_highlights_its_own_section(client_for, hr_lead, url_name, args, section):
    assert active(client_for(hr_lead).get(reverse(url_name, args=args))) == [section]


def test_the_pilot_page_and_its_invite_form_highlight_pilots(client_for, hr_lead, pilot_a):
    for url_name in ("programs:pilot_detail", "programs:member_invite"):
        assert active(client_for(hr_lead).get(reverse(url_name, args=[pilot_a.pk]))) == ["Pilots"]


def test_the_profile_page_highlights_no_section(client_for, hr_lead):
    assert active(client_for(hr_lead).get(reverse("accounts:profile"))) == []


def test_every_section_names_a_navigation_item():
    keys = {item.key for item in NAVIGATION}
    assert {key for key, _patterns in SECTIONS if key is not None} <= keys


# --- The section navigation inside metrics ------------------------------------------------------


def test_an_hr_lead_gets_the_settings_section_nav_on_settings_pages_and_not_in_reports(client_for, hr_lead):
    client = client_for(hr_lead)
    costs = client.get(reverse("metrics:cost_list")).content.decode()
    report_nav = client.get(reverse("metrics:introduction_list")).content.decode()

    settings_nav = re.search(r'<nav aria-label="Settings".*?</nav>', costs, re.S).group(0)
    for name in ("metrics:baseline_list", "metrics:cost_list", "metrics:assist_type_list"):
        assert reverse(name) in settings_nav
    ledger_nav = re.search(r'<nav aria-label="Reports and ledger".*?</nav>', report_nav, re.S).group(0)
    assert reverse("metrics:baseline_list") not in ledger_nav
    assert reverse("metrics:cost_list") not in ledger_nav


def test_a_manager_finds_costs_and_baselines_in_the_reports_section_nav(client_for, manager):
    page = client_for(manager).get(reverse("metrics:baseline_list")).content.decode()

    ledger_nav = re.search(r'<nav aria-label="Reports and ledger".*?</nav>', page, re.S).group(0)
    assert reverse("metrics:baseline_list") in ledger_nav
    assert reverse("metrics:cost_list") in ledger_nav
    assert reverse("metrics:assist_type_list") not in ledger_nav
    assert 'aria-label="Settings"' not in page


# --- The compact header -------------------------------------------------------------------------


def test_the_header_has_a_menu_button_that_controls_the_menu_and_no_inline_script_or_style(client_for, hr_lead):
    page = client_for(hr_lead).get(reverse("dashboard")).content.decode()
    header = re.search(r"<header.*?</header>", page, re.S).group(0)

    button = re.search(r'<button type="button" class="menu-toggle"[^>]*>', header).group(0)
    assert 'aria-expanded="false"' in button
    assert 'aria-controls="site-menu"' in button
    assert " hidden" in button  # shown by app.js only: without JavaScript the menu shows below
    assert 'id="site-menu"' in header
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)


def test_the_main_action_stays_in_the_header_for_those_who_may_log(client_for, contributor_a, manager):
    header = re.search(r"<header.*?</header>", client_for(contributor_a).get("/").content.decode(), re.S).group(0)
    assert reverse("metrics:introduction_create") in header
    assert header.index("Log an introduction") < header.index("menu-toggle")  # outside the folded menu

    header = re.search(r"<header.*?</header>", client_for(manager).get("/").content.decode(), re.S).group(0)
    assert "Log an introduction" not in header


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "manager"])
def test_recruiting_is_offered_to_every_role_and_highlighted_on_the_stage_1_page(request, client_for, persona):
    # Managers read the Stage 1 page's counts for their sponsors (recruiting.access.figure_pilots).
    response = client_for(request.getfixturevalue(persona)).get(reverse("recruiting:index"))

    assert response.status_code == 200
    assert active(response) == ["Recruiting"]
