"""The small ledger the ROI report's tests share, worked out by hand in
tests/metrics/test_report_figures.py's docstring, and helpers to add hires to it."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics import registry, services
from tests.people.factories import CompanyFactory, PersonFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _only_the_figures_a_test_registers(monkeypatch):
    """metrics is tested on its own: the stage apps' figure providers (recruiting's, registered in
    its ready()) are set aside, so a test sees exactly the providers it registers. Their own
    tests (tests/recruiting/test_figures.py) read them through the report."""
    monkeypatch.setattr(registry._registry, "providers", {})


@pytest.fixture
def record_hire(hr_lead):
    """record_hire(pilot, hired, *, days=20 | first=date, source="social", **costs): a hire of a
    new person through the service, as the HR lead (``actor=`` another user)."""

    def record(pilot, hired, *, days=20, first=None, source="social", actor=None, **extra):
        return services.hire_record(
            actor=actor or hr_lead,
            pilot=pilot,
            person=PersonFactory(),
            opening_title="Engineer",
            source=source,
            first_contact_date=first or hired - dt.timedelta(days=days),
            date=hired,
            now=NOW,
            **extra,
        )

    return record


@pytest.fixture
def hire_priced_by_sponsor_b(hr_lead, pilot_a, sponsor_b, record_hire):
    """An HR lead books a pilot A hire (1 Feb 2026, no costs) to sponsor B, whose 2026 baseline of
    5,000.00 per hire prices it: savings 5,000.00."""
    services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_b,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        recruiter_fees_per_hire="5000",
        source_note="Finance B",
        now=NOW,
    )
    return record_hire(pilot_a, dt.date(2026, 2, 1), first=dt.date(2026, 1, 1), sponsor=sponsor_b)


@pytest.fixture
def ledger(hr_lead, pilot_a, pilot_b, sponsor_a, record_hire):
    services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        travel_per_hire="1000",
        recruiter_fees_per_hire="8000",
        job_ads_per_hire="500",
        other_per_hire="500",
        time_to_hire_days=60,
        point_value="20",
        source_note="Finance: 2025 recruiting spend / hires",
        now=NOW,
    )

    def hire(pilot, source, first, hired, **costs):
        return record_hire(pilot, hired, first=first, source=source, **costs)

    hire(
        pilot_a,
        "social",
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 3),
        cost_video_tooling="200",
        staff_hours="10",
        staff_hour_rate="50",
    )
    hire(
        pilot_a,
        "employee_referral",
        dt.date(2026, 4, 1),
        dt.date(2026, 5, 16),
        cost_travel="300",
        staff_hours="4",
        staff_hour_rate="50",
    )
    hire(pilot_a, "recruiter", dt.date(2026, 6, 1), dt.date(2026, 8, 30), cost_travel="1200", cost_recruiter_fee="9000")
    hire(pilot_b, "alumni_referral", dt.date(2026, 9, 1), dt.date(2026, 9, 11), cost_video_tooling="100")

    company = CompanyFactory()
    intros = [
        services.introduction_record(
            actor=hr_lead,
            pilot=pilot_a,
            on_behalf_of=PersonFactory(),
            to_company=company,
            date=dt.date(2026, 4, d),
            now=NOW,
        )
        for d in (1, 2, 3, 4)
    ]
    for intro in intros[:3]:
        services.introduction_confirm(actor=hr_lead, introduction=intro, now=NOW)
    candidate = services.introduction_record(
        actor=hr_lead,
        pilot=pilot_a,
        on_behalf_of=PersonFactory(),
        on_behalf_kind="candidate",
        to_company=company,
        date=dt.date(2026, 4, 5),
        now=NOW,
    )
    services.introduction_confirm(actor=hr_lead, introduction=candidate, now=NOW)

    for kind, direction in (
        ("decision-maker-introduction", "received"),
        ("prospect-insight", "received"),
        ("general-information", "given"),
    ):
        services.assist_record(
            actor=hr_lead,
            pilot=pilot_a,
            person=PersonFactory(),
            assist_type=kind,
            direction=direction,
            date=dt.date(2026, 7, 1),
            now=NOW,
        )
    services.program_cost_record(
        actor=hr_lead,
        pilot=pilot_a,
        category="tools",
        description="Licences",
        amount="5000",
        date=dt.date(2026, 1, 15),
        now=NOW,
    )
    services.program_cost_record(
        actor=hr_lead,
        pilot=pilot_b,
        category="events",
        description="Meetup",
        amount="1000",
        date=dt.date(2026, 2, 15),
        now=NOW,
    )
