"""The pilot page shows its results: measured goals with actual / target, a progress bar and their
pace, the headline figures and the latest rows booked to the pilot; the goal form chooses a
measure. Figures from the ledger worked out by hand in tests/programs/goal_data.py."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import AuditEvent
from programs import services
from programs.models import PilotGoal
from tests.programs.factories import SponsorFactory
from tests.programs.goal_data import NOW, add_goals, build_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with freeze_time(NOW):
        yield


@pytest.fixture
def goal_ledger(hr_lead, pilot_a):
    build_ledger(hr_lead, pilot_a)
    return pilot_a


def page(client, pilot):
    response = client.get(reverse("programs:pilot_detail", args=[pilot.pk]))
    assert response.status_code == 200
    return response.content.decode()


def goal_card(html: str, goal: PilotGoal) -> str:
    start = html.index(f'id="goal-{goal.pk}"')
    return html[start : html.index("</li>", start)]


def results_section(html: str) -> str:
    start = html.index('id="results"')
    return html[start : html.index("</section>", start)]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def test_the_pilot_page_shows_each_goals_progress_against_its_target(client_for, hr_lead, goal_ledger):
    goals = {g.name: g for g in add_goals(goal_ledger)}
    html = page(client_for(hr_lead), goal_ledger)

    social = goal_card(html, goals["Social hires"])
    assert '<progress max="100" value="33"' in social
    assert "Behind" in social and "2 of 6 hires" in social
    assert "Expected 3 hires by today, actual 2 hires" in text(social)
    assert "6 × 90/181 days = 3" in social  # how "expected" was found, on hover and in the text
    assert "Reached" in goal_card(html, goals["All hires"])
    assert "900.00 EUR, at most 1,000.00 EUR" in goal_card(html, goals["Cheap hires"])
    assert "Missed" in goal_card(html, goals["Ten hires by March"])
    spirit = text(goal_card(html, goals["Team spirit"]))
    assert "Not measured" in spirit and "<progress" not in goal_card(html, goals["Team spirit"])
    assert "Due 1 Jul 2026" in text(social)


def test_the_pilot_page_shows_its_headline_figures_report_link_and_latest_rows(client_for, hr_lead, goal_ledger):
    html = page(client_for(hr_lead), goal_ledger)
    results = text(results_section(html))

    assert "Results since 1 Jan 2026" in results
    assert "Hires 3" in results
    assert "Savings against the legacy process 21,300.00 EUR" in results
    assert f"/metrics/?period=custom&amp;start=2026-01-01&amp;end=2026-04-01&amp;pilot={goal_ledger.pk}" in html
    hire = goal_ledger.hires.order_by("-date").first()
    assert f'href="/metrics/hires/{hire.pk}/">Hired20 employee_referral hired as Engineer</a>' in html
    assert f'href="/metrics/hires/?pilot={goal_ledger.pk}">See all hires of this pilot</a>' in html
    assert f'href="/metrics/introductions/?pilot={goal_ledger.pk}">See all introductions of this pilot</a>' in html


def test_a_contributor_sees_their_pilots_goals_and_progress_but_no_baseline_money(
    client_for, contributor_a, goal_ledger
):
    goals = {g.name: g for g in add_goals(goal_ledger)}
    html = page(client_for(contributor_a), goal_ledger)

    assert "2 of 6 hires" in goal_card(html, goals["Social hires"])
    savings = text(goal_card(html, goals["Savings"]))
    assert "Progress not shown to you" in savings and "legacy cost baseline" in savings
    assert "21,300" not in html
    assert "Savings against the legacy process" not in results_section(html)
    assert "Open this pilot's report" in html
    assert reverse("programs:goal_edit", args=[goals["Savings"].pk]) not in html  # contributors do not edit goals


def test_the_sponsors_manager_sees_the_pilots_progress_and_savings(client_for, manager, goal_ledger):
    goals = {g.name: g for g in add_goals(goal_ledger, ("Savings",))}
    html = page(client_for(manager), goal_ledger)
    assert "21,300.00 EUR" in goal_card(html, goals["Savings"])
    assert "Reached" in goal_card(html, goals["Savings"])


def test_others_cannot_open_the_pilots_goals(client_for, contributor_b, manager, goal_ledger, pilot_b):
    add_goals(goal_ledger)
    url = reverse("programs:pilot_detail", args=[goal_ledger.pk])
    assert client_for(contributor_b).get(url).status_code == 404
    assert client_for(manager).get(reverse("programs:pilot_detail", args=[pilot_b.pk])).status_code == 404


def _count_queries(client, pilot) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, pilot)
    return len(captured)


def test_the_pilot_page_runs_as_many_queries_for_five_goals_as_for_one(
    client_for, hr_lead, goal_ledger, django_assert_max_num_queries
):
    client = client_for(hr_lead)
    add_goals(goal_ledger, ("Social hires",))
    page(client, goal_ledger)  # warm the session and the caches
    one = _count_queries(client, goal_ledger)
    add_goals(goal_ledger, ("All hires", "Cheap hires", "Meaningful intros", "Savings"))
    assert goal_ledger.goals.count() == 5
    with django_assert_max_num_queries(one):
        page(client, goal_ledger)


# --- the goal form -----------------------------------------------------------------------------


def test_the_goal_form_offers_the_measures_grouped_with_their_units(client_for, hr_lead, pilot_a):
    html = client_for(hr_lead).get(reverse("programs:goal_add", args=[pilot_a.pk])).content.decode()
    assert '<option value="" selected>Not measured (a free-text goal)</option>' in html
    assert '<optgroup label="Ledger · Hires">' in html
    assert '<option value="ledger.social_hires">Hires from social channels (hires)</option>' in html
    assert '<option value="ledger.cost_per_hire">Cost per hire (EUR)</option>' in html


def test_hr_adds_a_measured_goal_which_takes_its_measures_unit(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(
        reverse("programs:goal_add", args=[pilot_a.pk]),
        {"name": "Social hires", "measure": "ledger.social_hires", "target": "6", "unit": "bananas"},
    )
    assert response.status_code == 302
    goal = PilotGoal.objects.get(pilot=pilot_a)
    assert (goal.measure, goal.unit) == ("ledger.social_hires", "hires")
    event = AuditEvent.objects.get(verb="pilot.goal_added")
    assert event.data["measure"] == "ledger.social_hires"


def test_a_measure_that_does_not_exist_is_a_form_error_and_nothing_is_written(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(
        reverse("programs:goal_add", args=[pilot_a.pk]), {"name": "Leads", "measure": "recruiting.nope", "target": "6"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not pilot_a.goals.exists()


def test_the_service_refuses_a_measure_no_source_offers(hr_lead, pilot_a):
    with pytest.raises(services.ProgramError) as refused:
        services.goal_save(actor=hr_lead, pilot=pilot_a, name="Leads", target=6, measure="recruiting.nope")
    assert refused.value.fields == {"measure": [services.MSG_UNKNOWN_MEASURE]}
    assert not pilot_a.goals.exists()


def test_a_goal_whose_measure_has_gone_says_so_and_can_still_be_renamed(client_for, hr_lead, goal_ledger):
    goal = PilotGoal.objects.create(
        pilot=goal_ledger, name="Leads", measure="recruiting.retired_figure", target=10, unit="leads"
    )
    client = client_for(hr_lead)
    card = text(goal_card(page(client, goal_ledger), goal))
    assert "Measure no longer available (recruiting.retired_figure)" in card

    edit = client.get(reverse("programs:goal_edit", args=[goal.pk])).content.decode()
    assert (
        '<option value="recruiting.retired_figure" selected>recruiting.retired_figure (no longer available)</option>'
        in edit
    )
    response = client.post(
        reverse("programs:goal_edit", args=[goal.pk]),
        {"name": "Leads found", "measure": "recruiting.retired_figure", "target": "10", "unit": ""},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.name, goal.measure, goal.unit) == ("Leads found", "recruiting.retired_figure", "leads")


def test_scaling_a_pilot_keeps_its_goals_measures(hr_lead, pilot_a):
    services.goal_save(actor=hr_lead, pilot=pilot_a, name="Hires", target=5, measure="ledger.hires")
    new = services.pilot_scale(actor=hr_lead, pilot=pilot_a, sponsor=SponsorFactory(), name="Copy")
    assert list(new.goals.values_list("name", "measure", "unit")) == [("Hires", "ledger.hires", "hires")]
