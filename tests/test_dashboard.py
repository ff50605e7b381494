"""The home page ("dashboard"): KPI tiles, your pilots, next playbook steps, policies to acknowledge,\nrecent wins, per role."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import Role
from metrics.models import Assist, Hire, Win
from programs import services
from programs.models import Pilot, PolicyAcknowledgement
from tests import home_ledger
from tests.accounts.factories import UserFactory


def dashboard(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def approved_policy_b(pilot_b, hr_lead):
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Team life.", may_not_share="Prices.")
    return services.policy_approve(actor=hr_lead, policy=draft)


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_hr_lead_without_pilots_is_invited_to_create_one(client_for, db):
    hr = UserFactory(role=Role.HR_LEAD)
    body = dashboard(client_for(hr))
    assert "Create your first pilot" in body
    assert reverse("programs:pilot_create") in body


def test_contributor_without_pilot_is_told_to_ask_hr(client_for, outsider, pilot_a):
    body = dashboard(client_for(outsider))
    assert "Ask your HR lead to add you to a pilot" in body
    assert pilot_a.name not in body


def test_manager_without_managed_pilots_sees_the_manager_empty_state(client_for, pilot_a):
    lonely_manager = UserFactory(role=Role.MANAGER)
    body = dashboard(client_for(lonely_manager))
    assert "No pilots for your organizations yet" in body
    assert pilot_a.name not in body


def test_contributor_sees_own_pilot_with_progress_and_next_steps(client_for, contributor_a, pilot_a, pilot_b, hr_lead):
    step = pilot_a.steps.select_related("step").order_by("step__kind", "step__order").first()
    services.pilot_step_update(
        actor=hr_lead, pilot_step=step, owner=contributor_a, due_date=dt.date(2025, 1, 15), done=False
    )
    body = dashboard(client_for(contributor_a))
    assert pilot_a.name in body and pilot_b.name not in body
    assert f"0/{pilot_a.steps.count()} steps" in body
    assert "Next playbook steps" in body
    assert f"#step-{step.pk}" in body and step.step.title in body
    assert "yours" in body


def test_manager_sees_managed_pilot(client_for, manager, pilot_a, pilot_b):
    body = dashboard(client_for(manager))
    assert pilot_a.name in body and pilot_b.name not in body


def test_closed_pilots_leave_the_dashboard(client_for, contributor_a, pilot_a):
    Pilot.objects.filter(pk=pilot_a.pk).update(status=Pilot.Status.CLOSED)
    assert pilot_a.name not in dashboard(client_for(contributor_a))


def test_policy_reminder_links_to_the_policy_and_goes_away_once_accepted(client_for, contributor_b, approved_policy_b):
    client = client_for(contributor_b)
    body = dashboard(client)
    assert "Policies to acknowledge" in body
    assert reverse("programs:policy_detail", args=[approved_policy_b.pk]) in body

    client.post(reverse("programs:policy_acknowledge", args=[approved_policy_b.pk]))
    assert PolicyAcknowledgement.objects.filter(user=contributor_b, policy=approved_policy_b).exists()
    assert "Policies to acknowledge" not in dashboard(client)


def test_a_new_policy_version_asks_again(client_for, hr_lead, contributor_b, pilot_b, approved_policy_b):
    services.policy_acknowledge(user=contributor_b, policy=approved_policy_b)
    draft = services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="Less.", may_not_share="More.")
    services.policy_approve(actor=hr_lead, policy=draft)
    body = dashboard(client_for(contributor_b))
    assert reverse("programs:policy_detail", args=[draft.pk]) in body


def test_other_pilots_policies_are_not_shown(client_for, contributor_a, approved_policy_b):
    assert "Policies to acknowledge" not in dashboard(client_for(contributor_a))


# --- the KPI tiles: who sees what, empty states, links (figures: tests/test_home_kpis.py) ---------

KPI_VALUE = re.compile(r'data-kpi="(?P<key>[a-z_]+)">.*?data-kpi-value>(?P<value>[^<]*)<', re.S)


@pytest.fixture
def frozen():
    with freeze_time(home_ledger.NOW):
        yield


@pytest.fixture
def ledger(hr_lead, pilot_a, sponsor_a):
    home_ledger.build(hr_lead, pilot_a, sponsor_a)


@pytest.fixture
def pilot_b_hire(hr_lead, pilot_b):
    """A Q4 2026 hire in pilot B (sponsor B): the manager of sponsor A must not count it."""
    return home_ledger.hire(hr_lead, pilot_b, dt.date(2026, 11, 2), cost_travel="100")


def kpis(body: str) -> dict[str, str]:
    return {m["key"]: m["value"] for m in KPI_VALUE.finditer(body)}


def tile_html(body: str, key: str) -> str:
    return body.split(f'data-kpi="{key}"')[1].split("</article>")[0]


def test_manager_home_leads_with_their_sponsors_figures_only(client_for, manager, ledger, pilot_b_hire, frozen):
    body = dashboard(client_for(manager))

    assert kpis(body) == {
        "roi": "205.67%",
        "savings": "17,999.99 EUR",
        "hires": "2",  # pilot B's hire is not theirs
        "cost_per_hire": "1,000.01 EUR",
        "meaningful_introductions": "1",
        "assist_points_received": "17",
    }
    assert "Q4 2026 so far" in body
    assert body.index('data-kpi="roi"') < body.index("Your pilots") < body.index("Recent wins")
    roi = tile_html(body, "roi")
    assert "+87.67 pp" in roi and "vs Q3 2026" in roi and "+74.3%" not in roi
    assert "No comparison with Q4 2025: no program cost then" in roi


def test_hr_lead_gets_the_whole_programs_tiles_above_the_work_queue(client_for, hr_lead, ledger, pilot_b_hire, frozen):
    body = dashboard(client_for(hr_lead))

    assert kpis(body)["hires"] == "3"
    assert body.index('data-kpi="hires"') < body.index("Your pilots")


def test_contributor_sees_their_pilots_figures_after_their_work_and_no_baseline_figure(
    client_for, contributor_a, ledger, pilot_b_hire, frozen
):
    body = dashboard(client_for(contributor_a))

    values = kpis(body)
    assert values["hires"] == "2" and values["cost_per_hire"] == "1,000.01 EUR"
    assert values["roi"] == values["savings"] == "—"
    assert "Not shown: this figure rests on a sponsor&#x27;s legacy cost baseline" in tile_html(body, "roi")
    assert "205.67%" not in body and "17,999.99" not in body and "10,000.00" not in body
    assert "Legacy cost per hire: not shown" in tile_html(body, "cost_per_hire")
    assert body.index("Your pilots") < body.index('data-kpi="hires"')


def test_outsider_and_a_manager_without_pilots_get_no_tiles(client_for, outsider, ledger, frozen):
    assert "data-kpi=" not in dashboard(client_for(outsider))
    lonely = UserFactory(role=Role.MANAGER)
    body = dashboard(client_for(lonely))
    assert "data-kpi=" not in body and "No pilots for your organizations yet" in body


def test_a_figure_priced_by_a_baseline_the_manager_may_not_see_is_withheld(
    client_for, manager, hr_lead, pilot_a, sponsor_b, frozen
):
    """An HR lead books a pilot A hire to sponsor B, whose baseline prices it: the manager of
    sponsor A sees the hire but not the savings or ROI read from sponsor B's baseline."""
    home_ledger.baseline(hr_lead, sponsor_b)
    home_ledger.hire(hr_lead, pilot_a, dt.date(2026, 11, 2), sponsor=sponsor_b, cost_travel="100")
    body = dashboard(client_for(manager))

    assert kpis(body)["hires"] == "1"
    assert kpis(body)["savings"] == "—" and "Not shown" in tile_html(body, "savings")
    assert "9,900.00" not in body


def test_empty_period_says_so_per_tile(client_for, manager, hr_lead, pilot_a, sponsor_a, frozen):
    home_ledger.baseline(hr_lead, sponsor_a)
    body = dashboard(client_for(manager))

    assert "Nothing is recorded yet this quarter" in body
    assert "No hires yet this quarter" in tile_html(body, "hires")
    assert "No hires yet this quarter" in tile_html(body, "cost_per_hire")
    assert "Undefined: no program cost recorded this quarter" in tile_html(body, "roi")
    assert "No introductions on behalf of alumni yet this quarter" in tile_html(body, "meaningful_introductions")
    assert kpis(body)["cost_per_hire"] == "—" and kpis(body)["hires"] == "0"
    assert "No comparison" not in tile_html(body, "cost_per_hire")  # no figure now: the empty text says why
    assert "Baseline missing" not in body


def test_a_missing_baseline_names_the_figures_and_who_adds_it(client_for, manager, hr_lead, pilot_a, frozen):
    home_ledger.hire(hr_lead, pilot_a, dt.date(2026, 11, 2), cost_travel="100")
    body = dashboard(client_for(manager))
    assert "Baseline missing" in body
    assert "Savings, the legacy cost per hire and ROI need a legacy cost baseline" in body
    assert "Engineering has none" in body and "ask yours to add it" in body
    assert reverse("metrics:baseline_create") not in body

    hr_body = dashboard(client_for(hr_lead))
    assert reverse("metrics:baseline_create") in hr_body


def test_the_period_switcher_and_a_period_it_does_not_know(client_for, manager, ledger, frozen):
    client = client_for(manager)
    body = client.get(reverse("dashboard"), {"period": "month"}).content.decode()
    assert "November 2026 so far" in body and kpis(body)["roi"] == "45.67%"
    assert 'href="?period=year"' in body

    response = client.get(reverse("dashboard"), {"period": "<script>x"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is no period “&lt;script&gt;x”: showing this quarter." in body
    assert "Q4 2026 so far" in body


def test_sponsor_filter_narrows_the_tiles_and_their_links(client_for, hr_lead, ledger, pilot_b_hire, sponsor_b, frozen):
    body = client_for(hr_lead).get(reverse("dashboard"), {"sponsor": sponsor_b.pk}).content.decode()

    assert kpis(body)["hires"] == "1"
    assert f"period=quarter&amp;start=2026-10-01&amp;sponsor={sponsor_b.pk}#card-roi" in body


@pytest.mark.parametrize("value", ["other", "999999", "abc"])
def test_a_manager_cannot_read_another_sponsors_tiles(
    client_for, manager, ledger, pilot_b_hire, sponsor_b, value, frozen
):
    sponsor = str(sponsor_b.pk) if value == "other" else value
    body = client_for(manager).get(reverse("dashboard"), {"sponsor": sponsor}).content.decode()

    # One notice for a sponsor that does not exist and one they may not see; their own figures stay.
    assert "That sponsor is not one whose figures you can see: showing all of yours." in body
    assert kpis(body)["hires"] == "2"
    assert sponsor_b.name not in body


def test_a_tile_links_to_the_report_slice_holding_the_same_figure(client_for, manager, ledger, frozen):
    client = client_for(manager)
    body = dashboard(client)
    link = re.search(r'class="kpi-tile__link" href="([^"]+)"', tile_html(body, "roi")).group(1).replace("&amp;", "&")
    assert link == reverse("metrics:index") + "?period=quarter&start=2026-10-01#card-roi"
    report = client.get(link.split("#")[0]).content.decode()
    card = report.split('id="card-roi"')[1]
    assert re.search(r'class="report-value">([^<]+)<', card).group(1) == "205.67%"


def test_sparkline_is_drawn_on_the_server_with_its_values_as_text(client_for, manager, ledger, frozen):
    tile = tile_html(dashboard(client_for(manager)), "hires")
    assert '<svg class="sparkline"' in tile and "<polyline" in tile
    assert 'aria-label="Hires per month, Dec 2025 to Nov 2026: Dec 2025: 0;' in tile


def test_a_manager_gets_no_link_to_a_persons_page(client_for, manager, hr_lead, ledger, frozen):
    """Managers may not open the people directory: the person a win is about is plain text."""
    win = (
        Win.objects.filter(pilot__sponsor__managers=manager, hire__isnull=False).select_related("hire__person").first()
    )
    person = win.hire.person
    body = dashboard(client_for(manager))
    assert str(person) in body
    assert "/people/" not in body
    assert client_for(manager).get(reverse("people:person_detail", args=[person.pk])).status_code in (403, 404)

    hr_body = dashboard(client_for(hr_lead))
    assert reverse("people:person_detail", args=[person.pk]) in hr_body


def test_the_home_page_runs_a_fixed_number_of_queries(client_for, manager, hr_lead, pilot_a, sponsor_a, frozen):
    """5 ledger rows or 50: the same number of queries."""
    home_ledger.baseline(hr_lead, sponsor_a)
    for day in range(1, 6):
        home_ledger.hire(hr_lead, pilot_a, dt.date(2026, 10, day), cost_travel="10")
    client = client_for(manager)
    with CaptureQueriesContext(connection) as few:
        dashboard(client)
    for day in range(6, 31):
        home_ledger.hire(hr_lead, pilot_a, dt.date(2026, 10, day), cost_travel="10")
        home_ledger.assist(hr_lead, pilot_a, dt.date(2026, 9, day), "introduction")
    assert Hire.objects.count() + Assist.objects.count() == 55
    with CaptureQueriesContext(connection) as many:
        dashboard(client)
    assert len(many) == len(few)
