"""Flags a stage figure carries to the lower layers: ``level``/``at_most`` for how a pilot goal
reads it, ``baseline`` for whether the ROI report shows it to a reader who may not see baselines."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics import registry
from metrics.measures import _stage_measure
from metrics.registry import StageFigure
from metrics.report import Period, build_report

pytestmark = pytest.mark.django_db


def test_a_level_figure_is_not_paced_and_keeps_its_unit():
    median = StageFigure(key="x.median", label="Median days", value=40, unit="days", level=True, at_most=True)
    total = StageFigure(key="x.total", label="Days saved", value=40, unit="days")
    share = StageFigure(key="x.share", label="Met", value=0.5, unit="share")
    m, t, s = (_stage_measure(3, f) for f in (median, total, share))
    assert (m.paced, m.at_most, m.unit) == (False, True, "days")
    assert (t.paced, t.at_most) == (True, False)
    assert (s.paced, s.unit) == (False, "%")


@pytest.fixture
def provider():
    def figures(scope):
        return [
            StageFigure(key="t.saved", label="Days saved", value=12, unit="days", baseline=True),
            StageFigure(key="t.count", label="Deals", value=3, unit="deals"),
        ]

    registry.register_figures(stage=3, key="flag-test", provider=figures)
    yield
    registry.unregister_figures(stage=3, key="flag-test")


def _figures(user, pilot):
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    report = build_report(user=user, start=start, end=end, pilot_ids=[pilot.pk], period=Period("custom", start, end))
    return {f.key: f for f in report.stage_figures[3]}


def test_a_baseline_figure_is_withheld_from_a_contributor_and_shown_to_the_hr_lead(provider, hr_lead):
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MembershipFactory, PilotFactory

    pilot = PilotFactory(stage=3)
    contributor = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot, user=contributor)
    mine = _figures(contributor, pilot)
    assert mine["t.saved"].value == "withheld" and "baseline" in mine["t.saved"].formula
    assert mine["t.count"].value == 3
    assert _figures(hr_lead, pilot)["t.saved"].value == 12
