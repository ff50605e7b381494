"""`manage.py load_demo`, Stage 3: the business-development pilot has deals, requests both ways and
figures, through bizdev.services.

The demo's Stage 3 data, loaded on NOW (10 June 2026; the pilot started on 1 April), by hand:

    deal                          closed   cycle days   assisted (received assists)
    Tidewell: risk platform       won      80           yes (Ingrid, decision-maker introduction)
    Meridian: analytics review    won      70           yes (Sofia, prospect insight)
    Halvorsen: WMS upgrade        won      52           yes (Lena, introduction)
    Lumen: automation roadmap     lost     75           yes (Samuel, prospect insight)
    Brightwater: grid analytics   won      138          no
    Corvid: hosting migration     lost     95           no
    Orchard: ERP migration        open     —            yes (Ethan, Amara): no cycle, never in cycle time
    Tidewell: claims automation   open     —            no

    assisted:   won 52, 70, 80 → median 70 days; win rate 3 / (3 + 1) = 75%
    unassisted: won 138 → median 138 days;      win rate 1 / (1 + 1) = 50%
    6 closed deals, fewer than 5 in each group → "too few deals to conclude"
    baseline 120 days at 450 a day: saved (120 - 80) + (120 - 70) + (120 - 52) = 158 days
                                    value 158 x 450 = 71,100.00
    opportunities assisted in the pilot's period (assists dated 1 April - 10 June): the five above = 5
    alumni's asks: 4 (30, 21, 12 and 4 days old); met 2 (Sofia in 2 days, Lena in 5) → 50%, median 3.5 days
    Stage 3 assists given: 3 on the ledger + 2 on the met asks = 5;
    received: 6 on the ledger + Ethan's answer to our Orchard request = 7
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import AuditEvent, User
from alumni_program.demo import bizdev as demo
from alumni_program.demo import load_demo
from bizdev.models import (
    GuardrailCheck,
    HelpRequest,
    HelpResponse,
    Opportunity,
    ProspectCompetitor,
    ReferenceConversation,
)
from bizdev.services import requests as request_services
from bizdev.services.guardrails import guardrail_defaults_ensure
from core.errors import DomainError
from metrics.models import Assist, LegacyCostBaseline
from metrics.report import build_report
from metrics.services import assist_scale_ensure_defaults
from programs.models import Pilot, PilotGoal
from programs.progress import goals_progress

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 10, 12, tzinfo=dt.UTC)
TODAY = NOW.date()
STAGE3 = "Alumni-assisted deals"
YEAR = "?period=year"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo loaded once for the module, on NOW, in a transaction rolled back after the module's
    last test; each test runs in a savepoint inside it, so what a test changes is undone. (Loading
    the demo takes seconds: once, not per test.) The tests on a fresh database come first in this
    file, so they run before it is set up, also when xdist shares the module out."""
    with django_db_blocker.unblock(), transaction.atomic():
        # Module-scoped, so it runs before tests/conftest.py's per-test refill of the reference
        # data, possibly after a transactional test flushed this worker's database.
        assist_scale_ensure_defaults()
        guardrail_defaults_ensure()
        with freeze_time(NOW):
            load_demo(now=NOW)
        yield Pilot.objects.get(name=STAGE3)
        transaction.set_rollback(True)


def asker(request: HelpRequest) -> str:
    assert request.alumnus is not None
    return request.alumnus.person.full_name


def users() -> tuple[User, User]:
    return User.objects.get(email="hr@demo.example"), User.objects.get(email="raj@demo.example")


@freeze_time("2027-01-03 09:00:00+00:00")
def test_loaded_in_early_january_the_deals_and_asks_still_make_sense():
    """Recent dates stay in the current year (as the ledger's): nothing in the future, nothing
    closed before it opened, and this year already has Stage 3 figures."""
    now = dt.datetime(2027, 1, 3, 9, tzinfo=dt.UTC)
    load_demo(now=now)
    hr, _raj = users()

    for deal in Opportunity.objects.all():
        assert deal.opened_on <= now.date()
        assert deal.closed_on is None or deal.opened_on <= deal.closed_on <= now.date()
    for request in HelpRequest.objects.all():
        assert request.created_at <= now and (request.answered_at is None or request.answered_at >= request.created_at)
    report = build_report(user=hr, start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))
    figures = {f.key: f.value for f in report.stage_figures[3]}
    assert figures["bizdev.opportunities_assisted"] == 5 and figures["bizdev.cycle_days_saved"] == 158


def test_the_command_loads_the_whole_demo_twice_and_the_second_run_says_nothing_new():
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert "8 opportunities" in first.getvalue() and "4 alumni's requests" in first.getvalue()
    assert "nothing new was created" in second.getvalue()


def test_the_stage_3_pilot_is_active_since_two_months_with_deals_won_lost_and_open(loaded):
    pilot = loaded
    assert pilot.status == Pilot.Status.ACTIVE
    assert pilot.start_date == dt.date(2026, 4, 1)  # "started two months ago": its story is kept
    deals = {d.name: d for d in Opportunity.objects.filter(pilot=pilot)}
    assert {d.stage for d in deals.values()} == {"won", "lost", "negotiation", "proposal"}
    assert {name: d.cycle_days for name, d in deals.items()} == {
        "Tidewell: risk platform": 80,
        "Meridian: analytics review": 70,
        "Halvorsen: WMS upgrade": 52,
        "Lumen: automation roadmap": 75,
        "Brightwater: grid analytics": 138,
        "Corvid: hosting migration": 95,
        "Orchard: ERP migration": None,
        "Tidewell: claims automation": None,
    }
    assert all(d.owner.email == "raj@demo.example" for d in deals.values())
    # Created when they opened, moved to won or lost when they closed: both audited.
    verbs = set(AuditEvent.objects.filter(target_type="bizdev.opportunity").values_list("verb", flat=True))
    assert {"opportunity.created", "opportunity.moved"} <= verbs


def test_the_ledgers_stage_3_assists_naming_a_deal_now_point_at_it(loaded):
    deals = {d.name: str(d.pk) for d in Opportunity.objects.filter(pilot=loaded)}
    named = Assist.objects.filter(stage=3, reference_kind="opportunity")

    assert named.count() == 6
    for assist in named:
        assert assist.reference_id == deals[assist.reference_label], assist.note
    # Other stages' assists are left alone.
    assert not Assist.objects.exclude(stage=3).exclude(reference_id="").exists()


def test_competitors_references_and_the_baselines_value_of_a_sales_cycle_day(loaded):
    pairs = {(p.prospect.name, p.competitor.name) for p in ProspectCompetitor.objects.select_related("prospect")}
    assert pairs == {
        ("Orchard Retail Group", "Hartwell Stores"),
        ("Tidewell Insurance", "Nordkyst Forsikring"),
    }
    refs = ReferenceConversation.objects.filter(pilot=loaded)
    assert refs.count() == 3
    assert all(r.topic and r.value_proposition and r.client_kind and r.search_text for r in refs)
    assert refs.filter(search_text__contains="erp").exists()  # searchable, folded
    for baseline in LegacyCostBaseline.objects.all():
        assert (baseline.sales_cycle_days, baseline.sales_cycle_day_value) == (120, Decimal("450.00"))


def test_alumni_asks_are_met_or_still_open_and_the_help_given_is_on_the_ledger(loaded):
    asks = {r.title: r for r in HelpRequest.objects.filter(pilot=loaded, direction="alumni")}

    assert len(asks) == 4
    met = {title: r.answered_at - r.created_at for title, r in asks.items() if r.answered_at}
    assert met == {
        "Introduction to a health-data architect": dt.timedelta(days=2),
        "How are others handling warehouse robotics?": dt.timedelta(days=5),
    }
    by_link = [r for r in asks.values() if r.via_link]
    assert [(asker(r), r.asked_by, r.status) for r in by_link] == [("Samuel Osei", None, "open")]
    oldest_open = min((r for r in asks.values() if r.status == "open"), key=lambda r: r.created_at)
    assert (asker(oldest_open), (NOW - oldest_open.created_at).days) == ("Ingrid Nilsen", 12)
    assert HelpResponse.objects.filter(request__in=asks.values()).count() == 2
    given = Assist.objects.filter(reference_kind="help_request", direction="given")
    assert {(a.reference_label, a.person.full_name) for a in given} == {
        ("Introduction to a health-data architect", "Sofia Rossi"),
        ("How are others handling warehouse robotics?", "Lena Fischer"),
    }
    assert all(a.reference_id == str(asks[a.reference_label].pk) and a.pilot_id == loaded.pk for a in given)


def test_the_stage_3_page_leads_with_the_pilots_figures_and_the_oldest_open_asks(loaded, client_for):
    hr, raj = users()

    with freeze_time(NOW):
        page = client_for(hr).get(reverse("bizdev:index") + YEAR)
        own = client_for(raj).get(reverse("bizdev:index") + YEAR)

    assert page.status_code == 200
    counts = page.context["counts"]
    o = counts.opportunities
    assert (o.open, o.won, o.lost, o.assisted) == (2, 4, 2, 5)
    assert (counts.velocity.saved.days, counts.velocity.saved.value) == (158, Decimal("71100.00"))
    assert (counts.requests.asked, counts.requests.met, counts.requests.median_days) == (4, 2, Decimal("3.5"))
    assert (counts.assists.given, counts.assists.received) == (5, 7)
    # Raj's page: the alumni asks still open, oldest first ("make sure that their requests are met").
    assert own.status_code == 200
    assert [row.title for row, _url in own.context["open_rows"]] == [
        "Feedback on our risk dashboard prototype",
        "Looking for a robotics integration partner in Ghana",
    ]
    assert "Feedback on our risk dashboard prototype" in own.content.decode()


def test_the_velocity_page_compares_assisted_and_unassisted_deals_with_the_baseline(loaded, client_for):
    hr, _raj = users()

    with freeze_time(NOW):
        page = client_for(hr).get(reverse("bizdev:velocity") + YEAR)

    assert page.status_code == 200
    v = page.context["v"]
    assert v.deals == 6  # the two open deals never count
    assert (v.assisted.median_days, v.assisted.win_rate) == (Decimal(70), Decimal(75))
    assert (v.unassisted.median_days, v.unassisted.win_rate) == (Decimal(138), Decimal(50))
    assert v.baseline.value == Decimal(120)
    assert len(page.context["chart"].bars) >= 3
    assert "too few deals to conclude" in page.content.decode()


def test_the_roi_report_scores_stage_3_on_deals_and_attributes_the_days_saved(loaded):
    hr, _raj = users()

    report = build_report(user=hr, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))

    figures = {f.key: f for f in report.stage_figures[3]}
    assert figures["bizdev.opportunities_assisted"].value == 5
    saved = figures["bizdev.cycle_days_saved"]
    assert (saved.value, saved.attributed_value) == (158, Decimal("71100.00"))
    assert "450" in saved.formula
    assert figures["bizdev.win_rate.assisted"].value == 75
    assert figures["bizdev.alumni_requests_met"].value == 50
    assert figures["bizdev.assists_given"].value == 5


def test_the_stage_3_goals_are_measured_with_real_progress_not_yet_reached(loaded):
    hr, _raj = users()
    goals = list(PilotGoal.objects.filter(pilot=loaded, measure__startswith="bizdev."))

    progress = {p.goal.measure: p for p in goals_progress(loaded, goals, hr, today=TODAY)}

    assert set(progress) == {"bizdev.opportunities_assisted", "bizdev.cycle_days_saved"}
    assert progress["bizdev.opportunities_assisted"].actual == 5
    assert progress["bizdev.cycle_days_saved"].actual == Decimal("158.0")
    for p in progress.values():
        assert 0 < p.percent < 100, p.goal.name


def test_the_request_stopped_by_the_conflict_rule_carries_its_disclosure(loaded):
    _hr, raj = users()
    request = HelpRequest.objects.get(title=demo.CONFLICT_TITLE)

    assert request.opportunity is not None and request.opportunity.name == "Orchard: ERP migration"
    assert request.audience == "chosen"
    assert [c["alumnus_name"] for c in request.conflicts] == ["Amara Nwosu"]
    assert (request.disclosure, request.disclosed_by) == (demo.CONFLICT_DISCLOSURE, raj)
    assert AuditEvent.objects.filter(verb="help_request.conflict_disclosed", target_id=str(request.pk)).exists()
    # Without the disclosure the rule stops it: nothing is written.
    before = HelpRequest.objects.count()
    with pytest.raises(DomainError) as refused:
        request_services.help_request_create(
            actor=raj,
            pilot=loaded,
            direction="ours",
            kind="insight",
            title="Again",
            body=demo.CONFLICT_BODY,
            audience="chosen",
            chosen_alumni=list(request.chosen_alumni.all()),
            opportunity=request.opportunity,
        )
    assert refused.value.code == "conflict_undisclosed" and "Amara Nwosu" in refused.value.message
    assert HelpRequest.objects.count() == before


def test_the_guardrail_hit_was_confirmed_and_the_check_recorded(loaded):
    _hr, raj = users()
    request = HelpRequest.objects.get(title=demo.GUARDRAIL_TITLE)

    check = GuardrailCheck.objects.get(request=request)
    assert (check.confirmed, [h["term"] for h in check.hits], check.checked_by) == (True, ["pricing"], raj)
    assert request.guardrail_confirmed_by == raj


def test_a_second_run_days_later_creates_nothing_stage_3(loaded):
    tables = (Opportunity, HelpRequest, HelpResponse, ReferenceConversation, ProspectCompetitor, Assist, PilotGoal)
    before = {m.__name__: m.objects.count() for m in tables}

    later = NOW + dt.timedelta(days=3)
    with freeze_time(later):
        again = load_demo(now=later)

    assert {m.__name__: m.objects.count() for m in tables} == before
    assert not again.created_anything


def test_an_earlier_demos_untouched_free_text_goal_gets_its_measure_an_edited_one_stays(loaded):
    goals = PilotGoal.objects.filter(pilot=loaded)
    goals.filter(name="Opportunities assisted by alumni").update(measure="", target=6)  # as an earlier demo made it
    goals.filter(name="Sales-cycle days saved on assisted deals").update(measure="", target=30)  # edited since

    with freeze_time(NOW):
        result = load_demo(now=NOW)

    assert result.created["goals given a measure"] == 1
    assert goals.get(name="Opportunities assisted by alumni").measure == "bizdev.opportunities_assisted"
    edited = goals.get(name="Sales-cycle days saved on assisted deals")
    assert (edited.measure, edited.target) == ("", 30)


def test_an_earlier_demos_baselines_get_the_day_value_an_hr_leads_own_stays_without(loaded):
    baselines = LegacyCostBaseline.objects.order_by("pk")
    baselines.update(sales_cycle_day_value=None)  # made before baselines had the field
    own = baselines[0]
    LegacyCostBaseline.objects.filter(pk=own.pk).update(source_note="Our own estimate")

    with freeze_time(NOW):
        load_demo(now=NOW)

    assert LegacyCostBaseline.objects.get(pk=own.pk).sales_cycle_day_value is None
    assert set(baselines.exclude(pk=own.pk).values_list("sales_cycle_day_value", flat=True)) == {Decimal("450.00")}
