"""Stage 2's figures in the ROI report and as goal measures, on the dataset of test_stage_page
(its docstring computes every number by hand; period Q2 2026, pilot_b)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from alumni.figures import alumni_figures, goodwill_shift
from metrics.registry import ReportScope, providers_for
from programs.measures import Slice, offered_measures, read_measures
from tests.alumni.test_stage_page import stage2  # noqa: F401  (the dataset fixture)

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
PERIOD = "between 2026-04-01 and 2026-06-30"


@pytest.fixture
def figures(stage2, pilot_b, django_assert_max_num_queries):  # noqa: F811
    with django_assert_max_num_queries(9):
        produced = alumni_figures(ReportScope(start=START, end=END, pilot_ids=[pilot_b.pk], stages=(2,)))
    return {f.key: f for f in produced}


def test_stage_2_registers_its_provider():
    assert "alumni" in dict(providers_for(2))


def test_every_figure_has_its_stable_key_and_no_money(figures):
    assert list(figures) == [
        "alumni.reached",
        "alumni.introductions",
        "alumni.introductions.meaningful",
        "alumni.introductions.per_contributor",
        "alumni.referrals",
        "alumni.referral_hires",
        "alumni.events",
        "alumni.event_introductions",
        "alumni.survey_response_rate",
        "alumni.goodwill_shift",
        "alumni.assists_received",
    ]
    assert all(f.attributed_value is None for f in figures.values())


def test_values_and_cases(figures):
    got = {k: (f.value, f.cases, f.unit) for k, f in figures.items()}
    assert got == {
        "alumni.reached": (3, 3, "alumni"),
        "alumni.introductions": (3, 3, "introductions"),
        "alumni.introductions.meaningful": (2, 2, "introductions"),
        "alumni.introductions.per_contributor": (Decimal(1), 2, "per contributor"),
        "alumni.referrals": (2, 2, "candidates"),
        "alumni.referral_hires": (1, 2, "hires"),
        "alumni.events": (1, 1, "events"),
        "alumni.event_introductions": (1, 1, "introductions"),
        "alumni.survey_response_rate": (Decimal(50), 2, "%"),
        "alumni.goodwill_shift": (Decimal(1) / Decimal(3), 3, "points"),
        "alumni.assists_received": (1, 1, "assists"),
    }


def test_formulas_can_be_redone_by_hand(figures):
    f = {k: v.formula for k, v in figures.items()}
    assert f["alumni.reached"] == (
        "of the 4 alumni in the directory, those with an introduction on their behalf, an assist, a networking "
        f"event they recommended or a survey invite dated {PERIOD} = 3"
    )
    assert f["alumni.introductions"] == f"count of introductions on behalf of alumni dated {PERIOD} = 3"
    assert f["alumni.introductions.meaningful"] == (
        f"of the 3 introductions on behalf of alumni dated {PERIOD}, those confirmed meaningful = 2"
    )
    assert f["alumni.introductions.per_contributor"] == (
        f"meaningful introductions on behalf of alumni {PERIOD} / contributors who made at least one "
        "introduction on behalf of alumni in the period = 2 / 2"
    )
    assert f["alumni.referral_hires"].startswith(f"of the 2 candidates from alumni referrals added {PERIOD}")
    assert f["alumni.survey_response_rate"] == (
        f"survey invites answered / survey invites sent {PERIOD} x 100 = 1 / 2 x 100"
    )
    assert f["alumni.goodwill_shift"] == (
        "over the 3 alumni whose goodwill was known on 2026-03-31 and on 2026-06-30 (scores: Loves us +2, "
        "Positive +1, Neutral +0, Negative -1, Hostile -2): mean score at the end - mean score at the start "
        "= 1 / 3 - 0 / 3"
    )
    assert f["alumni.assists_received"] == f"count of assists received from alumni dated {PERIOD} = 1"


def test_undefined_ratios_are_none_with_a_reason(pilot_b):
    produced = {f.key: f for f in alumni_figures(ReportScope(start=START, end=END, pilot_ids=[pilot_b.pk]))}
    assert produced["alumni.introductions.per_contributor"].value is None
    assert produced["alumni.survey_response_rate"].formula == f"no survey invite sent {PERIOD}"
    assert produced["alumni.goodwill_shift"].value is None and produced["alumni.goodwill_shift"].cases == 0


def test_goodwill_shift_counts_only_known_levels_at_both_ends():
    pairs = {("loves", "positive"): 2, ("unknown", "loves"): 5, ("neutral", "hostile"): 1, ("hostile", "unknown"): 3}
    assert goodwill_shift(pairs) == (Decimal(-4) / Decimal(3), 3, 4, 0)


def test_a_goal_can_track_meaningful_introductions(stage2, hr_lead, pilot_b):  # noqa: F811
    s = Slice(pilot_ids=(pilot_b.pk,), stage=2, start=START, end=END, viewer=hr_lead)
    offered = {m.key: m for m in offered_measures(s)}
    assert offered["alumni.introductions.meaningful"].unit == "introductions"
    assert offered["alumni.survey_response_rate"].paced is False
    readings = read_measures(s, {"alumni.introductions.meaningful", "alumni.reached"})
    assert readings["alumni.introductions.meaningful"].value == Decimal(2)
    assert readings["alumni.introductions.meaningful"].cases == 2
    assert readings["alumni.reached"].value == Decimal(3)
