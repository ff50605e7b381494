"""The ROI report against a realistically large ledger: 1,000,000 rows and 100,000 people.

Builds (once per database; skipped when the ledger is already there) 100,000 people at 500
companies, 10 sponsor organizations with 30 pilots (10 per stage) and their members, 3 managers,
legacy baselines per sponsor per year, and 1,000,000 ledger rows over 2024-01-01..2026-11-20:
450,000 introductions (about 30 % confirmed meaningful), 450,000 assists on the default value
scale, 60,000 hires from every source with their costs, and 40,000 program costs. Rows are
written with PostgreSQL COPY from in-memory buffers, and the columns the services compute
(stage = the pilot's stage, points from the assist type, time_to_hire_days, total_cost, a cost's
amount from hours x rate) are computed here the same way, since the bench bypasses the services.
For the same reason the daily rollups the report reads (metrics.rollups: introductions and assists
per day and pilot, which the services keep in step on every write) are then built from the ledger
with rebuild_rollups(), as ``manage.py metrics_rebuild_rollups`` does after a bulk load; its time
is printed.

Then it measures, 20 requests each after 2 warm-ups, the median and p95 server time and the
query count of the ROI report for a year, all stages, as an HR lead — through the real page
(GET metrics:index ?period=year&start=...) when it exists, else build_report() alone — and a
manager's report, one stage, one pilot, a quarter, and build_report() alone (SQL + Python
without rendering). Target: median <= 150 ms for the year/all stages page. The load average is
printed with each table: on a 2-core machine shared with other work, the "min" column is the
least disturbed figure.

The daily rollups and the covering (date, stage) indexes of hires and program costs, which
earlier runs tried here as experiments, are in the migrations (metrics 0003).

Figures only, no pass/fail (see bench/README.md). Needs PostgreSQL.

    scripts/with-services.sh .venv/bin/python bench/roi.py
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")

import warnings

import django

# Static files are served by the finders here; whitenoise's note about STATIC_ROOT is noise.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from metrics.models import (  # noqa: E402
    Assist,
    AssistDaily,
    AssistType,
    CostCategory,
    Hire,
    HireSource,
    Introduction,
    IntroductionDaily,
    IntroductionKind,
    IntroductionPurpose,
    LegacyCostBaseline,
    ProgramCost,
)
from metrics.money import half_up  # noqa: E402
from metrics.report import build_report  # noqa: E402
from metrics.rollups import rebuild_rollups  # noqa: E402
from people.models import Company, Person  # noqa: E402
from programs.models import Membership, Pilot, SponsorOrganization  # noqa: E402

REPEAT, WARMUP = 20, 2
SEED = 20261126
PEOPLE, COMPANIES, SPONSORS, PILOTS_PER_STAGE, CONTRIBUTORS, MEMBERS_PER_PILOT = 100_000, 500, 10, 10, 200, 8
INTRODUCTIONS, ASSISTS, HIRES, COSTS = 450_000, 450_000, 60_000, 40_000
FIRST_DAY, LAST_DAY = dt.date(2024, 1, 1), dt.date(2026, 11, 20)
YEARS = (2024, 2025, 2026)
MEASURED_YEAR = 2025
CHUNK = 100_000
CENTS = Decimal("0.01")
TARGET_MS = 150.0

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances"]
LAST = ["Smith", "Okafor", "Nguyen", "Garcia", "Müller", "Kowalski", "Haddad", "Rossi", "Sato", "Silva"]
CITIES = [("DE", "Berlin"), ("DE", "Munich"), ("FR", "Paris"), ("NL", "Amsterdam"), ("GB", "London"), ("US", "Boston")]
TITLES = ["Engineer", "Consultant", "Product manager", "Designer", "Analyst", "Sales lead", "CTO", "Recruiter"]
OPENINGS = ["Backend engineer", "Consultant", "Data analyst", "Account executive", "Designer", "Team lead"]


def _n(value: object) -> str:
    """One COPY text-format field."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def copy_rows(table: str, columns: list[str], rows: Iterator[tuple[object, ...]]) -> int:
    """COPY ``rows`` into ``table`` in chunks of CHUNK rows from an in-memory buffer."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    total = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg2's own cursor, for copy_expert
        while True:
            buffer = io.StringIO()
            n = 0
            for row in rows:
                buffer.write("\t".join(map(_n, row)))
                buffer.write("\n")
                n += 1
                if n == CHUNK:
                    break
            if not n:
                break
            buffer.seek(0)
            raw.copy_expert(sql, buffer)
            total += n
            if n < CHUNK:
                break
    return total


# --- data ------------------------------------------------------------------------------------


def _weighted_days(rng: random.Random, count: int) -> list[dt.date]:
    """``count`` working days, the program growing over time (density rising linearly)."""
    span = (LAST_DAY - FIRST_DAY).days
    out: list[dt.date] = []
    while len(out) < count:
        day = FIRST_DAY + dt.timedelta(days=int(span * rng.random() ** 0.6))
        if day.weekday() >= 5 and rng.random() < 0.85:
            continue
        out.append(day)
    return out


def build() -> tuple[User, User, Pilot]:
    """Create the data set unless it is there; returns the users and pilots the bench needs."""
    hr, _ = User.objects.get_or_create(email="roi-hr@bench.example", defaults={"role": Role.HR_LEAD})
    if Pilot.objects.filter(name__startswith="ROI pilot").exists() and Hire.objects.count() >= HIRES:
        if not IntroductionDaily.objects.exists():  # a ledger loaded before the rollups existed
            _rollups()
        return _actors(hr)
    rng = random.Random(SEED)
    started = time.perf_counter()
    rows = 0
    with transaction.atomic():
        sponsors = SponsorOrganization.objects.bulk_create(
            [SponsorOrganization(name=f"ROI sponsor {i}") for i in range(SPONSORS)]
        )
        pilots = Pilot.objects.bulk_create(
            [
                Pilot(
                    name=f"ROI pilot {stage}-{i}",
                    stage=stage,
                    sponsor=sponsors[(i + stage) % SPONSORS],
                    status="active",
                    start_date=FIRST_DAY,
                )
                for stage in (1, 2, 3)
                for i in range(PILOTS_PER_STAGE)
            ]
        )
        contributors = User.objects.bulk_create(
            [User(email=f"roi{i}@bench.example", full_name=f"Contributor {i}") for i in range(CONTRIBUTORS)]
        )
        managers = User.objects.bulk_create(
            [User(email=f"roi-manager{i}@bench.example", full_name=f"Manager {i}", role=Role.MANAGER) for i in range(3)]
        )
        for k, manager in enumerate(managers):
            manager.managed_sponsors.set(sponsors[3 * k : 3 * k + 3])
        members: dict[int, list[int]] = {}
        memberships = []
        for pilot in pilots:
            chosen = rng.sample(contributors, MEMBERS_PER_PILOT)
            members[pilot.pk] = [u.pk for u in chosen]
            memberships += [
                Membership(pilot=pilot, user=u, role="champion" if j == 0 else "contributor")
                for j, u in enumerate(chosen)
            ]
        Membership.objects.bulk_create(memberships)
        _baselines(rng, sponsors)
        companies = Company.objects.bulk_create(
            [Company(name=f"ROI company {i}", domain=f"roi{i}.bench.example") for i in range(COMPANIES)]
        )
        company_ids = [c.pk for c in companies]
        replica = _foreign_key_triggers(enabled=False)
        phase = time.perf_counter()
        rows += _people(rng, company_ids)
        person_lo, person_hi = _id_range(Person)
        people_seconds = time.perf_counter() - phase
        phase = time.perf_counter()
        rows += _introductions(rng, pilots, members, hr.pk, person_lo, person_hi, company_ids)
        rows += _assists(rng, pilots, members, person_lo, person_hi)
        rows += _hires(rng, pilots, hr.pk, person_lo, person_hi)
        rows += _costs(rng, pilots, hr.pk)
        ledger_seconds = time.perf_counter() - phase
        phase = time.perf_counter()
        if replica:
            _foreign_key_triggers(enabled=True)
            _check_foreign_keys()
        check_seconds = time.perf_counter() - phase
    rollup_seconds = _rollups()
    phase = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Person, Introduction, Assist, Hire, ProgramCost, IntroductionDaily, AssistDaily):
            # What autovacuum does to a settled table: statistics and the visibility map.
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    vacuum_seconds = time.perf_counter() - phase
    seconds = time.perf_counter() - started
    ledger_rows = rows - PEOPLE
    print(
        f"built {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s overall): "
        f"{PEOPLE:,} people {people_seconds:.1f} s; {ledger_rows:,} ledger rows by COPY {ledger_seconds:.1f} s "
        f"({ledger_rows / ledger_seconds:,.0f} rows/s); foreign keys "
        + (f"checked set-wise {check_seconds:.1f} s" if replica else "checked per row (not a superuser)")
        + f"; daily rollups {rollup_seconds:.1f} s; VACUUM ANALYZE {vacuum_seconds:.1f} s"
    )
    return _actors(hr)


def _rollups() -> float:
    """The report's daily rollups from the ledger just loaded (COPY bypasses the services that keep
    them in step): metrics.rollups.rebuild_rollups(), as manage.py metrics_rebuild_rollups runs it."""
    result = rebuild_rollups()
    print(
        f"daily rollups rebuilt from the ledger in {result.seconds:.2f} s: {result.introduction_rows:,} "
        f"introduction rows, {result.assist_rows:,} assist rows"
    )
    return result.seconds


def _foreign_key_triggers(*, enabled: bool) -> bool:
    """Bulk load without PostgreSQL's per-row foreign-key triggers (session_replication_role =
    replica; superuser only). Django's foreign keys are DEFERRABLE INITIALLY DEFERRED, so with the
    triggers on, a million rows queue ~5 million checks that run one by one at COMMIT (about a
    minute here). _check_foreign_keys() then checks every key with one anti-join per column."""
    role = "DEFAULT" if enabled else "replica"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET session_replication_role = {role}")
    except Exception:  # not a superuser: keep the triggers, slower but still correct
        return False
    return True


def _check_foreign_keys() -> None:
    with connection.cursor() as cursor:
        for model in (Person, Introduction, Assist, Hire, ProgramCost):
            for f in model._meta.concrete_fields:
                if not f.is_relation:
                    continue
                target = f.related_model._meta  # type: ignore[union-attr]
                cursor.execute(
                    f"SELECT count(*) FROM {model._meta.db_table} t LEFT JOIN {target.db_table} r "
                    f"ON r.{target.pk.column} = t.{f.column} WHERE t.{f.column} IS NOT NULL AND r.{target.pk.column} IS NULL"
                )
                (dangling,) = cursor.fetchone()
                if dangling:
                    raise SystemExit(f"{dangling} rows of {model._meta.db_table}.{f.column} point nowhere")


def _actors(hr: User) -> tuple[User, User, Pilot]:
    """The HR lead, a manager of three sponsors, and a stage-1 pilot."""
    pilot = Pilot.objects.filter(name__startswith="ROI pilot 1-").order_by("pk").first()
    assert pilot is not None
    return hr, User.objects.get(email="roi-manager0@bench.example"), pilot


def _id_range(model: Any) -> tuple[int, int]:
    ids = model.objects.order_by().values_list("pk", flat=True)
    return ids.order_by("pk").first(), ids.order_by("-pk").first()


def _baselines(rng: random.Random, sponsors: list[SponsorOrganization]) -> None:
    """One per sponsor per year; sponsor 9 has none in 2024 (its hires are flagged, not guessed),
    sponsor 0 changed its figures on 16 July 2025 (mid-month), sponsor 5 has a second baseline
    overlapping its 2025 one (the later valid_from wins), sponsor 3 lacks a legacy time in 2025."""
    out = []
    for s, sponsor in enumerate(sponsors):
        for year in YEARS:
            if s == 9 and year == 2024:
                continue
            halves = [(dt.date(year, 1, 1), dt.date(year, 12, 31))]
            if s == 0 and year == 2025:
                halves = [(dt.date(year, 1, 1), dt.date(year, 7, 15)), (dt.date(year, 7, 16), dt.date(year, 12, 31))]
            if s == 5 and year == 2025:
                halves.append((dt.date(year, 3, 10), dt.date(year, 4, 20)))
            for valid_from, valid_to in halves:
                out.append(
                    LegacyCostBaseline(
                        sponsor=sponsor,
                        valid_from=valid_from,
                        valid_to=valid_to,
                        travel_per_hire=Decimal(rng.randrange(500, 2000)),
                        recruiter_fees_per_hire=Decimal(rng.randrange(5000, 15000)),
                        job_ads_per_hire=Decimal(rng.randrange(300, 2000)),
                        other_per_hire=Decimal(rng.randrange(200, 1000)),
                        time_to_hire_days=None if (s == 3 and year == 2025) else rng.randrange(45, 90),
                        sales_cycle_days=rng.randrange(60, 180),
                        point_value=Decimal(rng.randrange(500, 3000)) / 100,
                        source_note=f"Finance, FY{year} recruiting spend / hires",
                    )
                )
    LegacyCostBaseline.objects.bulk_create(out)


def _people(rng: random.Random, company_ids: list[int]) -> int:
    now = "2024-01-01 09:00:00+00"
    cols = [
        "first_name",
        "last_name",
        "title",
        "company_id",
        "country",
        "city",
        "source",
        "source_detail",
        "consent_to_contact",
        "consent_date",
        "do_not_contact",
        "notes",
        "created_at",
        "updated_at",
    ]

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(PEOPLE):
            country, city = CITIES[i % len(CITIES)]
            consent = i % 3 == 0
            yield (
                FIRST[i % 10],
                f"{LAST[(i // 10) % 10]}{i}",
                TITLES[i % len(TITLES)],
                company_ids[rng.randrange(len(company_ids))] if rng.random() < 0.7 else None,
                country,
                city,
                "import" if i % 4 else "manual",
                "",
                consent,
                "2024-01-01" if consent else None,
                False,
                "",
                now,
                now,
            )

    return copy_rows(Person._meta.db_table, cols, rows())


def _pilot_picker(rng: random.Random, pilots: list[Pilot]) -> Callable[[], Pilot]:
    """Busy and quiet pilots: Zipf-like activity."""
    order = pilots[:]
    rng.shuffle(order)
    weights = [1 / (i + 1) ** 0.7 for i in range(len(order))]
    cum = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick() -> Pilot:
        return order[bisect.bisect(cum, rng.random() * total)]

    return pick


def _introductions(rng, pilots, members, hr_id, person_lo, person_hi, company_ids) -> int:
    pick = _pilot_picker(rng, pilots)
    kinds = rng.choices(
        [IntroductionKind.ALUMNUS, IntroductionKind.CANDIDATE, IntroductionKind.EMPLOYEE, IntroductionKind.OTHER],
        [70, 15, 10, 5],
        k=INTRODUCTIONS,
    )
    purposes = rng.choices(IntroductionPurpose.values, [35, 15, 20, 15, 10, 5], k=INTRODUCTIONS)
    days = _weighted_days(rng, INTRODUCTIONS)
    cols = [
        "made_by_id",
        "on_behalf_of_id",
        "on_behalf_kind",
        "to_person_id",
        "to_company_id",
        "purpose",
        "pilot_id",
        "stage",
        "date",
        "meaningful",
        "confirmed_by_id",
        "confirmed_at",
        "outcome",
        "created_by_id",
        "created_at",
    ]

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(INTRODUCTIONS):
            pilot = pick()
            crew = members[pilot.pk]
            maker = crew[rng.randrange(len(crew))]
            day = days[i]
            r = rng.random()
            to_person = rng.randint(person_lo, person_hi) if r < 0.75 else None
            to_company = company_ids[rng.randrange(len(company_ids))] if r >= 0.5 else None
            meaningful = rng.random() < 0.3
            yield (
                maker,
                rng.randint(person_lo, person_hi),
                kinds[i],
                to_person,
                to_company,
                purposes[i],
                pilot.pk,
                pilot.stage,
                day,
                meaningful,
                (crew[0] if rng.random() < 0.7 else hr_id) if meaningful else None,
                f"{day + dt.timedelta(days=rng.randrange(3, 30))} 10:00:00+00" if meaningful else None,
                "Led to a conversation" if meaningful else "",
                maker,
                f"{day} 09:00:00+00",
            )

    return copy_rows(Introduction._meta.db_table, cols, rows())


def _assists(rng, pilots, members, person_lo, person_hi) -> int:
    pick = _pilot_picker(rng, pilots)
    scale = {t.key: t for t in AssistType.objects.all()}
    types = [
        scale[k]
        for k in ("decision-maker-introduction", "introduction", "prospect-insight", "general-information")
        if k in scale
    ]
    chosen = rng.choices(types, [10, 25, 30, 35][: len(types)], k=ASSISTS)
    days = _weighted_days(rng, ASSISTS)
    cols = [
        "direction",
        "employee_id",
        "person_id",
        "assist_type_id",
        "points",
        "reference_kind",
        "reference_id",
        "reference_label",
        "pilot_id",
        "stage",
        "date",
        "note",
        "created_by_id",
        "created_at",
    ]

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(ASSISTS):
            pilot = pick()
            crew = members[pilot.pk]
            employee = crew[rng.randrange(len(crew))]
            kind = chosen[i]
            ref = rng.random() < 0.4
            yield (
                "received" if rng.random() < 0.55 else "given",
                employee,
                rng.randint(person_lo, person_hi),
                kind.pk,
                kind.points,
                ("opportunity" if pilot.stage == 3 else "help request") if ref else "",
                str(rng.randrange(1, 5000)) if ref else "",
                f"Request {i}" if ref else "",
                pilot.pk,
                pilot.stage,
                days[i],
                "",
                employee,
                f"{days[i]} 09:00:00+00",
            )

    return copy_rows(Assist._meta.db_table, cols, rows())


SOURCE_WEIGHTS = {
    1: [20, 20, 15, 10, 10, 15, 8, 2],  # recruiting: conversations, referrals, video-first
    2: [10, 15, 35, 10, 5, 15, 8, 2],  # alumni: alumni referrals
    3: [15, 20, 20, 10, 5, 15, 12, 3],
}


def _hires(rng, pilots, hr_id, person_lo, person_hi) -> int:
    pick = _pilot_picker(rng, pilots)
    days = _weighted_days(rng, HIRES)
    sources = HireSource.values
    cols = [
        "person_id",
        "opening_title",
        "sponsor_id",
        "pilot_id",
        "stage",
        "source",
        "first_contact_date",
        "date",
        "time_to_hire_days",
        "cost_travel",
        "cost_recruiter_fee",
        "cost_job_ads",
        "cost_video_tooling",
        "staff_hours",
        "staff_hour_rate",
        "total_cost",
        "reference_id",
        "note",
        "created_by_id",
        "created_at",
    ]

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(HIRES):
            pilot = pick()
            source = rng.choices(sources, SOURCE_WEIGHTS[pilot.stage])[0]
            legacy = source in (HireSource.JOB_AD, HireSource.RECRUITER)
            hired = days[i]
            ttl = max(1, int(rng.lognormvariate(4.1 if legacy else 3.5, 0.4)))  # ~60 vs ~33 days
            first = hired - dt.timedelta(days=ttl)
            travel = Decimal(rng.randrange(100, 1500)) if rng.random() < (0.6 if legacy else 0.25) else Decimal(0)
            fee = Decimal(rng.randrange(8000, 20000)) if source == HireSource.RECRUITER else Decimal(0)
            ads = Decimal(rng.randrange(300, 3000)) if source == HireSource.JOB_AD else Decimal(0)
            video = Decimal(rng.randrange(100, 800)) if source == HireSource.VIDEO_FIRST else Decimal(0)
            hours = (Decimal(rng.randrange(4, 80)) / 2).quantize(CENTS)
            rate = Decimal(rng.randrange(40, 90)).quantize(CENTS)
            travel, fee, ads, video = (x.quantize(CENTS) for x in (travel, fee, ads, video))
            # As metrics.services.hires: the days between, and the costs plus hours x rate rounded
            # once, half-up (Hire.staff_cost, metrics.money.half_up).
            total = travel + fee + ads + video + half_up(hours * rate)
            yield (
                rng.randint(person_lo, person_hi),
                OPENINGS[i % len(OPENINGS)],
                pilot.sponsor_id,
                pilot.pk,
                pilot.stage,
                source,
                first,
                hired,
                (hired - first).days,
                travel,
                fee,
                ads,
                video,
                hours,
                rate,
                total,
                "",
                "",
                hr_id,
                f"{hired} 09:00:00+00",
            )

    return copy_rows(Hire._meta.db_table, cols, rows())


def _costs(rng, pilots, hr_id) -> int:
    pick = _pilot_picker(rng, pilots)
    days = _weighted_days(rng, COSTS)
    categories = rng.choices(CostCategory.values, [20, 40, 15, 10, 10, 5], k=COSTS)
    cols = ["pilot_id", "stage", "date", "category", "description", "hours", "hour_rate", "amount", "created_by_id"]
    cols.append("created_at")

    def rows() -> Iterator[tuple[object, ...]]:
        for i in range(COSTS):
            pilot = pick()
            category = categories[i]
            hours: Decimal | None
            rate: Decimal | None
            if category == CostCategory.STAFF_TIME:
                hours = (Decimal(rng.randrange(1, 40)) / 2).quantize(CENTS)
                rate = Decimal(rng.randrange(40, 90)).quantize(CENTS)
                amount = half_up(hours * rate)  # as metrics.services.costs._price: once, half-up
            else:
                hours = rate = None
                amount = (Decimal(rng.randrange(5000, 500000)) / 100).quantize(CENTS)
            yield (
                pilot.pk,
                pilot.stage,
                days[i],
                category,
                f"{category.replace('_', ' ').capitalize()} {i}",
                hours,
                rate,
                amount,
                hr_id,
                f"{days[i]} 09:00:00+00",
            )

    return copy_rows(ProgramCost._meta.db_table, cols, rows())


# --- measuring -------------------------------------------------------------------------------


def timed(call: Callable[[], object]) -> tuple[float, float, float, int]:
    """Median, p95 and fastest ms over REPEAT calls after WARMUP, and the query count of one call.
    On a busy machine (other processes on the 2 cores) the fastest run is the least disturbed."""
    for _ in range(WARMUP):
        call()
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[0], len(captured)


def page_url(client: Client, params: dict[str, str]) -> tuple[str | None, str]:
    """The report page's URL if it answers 200 to an HR lead, else None and why not."""
    try:
        url = reverse("metrics:index")
    except NoReverseMatch:
        return None, "metrics:index has no URL yet"
    try:
        response = client.get(url, params)
    except Exception as exc:  # the page is being built by another helper; report, don't crash
        return None, f"GET {url} raised {type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code != 200:
        return None, f"GET {url} answered {response.status_code}"
    return url, ""


def main() -> None:
    if connection.vendor != "postgresql":
        print(f"bench/roi.py needs PostgreSQL (DATABASE_URL); this is {connection.vendor}: skipped.")
        return
    call_command("migrate", verbosity=0)  # a no-op under make bench, which migrates first
    with connection.cursor() as cursor:  # leftovers of an interrupted run of the earlier experiments
        cursor.execute("DROP TABLE IF EXISTS bench_exp_intro_daily, bench_exp_assist_daily")
        for index in (
            "bench_exp_intro_cover",
            "bench_exp_assist_cover",
            "bench_exp_hire_cover",
            "bench_exp_cost_cover",
        ):
            cursor.execute(f"DROP INDEX IF EXISTS {index}")
    hr, manager, pilot = build()
    year = (dt.date(MEASURED_YEAR, 1, 1), dt.date(MEASURED_YEAR, 12, 31))
    quarter = (dt.date(MEASURED_YEAR, 4, 1), dt.date(MEASURED_YEAR, 6, 30))
    in_year = sum(m.objects.filter(date__year=MEASURED_YEAR).count() for m in (Introduction, Assist, Hire, ProgramCost))
    print(
        f"{connection.vendor}; {Person.objects.count():,} people, {Pilot.objects.count()} pilots; ledger "
        f"{Introduction.objects.count():,} introductions, {Assist.objects.count():,} assists, "
        f"{Hire.objects.count():,} hires, {ProgramCost.objects.count():,} program costs "
        f"({in_year:,} in {MEASURED_YEAR}); {REPEAT} runs each after {WARMUP} warm-ups"
    )

    cases: list[tuple[str, Callable[[], object]]] = []
    clients = {}
    for name, user in (("hr", hr), ("manager", manager)):
        clients[name] = Client()
        clients[name].force_login(user)
    y = {"period": "year", "start": year[0].isoformat()}
    url, why = page_url(clients["hr"], y)
    if url is None:
        print(f"The report page is not available ({why}): measuring build_report() only.")
    else:

        def page(who: str, **params: Any) -> Callable[[], object]:
            def call() -> object:
                response = clients[who].get(url, params)
                if response.status_code != 200:
                    raise SystemExit(f"{url} {params} answered {response.status_code}")
                return response

            return call

        cases += [
            ("page: year, all stages, HR", page("hr", **y)),
            ("page: year, manager", page("manager", **y)),
            ("page: year, stage 1", page("hr", **y, stage=1)),
            ("page: year, one pilot", page("hr", **y, pilot=pilot.pk)),
            ("page: quarter, all, HR", page("hr", period="quarter", start=quarter[0].isoformat())),
        ]

    def report(user: User, span: tuple[dt.date, dt.date], **kw: Any) -> Callable[[], object]:
        return lambda: build_report(user=user, start=span[0], end=span[1], **kw)

    cases += [
        ("build_report: year, all, HR", report(hr, year)),
        ("build_report: year, manager", report(manager, year)),
        ("build_report: year, stage 1", report(hr, year, stage=1)),
        ("build_report: year, 1 pilot", report(hr, year, pilot_id=pilot.pk)),
        ("build_report: quarter, all", report(hr, quarter)),
    ]
    headline = cases[0][0]
    measure(cases, headline)
    rows_read(year)


def measure(cases: list[tuple[str, Callable[[], object]]], headline: str) -> None:
    print(f"{'case':<32} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>8}   (load average {_load()})")
    for label, call in cases:
        median, p95, fastest, queries = timed(call)
        flag = (
            f"  target <= {TARGET_MS:.0f} ms: " + ("met" if median <= TARGET_MS else "MISSED")
            if label == headline
            else ""
        )
        print(f"{label:<32} {median:>10.1f} {p95:>8.1f} {fastest:>8.1f} {queries:>8}{flag}")


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


# --- what the report reads ------------------------------------------------------------------


def rows_read(year: tuple[dt.date, dt.date]) -> None:
    """Rows in the measured year: the ledger the report used to aggregate, and the rollups it reads."""
    print()
    print(f"rows in {year[0].year}: ledger -> daily rollup the report reads")
    for ledger, rollup in ((Introduction, IntroductionDaily), (Assist, AssistDaily)):
        span = {"date__gte": year[0], "date__lte": year[1]}
        print(
            f"  {ledger._meta.verbose_name_plural:<14} {ledger.objects.filter(**span).count():>10,} -> "
            f"{rollup.objects.filter(**span).count():>8,}"
        )


if __name__ == "__main__":
    main()
