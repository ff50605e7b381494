"""A small ledger for pilot A and goals measured against it, worked out by hand.

Today is frozen at 1 Apr 2026 (TODAY). Pilot A runs 1 Jan 2026 to 31 Dec 2026; sponsor A's 2026
baseline prices a hire at 8,000.00 (recruiter fees). The slice of every goal: pilot A, 1 Jan 2026
to 1 Apr 2026.

Ledger (all pilot A):
- hires: social conversation 10 Feb (travel 300.00), shared-content response 5 Mar (video
  600.00), employee referral 20 Mar (travel 1,800.00): 3 hires, 2 of them from social channels;
  cost 2,700.00; cost per hire 2,700.00 / 3 = 900.00; savings (none is a legacy channel, all have
  the baseline) 3 x 8,000.00 - 2,700.00 = 21,300.00;
- introductions on behalf of alumni: 3 Feb, 4 Feb, 5 Feb; the first two confirmed meaningful.

Goals (pace: expected by today = target x days elapsed since 1 Jan / days from 1 Jan to the due
date, rounded half-up like the actual; "on track" when the shown actual >= the shown expected):

=====================  =====================  =======  ==========  ========================  =========
goal                   measure                target   due         expected by 1 Apr         status
=====================  =====================  =======  ==========  ========================  =========
Social hires           ledger.social_hires    6        1 Jul 2026  6 x 90/181 = 2.98 -> 3    behind (2)
All hires              ledger.hires           3        1 Jul 2026  -                         reached (3)
Cheap hires            ledger.cost_per_hire   1,000    1 Jul 2026  - (a ceiling, a level)    on track (900.00)
Meaningful intros      ledger.meaningful_     10       (none: the  10 x 90/364 = 2.47 -> 2   on track (2)
                       alumni_introductions            pilot's end
                                                       31 Dec)
Savings                ledger.savings         20,000   1 Jul 2026  -                         reached (21,300.00)
Ten hires by March     ledger.hires           10       1 Mar 2026  - (due date passed)       missed (3)
Team spirit            (none)                 5                                              not measured
=====================  =====================  =======  ==========  ========================  =========
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from metrics import services as metrics_services
from programs.models import Pilot, PilotGoal
from tests.people.factories import CompanyFactory, PersonFactory

TODAY = dt.date(2026, 4, 1)
NOW = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
JULY = dt.date(2026, 7, 1)

GOALS = (
    # name, measure, target, due
    ("Social hires", "ledger.social_hires", "6", JULY),
    ("All hires", "ledger.hires", "3", JULY),
    ("Cheap hires", "ledger.cost_per_hire", "1000", JULY),
    ("Meaningful intros", "ledger.meaningful_alumni_introductions", "10", None),
    ("Savings", "ledger.savings", "20000", JULY),
    ("Ten hires by March", "ledger.hires", "10", dt.date(2026, 3, 1)),
    ("Team spirit", "", "5", None),
)


def build_ledger(hr, pilot: Pilot) -> None:
    """The ledger of the module's docstring, written through the services."""
    Pilot.objects.filter(pk=pilot.pk).update(start_date=START, end_date=END)
    pilot.refresh_from_db()
    metrics_services.baseline_save(
        actor=hr,
        sponsor=pilot.sponsor,
        valid_from=START,
        valid_to=END,
        recruiter_fees_per_hire="8000",
        source_note="Finance 2026",
        now=NOW,
    )
    for source, hired, costs in (
        ("social", dt.date(2026, 2, 10), {"cost_travel": "300"}),
        ("shared_content", dt.date(2026, 3, 5), {"cost_video_tooling": "600"}),
        ("employee_referral", dt.date(2026, 3, 20), {"cost_travel": "1800"}),
    ):
        metrics_services.hire_record(
            actor=hr,
            pilot=pilot,
            person=PersonFactory(first_name=f"Hired{hired.day}", last_name=source),
            opening_title="Engineer",
            source=source,
            first_contact_date=hired - dt.timedelta(days=20),
            date=hired,
            now=NOW,
            **costs,
        )
    company = CompanyFactory(name="Acme Robotics")
    intros = [
        metrics_services.introduction_record(
            actor=hr,
            pilot=pilot,
            on_behalf_of=PersonFactory(first_name=f"Alumna{day}", last_name="Intro"),
            to_company=company,
            date=dt.date(2026, 2, day),
            now=NOW,
        )
        for day in (3, 4, 5)
    ]
    for intro in intros[:2]:
        metrics_services.introduction_confirm(actor=hr, introduction=intro, now=NOW)


def add_goals(pilot: Pilot, names: tuple[str, ...] | None = None) -> list[PilotGoal]:
    """The goals of the docstring's table (or those named), written straight to the table: what
    is tested is how they are read."""
    return [
        PilotGoal.objects.create(pilot=pilot, name=name, measure=measure, target=Decimal(target), due_date=due)
        for name, measure, target, due in GOALS
        if names is None or name in names
    ]
