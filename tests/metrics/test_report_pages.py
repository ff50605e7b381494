"""The ROI report pages through their URLs: the report, its CSV tables, its chart data and two
pilots side by side.

The ledger is tests/metrics/conftest.py's (worked out by hand in test_report_figures.py):
Sponsor A (pilot A, stage 1) has a 2026 baseline of 10,000 per hire, 60 days, 20.00 per point;
sponsor B (pilot B, stage 2) has none. Hires: H1 700 (Mar), H2 500 (May), H3 10,200 (Aug) in
pilot A; H4 100 (Sep) in pilot B. H3 came through a recruiter (the legacy process itself), so only
H1 and H2 are priced: savings 20,000 - 1,200 = 18,800. All 2026: 4 hires, 11,500 actual -> 2,875.00
per hire; time to hire 175 / 4 = 43.75 days; meaningful share 3 / 4; assist value 13 x 20 = 260;
program cost 5,000 (A, tools) + 1,000 (B, events); ROI (18,800 + 260 - 6,000) / 6,000 = 2.1767.
Pilot A alone: ROI (18,800 + 260 - 5,000) / 5,000 = 2.8120; pilot B: -1.0000.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from metrics.models import Assist, AssistType, Introduction
from metrics.registry import StageFigure, register_figures, unregister_figures
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PilotFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
YEAR = {"period": "year", "start": "2026-01-01"}
INDEX = reverse("metrics:index")
CSV_URL = reverse("metrics:report_csv")
DATA_URL = reverse("metrics:report_data")
COMPARE = reverse("metrics:compare")


def _text(response) -> str:
    return response.content.decode()


def _section(html: str, key: str) -> str:
    """The HTML of one report table's section (heading id table-<key>)."""
    start = html.index(f'id="table-{key}"')
    end = html.find("</section>", start)
    return html[start:end]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- the report page --------------------------------------------------------------------------


def test_report_shows_hand_checkable_figures_with_formulas_and_flags(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(INDEX, YEAR)

    assert response.status_code == 200
    html = _text(response)
    assert "2,875.00 EUR" in html  # cost per hire
    assert "11,500.00 EUR actual cost of hires / 4 hires" in html  # its formula with the inputs
    assert "few cases (n=4): treat with caution" in html
    assert "18,800.00 EUR" in html  # savings
    assert "(1 through job ads or recruiters, the legacy process itself; 1 without a baseline: left out)" in html
    assert "217.67%" in html  # ROI 2.1767
    assert "(18,800.00 savings + 260.00 value attributed − 6,000.00 program cost) / 6,000.00 program cost" in html
    assert "75.00%" in html  # meaningful share
    assert "43.8" in html  # time to hire 43.75 days, one decimal
    assert "ROI report · 2026" in html


def test_stage_and_pilot_tables_carry_the_slices(client_for, hr_lead, ledger, pilot_a, pilot_b):
    html = _text(client_for(hr_lead).get(INDEX, YEAR))

    stages = _section(html, "stages")
    # One column per stage (and "All stages"), one row per figure.
    assert "<caption" in stages and '<th scope="col" class="num">Stage 1 · Recruiting</th>' in stages
    assert '<th scope="col" class="num">All stages</th>' in stages and '<th scope="row">ROI</th>' in stages
    assert "3,800.00 EUR" in stages and "281.20%" in stages  # stage 1: 11,400 / 3; ROI 2.8120
    pilots = _section(html, "pilots")
    assert pilot_a.name in pilots and pilot_b.name in pilots
    assert "−100.00%" in pilots or "-100.00%" in pilots  # pilot B: (0 - 1,000) / 1,000
    assert f'name="pick" value="{pilot_a.pk}"' in pilots
    sources = _section(html, "sources")
    assert "Recruiter" in sources and "10,200.00 EUR" in sources
    assert "5,000.00 EUR" in _section(html, "costs")
    baselines = _section(html, "baselines")
    assert "Finance: 2025 recruiting spend / hires" in baselines and "10,000.00 EUR" in baselines
    assert "No stage figures yet" in _section(html, "stage_figures")
    for key in ("stages", "pilots", "sources", "costs", "months", "baselines", "stage_figures"):
        assert f"table={key}&amp;period=year&amp;start=2026-01-01" in _section(html, key)


def test_undefined_figures_show_a_dash_and_the_reason(client_for, hr_lead, ledger):
    # March 2026 holds H1 only and no program cost.
    html = _text(client_for(hr_lead).get(INDEX, {"period": "month", "start": "2026-03-10"}))

    assert "Undefined: no program cost recorded." in html
    assert "Undefined: no introductions on behalf of alumni." in html
    assert "9,300.00 EUR" in html  # savings still shown: 10,000 - 700


def test_filters_narrow_the_report_to_a_stage(client_for, hr_lead, ledger, pilot_b):
    html = _text(client_for(hr_lead).get(INDEX, {**YEAR, "stage": "1"}))

    assert "281.20%" in html  # the headline ROI is stage 1's
    assert pilot_b.name not in _section(html, "pilots")
    assert "Stage: Stage 1 · Recruiting" in html


def test_default_period_is_this_year(client_for, hr_lead, ledger):
    with freeze_time("2026-05-10 12:00:00"):
        response = client_for(hr_lead).get(INDEX)
    assert response.status_code == 200
    assert response.context["period"].start == dt.date(2026, 1, 1)
    assert 'value="2026-01-01"' in _text(response)
    assert "2,875.00 EUR" in _text(response)


def test_previous_and_next_period_links_keep_the_filters(client_for, hr_lead, ledger):
    html = _text(client_for(hr_lead).get(INDEX, {"period": "quarter", "start": "2026-11-26", "stage": "1"}))

    assert 'href="?period=quarter&amp;start=2026-07-01&amp;stage=1" rel="prev"' in html
    assert 'href="?period=quarter&amp;start=2027-01-01&amp;stage=1" rel="next"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "month", "start": "2026-13-01"}, "is not a date like 2026-01-31"),
        ({"period": "custom", "start": "2026-03-05"}, "A custom period needs both a start and an end date."),
        ({"period": "week"}, "Unknown period"),
    ],
)
def test_a_bad_period_is_a_400_with_the_reason(client_for, hr_lead, ledger, params, message):
    response = client_for(hr_lead).get(INDEX, params)

    assert response.status_code == 400
    html = _text(response)
    assert message in html or message.replace("'", "&#x27;") in html
    assert 'role="alert"' in html
    assert "2,875.00" not in html


def test_a_sponsor_the_user_may_not_see_is_a_400(client_for, manager, ledger, sponsor_b):
    response = client_for(manager).get(INDEX, {**YEAR, "sponsor": str(sponsor_b.pk)})
    assert response.status_code == 400
    assert "Select a valid choice" in _text(response)


def test_a_period_with_no_data_says_what_to_log(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(INDEX, {"period": "year", "start": "2025-06-01"})

    assert response.status_code == 200
    html = _text(response)
    assert "Nothing recorded for 2025" in html
    for name in ("metrics:introduction_create", "metrics:assist_create", "metrics:hire_create"):
        assert f'href="{reverse(name)}"' in html
    assert "data-report-chart" not in html


def test_registered_stage_figures_appear_in_their_table(client_for, hr_lead, ledger):
    def provider(scope):
        return [StageFigure(key="leads", label="Leads found", value=42, formula="count of leads", cases=42)]

    register_figures(stage=1, key="test-page", provider=provider)
    try:
        html = _text(client_for(hr_lead).get(INDEX, YEAR))
    finally:
        unregister_figures(stage=1, key="test-page")
    table = _section(html, "stage_figures")
    assert "Leads found" in table and "count of leads" in table
    assert "No stage figures yet" not in table


def test_stage_figures_are_rounded_once_by_unit_the_same_in_the_page_and_the_csv(client_for, hr_lead, ledger):
    """Exact values from the provider: 100 / 3 % -> 33.33 (half-up, 2 places); 4.25 days -> 4.3 (half-up, 1 place); 2,400.005 EUR -> 2,400.01 (cents); a count stays whole."""
    figures = [
        StageFigure(key="c", label="Conversion", value=D(100) / D(3), unit="%", cases=3),
        StageFigure(key="d", label="Median days", value=D("4.25"), unit="days", cases=2),
        StageFigure(key="t", label="Travel", value=D("2400.005"), unit="EUR", cases=1),
        StageFigure(key="n", label="Hires", value=1234, unit="hires", cases=1234),
    ]
    register_figures(stage=1, key="test-rounding", provider=lambda scope: figures)
    client = client_for(hr_lead)
    try:
        table = _section(_text(client.get(INDEX, YEAR)), "stage_figures")
        rows = _csv(client.get(CSV_URL, {"table": "stage_figures", **YEAR}))
    finally:
        unregister_figures(stage=1, key="test-rounding")
    for shown in ("33.33", "4.3", "2,400.01", "1,234"):
        assert shown in table
    assert "33.333" not in table and "4.25" not in table
    values = {row[1]: row[2] for row in rows[1:]}
    assert values == {"Conversion": "33.33", "Median days": "4.3", "Travel": "2400.01", "Hires": "1234"}


# --- who sees what ----------------------------------------------------------------------------


def test_hr_lead_sees_every_pilot(client_for, hr_lead, ledger, pilot_a, pilot_b):
    response = client_for(hr_lead).get(INDEX, YEAR)
    assert [row.name for row in response.context["report"].by_pilot] == [pilot_a.name, pilot_b.name]


def test_manager_sees_only_the_managed_sponsors_pilots(client_for, manager, ledger, pilot_a, pilot_b):
    response = client_for(manager).get(INDEX, YEAR)

    assert response.status_code == 200
    html = _text(response)
    assert pilot_a.name in _section(html, "pilots")
    assert pilot_b.name not in html
    assert "Consulting" not in html  # sponsor B is not even a filter choice
    assert "3,800.00 EUR" in html  # pilot A's cost per hire is the headline


def test_contributor_sees_only_own_pilot(client_for, contributor_b, ledger, pilot_a, pilot_b):
    response = client_for(contributor_b).get(INDEX, YEAR)

    assert response.status_code == 200
    html = _text(response)
    assert pilot_b.name in _section(html, "pilots")
    assert pilot_a.name not in html
    assert "100.00 EUR" in html  # H4
    assert 'id="table-baselines"' not in html  # baselines: HR leads and managers only


def test_outsider_sees_the_no_pilots_state(client_for, outsider, ledger, pilot_a):
    response = client_for(outsider).get(INDEX, YEAR)

    assert response.status_code == 200
    html = _text(response)
    assert "No pilots to report on" in html
    assert pilot_a.name not in html


@pytest.mark.parametrize("name", ["metrics:index", "metrics:report_data", "metrics:report_csv", "metrics:compare"])
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- page furniture: print, charts, CSP -------------------------------------------------------


def test_page_has_a_print_button_and_loads_chartjs_without_inline_script(client_for, hr_lead, ledger):
    html = _text(client_for(hr_lead).get(INDEX, YEAR))

    assert re.search(r"<button[^>]*data-report-print", html)
    assert "vendor/chartjs-4.5.1/chart.umd.min.js" in html
    assert f'data-report-data="{DATA_URL}?period=year&amp;start=2026-01-01"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_chartjs_is_loaded_only_on_report_pages(client_for, hr_lead):
    assert "chart.umd.min.js" not in _text(client_for(hr_lead).get(reverse("dashboard")))


# --- chart data -------------------------------------------------------------------------------


def test_report_data_gives_one_chart_per_measure(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(DATA_URL, YEAR)

    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    assert data["previous_period"] == {"label": "2025", "start": "2025-01-01", "end": "2025-12-31"}
    assert data["currency"] == "EUR"
    charts = {c["key"]: c for c in data["charts"]}
    assert list(charts) == ["hires", "introductions", "assist_points", "program_cost", "cost_per_hire", "roi"]
    hires = charts["hires"]
    assert len(hires["labels"]) == 12 and hires["labels"][2] == "Mar 2026"
    [series] = hires["series"]
    assert sum(series["data"]) == 4 and series["data"][2] == 1
    intros = {s["key"]: s["data"] for s in charts["introductions"]["series"]}
    assert intros["introductions"][3] == 5 and intros["meaningful_introductions"][3] == 4  # April
    points = {s["key"]: s["data"] for s in charts["assist_points"]["series"]}
    assert (points["assist_points_given"][6], points["assist_points_received"][6]) == (1, 13)  # July
    assert charts["program_cost"]["series"][0]["data"][:2] == [5000.0, 1000.0]
    assert charts["cost_per_hire"]["labels"] == ["Stage 1 · Recruiting", "Stage 2 · Alumni"]  # no empty Stage 3
    cost = {s["key"]: s["data"] for s in charts["cost_per_hire"]["series"]}
    assert cost == {"cost_per_hire": [3800.0, 100.0], "legacy_cost_per_hire": [10000.0, None]}
    assert charts["roi"]["series"][0]["data"] == [281.2, -100.0]


def test_report_data_refuses_a_bad_period_with_the_error_format(client_for, hr_lead):
    response = client_for(hr_lead).get(DATA_URL, {"period": "custom", "start": "2026-03-05", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "cannot be before the start date" in response.json()["error"]["message"]


# --- CSV --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "header", "row_start", "column", "value"),
    [
        ("headline", "Figure", "Cost per hire", "Value", "2875.00"),
        ("stages", "Stage", "Stage 1 · Recruiting", "ROI (fraction)", "2.8120"),
        ("stages", "Stage", "All stages", "Cost per hire (EUR)", "2875.00"),
        ("pilots", "Pilot", "Engineers on Mastodon", "Savings (EUR)", "18800.00"),
        ("pilots", "Pilot", "Consulting alumni", "ROI (fraction)", "-1.0000"),
        ("sources", "Source", "Recruiter", "Cost per hire (EUR)", "10200.00"),
        ("costs", "Category", "Tools", "Amount (EUR)", "5000.00"),
        ("costs", "Category", "Total", "Amount (EUR)", "6000.00"),
        ("baselines", "Sponsor", "Engineering", "Legacy cost per hire (EUR)", "10000.00"),
        ("months", "Month (YYYY-MM)", "2026-03", "Hires", "1"),
        ("months", "Month (YYYY-MM)", "2026-07", "Assist points received", "13"),
    ],
)
def test_every_table_downloads_as_csv(client_for, hr_lead, ledger, table, header, row_start, column, value):
    response = client_for(hr_lead).get(CSV_URL, {"table": table, **YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="roi-report-{table}-2026.csv"'
    rows = _csv(response)
    assert rows[0][0] == header
    row = next(r for r in rows[1:] if r[0] == row_start)
    assert row[rows[0].index(column)] == value


def test_stage_figures_csv_has_its_header_when_empty(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(CSV_URL, {"table": "stage_figures", **YEAR})
    assert _csv(response) == [["Stage", "Figure", "Value", "Unit", "Formula", "Cases"]]


def test_csv_filename_names_the_period(client_for, hr_lead, ledger):
    quarter = client_for(hr_lead).get(CSV_URL, {"table": "pilots", "period": "quarter", "start": "2026-05-01"})
    custom = client_for(hr_lead).get(
        CSV_URL, {"table": "pilots", "period": "custom", "start": "2026-03-05", "end": "2026-04-01"}
    )
    assert quarter["Content-Disposition"] == 'attachment; filename="roi-report-pilots-2026-Q2.csv"'
    assert custom["Content-Disposition"] == 'attachment; filename="roi-report-pilots-2026-03-05_2026-04-01.csv"'


def test_csv_follows_the_filters_and_what_the_user_may_see(client_for, manager, ledger, pilot_b):
    rows = _csv(client_for(manager).get(CSV_URL, {"table": "pilots", **YEAR}))
    assert [r[0] for r in rows[1:]] == ["Engineers on Mastodon"]


def test_csv_cells_cannot_run_as_formulas(client_for, hr_lead, ledger, sponsor_a, pilot_a):
    pilot_a.name = '=HYPERLINK("http://evil.example","x")'
    pilot_a.save(update_fields=["name"])
    PilotFactory(name="@SUM(A1)", stage=3, sponsor=sponsor_a)
    PilotFactory(name="-2+3", stage=3, sponsor=sponsor_a)
    rows = _csv(client_for(hr_lead).get(CSV_URL, {"table": "pilots", **YEAR}))

    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert "'@SUM(A1)" in names and "'-2+3" in names
    roi = rows[0].index("ROI (fraction)")
    assert "-1.0000" in [r[roi] for r in rows[1:]]  # a negative number stays a number


def test_unknown_csv_table_is_a_400(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(CSV_URL, {"table": "people", **YEAR})
    assert response.status_code == 400
    assert "Unknown table" in _text(response)


def test_csv_with_a_bad_period_is_a_400(client_for, hr_lead, ledger):
    response = client_for(hr_lead).get(CSV_URL, {"table": "stages", "period": "month", "start": "yesterday"})
    assert response.status_code == 400
    assert "is not a date like 2026-01-31" in _text(response)


def test_contributor_cannot_download_the_baselines(client_for, contributor_a, ledger):
    response = client_for(contributor_a).get(CSV_URL, {"table": "baselines", **YEAR})
    assert response.status_code == 403


# --- compare ----------------------------------------------------------------------------------


def test_compare_puts_two_pilots_side_by_side_with_the_difference(client_for, hr_lead, ledger, pilot_a, pilot_b):
    response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "b": pilot_b.pk, **YEAR})

    assert response.status_code == 200
    html = _text(response)
    assert pilot_a.name in html and pilot_b.name in html
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows["Cost per hire"]["a"]["display"] == "3,800.00 EUR"
    assert rows["Cost per hire"]["b"]["display"] == "100.00 EUR"
    assert rows["Cost per hire"]["diff"] == "+3,700.00 EUR"
    assert rows["ROI"]["diff"] == "+381.20 pp"  # 281.20% - (-100.00%)
    assert rows["Meaningful introductions on behalf of alumni"]["diff"] == "—"  # undefined for B
    assert "3,800.00 EUR" in html and "+3,700.00 EUR" in html
    assert "few cases (n=3): treat with caution" in html
    assert f'href="{reverse("programs:pilot_scale", args=[pilot_a.pk])}"' in html


def test_compare_reads_the_two_ticked_pilots(client_for, hr_lead, ledger, pilot_a, pilot_b):
    response = client_for(hr_lead).get(COMPARE, {"pick": [pilot_a.pk, pilot_b.pk], **YEAR})
    assert response.status_code == 200
    assert (response.context["a"], response.context["b"]) == (pilot_a, pilot_b)


def test_manager_compares_without_a_scale_link(client_for, manager, ledger, sponsor_a, pilot_a):
    other = PilotFactory(name="Engineers on Bluesky", stage=1, sponsor=sponsor_a)
    response = client_for(manager).get(COMPARE, {"a": pilot_a.pk, "b": other.pk, **YEAR})
    assert response.status_code == 200
    assert "Scale this pilot" not in _text(response)


@pytest.mark.parametrize("user_name", ["manager", "contributor_a", "outsider"])
def test_compare_with_a_hidden_pilot_is_a_404(request, client_for, ledger, pilot_a, pilot_b, user_name):
    user = request.getfixturevalue(user_name)
    response = client_for(user).get(COMPARE, {"a": pilot_a.pk, "b": pilot_b.pk, **YEAR})
    assert response.status_code == 404


def test_compare_the_same_pilot_twice_is_a_400(client_for, hr_lead, ledger, pilot_a):
    response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "b": pilot_a.pk})
    assert response.status_code == 400
    assert "Choose a different pilot to compare with." in _text(response)


def test_compare_without_pilots_shows_the_picker(client_for, hr_lead, ledger, pilot_a):
    response = client_for(hr_lead).get(COMPARE)
    assert response.status_code == 200
    html = _text(response)
    assert "Choose two pilots" in html and f'<option value="{pilot_a.pk}">' in html


# --- performance ------------------------------------------------------------------------------


def _bulk_ledger(pilot, user, n):
    person, company = PersonFactory(), CompanyFactory()
    assist_type = AssistType.objects.order_by("pk").first()
    Introduction.objects.bulk_create(
        Introduction(
            made_by=user,
            on_behalf_of=person,
            to_company=company,
            pilot=pilot,
            stage=pilot.stage,
            date=dt.date(2026, 1 + i % 12, 1 + i % 28),
        )
        for i in range(n)
    )
    Assist.objects.bulk_create(
        Assist(
            employee=user,
            person=person,
            assist_type=assist_type,
            points=assist_type.points,
            direction="received" if i % 2 else "given",
            pilot=pilot,
            stage=pilot.stage,
            date=dt.date(2026, 1 + i % 12, 1 + i % 28),
        )
        for i in range(n)
    )
    # bulk_create bypasses the services, which keep the report's daily rollups in step.
    from metrics.rollups import rebuild_rollups

    rebuild_rollups()


@pytest.mark.parametrize("user_name", ["hr_lead", "manager"])
def test_report_page_query_count_does_not_grow_with_the_ledger(
    request, client_for, hr_lead, ledger, pilot_a, user_name
):
    client = client_for(request.getfixturevalue(user_name))

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(INDEX, YEAR)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    _bulk_ledger(pilot_a, hr_lead, 10)
    small = count()
    _bulk_ledger(pilot_a, hr_lead, 1000)
    assert count() == small
    assert Introduction.objects.count() > 1000
