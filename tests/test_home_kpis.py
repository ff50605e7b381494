"""The home page's KPI tiles against a small ledger worked out by hand (tests/home_ledger.py).

Today is 20 Nov 2026; this quarter is Q4 2026, the previous one Q3 2026, the same one last year
Q4 2025. Sponsor A's baseline (2025-2026): 10,000.00 per hire, 20.00 per assist point. Pilot A:

Q4 2026  hires 15 Oct 700.00 (video 200 + 10 h x 50) and 10 Nov 1,300.01 -> 2 hires, 2,000.01
         cost per hire 2,000.01 / 2 = 1,000.005 -> shown 1,000.01 EUR (half-up, once)
         savings 2 x 10,000 - 2,000.01 = 17,999.99
         assists received 10 + 5 + 1 + 1 = 17 points (value 17 x 20 = 340.00); 1 point given
         introductions on behalf of alumni 2, meaningful 1 (50.00%)
         program cost 6,000.00
         ROI (17,999.99 + 340.00 - 6,000.00) / 6,000.00 = 2.056665 -> 205.67%
Q3 2026  1 hire 1,600.00; savings 8,400.00; 16 points (320.00); 4 alumni introductions, 2
         meaningful; program cost 4,000.00; ROI (8,400 + 320 - 4,000) / 4,000 = 1.18 -> 118.00%
Q4 2025  1 hire 2,500.00; savings 7,500.00; no assist, no introduction; no program cost: ROI
         undefined

Changes (shown now - shown before; % = that / |shown before|, half-up to 0.1 %):
  ROI        vs Q3 2026: 2.0567 - 1.1800 = +87.67 pp (no percentage of a percentage);  vs Q4 2025: no comparison
  savings    +9,599.99 EUR (+114.3%);  +10,499.99 EUR (10,499.99 / 7,500 = +140.0%)
  hires      +1 (+100.0%);  +1 (+100.0%)
  cost/hire  -599.99 EUR (-37.5%, good news);  -1,499.99 EUR (-60.0%)
  meaningful -1 (-50.0%);  +1, Q4 2025 was 0: no percentage
(the page writes a minus sign, U+2212, as the report does)
  assists    +1 (1 / 16 = 6.25% -> +6.3% half-up, where half-even would say 6.2%);  +17, was 0

November 2026 alone: 1 hire 1,300.01; savings 8,699.99; 2 points (40.00); program cost 6,000.00;
ROI (8,699.99 + 40 - 6,000) / 6,000 = 0.456665 -> 45.67%.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from metrics.kpis import delta, home_board, sparkline
from metrics.report import build_report, period_containing
from metrics.views.report.format import fmt, rounded
from tests import home_ledger
from tests.home_ledger import TODAY

D = Decimal


@pytest.fixture
def ledger(hr_lead, pilot_a, sponsor_a):
    home_ledger.build(hr_lead, pilot_a, sponsor_a)


@pytest.fixture
def frozen():
    with freeze_time(home_ledger.NOW):
        yield


def tiles(user, kind="quarter", **extra):
    board = home_board(user=user, kind=kind, today=TODAY, **extra)
    return board, {tile.key: tile for tile in board.tiles}


def changes(tile):
    return [(d.change, d.percent, d.reason) for d in tile.deltas]


def test_quarter_figures_match_the_hand_computation(manager, ledger):
    board, t = tiles(manager)

    assert board.period.label == "Q4 2026"
    assert [p.label for p in board.comparisons] == ["Q3 2026", "Q4 2025"]
    assert t["hires"].value == 2 and t["hires"].display == "2"
    assert t["cost_per_hire"].value == D("1000.005") and t["cost_per_hire"].display == "1,000.01 EUR"
    assert t["savings"].display == "17,999.99 EUR"
    assert t["roi"].value == D("12339.99") / D("6000") and t["roi"].display == "205.67%"
    assert t["meaningful_introductions"].display == "1"
    assert t["assist_points_received"].display == "17"
    assert t["cost_per_hire"].detail == "Legacy: 10,000.00 EUR per hire"
    assert t["meaningful_introductions"].detail == "Of 2 introductions on behalf of alumni (50.00%)"
    assert t["roi"].detail == "Program cost: 6,000.00 EUR"


def test_changes_against_the_previous_quarter_and_the_same_quarter_last_year(manager, ledger):
    _, t = tiles(manager)

    assert changes(t["roi"]) == [("+87.67 pp", "", ""), ("", "", "no program cost then")]
    assert changes(t["savings"]) == [("+9,599.99 EUR", "+114.3%", ""), ("+10,499.99 EUR", "+140.0%", "")]
    assert changes(t["hires"]) == [("+1", "+100.0%", ""), ("+1", "+100.0%", "")]
    assert changes(t["cost_per_hire"]) == [("−599.99 EUR", "−37.5%", ""), ("−1,499.99 EUR", "−60.0%", "")]
    assert changes(t["meaningful_introductions"]) == [("−1", "−50.0%", ""), ("+1", "", "was 0, so no %")]
    assert changes(t["assist_points_received"]) == [("+1", "+6.3%", ""), ("+17", "", "was 0, so no %")]


def test_a_fall_in_cost_per_hire_is_good_news_and_a_fall_in_introductions_is_not(manager, ledger):
    _, t = tiles(manager)

    assert [(d.direction, d.tone) for d in t["cost_per_hire"].deltas] == [("down", "good"), ("down", "good")]
    assert t["meaningful_introductions"].deltas[0].tone == "bad"
    assert t["hires"].deltas[0].tone == "good"


def test_a_year_compares_with_last_year_once(manager, ledger):
    board, t = tiles(manager, kind="year")

    assert [p.label for p in board.comparisons] == ["2025"]
    assert len(t["hires"].deltas) == 1
    # 2026: 3 hires (8 Aug, 15 Oct, 10 Nov) against 2025's one.
    assert changes(t["hires"]) == [("+2", "+200.0%", "")]


def test_every_tile_shows_the_reports_own_figure(manager, ledger, client_for, frozen):
    """The report page for the tile's link shows the same digits as the tile."""
    _, t = tiles(manager)
    for key in ("roi", "savings", "cost_per_hire"):
        url = t[key].url
        assert url.startswith(reverse("metrics:index") + "?period=quarter&start=2026-10-01")
        body = client_for(manager).get(url.split("#")[0]).content.decode()
        card = body.split(f'id="{url.split("#")[1]}"')[1]
        assert re.search(r'class="report-value">([^<]+)<', card).group(1) == t[key].display


def test_the_tiles_are_the_figures_build_report_gives(manager, ledger):
    _, t = tiles(manager)
    q4 = period_containing("quarter", TODAY)
    overall = build_report(user=manager, start=q4.start, end=q4.end).overall

    assert t["roi"].value == overall.roi
    assert t["savings"].value == overall.savings
    assert t["cost_per_hire"].value == overall.cost_per_hire
    assert t["meaningful_introductions"].value == overall.meaningful_alumni_introductions
    assert t["assist_points_received"].value == overall.assist_points_received


def test_a_months_sparkline_ends_on_the_tiles_figure(manager, ledger):
    board, t = tiles(manager, kind="month")

    assert board.period.label == "November 2026"
    assert t["roi"].display == "45.67%"
    assert t["savings"].display == "8,699.99 EUR"
    for tile in t.values():
        spark = tile.spark
        assert spark is not None and spark.months[-1] == dt.date(2026, 11, 1), tile.key
        assert spark.values[-1] == rounded(tile.value, tile.spec.kind), tile.key
        assert fmt(spark.values[-1], tile.spec.kind, "EUR") == tile.display, tile.key


def test_sparkline_covers_the_last_12_months_and_says_each_value(manager, ledger):
    _, t = tiles(manager)
    spark = t["hires"].spark

    assert spark.months[0] == dt.date(2025, 12, 1) and len(spark.months) == 12
    assert spark.values == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1]
    assert spark.text.startswith("Hires per month, Dec 2025 to Nov 2026: Dec 2025: 0; ")
    assert spark.text.endswith("Oct 2026: 1; Nov 2026: 1.")
    # Cost per hire is undefined in a month without hires: a gap, never a zero.
    cost = t["cost_per_hire"].spark
    assert cost.values[8:] == [D("1600.00"), None, D("700.00"), D("1300.01")]
    assert "Sep 2026: no figure" in cost.text
    assert len(cost.lines) == 1 and len(cost.dots) == 1  # Aug alone, then Oct-Nov


def test_the_board_runs_a_fixed_number_of_queries(manager, hr_lead, pilot_a, ledger):
    with CaptureQueriesContext(connection) as few:
        tiles(manager)
    for day in range(1, 23):
        home_ledger.hire(hr_lead, pilot_a, dt.date(2026, 10, day), cost_travel="10")
        home_ledger.assist(hr_lead, pilot_a, dt.date(2026, 9, day), "introduction")
    with CaptureQueriesContext(connection) as many:
        tiles(manager)
    assert len(many) == len(few)


# --- the rules, one by one --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "before", "kind", "change", "percent", "reason"),
    [
        (2, 1, "int", "+1", "+100.0%", ""),
        (17, 16, "int", "+1", "+6.3%", ""),  # 6.25 % half-up
        (D("2001.00"), D("2000.00"), "money", "+1.00 EUR", "+0.1%", ""),  # 0.05 % half-up
        (3, 0, "int", "+3", "", "was 0, so no %"),  # never a division by zero
        (0, 0, "int", "no change", "", ""),
        (D("100"), None, "money", "", "", "no figure then"),
        (None, D("100"), "money", "", "", "no figure now"),
        (D("2"), D("-3"), "int", "+5", "+166.7%", ""),  # against |before|
        (D("0.1"), D("-0.2"), "pct", "+30.00 pp", "", ""),  # ROI and shares: points, no percentage
        (D("1000.005"), D("1000.004"), "money", "+0.01 EUR", "+0.0%", ""),  # shown values: 1,000.01 vs 1,000.00
    ],
)
def test_change_rules(now, before, kind, change, percent, reason):
    d = delta(now, before, kind=kind, currency="EUR", against="Q3 2026", lower_is_better=False)
    assert (d.change, d.percent, d.reason) == (change, percent, reason)
    assert d.comparable == bool(change)


def test_sparkline_draws_runs_dots_and_gaps():
    months = [dt.date(2026, m, 1) for m in range(1, 7)]
    spark = sparkline(
        months,
        [D("1"), D("2"), None, D("3"), None, None],
        kind="money",
        currency="EUR",
        label="Cost",
        since=dt.date(2026, 4, 1),
    )
    assert len(spark.lines) == 1 and len(spark.dots) == 1
    assert spark.last == spark.dots[0]  # April is the last month with a figure
    assert spark.band is not None
    assert "Mar 2026: no figure" in spark.text and "Apr 2026: 3.00 EUR" in spark.text
    empty = sparkline(months, [None] * 6, kind="money", currency="EUR", label="Cost")
    assert empty.empty and not empty.lines and empty.last is None
