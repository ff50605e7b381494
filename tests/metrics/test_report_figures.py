"""The ROI report's figures against a small ledger whose results are worked out by hand below.

Sponsor A (pilot A, stage 1) has a 2026 baseline: 1,000 travel + 8,000 recruiter + 500 ads + 500
other = 10,000 per hire, 60 days to hire, 20.00 per assist point. Sponsor B (pilot B, stage 2) has
no baseline.

Hires in 2026:
  H1 pilot A social          30 days   video 200 + 10 h x 50        =    700.00
  H2 pilot A employee ref.   45 days   travel 300 + 4 h x 50        =    500.00
  H3 pilot A recruiter       90 days   travel 1,200 + fee 9,000     = 10,200.00
  H4 pilot B alumni ref.     10 days   video 100                    =    100.00 (no baseline)
H3 came through a recruiter, the legacy process itself: it counts as a hire and a cost, but is
not priced against the baseline. Pilot A: 3 hires, 11,400 actual; H1 + H2 against 2 x 10,000
legacy -> savings 20,000 - 1,200 = 18,800; 165 days / 3 = 55 vs 60.
All:     4 hires, 11,500 actual -> 2,875.00 per hire; savings stay 18,800 (H4 has no baseline).
Introductions (pilot A): 4 on behalf of alumni, 3 confirmed meaningful -> share 0.75; plus one
for a candidate, confirmed, which is not in the alumni share.
Assists (pilot A): received 10 + 3 points -> 13 x 20.00 = 260.00 value; given 1 point.
Program cost: pilot A 5,000 (tools), pilot B 1,000 (events).
ROI (all)     = (18,800 + 260 - 6,000) / 6,000 = 2.1767
ROI (stage 1) = (18,800 + 260 - 5,000) / 5,000 = 2.8120
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metrics import services
from metrics.models import Introduction
from metrics.registry import StageFigure, register_figures, unregister_figures
from metrics.report import PeriodError, build_report, parse_period, period_containing
from tests.people.factories import CompanyFactory, PersonFactory

D = Decimal
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_overall_figures_match_the_hand_computation(hr_lead, ledger):
    o = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1]).overall

    assert o.hires == 4
    assert o.hires_with_baseline == 2
    assert o.legacy_channel_hires == 1
    assert o.actual_cost == D("11500.00")
    assert o.cost_per_hire == D("2875.00")
    assert o.legacy_cost_per_hire == D("10000.00")
    assert o.savings == D("18800.00")
    assert o.avg_time_to_hire == D("43.7500")  # (30 + 45 + 90 + 10) / 4
    assert o.legacy_time_to_hire == D("60.0000")
    assert o.alumni_introductions == 4
    assert o.meaningful_alumni_introductions == 3
    assert o.meaningful_share == D("0.7500")
    assert o.introductions == 5 and o.meaningful_introductions == 4
    assert (o.assist_points_received, o.assist_points_given) == (13, 1)
    assert o.value_attributed == D("260.00")
    assert o.program_cost == D("6000.00")
    assert o.roi == D(13060) / D(6000)  # exact: 2.17666…, shown as 217.67% (rounded once, at display)


def test_stage_and_pilot_slices_add_up(hr_lead, ledger, pilot_a, pilot_b):
    report = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1])

    stage1 = report.by_stage[1]
    assert (stage1.hires, stage1.cost_per_hire, stage1.savings) == (3, D("3800.00"), D("18800.00"))
    assert stage1.avg_time_to_hire == D("55.0000")
    assert stage1.roi == D("2.8120")
    rows = {row.pilot_id: row.figures for row in report.by_pilot}
    assert rows[pilot_b.pk].hires == 1 and rows[pilot_b.pk].hires_without_baseline == 1
    assert rows[pilot_b.pk].roi == D("-1.0000")  # (0 savings + 0 value - 1000) / 1000
    assert report.by_source["recruiter"].cost_per_hire == D("10200.00")
    assert report.by_source["recruiter"].savings == 0  # the legacy process saves nothing against itself
    assert report.by_source["social"].savings == D("9300.00")
    march = report.by_month[dt.date(2026, 3, 1)]
    assert march[1].hires == 1
    assert report.program_cost_by_category == {"tools": D("5000.00"), "events": D("1000.00")}


def test_stage_filter_gives_the_stage_figures(hr_lead, ledger):
    o = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1], stage=1).overall
    assert (o.hires, o.program_cost, o.roi) == (3, D("5000.00"), D("2.8120"))


def test_a_period_with_no_data_has_no_ratios(hr_lead, ledger):
    report = build_report(user=hr_lead, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    o = report.overall
    assert report.is_empty
    assert (o.hires, o.cost_per_hire, o.meaningful_share, o.roi) == (0, None, None, None)
    explained = {e.key: e for e in report.explain()}
    assert explained["roi"].undefined
    assert "undefined until a program cost is recorded" in explained["roi"].formula


def test_no_program_cost_leaves_roi_undefined_but_savings_shown(hr_lead, ledger):
    # March holds H1 only and no program cost.
    o = build_report(user=hr_lead, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)).overall
    assert o.savings == D("9300.00")
    assert o.program_cost == 0 and o.roi is None


def test_figures_on_few_cases_are_flagged_and_formulas_carry_the_inputs(hr_lead, ledger):
    explained = {e.key: e for e in build_report(user=hr_lead, start=YEAR[0], end=YEAR[1]).explain()}
    assert explained["cost_per_hire"].too_few_cases  # 4 hires < METRICS_MIN_CASES (5)
    assert "11,500.00 EUR actual cost of hires / 4 hires" in explained["cost_per_hire"].formula
    assert (
        "(1 through job ads or recruiters, the legacy process itself; 1 without a baseline: left out)"
        in explained["savings"].formula
    )
    assert explained["program_cost"].too_few_cases is False


def test_a_baseline_applies_on_its_last_day_and_not_after(hr_lead, pilot_a, sponsor_a):
    services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 6, 30),
        recruiter_fees_per_hire="1000",
        source_note="HR estimate",
        now=NOW,
    )
    for hired in (dt.date(2026, 6, 30), dt.date(2026, 7, 1)):
        services.hire_record(
            actor=hr_lead,
            pilot=pilot_a,
            person=PersonFactory(),
            opening_title="Analyst",
            source="social",
            first_contact_date=dt.date(2026, 6, 1),
            date=hired,
            now=NOW,
        )
    o = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1]).overall
    assert (o.hires, o.hires_with_baseline, o.savings) == (2, 1, D("1000.00"))


def test_manager_report_covers_only_managed_sponsors(manager, ledger):
    o = build_report(user=manager, start=YEAR[0], end=YEAR[1]).overall
    assert o.hires == 3 and o.program_cost == D("5000.00")


def test_contributor_report_covers_only_own_pilots(contributor_b, ledger):
    report = build_report(user=contributor_b, start=YEAR[0], end=YEAR[1])
    assert report.overall.hires == 1
    assert [row.name for row in report.by_pilot] == [report.pilots[0].name]


def test_outsider_report_is_empty(outsider, ledger):
    report = build_report(user=outsider, start=YEAR[0], end=YEAR[1])
    assert report.is_empty and report.by_pilot == []


def test_registered_stage_figures_reach_the_report_and_its_value(hr_lead, ledger):
    seen = []

    def provider(scope):
        seen.append(tuple(scope.stages))
        return [StageFigure(key="velocity", label="Sales cycle", value=42, attributed_value=D("140"))]

    register_figures(stage=1, key="test", provider=provider)
    try:
        report = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1])
    finally:
        unregister_figures(stage=1, key="test")
    assert seen == [(1,)]
    assert report.stage_figures[1][0].value == 42
    assert report.overall.value_attributed == D("400.00")  # 260 + 140
    assert report.overall.roi == D("2.2000")  # (18,800 + 400 - 6,000) / 6,000


def _bulk_introductions(pilot, user, n):
    person, company = PersonFactory(), CompanyFactory()
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
    # bulk_create bypasses the services, which keep the report's daily rollups in step.
    from metrics.rollups import rebuild_rollups

    rebuild_rollups()


@pytest.mark.parametrize("user_name", ["hr_lead", "manager"])
def test_report_query_count_does_not_grow_with_the_ledger(request, hr_lead, ledger, pilot_a, user_name):
    user = request.getfixturevalue(user_name)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            build_report(user=user, start=YEAR[0], end=YEAR[1])
        return len(ctx.captured_queries)

    _bulk_introductions(pilot_a, hr_lead, 10)
    small = count()
    _bulk_introductions(pilot_a, hr_lead, 1000)
    assert count() == small


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ({"period": "month", "start": "2026-02-10"}, (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ({"period": "quarter", "start": "2026-11-26"}, (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        ({"period": "custom", "start": "2026-03-05", "end": "2026-04-01"}, (dt.date(2026, 3, 5), dt.date(2026, 4, 1))),
    ],
)
def test_periods_are_read_from_the_query_string(params, expected):
    period = parse_period(params, today=dt.date(2026, 11, 26))
    assert (period.start, period.end) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "week"}, "Unknown period"),
        ({"period": "month", "start": "2026-13-01"}, "is not a date"),
        ({"period": "custom", "start": "2026-03-05"}, "needs both"),
        ({"period": "custom", "start": "2026-03-05", "end": "2026-03-01"}, "cannot be before"),
        ({"period": "year", "start": "9999-01-01"}, "out of range"),
    ],
)
def test_bad_periods_are_refused_with_a_reason(params, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(params, today=dt.date(2026, 11, 26))


def test_previous_and_next_periods():
    q4 = period_containing("quarter", dt.date(2026, 11, 26))
    assert (q4.shifted(1).start, q4.shifted(-1).end) == (dt.date(2027, 1, 1), dt.date(2026, 9, 30))
    jan = period_containing("month", dt.date(2026, 1, 31))
    assert jan.shifted(-1).label == "December 2025"


def test_correcting_a_row_without_moving_it_keeps_the_stage_it_was_logged_in(hr_lead, pilot_a, pilot_b):
    intro = services.introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=CompanyFactory(), now=NOW
    )
    Introduction.objects.filter(pk=intro.pk).update(stage=2)  # logged while the pilot was in another stage
    intro.refresh_from_db()
    services.introduction_update(actor=hr_lead, introduction=intro, pilot=pilot_a, outcome="Interview", now=NOW)
    intro.refresh_from_db()
    assert (intro.stage, intro.outcome) == (2, "Interview")
    services.introduction_update(actor=hr_lead, introduction=intro, pilot=pilot_b, now=NOW)
    intro.refresh_from_db()
    assert (intro.pilot, intro.stage) == (pilot_b, pilot_b.stage)


@pytest.mark.parametrize(
    ("field", "value"),
    [("staff_hours", "1000000"), ("staff_hour_rate", "2000000"), ("cost_travel", "1e10"), ("cost_job_ads", "NaN")],
)
def test_amounts_a_column_cannot_hold_are_refused_by_name(hr_lead, pilot_a, field, value):
    with pytest.raises(services.MetricsError) as exc:
        services.hire_record(
            actor=hr_lead,
            pilot=pilot_a,
            person=PersonFactory(),
            opening_title="Dev",
            source="social",
            first_contact_date=dt.date(2026, 1, 1),
            date=dt.date(2026, 2, 1),
            now=NOW,
            **{field: value},
        )
    assert field in exc.value.fields


def test_a_hire_whose_costs_add_up_past_the_column_is_refused(hr_lead, pilot_a):
    with pytest.raises(services.MetricsError, match="too large"):
        services.hire_record(
            actor=hr_lead,
            pilot=pilot_a,
            person=PersonFactory(),
            opening_title="Dev",
            source="social",
            first_contact_date=dt.date(2026, 1, 1),
            date=dt.date(2026, 2, 1),
            now=NOW,
            cost_travel="9999999999",
            cost_job_ads="9999999999",
        )


def test_an_assist_type_given_as_a_non_ascii_digit_is_unknown_not_a_crash(hr_lead, pilot_a):
    with pytest.raises(services.MetricsError, match="Unknown assist type"):
        services.assist_record(
            actor=hr_lead, pilot=pilot_a, person=PersonFactory(), assist_type="²", direction="given", now=NOW
        )


def test_the_migration_and_the_service_agree_on_the_default_scale():
    import importlib

    migration = importlib.import_module("metrics.migrations.0002_default_assist_scale")
    assert migration.DEFAULT_SCALE == services.DEFAULT_ASSIST_SCALE


def test_an_emptied_scale_is_put_back_and_an_existing_one_left_alone(hr_lead):
    from metrics.models import AssistType

    services.assist_type_save(
        actor=hr_lead, assist_type=AssistType.objects.get(key="introduction"), name="Intro", points=6
    )
    assert services.assist_scale_ensure_defaults() == 0
    assert AssistType.objects.get(key="introduction").points == 6
    AssistType.objects.all().delete()
    assert services.assist_scale_ensure_defaults() == 4
    assert AssistType.objects.get(key="decision-maker-introduction").points == 10


def test_an_hr_lead_corrects_an_introduction_made_by_someone_who_has_left(hr_lead, contributor_a, pilot_a):
    intro = services.introduction_record(
        actor=contributor_a, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=CompanyFactory(), now=NOW
    )
    contributor_a.is_active = False
    contributor_a.save(update_fields=["is_active"])
    services.introduction_update(actor=hr_lead, introduction=intro, outcome="Hired in March", now=NOW)
    intro.refresh_from_db()
    assert (intro.outcome, intro.made_by) == ("Hired in March", contributor_a)


def test_naming_someone_outside_the_pilot_reveals_no_name(contributor_a, contributor_b, hr_lead, pilot_a):
    for other in (contributor_b, hr_lead):
        with pytest.raises(services.MetricsError) as exc:
            services.introduction_record(
                actor=contributor_a,
                pilot=pilot_a,
                made_by=other,
                on_behalf_of=PersonFactory(),
                to_company=CompanyFactory(),
                now=NOW,
            )
        assert exc.value.message == services.MSG_EMPLOYEE_NOT_MEMBER
        assert other.full_name not in exc.value.message and other.email not in exc.value.message


def test_only_an_hr_lead_books_a_hire_to_another_sponsor(hr_lead, contributor_a, pilot_a, sponsor_b):
    kwargs = dict(
        pilot=pilot_a,
        opening_title="Dev",
        source="social",
        sponsor=sponsor_b,
        first_contact_date=dt.date(2026, 1, 1),
        date=dt.date(2026, 2, 1),
        now=NOW,
    )
    with pytest.raises(services.MetricsError, match="only an HR lead"):
        services.hire_record(actor=contributor_a, person=PersonFactory(), **kwargs)
    hire = services.hire_record(actor=hr_lead, person=PersonFactory(), **kwargs)
    assert hire.sponsor == sponsor_b


def test_a_hire_booked_to_another_sponsor_is_priced_by_that_sponsors_baseline(
    hr_lead, pilot_a, hire_priced_by_sponsor_b
):
    report = build_report(user=hr_lead, start=YEAR[0], end=YEAR[1], pilot_id=pilot_a.pk)
    assert report.overall.savings == D("5000.00")
    assert report.baselines == []  # sponsor B's baseline priced the hire but is not pilot A's to list
