"""Goals measured by the ledger and by registered stage figures (metrics.measures through
programs.measures), checked against the small ledger worked out by hand in
tests/programs/goal_data.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from metrics.measures import HEADLINE, LEDGER
from metrics.registry import StageFigure, register_figures, unregister_figures
from programs.measures import Measure, Reading, Slice, offered_measures, read_measures
from programs.models import Pilot, PilotGoal
from programs.progress import State, Status, goal_progress, goals_progress, pilot_results_view
from tests.programs.goal_data import END, JULY, START, TODAY, add_goals, build_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal_ledger(hr_lead, pilot_a):
    build_ledger(hr_lead, pilot_a)
    return pilot_a


def _by_name(progress):
    return {p.goal.name: p for p in progress}


def test_goal_progress_against_the_ledger_worked_out_by_hand(hr_lead, goal_ledger):
    goals = add_goals(goal_ledger)
    found = _by_name(goals_progress(goal_ledger, goals, hr_lead, today=TODAY))

    social = found["Social hires"]
    assert (social.status, social.actual, social.expected) == (Status.BEHIND, Decimal(2), Decimal(3))
    assert social.figure_text == "2 of 6 hires"
    assert social.pace_text == "expected 3 hires by today, actual 2 hires"
    assert (social.pace.elapsed, social.pace.days) == (90, 181)
    assert "6 × 90/181 days = 3" in social.explanation
    assert "1 from social conversations + 1 from shared-content responses = 2 hires" in social.explanation
    assert social.percent == 33

    assert (found["All hires"].status, found["All hires"].actual, found["All hires"].percent) == (
        Status.REACHED,
        Decimal(3),
        100,
    )
    cheap = found["Cheap hires"]
    assert (cheap.status, cheap.actual, cheap.expected) == (Status.ON_TRACK, Decimal("900.00"), None)
    assert cheap.figure_text == "900.00 EUR, at most 1,000.00 EUR"
    assert "2,700.00 EUR actual cost of hires / 3 hires (3 cases)" in cheap.explanation

    # No due date: the pilot's end (31 Dec) closes the window. 10 x 90/364 = 2.47 shows as 2, and
    # the shown actual (2) is compared with the shown expected (2): on track.
    intros = found["Meaningful intros"]
    assert (intros.status, intros.actual, intros.expected) == (Status.ON_TRACK, Decimal(2), Decimal(2))
    assert (intros.pace.due, intros.pace.days) == (END, 364)

    savings = found["Savings"]
    assert (savings.status, savings.actual) == (Status.REACHED, Decimal("21300.00"))
    assert "24,000.00 EUR legacy − 2,700.00 EUR actual = 21,300.00 EUR" in savings.explanation

    assert (found["Ten hires by March"].status, found["Ten hires by March"].expected) == (Status.MISSED, None)
    assert (found["Team spirit"].state, found["Team spirit"].note) == (State.FREE, "Not measured")


def test_a_contributor_reads_their_pilots_progress_but_not_the_savings(contributor_a, goal_ledger):
    found = _by_name(goals_progress(goal_ledger, add_goals(goal_ledger), contributor_a, today=TODAY))

    assert found["Social hires"].status == Status.BEHIND
    assert found["Cheap hires"].actual == Decimal("900.00")
    savings = found["Savings"]
    assert (savings.state, savings.actual, savings.status) == (State.WITHHELD, None, "")
    assert "legacy cost baseline" in savings.note
    assert "21,300" not in savings.note + savings.explanation


def test_the_sponsors_manager_sees_the_savings(manager, goal_ledger):
    found = _by_name(goals_progress(goal_ledger, add_goals(goal_ledger, ("Savings",)), manager, today=TODAY))
    assert (found["Savings"].state, found["Savings"].actual) == (State.MEASURED, Decimal("21300.00"))


def test_the_headline_figures_and_latest_rows_of_the_pilot(hr_lead, contributor_a, goal_ledger):
    view = pilot_results_view(goal_ledger, [], hr_lead, today=TODAY)
    assert [(h.label, h.text) for h in view.headline] == [
        ("Hires", "3"),
        ("Meaningful introductions on behalf of alumni", "2"),
        ("Assists given and received", "0"),
        ("Savings against the legacy process", "21,300.00 EUR"),
        ("ROI", "—"),  # no program cost recorded: undefined
    ]
    assert view.report_url == f"/metrics/?period=custom&start=2026-01-01&end=2026-04-01&pilot={goal_ledger.pk}"
    hires, intros = view.recent
    assert [r.text for r in hires.rows] == [
        "Hired20 employee_referral hired as Engineer",
        "Hired5 shared_content hired as Engineer",
        "Hired10 social hired as Engineer",
    ]
    assert all(r.url and r.url.startswith("/metrics/hires/") for r in hires.rows)
    assert hires.see_all_url == f"/metrics/hires/?pilot={goal_ledger.pk}"
    assert intros.rows[0].text == "Alumna5 Intro introduced to Acme Robotics"
    assert intros.rows[1].text.endswith("· meaningful")

    contributor_view = pilot_results_view(goal_ledger, [], contributor_a, today=TODAY)
    assert [h.label for h in contributor_view.headline] == [
        "Hires",
        "Meaningful introductions on behalf of alumni",
        "Assists given and received",
    ]


def test_every_headline_key_is_a_ledger_measure():
    assert set(HEADLINE) <= {m.measure.key for m in LEDGER}


# --- stage figures ------------------------------------------------------------------------------


@pytest.fixture
def stage_figures():
    """A Stage 1 app registers two figures: leads found (a count) and the share of them that
    answered (a level). Both read 7 and 0.35 whatever the slice."""
    calls = []

    def provider(scope):
        calls.append(scope)
        return [
            StageFigure(key="recruiting.leads", label="Leads found", value=7, unit="leads", cases=7, formula="7 leads"),
            StageFigure(key="recruiting.reply_share", label="Leads who replied", value=Decimal("0.35"), unit="share"),
            StageFigure(key="recruiting.note", label="A note", value="not a number"),
        ]

    register_figures(stage=1, key="test-measures", provider=provider)
    yield calls
    unregister_figures(stage=1, key="test-measures")


def test_a_registered_stage_figure_is_offered_and_measured_by_its_key(hr_lead, pilot_a, stage_figures):
    pilot_a.start_date = START
    pilot_a.save(update_fields=["start_date"])
    s = Slice(pilot_ids=(pilot_a.pk,), stage=1, start=START, end=TODAY, viewer=hr_lead)
    offered = {m.key: m for m in offered_measures(s)}
    assert offered["recruiting.leads"] == Measure(
        "recruiting.leads", "Leads found", "leads", "Stage 1 · Recruiting figures", places=0, paced=True
    )
    assert offered["recruiting.reply_share"].unit == "%" and not offered["recruiting.reply_share"].paced
    assert "recruiting.note" not in offered  # not a number: nothing to measure
    assert "ledger.hires" in offered

    goals = [
        PilotGoal.objects.create(pilot=pilot_a, name="Leads", measure="recruiting.leads", target=10, due_date=JULY),
        PilotGoal.objects.create(pilot=pilot_a, name="Replies", measure="recruiting.reply_share", target=30),
    ]
    found = _by_name(goals_progress(pilot_a, goals, hr_lead, today=TODAY))
    assert (found["Leads"].figure_text, found["Leads"].status) == ("7 of 10 leads", Status.ON_TRACK)
    assert (found["Replies"].actual, found["Replies"].status) == (Decimal("35.00"), Status.ON_TRACK)
    # The report called the provider once for the pilot's own slice.
    assert [(c.start, c.end, list(c.pilot_ids)) for c in stage_figures][-1] == (START, TODAY, [pilot_a.pk])


def test_a_stage_figure_that_is_no_longer_registered_reads_no_longer_available(hr_lead, pilot_a, stage_figures):
    pilot_a.start_date = START
    pilot_a.save(update_fields=["start_date"])
    goal = PilotGoal.objects.create(pilot=pilot_a, name="Leads", measure="recruiting.leads", target=10)
    unregister_figures(stage=1, key="test-measures")
    (progress,) = goals_progress(pilot_a, [goal], hr_lead, today=TODAY)
    assert (progress.state, progress.note) == (State.GONE, "Measure no longer available (recruiting.leads)")


def test_reading_no_key_runs_no_query(hr_lead, pilot_a, django_assert_num_queries):
    s = Slice(pilot_ids=(pilot_a.pk,), stage=1, start=START, end=TODAY, viewer=hr_lead)
    with django_assert_num_queries(0):
        assert read_measures(s, set()) == {}


# --- the pace, case by case (no database) ---------------------------------------------------------

COUNT = Measure("x.count", "Things", "things", "Test")


def _progress(target, value, *, due=None, end=None, start=START, today=TODAY, measure=COUNT):
    goal = PilotGoal(name="G", measure=measure.key, target=Decimal(target), due_date=due)
    pilot = Pilot(start_date=start, end_date=end)
    reading = Reading(measure, None if value is None else Decimal(value))
    return goal_progress(goal, reading, pilot=pilot, start=start, today=today)


@pytest.mark.parametrize(
    ("target", "value", "due", "end", "status", "expected"),
    [
        ("10", "5", dt.date(2026, 5, 31), None, Status.BEHIND, Decimal(6)),  # 10 x 90/150 days = 6
        ("10", "6", dt.date(2026, 5, 31), None, Status.ON_TRACK, Decimal(6)),
        ("10", "2", None, None, Status.OPEN, None),  # no due date anywhere: no pace
        ("10", "2", None, dt.date(2026, 5, 31), Status.BEHIND, Decimal(6)),  # the pilot's end closes the window
        ("0", "0", dt.date(2026, 5, 31), None, Status.REACHED, None),
        ("10", None, dt.date(2026, 5, 31), None, Status.NO_CASES, None),
        ("10", "12", dt.date(2026, 3, 1), None, Status.REACHED, None),  # reached counts even after the due date
        ("10", "9", START, None, Status.MISSED, None),  # due on the start day, now past
    ],
)
def test_status_and_expected_value(target, value, due, end, status, expected):
    found = _progress(target, value, due=due, end=end)
    assert (found.status, found.expected) == (status, expected)


def test_a_pilot_starting_later_counts_nothing_yet():
    found = _progress("10", "0", start=dt.date(2026, 6, 1))
    assert found.state == State.NOT_STARTED
    assert found.note == "Counted from 1 Jun 2026, when the pilot starts."


def test_a_ceiling_that_is_exceeded_is_behind_and_its_bar_shows_how_close():
    cost = Measure("x.cost", "Cost", "EUR", "Test", places=2, paced=False, at_most=True)
    found = _progress("1000", "1250", measure=cost)
    assert (found.status, found.percent, found.figure_text) == (
        Status.BEHIND,
        80,
        "1,250.00 EUR, at most 1,000.00 EUR",
    )


def test_a_percentage_goal_puts_the_percent_sign_on_both_numbers():
    roi = Measure("ledger.roi", "ROI", "%", "Test", places=2, paced=False)
    assert _progress("1000", "30.95", measure=roi).figure_text == "30.95% of 1,000.00%"
    assert _progress("1000", None, measure=roi).figure_text == "— of 1,000.00%"
