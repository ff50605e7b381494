"""The small ledger the home page's tests share; its figures are worked out by hand in
tests/test_home_kpis.py's docstring. Today is 20 Nov 2026 (TODAY): this quarter is Q4 2026."""

from __future__ import annotations

import datetime as dt

from metrics import services
from tests.people.factories import CompanyFactory, PersonFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def hire(actor, pilot, day: dt.date, *, now: dt.datetime = NOW, **costs):
    return services.hire_record(
        actor=actor,
        pilot=pilot,
        person=PersonFactory(),
        opening_title="Engineer",
        source="social",
        first_contact_date=day - dt.timedelta(days=30),
        date=day,
        now=now,
        **costs,
    )


def assist(actor, pilot, day: dt.date, kind: str, direction: str = "received"):
    return services.assist_record(
        actor=actor, pilot=pilot, person=PersonFactory(), assist_type=kind, direction=direction, date=day, now=NOW
    )


def introduction(actor, pilot, day: dt.date, *, meaningful: bool, now: dt.datetime = NOW):
    row = services.introduction_record(
        actor=actor, pilot=pilot, on_behalf_of=PersonFactory(), to_company=CompanyFactory(), date=day, now=now
    )
    if meaningful:
        services.introduction_confirm(actor=actor, introduction=row, now=now)
    return row


def cost(actor, pilot, day: dt.date, amount: str, *, now: dt.datetime = NOW):
    return services.program_cost_record(
        actor=actor, pilot=pilot, category="tools", description="Licences", amount=amount, date=day, now=now
    )


def baseline(actor, sponsor, start: dt.date = dt.date(2025, 1, 1), end: dt.date = dt.date(2026, 12, 31)):
    """10,000.00 per hire (1,000 travel + 8,000 recruiters + 500 ads + 500 other), 20.00 a point."""
    return services.baseline_save(
        actor=actor,
        sponsor=sponsor,
        valid_from=start,
        valid_to=end,
        travel_per_hire="1000",
        recruiter_fees_per_hire="8000",
        job_ads_per_hire="500",
        other_per_hire="500",
        time_to_hire_days=60,
        point_value="20",
        source_note="Finance",
        now=NOW,
    )


def build(hr_lead, pilot_a, sponsor_a) -> None:
    """Pilot A's ledger: Q4 2025, Q3 2026 and Q4 2026 (see tests/test_home_kpis.py)."""
    baseline(hr_lead, sponsor_a)
    # Q4 2025
    hire(hr_lead, pilot_a, dt.date(2025, 11, 3), cost_travel="2500")
    # Q3 2026
    hire(hr_lead, pilot_a, dt.date(2026, 8, 5), cost_travel="1600")
    cost(hr_lead, pilot_a, dt.date(2026, 7, 10), "4000")
    for kind in ("decision-maker-introduction", "introduction", "general-information"):
        assist(hr_lead, pilot_a, dt.date(2026, 9, 1), kind)
    for meaningful in (True, True, False, False):
        introduction(hr_lead, pilot_a, dt.date(2026, 9, 2), meaningful=meaningful)
    # Q4 2026
    hire(hr_lead, pilot_a, dt.date(2026, 10, 15), cost_video_tooling="200", staff_hours="10", staff_hour_rate="50")
    hire(hr_lead, pilot_a, dt.date(2026, 11, 10), cost_travel="1300.01")
    cost(hr_lead, pilot_a, dt.date(2026, 11, 2), "6000")
    assist(hr_lead, pilot_a, dt.date(2026, 10, 5), "decision-maker-introduction")
    assist(hr_lead, pilot_a, dt.date(2026, 10, 6), "introduction")
    assist(hr_lead, pilot_a, dt.date(2026, 11, 5), "general-information")
    assist(hr_lead, pilot_a, dt.date(2026, 11, 6), "general-information")
    assist(hr_lead, pilot_a, dt.date(2026, 11, 7), "general-information", direction="given")
    introduction(hr_lead, pilot_a, dt.date(2026, 10, 20), meaningful=True)
    introduction(hr_lead, pilot_a, dt.date(2026, 11, 12), meaningful=False)
