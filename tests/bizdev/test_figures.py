# ruff: noqa: F811  (the dataset fixture `world` is imported from test_velocity)
"""Stage 3's figures in the ROI report and as goal measures, on the dataset of
tests/bizdev/test_velocity.py (its docstring, and test_balance's, compute every number by hand;
period Q2 2026, pilot ``retail``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from bizdev.figures import bizdev_figures
from metrics.models import LegacyCostBaseline
from metrics.registry import ReportScope, providers_for
from metrics.report import build_report
from programs.measures import Slice, offered_measures, read_measures
from tests.bizdev.test_velocity import END, START, world  # noqa: F401  (the dataset fixture)

pytestmark = pytest.mark.django_db

PERIOD = "between 2026-04-01 and 2026-06-30"
KEYS = [
    "bizdev.opportunities_assisted",
    "bizdev.cycle_days.assisted",
    "bizdev.cycle_days.unassisted",
    "bizdev.cycle_days.baseline",
    "bizdev.cycle_days_saved",
    "bizdev.win_rate.assisted",
    "bizdev.win_rate.unassisted",
    "bizdev.assists_given",
    "bizdev.assists_received",
    "bizdev.assists_received.decision-maker-introduction",
    "bizdev.assists_received.introduction",
    "bizdev.assists_received.prospect-insight",
    "bizdev.assists_received.general-information",
    "bizdev.alumni_requests_met",
    "bizdev.alumni_requests.median_days_to_meet",
]


def scope_of(world, **kw) -> ReportScope:
    return ReportScope(start=kw.get("start", START), end=kw.get("end", END), pilot_ids=[world.retail.pk], stages=(3,))


@pytest.fixture
def figures(world, django_assert_num_queries):
    with django_assert_num_queries(7):
        produced = bizdev_figures(scope_of(world))
    return {f.key: f for f in produced}


def test_stage_3_registers_its_provider():
    assert "bizdev" in dict(providers_for(3))


def test_every_figure_has_its_stable_key(figures):
    assert list(figures) == KEYS


def test_values_cases_and_units_as_computed_by_hand(figures):
    got = {k: (f.value, f.cases, f.unit) for k, f in figures.items()}
    assert got == {
        "bizdev.opportunities_assisted": (4, 4, "opportunities"),
        "bizdev.cycle_days.assisted": (Decimal(50), 2, "days"),
        "bizdev.cycle_days.unassisted": (Decimal(90), 3, "days"),
        "bizdev.cycle_days.baseline": (Decimal(100), 5, "days"),
        "bizdev.cycle_days_saved": (100, 2, "days"),
        "bizdev.win_rate.assisted": (Decimal(200) / 3, 3, "%"),
        "bizdev.win_rate.unassisted": (Decimal(75), 4, "%"),
        "bizdev.assists_given": (2, 2, "assists"),
        "bizdev.assists_received": (5, 5, "assists"),
        "bizdev.assists_received.decision-maker-introduction": (0, 0, "assists"),
        "bizdev.assists_received.introduction": (3, 3, "assists"),
        "bizdev.assists_received.prospect-insight": (1, 1, "assists"),
        "bizdev.assists_received.general-information": (1, 1, "assists"),
        "bizdev.alumni_requests_met": (Decimal(400) / 6, 6, "%"),
        "bizdev.alumni_requests.median_days_to_meet": (Decimal("2.5"), 4, "days"),
    }


def test_only_days_saved_attribute_money_and_only_with_a_day_value(figures, world):
    assert {k: f.attributed_value for k, f in figures.items() if f.attributed_value is not None} == {
        "bizdev.cycle_days_saved": Decimal("20000.00")
    }
    assert figures["bizdev.cycle_days_saved"].formula.endswith(
        "= 100 days; value: 100 days saved x 200.00 EUR a day = 20,000.00 EUR — too few deals to conclude"
    )
    LegacyCostBaseline.objects.update(sales_cycle_day_value=None)
    saved = {f.key: f for f in bizdev_figures(scope_of(world))}["bizdev.cycle_days_saved"]
    assert (saved.value, saved.attributed_value) == (100, None)
    assert "value: in days only" in saved.formula


def test_formulas_carry_their_inputs_and_the_too_few_note(figures):
    f = {k: v.formula for k, v in figures.items()}
    assert f["bizdev.win_rate.unassisted"] == (
        f"won / (won + lost) x 100 over the unassisted deals closed {PERIOD} = 3 / (3 + 1) x 100 "
        "— too few deals to conclude"
    )
    assert "(40 + 60) / 2 = 50.0" in f["bizdev.cycle_days.assisted"]
    assert f["bizdev.assists_received"] == (
        f"count of Stage 3 assists received by the firm dated {PERIOD} = 3 Introduction + 1 Insight about a "
        "prospect + 1 General information = 5 (19 points)"
    )
    assert f["bizdev.alumni_requests_met"].endswith("= 4 / 6 x 100")
    assert "too few" not in f["bizdev.cycle_days.baseline"]  # five deals


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    from tests.bizdev.factories import HelpRequestFactory, OpportunityFactory

    for _ in range(5):
        d = OpportunityFactory(pilot=world.retail, owner=world.cleo, stage="won", closed_on=dt.date(2026, 6, 1))
        HelpRequestFactory(pilot=world.retail, opportunity=d)
    with django_assert_num_queries(7):
        bizdev_figures(scope_of(world))


def test_no_data_gives_undefined_figures_not_errors(world):
    produced = {f.key: f for f in bizdev_figures(scope_of(world, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31)))}
    assert produced["bizdev.cycle_days.assisted"].value is None
    assert produced["bizdev.win_rate.assisted"].value is None
    assert produced["bizdev.alumni_requests_met"].value is None
    assert produced["bizdev.cycle_days_saved"].attributed_value is None


def test_days_saved_value_adds_to_the_reports_value_attributed(world, hr_lead):
    report = build_report(user=hr_lead, start=START, end=END, pilot_id=world.retail.pk)
    assert report.by_stage[3].registered_value == Decimal("20000.00")
    assert report.overall.value_attributed == Decimal("20000.00")  # the baseline's point value is 0


def _report_stage_rows(html: str) -> str:
    return html.split("Stage figures", 1)[1]


def test_report_page_and_its_csv_show_the_same_stage_3_numbers(client_for, hr_lead, world):
    params = {"pilot": world.retail.pk, "period": "quarter", "start": "2026-04-01"}
    html = client_for(hr_lead).get(reverse("metrics:index"), params).content.decode()
    response = client_for(hr_lead).get(reverse("metrics:report_csv"), {**params, "table": "stage_figures"})
    assert response.status_code == 200
    text = response.content.decode()
    rows = {row["Figure"]: row for row in csv.DictReader(io.StringIO(text))}
    expected = {
        "Median cycle days, assisted deals": ("50.0", "2"),
        "Median cycle days, unassisted deals": ("90.0", "3"),
        "Win rate, assisted deals": ("66.67", "3"),
        "Sales-cycle days saved by assisted deals": ("100", "2"),
        "Opportunities assisted": ("4", "4"),
        "Alumni requests met": ("66.67", "6"),
        "Median days to meet an alumni request": ("2.5", "4"),
    }
    stage_rows = _report_stage_rows(html)
    for label, (value, cases) in expected.items():
        assert (rows[label]["Value"], rows[label]["Cases"]) == (value, cases), label
        assert label in stage_rows
        row_html = stage_rows.split(label, 1)[1].split("</tr>", 1)[0]
        assert value in row_html, label


def test_report_csv_agrees_with_the_velocity_api(client_for, api_client_for, hr_lead, world):
    params = {"pilot": world.retail.pk, "period": "quarter", "start": "2026-04-01"}
    response = client_for(hr_lead).get(reverse("metrics:report_csv"), {**params, "table": "stage_figures"})
    report = {row["Figure"]: row["Value"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    api = api_client_for(hr_lead).get(
        "/api/v1/bizdev/velocity/", {"pilot": world.retail.pk, "start": "2026-04-01", "end": "2026-06-30"}
    )
    figures = {f["label"]: f["value"] for f in api.json()["figures"]}
    for label in (
        "Median cycle days, assisted",
        "Median cycle days, unassisted",
        "Win rate, assisted",
        "Win rate, unassisted",
    ):
        assert figures[label] == report[f"{label} deals"], label
    assert figures["Sales-cycle days saved by assisted deals"] == report["Sales-cycle days saved by assisted deals"]


def test_a_goal_can_track_stage_3_figures(world, hr_lead):
    s = Slice(pilot_ids=(world.retail.pk,), stage=3, start=START, end=END, viewer=hr_lead)
    offered = {m.key: m for m in offered_measures(s)}
    assert offered["bizdev.opportunities_assisted"].paced is True  # a running total
    assert offered["bizdev.cycle_days_saved"].paced is True
    assert offered["bizdev.alumni_requests_met"].paced is False  # a share: a level
    readings = read_measures(s, {"bizdev.opportunities_assisted", "bizdev.cycle_days_saved"})
    assert readings["bizdev.opportunities_assisted"].value == Decimal(4)
    assert readings["bizdev.cycle_days_saved"].value == Decimal(100)
