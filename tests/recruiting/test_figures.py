"""Stage 1's figures in the ROI report (recruiting.figures), against a small dataset worked out by hand.

The period is March 2026; pilot A (stage 1) has two profiles: "Data engineers" (priority 1, opening
O1) and "Designers" (priority 2, opening O2). Moves are at noon UTC on the day given.

  C1  O1 conversation        added 3 Mar: found 3 Mar → engaged 5 Mar → applied 14 Mar
  C2  O1 employee referral   added 2 Mar: found 2 Mar → applied 4 Mar (skipped engaged) → video 10 Mar
                             → onsite 20 Mar → offer 25 Mar → hired 28 Mar (hire dated 28 Mar)
  C3  O1 job ad              added 6 Mar: found 6 Mar → engaged 10 Mar → withdrew 18 Mar (ended)
  C4  O1 other               added 10 Mar: found 10 Mar
  C5  O2 shared post         added 1 Mar: found 1 Mar → engaged 2 Mar → applied 9 Mar → rejected 19 Mar
  C6  O1 recruiter           added 20 Feb (before the period): found 20 Feb → engaged 3 Mar
                             → applied 20 Apr (after the period)
Pilot X (another sponsor, stage 1, out of the scope) has a priority-1 profile and a candidate added
in March who was hired in March, with a video interview, a referral and feedback: all left out.

Leads (added in March): C1-C5 = 5. Furthest path step: C1 applied, C2 hired, C3 engaged (ended,
counts by the furthest step it reached), C4 found, C5 applied.
Quality leads (priority-1 profile, engaged or later): C1, C2 (skipped engaged, passed it), C3 = 3;
C4 never engaged; C5's profile is priority 2.
Per profile: Data engineers 4 leads (3 quality); Designers 1 lead (no quality leads).
Reached, among C1-C5: found 5, engaged 4, applied 3, video 1, onsite 1, offer 1, hired 1. Conversion:
found → engaged 4/5 = 80 %; engaged → applied 3/4 = 75 %; applied → video 1/3 = 33.33… %;
video → onsite, onsite → offer, offer → hired 1/1 = 100 %.
Days in each step, over the moves that left it in March (the day of leaving - the day of entering):
  found: C1 2, C2 2, C3 4, C5 1, C6 11 (20 Feb → 3 Mar) → sorted 1, 2, 2, 4, 11 → median 2
  engaged: C1 9, C3 8, C5 7 → median 8 (C6 left "engaged" on 20 Apr: outside the period)
  applied: C2 6, C5 10 (rejected) → (6 + 10) / 2 = 8;  video: C2 10;  onsite: C2 5;  offer: C2 3
Hires: C2 through an employee referral = 1; every other source 0.
Travel avoided: C2's interview 350.00 (advanced) + C1's 200.50 (pending) = 550.50 over 2 interviews;
C3's 400 was cancelled, C5's did not replace a trip, C6's (5 Apr) is after the period.
Referrals made in March: of C2 (hired, thanked) and C4 = 2, 1 hired; C6's (20 Feb) is before.
Feedback in March: used + thanked, not used + thanked, pending = 3 given, 1 used; one given in
April is after the period. Thanked: 1 referral + 2 feedback = 3 of 5.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from metrics import services as ledger
from metrics.registry import ReportScope, providers_for
from programs.measures import Slice, offered_measures, read_measures
from recruiting.figures import recruiting_figures
from recruiting.models import Candidate, CandidateMove, OpeningFeedback, Referral, VideoInterview
from tests.accounts.factories import UserFactory
from tests.programs.factories import MembershipFactory, PilotFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory, ProfileFactory

D = Decimal
S = Candidate.Step
MARCH = ReportScope(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), pilot_ids=[], stages=(1,))
NOW = dt.datetime(2026, 4, 30, 12, 0, tzinfo=dt.UTC)


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 12, 0, tzinfo=dt.UTC)


def candidate(opening, source, added, path):
    """A candidate added on ``added`` with a dated move for each (step, when) of ``path``."""
    c = CandidateFactory(opening=opening, source=source, created_at=added, step=path[-1][0])
    previous = ""
    for step, when in path:
        CandidateMove.objects.create(candidate=c, from_step=previous, to_step=step, at=when)
        previous = step
    return c


def hire(hr_lead, c, hired: dt.date):
    c.hire = ledger.hire_record(
        actor=hr_lead,
        pilot=c.opening.pilot,
        person=c.person,
        opening_title=c.opening.title,
        source="employee_referral",
        first_contact_date=hired - dt.timedelta(days=20),
        date=hired,
        now=NOW,
    )
    c.save(update_fields=["hire"])


def interview(c, when, *, trip=True, cost="0", outcome=VideoInterview.Outcome.PENDING):
    return VideoInterview.objects.create(
        candidate=c, scheduled_at=when, replaced_trip=trip, travel_avoided=D(cost), outcome=outcome
    )


@pytest.fixture
def march(hr_lead, pilot_a, contributor_a):
    """The dataset of the module docstring; returns pilot X (outside the scope)."""
    top = ProfileFactory(pilot=pilot_a, name="Data engineers", priority=1)
    second = ProfileFactory(pilot=pilot_a, name="Designers", priority=2)
    o1, o2 = OpeningFactory(pilot=pilot_a, profile=top), OpeningFactory(pilot=pilot_a, profile=second)
    src = Candidate.Source
    c1 = candidate(o1, src.CONVERSATION, at(3, 3), [(S.FOUND, at(3, 3)), (S.ENGAGED, at(3, 5)), (S.APPLIED, at(3, 14))])
    c2 = candidate(
        o1,
        src.EMPLOYEE_REFERRAL,
        at(3, 2),
        [
            (S.FOUND, at(3, 2)),
            (S.APPLIED, at(3, 4)),
            (S.VIDEO_INTERVIEW, at(3, 10)),
            (S.ONSITE, at(3, 20)),
            (S.OFFER, at(3, 25)),
            (S.HIRED, at(3, 28)),
        ],
    )
    c3 = candidate(o1, src.JOB_AD, at(3, 6), [(S.FOUND, at(3, 6)), (S.ENGAGED, at(3, 10)), (S.WITHDREW, at(3, 18))])
    c4 = candidate(o1, src.OTHER, at(3, 10), [(S.FOUND, at(3, 10))])
    c5 = candidate(
        o2,
        src.SHARED_POST,
        at(3, 1),
        [(S.FOUND, at(3, 1)), (S.ENGAGED, at(3, 2)), (S.APPLIED, at(3, 9)), (S.REJECTED, at(3, 19))],
    )
    c6 = candidate(o1, src.RECRUITER, at(2, 20), [(S.FOUND, at(2, 20)), (S.ENGAGED, at(3, 3)), (S.APPLIED, at(4, 20))])
    hire(hr_lead, c2, dt.date(2026, 3, 28))

    interview(c2, at(3, 10), cost="350.00", outcome=VideoInterview.Outcome.ADVANCE)
    interview(c1, at(3, 15), cost="200.50")
    interview(c3, at(3, 12), cost="400", outcome=VideoInterview.Outcome.CANCELLED)
    interview(c5, at(3, 11), trip=False)
    interview(c6, at(4, 5), cost="300")

    Referral.objects.create(candidate=c2, referrer=contributor_a, why="Great", created_at=at(3, 2), thanked_at=at(3, 3))
    Referral.objects.create(candidate=c4, referrer=contributor_a, why="Good", created_at=at(3, 10))
    Referral.objects.create(candidate=c6, referrer=contributor_a, why="Fine", created_at=at(2, 20))
    fb = OpeningFeedback.Status
    for status, when, thanked in (
        (fb.USED, at(3, 5), at(3, 6)),
        (fb.NOT_USED, at(3, 6), at(3, 7)),
        (fb.PENDING, at(3, 7), None),
        (fb.USED, at(4, 2), at(4, 3)),
    ):
        OpeningFeedback.objects.create(
            opening=o1, author=contributor_a, comment="Say remote", status=status, created_at=when, thanked_at=thanked
        )

    pilot_x = PilotFactory(name="Consultants hiring", stage=1)
    ox = OpeningFactory(pilot=pilot_x, profile=ProfileFactory(pilot=pilot_x, name="Consultants", priority=1))
    x = candidate(ox, src.EMPLOYEE_REFERRAL, at(3, 4), [(S.FOUND, at(3, 4)), (S.ENGAGED, at(3, 6))])
    hire(hr_lead, x, dt.date(2026, 3, 20))
    interview(x, at(3, 8), cost="999")
    Referral.objects.create(candidate=x, referrer=hr_lead, why="X", created_at=at(3, 4), thanked_at=at(3, 5))
    OpeningFeedback.objects.create(opening=ox, author=hr_lead, comment="X", status=fb.USED, created_at=at(3, 4))
    return pilot_x


def figures(pilot_ids, start=MARCH.start, end=MARCH.end):
    scope = ReportScope(start=start, end=end, pilot_ids=list(pilot_ids), stages=(1,))
    return {f.key: f for f in recruiting_figures(scope)}


def test_leads_and_quality_leads_match_the_hand_computation(march, pilot_a):
    f = figures([pilot_a.pk])

    assert (f["recruiting.leads"].value, f["recruiting.leads"].cases) == (5, 5)
    assert f["recruiting.quality_leads"].value == 3
    assert "priority 1" in f["recruiting.quality_leads"].formula
    assert "= 3 of 5 leads" in f["recruiting.quality_leads"].formula
    profiles = {fig.label: fig for key, fig in f.items() if key.startswith("recruiting.leads.profile.")}
    assert list(profiles) == ["Leads — Data engineers", "Leads — Designers"]  # by priority
    assert profiles["Leads — Data engineers"].value == 4
    assert "of whom 3 quality" in profiles["Leads — Data engineers"].formula
    assert profiles["Leads — Designers"].value == 1
    assert "no quality leads: priority 2 is not top-ranked" in profiles["Leads — Designers"].formula


def test_conversion_per_step_matches_the_hand_computation(march, pilot_a):
    f = figures([pilot_a.pk])

    conversion = {
        key.removeprefix("recruiting.conversion."): (fig.value, fig.cases)
        for key, fig in f.items()
        if "conversion" in key
    }
    assert conversion == {
        "found": (D(80), 5),
        "engaged": (D(75), 4),
        "applied": (D(100) / D(3), 3),
        "video_interview": (D(100), 1),
        "onsite": (D(100), 1),
        "offer": (D(100), 1),
    }
    assert f["recruiting.conversion.found"].unit == "%"
    assert "= 4 / 5 x 100" in f["recruiting.conversion.found"].formula
    assert f["recruiting.conversion.found"].label == "Conversion Found → Engaged"


def test_time_in_each_step_is_the_report_median_of_the_moves_that_left_it(march, pilot_a):
    f = figures([pilot_a.pk])

    days = {
        key.removeprefix("recruiting.days_in."): (fig.value, fig.cases) for key, fig in f.items() if "days_in" in key
    }
    assert days == {
        "found": (D(2), 5),
        "engaged": (D(8), 3),
        "applied": (D(8), 2),
        "video_interview": (D(10), 1),
        "onsite": (D(5), 1),
        "offer": (D(3), 1),
    }
    assert "1, 2, 2, 4, 11 → 2" in f["recruiting.days_in.found"].formula
    assert "6, 10 → (6 + 10) / 2" in f["recruiting.days_in.applied"].formula
    assert f["recruiting.days_in.found"].unit == "days"


def test_hires_travel_referrals_and_feedback_match_the_hand_computation(march, pilot_a, settings):
    f = figures([pilot_a.pk])

    hires = {key.removeprefix("recruiting.hires."): fig.value for key, fig in f.items() if ".hires." in key}
    assert hires == {s.value: (1 if s == Candidate.Source.EMPLOYEE_REFERRAL else 0) for s in Candidate.Source}

    travel = f["recruiting.travel_avoided"]
    assert (travel.value, travel.cases, travel.unit) == (D("550.50"), 2, settings.PROGRAM_CURRENCY)
    assert travel.attributed_value is None
    assert "Not added to value attributed" in travel.formula
    assert "already contains the travel it did not spend" in travel.formula

    values = {k: (f[k].value, f[k].cases) for k in (
        "recruiting.referrals", "recruiting.referrals_hired", "recruiting.feedback_given",
        "recruiting.feedback_used", "recruiting.thanked",
    )}  # fmt: skip
    assert values == {
        "recruiting.referrals": (2, 2),
        "recruiting.referrals_hired": (1, 2),
        "recruiting.feedback_given": (3, 3),
        "recruiting.feedback_used": (1, 3),
        "recruiting.thanked": (3, 5),
    }
    assert "= 1 + 2 = 3" in f["recruiting.thanked"].formula


def test_values_are_exact_numbers_never_strings(march, pilot_a):
    for fig in figures([pilot_a.pk]).values():
        assert fig.value is None or isinstance(fig.value, int | Decimal), fig.key
        assert fig.formula and fig.cases is not None, fig.key


def test_a_pilot_outside_the_scope_is_left_out_and_counts_once_in(march, pilot_a):
    pilot_x = march
    f = figures([pilot_a.pk])
    assert not any("Consultants" in fig.label for fig in f.values())

    both = figures([pilot_a.pk, pilot_x.pk])
    assert both["recruiting.leads"].value == 6 and both["recruiting.quality_leads"].value == 4
    assert both["recruiting.travel_avoided"].value == D("1549.50")
    assert both["recruiting.hires.employee_referral"].value == 2
    assert (both["recruiting.referrals"].value, both["recruiting.feedback_used"].value) == (3, 2)


def test_an_empty_period_has_no_conversion_and_no_median_and_says_why(march, pilot_a):
    f = figures([pilot_a.pk], start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31))

    assert f["recruiting.leads"].value == 0
    assert f["recruiting.conversion.found"].value is None and f["recruiting.conversion.found"].cases == 0
    assert "no candidates reached “Found”" in f["recruiting.conversion.found"].formula
    assert f["recruiting.days_in.found"].value is None
    assert f["recruiting.travel_avoided"].value == D("0.00")
    # Profiles keep their figure (a goal tracks it by its key) with no leads.
    assert f[f"recruiting.leads.profile.{pilot_a.candidate_profiles.get(name='Designers').pk}"].value == 0


def test_a_reader_without_pilots_gets_empty_figures_not_an_error(march):
    f = figures([])

    assert f["recruiting.leads"].value == 0 and f["recruiting.days_in.found"].value is None


def test_the_provider_is_registered_for_stage_1():
    assert ("recruiting", recruiting_figures) in providers_for(1)


def _count_queries(scope: ReportScope) -> int:
    with CaptureQueriesContext(connection) as ctx:
        recruiting_figures(scope)
    return len(ctx.captured_queries)


def _grow(opening, n: int) -> None:
    for i in range(n):
        c = candidate(opening, Candidate.Source.OTHER, at(3, 1 + i % 28), [(S.FOUND, at(3, 1 + i % 28))])
        CandidateMove.objects.create(candidate=c, from_step=S.FOUND, to_step=S.ENGAGED, at=at(3, 29))
        interview(c, at(3, 29), cost="10")
        Referral.objects.create(candidate=c, referrer=None, why="x", created_at=at(3, 29))


def test_the_query_count_is_the_same_for_3_and_30_candidates(pilot_a):
    opening = OpeningFactory(pilot=pilot_a)
    scope = ReportScope(start=MARCH.start, end=MARCH.end, pilot_ids=[pilot_a.pk], stages=(1,))
    _grow(opening, 3)
    small = _count_queries(scope)
    _grow(opening, 27)
    assert _count_queries(scope) == small == 7
    f = figures([pilot_a.pk])
    assert (f["recruiting.leads"].value, f["recruiting.days_in.found"].cases, f["recruiting.referrals"].value) == (
        30,
        30,
        30,
    )


# --- through the report and the goals ---------------------------------------------------------------

REPORT = {"period": "month", "start": "2026-03-01", "stage": "1"}


def _stage_rows(response) -> dict[str, tuple]:
    rows = response.context["tables"]["stage_figures"].rows
    return {row.values[1]: tuple(row.values[2:]) for row in rows}


def test_the_report_shows_the_figures_with_formula_and_cases_to_an_hr_lead(march, client_for, hr_lead):
    response = client_for(hr_lead).get(reverse("metrics:index"), REPORT)

    assert response.status_code == 200
    rows = _stage_rows(response)
    value, unit, formula, cases = rows["Leads"]
    assert (value, unit, cases) == (6, "candidates", 6)  # pilot A's 5 and pilot X's 1
    assert "count of candidates added between 2026-03-01 and 2026-03-31" in formula
    assert "Leads — Consultants" in rows and "Leads — Data engineers" in rows
    html = response.content.decode()
    assert "Travel avoided by video interviews" in html and "Not added to value attributed" in html


def test_the_report_leaves_other_pilots_figures_out_for_a_contributor(march, client_for, contributor_a):
    rows = _stage_rows(client_for(contributor_a).get(reverse("metrics:index"), REPORT))

    assert rows["Leads"][0] == 5
    assert "Leads — Data engineers" in rows
    assert "Leads — Consultants" not in rows


def test_a_goal_can_track_a_stage_1_figure_by_its_key(march, hr_lead, pilot_a):
    s = Slice(pilot_ids=(pilot_a.pk,), stage=1, start=MARCH.start, end=MARCH.end, viewer=hr_lead)

    offered = {m.key: m for m in offered_measures(s)}
    assert offered["recruiting.quality_leads"].label == "Quality leads"
    assert offered["recruiting.conversion.found"].unit == "%"
    readings = read_measures(s, {"recruiting.quality_leads", "recruiting.days_in.applied"})
    assert readings["recruiting.quality_leads"].value == 3
    assert readings["recruiting.days_in.applied"].value == D(8)


def test_a_contributor_in_another_pilot_sees_only_that_pilots_figures(march, client_for):
    pilot_x = march
    user = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_x, user=user)
    rows = _stage_rows(client_for(user).get(reverse("metrics:index"), REPORT))
    assert rows["Leads"][0] == 1
    assert "Leads — Data engineers" not in rows
