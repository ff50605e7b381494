"""Demo ledger for Northwind: baselines, program costs, hires, introductions and assists.

Everything is written through metrics.services, by the user who would really do it: HR leads
record costs and baselines and confirm introductions; Ann and Raj log hires, introductions and
assists in their own pilots (the services check membership). Wins follow from the services.

Dates are relative to ``today`` and spread over the last twelve months. Anything less than
RECENT_DAYS ago is kept inside the current year, so "this year" on the ROI report has figures in
every stage even in early January.

Idempotent: each row is looked up by a natural key that does not include its date (a hire by
person and opening; an introduction by pilot, people and purpose; an assist by pilot, employee,
person, direction and type; a monthly cost by pilot, description and month start; a baseline by
sponsor and year), so a second run, even on another day, creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from accounts.models import User
from metrics import services
from metrics.models import (
    Assist,
    AssistDirection,
    AssistType,
    CostCategory,
    Hire,
    HireSource,
    Introduction,
    IntroductionKind,
    IntroductionPurpose,
    LegacyCostBaseline,
    ProgramCost,
)
from people.models import Company, Person
from programs.models import Pilot, SponsorOrganization

from .result import DemoResult, month_start

RECENT_DAYS = 60

# The legacy process, per hire, as Finance reports it (same figures for both sponsors).
BASELINE: dict[str, Any] = {
    "travel_per_hire": Decimal("2400"),
    "recruiter_fees_per_hire": Decimal("12000"),
    "job_ads_per_hire": Decimal("1800"),
    "other_per_hire": Decimal("600"),
    "time_to_hire_days": 62,
    "sales_cycle_days": 120,
    # What a day of a sales cycle costs the practice (account team and bid work): days saved on
    # assisted deals become value attributed in the ROI.
    "sales_cycle_day_value": Decimal("450"),
    "point_value": Decimal("40"),
}

# Pilots are named by stage here: 1 recruiting, 2 alumni, 3 business development.

# (stage, description, category, amount, hours, hour rate, months back): one row on the first of
# each of the last ``months`` months (this month included).
MONTHLY_COSTS = (
    (1, "Social scheduling tool (team plan)", CostCategory.TOOLS, "89", None, None, 12),
    (1, "Engineers' time sharing work and replying", CostCategory.STAFF_TIME, None, "24", "70", 12),
    (2, "Alumni group moderation tool", CostCategory.TOOLS, "45", None, None, 12),
    (2, "Alumni coordinator time", CostCategory.STAFF_TIME, None, "30", "75", 12),
    (3, "CRM add-on for alumni assists", CostCategory.TOOLS, "60", None, None, 2),
    (3, "Account team time on alumni outreach", CostCategory.STAFF_TIME, None, "10", "90", 2),
)

# (stage, description, category, amount, hours, hour rate, days ago): one-off costs.
ONE_OFF_COSTS = (
    (1, "Contributor guidelines workshop", CostCategory.POLICY, None, "6", "85", 330),
    (1, "Behind-the-curtain video: platform migration", CostCategory.VIDEOS, "3200", None, None, 200),
    (1, "Backend meetup sponsorship (room and pizza)", CostCategory.EVENTS, "1800", None, None, 160),
    (1, "Engineer day-in-the-life video", CostCategory.VIDEOS, "2400", None, None, 20),
    (2, "Social media policy: legal review", CostCategory.POLICY, None, "8", "150", 320),
    (2, "Alumni summer evening", CostCategory.EVENTS, "4500", None, None, 150),
    (2, "Alumni stories video series", CostCategory.VIDEOS, "2800", None, None, 90),
    (2, "Alumni breakfast, London", CostCategory.EVENTS, "1100", None, None, 15),
    (3, "Client confidentiality check for alumni outreach", CostCategory.POLICY, None, "4", "90", 25),
)

# (stage, person, opening, source, days ago, days from first contact, travel, recruiter fee, job ads,
#  video/tooling, staff hours, sponsor override or "", note)
HIRES = (
    (1, "Tomás Álvarez", "Site Reliability Engineer", HireSource.SOCIAL, 300, 41,
     "350", "0", "0", "120", "12", "", "Replied to Ann's post about our on-call handbook."),
    (1, "Kwame Mensah", "Platform Engineer", HireSource.SHARED_CONTENT, 240, 35,
     "0", "0", "0", "120", "10", "", "Asked about the platform-migration video."),
    (1, "Aiko Tanaka", "Backend Developer", HireSource.SOCIAL, 180, 48,
     "900", "0", "0", "120", "14", "", "First met in a Mastodon thread on Django testing."),
    (1, "Emma Johansson", "DevOps Engineer", HireSource.VIDEO_FIRST, 120, 30,
     "0", "0", "0", "300", "8", "", "Recorded answers instead of a first-round call."),
    (1, "Lukas Novák", "Backend Engineer", HireSource.EMPLOYEE_REFERRAL, 75, 38,
     "600", "0", "0", "0", "11", "", "Referred by Ann; on-site day in our office."),
    (1, "Ahmed Karim", "Cloud Engineer", HireSource.RECRUITER, 50, 70,
     "900", "12500", "1500", "0", "20", "", "Through an agency, for contrast with the pilot's channels."),
    (1, "Lucas Silva", "Machine Learning Engineer", HireSource.SOCIAL, 20, 44,
     "1200", "0", "0", "120", "15", "", "Found through a listening search; relocating."),
    (1, "Priya Raman", "Data Engineer", HireSource.SHARED_CONTENT, 8, 33,
     "0", "0", "0", "120", "9", "", "Recommended to us by Ravi; read our data-platform post."),
    (2, "Chloé Martin", "Senior Consultant", HireSource.ALUMNI_REFERRAL, 200, 28,
     "400", "0", "0", "0", "8", "", "Boomerang: came back after three years at Quarry & Finch."),
    (2, "Yuki Sato", "Frontend Developer", HireSource.ALUMNI_REFERRAL, 90, 40,
     "0", "0", "0", "120", "10", "Engineering", "Recommended by Felix Wagner (alumnus)."),
    (2, "Fatima Zahra", "Strategy Consultant", HireSource.ALUMNI_REFERRAL, 30, 25,
     "700", "0", "0", "0", "7", "", "Boomerang, referred back to us by Chloé."),
    (3, "Mateo García", "Junior Consultant", HireSource.ALUMNI_REFERRAL, 12, 36,
     "0", "0", "400", "0", "9", "", "Ingrid recommended him during the Tidewell conversations."),
)  # fmt: skip
STAFF_HOUR_RATE = "65"

# (stage, on behalf of, kind, to person or "", to company domain or "", purpose, days ago, meaningful, outcome)
A, C = IntroductionKind.ALUMNUS, IntroductionKind.CANDIDATE
P = IntroductionPurpose
INTRODUCTIONS = (
    (1, "Aiko Tanaka", C, "Felix Wagner", "", P.INSIGHT, 210, True, "Felix explained our platform work; Aiko applied."),
    (1, "Yuki Sato", C, "Samuel Osei", "lumen-robotics.example", P.JOB, 140, True, "Interview at Lumen Robotics."),
    (1, "Lucas Silva", C, "Ravi Kapoor", "", P.INSIGHT, 95, False, ""),
    (1, "Samuel Osei", A, "Omar Haddad", "kestrel-analytics.example", P.PARTNERSHIP, 60, False, ""),
    (1, "Felix Wagner", A, "Tomás Álvarez", "", P.INSIGHT, 25, False, ""),
    (1, "Emma Johansson", C, "Kwame Mensah", "", P.INSIGHT, 10, False, ""),
    (2, "Chloé Martin", A, "Ethan Clarke", "orchard-retail.example", P.JOB, 320, True, "Offer from Orchard."),
    (2, "Daniel Murphy", A, "Elena Petrova", "brightwater-energy.example", P.CONTRACT, 280, False, ""),
    (2, "Hannah Schmidt", A, "Zoe Papadopoulos", "kestrel-analytics.example", P.JOB, 250, True, "Hired by Kestrel."),
    (2, "Ravi Kapoor", A, "Omar Haddad", "", P.JOB, 220, False, ""),
    (2, "Amara Nwosu", A, "Lena Fischer", "halvorsen-logistics.example", P.CONTRACT, 190, True, "Six-month contract."),
    (2, "Fatima Zahra", A, "Sofia Rossi", "meridian-health.example", P.INSIGHT, 160, False, ""),
    (2, "Sofia Rossi", A, "Grace Liu", "lumen-robotics.example", P.JOB, 130, False, ""),
    (2, "Lena Fischer", A, "", "papertrail-print.example", P.CONTRACT, 110, False, ""),
    (2, "Felix Wagner", A, "Ingrid Nilsen", "tidewell.example", P.INSIGHT, 85, True, "Advice that shaped his talk."),
    (2, "Ethan Clarke", A, "Samuel Osei", "", P.INSIGHT, 70, False, ""),
    (2, "Ingrid Nilsen", A, "Hannah Schmidt", "", P.JOB, 45, False, ""),
    (2, "Mateo García", C, "Chloé Martin", "", P.INSIGHT, 40, False, ""),
    (2, "Daniel Murphy", A, "Ravi Kapoor", "", P.INSIGHT, 18, True, "Joint webinar planned."),
    (2, "Chloé Martin", A, "Amara Nwosu", "", P.OTHER, 6, False, ""),
    (3, "Ingrid Nilsen", A, "Jonas Berg", "tidewell.example", P.CLIENT, 35, True, "Discovery call with the CFO."),
    (3, "Ethan Clarke", A, "Marta Kowalska", "orchard-retail.example", P.CLIENT, 28, True, "Invited to tender."),
    (3, "Samuel Osei", A, "Grace Liu", "lumen-robotics.example", P.CLIENT, 22, False, ""),
    (3, "Sofia Rossi", A, "", "meridian-health.example", P.CLIENT, 14, False, ""),
    (3, "Lena Fischer", A, "Omar Haddad", "kestrel-analytics.example", P.PARTNERSHIP, 4, False, ""),
)  # fmt: skip

# (stage, logged by "ann"|"raj", direction, person, assist type key, days ago, note, opportunity or "")
G, R = AssistDirection.GIVEN, AssistDirection.RECEIVED
DMI, INTRO, INSIGHT, INFO = "decision-maker-introduction", "introduction", "prospect-insight", "general-information"
ASSISTS = (
    (1, "ann", R, "Samuel Osei", INTRO, 280, "Introduced us to two SRE candidates from his meetup.", ""),
    (1, "ann", G, "Aiko Tanaka", INFO, 230, "Reviewed her CV and portfolio.", ""),
    (1, "ann", R, "Felix Wagner", INFO, 190, "Shared our platform-migration post with his followers.", ""),
    (1, "ann", G, "Emma Johansson", INTRO, 150, "Introduced her to the Munich Python meetup organisers.", ""),
    (1, "ann", R, "Kwame Mensah", INFO, 100, "Feedback on the wording of our job posts.", ""),
    (1, "ann", G, "Yuki Sato", INFO, 60, "Explained how our video-first interviews work.", ""),
    (1, "ann", R, "Ravi Kapoor", INTRO, 40, "Recommended Priya for the data team.", ""),
    (1, "ann", G, "Lucas Silva", INFO, 30, "Answered questions about relocating to Hamburg.", ""),
    (2, "raj", G, "Chloé Martin", INTRO, 320, "Introduced Chloé to Orchard's Head of IT.", ""),
    (2, "raj", R, "Daniel Murphy", INFO, 300, "Shared how Stratus runs its alumni evenings.", ""),
    (2, "ann", G, "Hannah Schmidt", INTRO, 250, "Introduced Hannah to Kestrel's talent lead.", ""),
    (2, "raj", R, "Lena Fischer", DMI, 210, "Introduced us to Halvorsen's COO.", ""),
    (2, "raj", G, "Amara Nwosu", INFO, 190, "Reference letter for her MBA application.", ""),
    (2, "ann", R, "Sofia Rossi", INSIGHT, 170, "Explained Meridian's procurement calendar.", ""),
    (2, "raj", G, "Fatima Zahra", INTRO, 140, "Introduced Fatima to a Meridian product lead.", ""),
    (2, "raj", R, "Ingrid Nilsen", INTRO, 110, "Referred Mateo García to us.", ""),
    (2, "ann", G, "Ravi Kapoor", INFO, 80, "Pointed Ravi to our data-platform talk.", ""),
    (2, "raj", R, "Ethan Clarke", INSIGHT, 60, "Told us Orchard is reviewing its ERP.", ""),
    (2, "ann", G, "Felix Wagner", INFO, 35, "Feedback on his conference talk draft.", ""),
    (2, "raj", R, "Chloé Martin", INTRO, 20, "Referred Fatima Zahra back to us.", ""),
    (2, "raj", G, "Daniel Murphy", INTRO, 9, "Introduced Daniel to a webinar co-host.", ""),
    (3, "raj", R, "Ingrid Nilsen", DMI, 50, "Introduced us to Tidewell's CFO.", "Tidewell: risk platform"),
    (3, "raj", R, "Ethan Clarke", DMI, 42, "Introduced us to Orchard's procurement director.", "Orchard: ERP migration"),
    (3, "raj", R, "Sofia Rossi", INSIGHT, 38, "Who decides on analytics at Meridian.", "Meridian: analytics review"),
    (3, "raj", G, "Ingrid Nilsen", INFO, 33, "Shared our risk-model write-up for her board.", ""),
    (3, "raj", R, "Samuel Osei", INSIGHT, 27, "Lumen's budget cycle and its timing.", "Lumen: automation roadmap"),
    (3, "raj", G, "Ethan Clarke", INTRO, 21, "Introduced Ethan to a Kestrel data architect.", ""),
    (3, "raj", R, "Lena Fischer", INTRO, 15, "Introduced us to Halvorsen's IT lead.", "Halvorsen: WMS upgrade"),
    (3, "raj", G, "Sofia Rossi", INFO, 11, "Benchmarks for her team's hiring plan.", ""),
    (3, "raj", R, "Amara Nwosu", INSIGHT, 5, "How Stratus prices ERP reviews.", "Orchard: ERP migration"),
)  # fmt: skip


def load_metrics(
    *,
    hr: User,
    contributors: Mapping[str, User],
    pilots: Mapping[int, Pilot],
    sponsors: Mapping[str, SponsorOrganization],
    people: Mapping[str, Person],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    """Create whatever part of the demo ledger is missing (called inside load_demo's transaction)."""
    _baselines(hr, sponsors.values(), today, now, result)
    _costs(hr, pilots, today, now, result)
    _hires(hr, contributors, pilots, sponsors, people, today, now, result)
    _introductions(hr, contributors, pilots, people, today, now, result)
    _assists(contributors, pilots, people, today, now, result)


def on_day(today: dt.date, days_ago: int) -> dt.date:
    """``days_ago`` before today; a recent date stays in the current year."""
    day = today - dt.timedelta(days=days_ago)
    if days_ago < RECENT_DAYS:
        day = max(day, today.replace(month=1, day=1))
    return day


def _baselines(
    hr: User, sponsors: Iterable[SponsorOrganization], today: dt.date, now: dt.datetime, result: DemoResult
) -> None:
    for sponsor in sponsors:
        for year in (today.year - 1, today.year):
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            note = f"Finance: FY{year} {sponsor.name} recruiting spend / hires; sales cycle from the CRM"
            overlapping = LegacyCostBaseline.objects.filter(sponsor=sponsor, valid_from__lte=end, valid_to__gte=start)
            if overlapping.exists():
                # This year's (or an HR lead's own) baseline is already there. A demo baseline made
                # before baselines had a sales-cycle day value gets the demo's; nothing else changes.
                for baseline in overlapping.filter(source_note=note, sales_cycle_day_value__isnull=True):
                    services.baseline_save(
                        actor=hr, baseline=baseline, sales_cycle_day_value=BASELINE["sales_cycle_day_value"], now=now
                    )
                    result.created["cost baselines given a sales-cycle day value"] += 1
                continue
            services.baseline_save(
                actor=hr, sponsor=sponsor, valid_from=start, valid_to=end, source_note=note, now=now, **BASELINE
            )
            result.created["cost baselines"] += 1


def _record_cost(
    hr: User,
    pilot: Pilot,
    row: tuple[int, str, str, str | None, str | None, str | None, int],
    day: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    _stage, description, category, amount, hours, rate, _when = row
    if ProgramCost.objects.filter(pilot=pilot, description=description, date=day).exists():
        return
    services.program_cost_record(
        actor=hr,
        pilot=pilot,
        category=category,
        description=description,
        amount=amount,
        hours=hours,
        hour_rate=rate,
        date=day,
        now=now,
    )
    result.created["program costs"] += 1


def _costs(hr: User, pilots: Mapping[int, Pilot], today: dt.date, now: dt.datetime, result: DemoResult) -> None:
    for row in MONTHLY_COSTS:
        for back in range(row[6]):
            _record_cost(hr, pilots[row[0]], row, month_start(today, back), now, result)
    for row in ONE_OFF_COSTS:
        pilot = pilots[row[0]]
        # One-off costs are keyed without their date: a later run must not add them again.
        if ProgramCost.objects.filter(pilot=pilot, description=row[1]).exists():
            continue
        _record_cost(hr, pilot, row, on_day(today, row[6]), now, result)


def _logger_for(stage: int, contributors: Mapping[str, User]) -> User:
    return contributors["ann"] if stage == 1 else contributors["raj"]


def _hires(
    hr: User,
    contributors: Mapping[str, User],
    pilots: Mapping[int, Pilot],
    sponsors: Mapping[str, SponsorOrganization],
    people: Mapping[str, Person],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    for row in HIRES:
        stage, name, opening, source, days_ago, days_to_hire = row[:6]
        travel, fee, ads, video, hours, sponsor_name, note = row[6:]
        person = people.get(name)
        if person is None or Hire.objects.filter(person=person, opening_title=opening).exists():
            continue
        hired = on_day(today, days_ago)
        services.hire_record(
            # Booking a hire to another sponsor than the pilot's is an HR lead's call.
            actor=hr if sponsor_name else _logger_for(stage, contributors),
            pilot=pilots[stage],
            person=person,
            opening_title=opening,
            source=source,
            first_contact_date=hired - dt.timedelta(days=days_to_hire),
            date=hired,
            sponsor=sponsors[sponsor_name] if sponsor_name else None,
            cost_travel=travel,
            cost_recruiter_fee=fee,
            cost_job_ads=ads,
            cost_video_tooling=video,
            staff_hours=hours,
            staff_hour_rate=STAFF_HOUR_RATE,
            note=note,
            now=now,
        )
        result.created["hires"] += 1


def _introductions(
    hr: User,
    contributors: Mapping[str, User],
    pilots: Mapping[int, Pilot],
    people: Mapping[str, Person],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    for n, (stage, behalf, kind, to_name, to_domain, purpose, days_ago, meaningful, outcome) in enumerate(
        INTRODUCTIONS
    ):
        on_behalf_of = people.get(behalf)
        to_person = people.get(to_name) if to_name else None
        to_company = Company.objects.filter(domain__iexact=to_domain).first() if to_domain else None
        if on_behalf_of is None or (to_name and to_person is None) or (to_domain and to_company is None):
            continue
        pilot = pilots[stage]
        if Introduction.objects.filter(
            pilot=pilot, on_behalf_of=on_behalf_of, to_person=to_person, to_company=to_company, purpose=purpose
        ).exists():
            continue
        # Stage 2 is shared: Ann logs every third one, Raj the rest.
        actor = contributors["ann"] if stage == 1 or (stage == 2 and n % 3 == 0) else contributors["raj"]
        row = services.introduction_record(
            actor=actor,
            pilot=pilot,
            on_behalf_of=on_behalf_of,
            on_behalf_kind=kind,
            to_person=to_person,
            to_company=to_company,
            purpose=purpose,
            date=on_day(today, days_ago),
            outcome=outcome,
            now=now,
        )
        result.created["introductions"] += 1
        if meaningful:
            services.introduction_confirm(actor=hr, introduction=row, meaningful=True, now=now)
            result.created["introductions confirmed meaningful"] += 1


def _assists(
    contributors: Mapping[str, User],
    pilots: Mapping[int, Pilot],
    people: Mapping[str, Person],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    types = {t.key: t for t in AssistType.objects.filter(is_active=True)}
    for stage, who, direction, name, type_key, days_ago, note, opportunity in ASSISTS:
        person = people.get(name)
        kind = types.get(type_key)
        if person is None:
            continue
        if kind is None:
            result.skipped.append(f"assist '{note}': the assist type {type_key!r} is missing or retired")
            continue
        employee, pilot = contributors[who], pilots[stage]
        if Assist.objects.filter(
            pilot=pilot, employee=employee, person=person, direction=direction, assist_type=kind
        ).exists():
            continue
        services.assist_record(
            actor=employee,
            pilot=pilot,
            person=person,
            assist_type=kind,
            direction=direction,
            date=on_day(today, days_ago),
            reference_kind="opportunity" if opportunity else "",
            reference_label=opportunity,
            note=note,
            now=now,
        )
        result.created["assists"] += 1


def link_deal_assists(
    *, actor: User, pilot: Pilot, deals: Mapping[str, int], now: dt.datetime, result: DemoResult
) -> None:
    """Link the pilot's Stage 3 assists that name a deal (``reference_label``, see ASSISTS) but do
    not point at it yet to that deal (``deals``: name → id), through the ledger's reference fields.
    ``actor`` is who logged them (a contributor corrects their own rows)."""
    unlinked = Assist.objects.filter(
        pilot=pilot, stage=3, reference_kind="opportunity", reference_id="", reference_label__in=list(deals)
    ).order_by("pk")
    for assist in unlinked:
        name = assist.reference_label
        services.assist_update(
            actor=actor,
            assist=assist,
            reference_kind="opportunity",
            reference_id=str(deals[name]),
            reference_label=name,
            now=now,
        )
        result.created["assists linked to deals"] += 1
