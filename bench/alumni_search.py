"""Searching the alumni list at 100,000 people: alumni.selectors.directory.alumni_directory, the
selector behind /alumni/people/ (and the alumni API), and the page itself.

Builds (once per database; skipped when they are there) 100,000 people at 2,000 companies with
names in several scripts (Latin with accents, Greek, Cyrillic, CJK), an email each, their search
text filled as people.services fills it (people.search.person_search_texts); 60,000 of them are
alumni of two Stage 2 pilots, in five ranked segments (one in five in none). Rows are
bulk-created: the bench bypasses the services. Then VACUUM ANALYZE, as autovacuum would (see vacuum()).

Then it times, 20 runs each after 2 warm-ups, what the list page does with the selector (the
count and the first page of 25) for "jose", "muller", "ελενη", "佐藤", a company, an email
fragment and no search, then the page (GET alumni:alumnus_list ?q=) through the test Client as an
HR lead. It prints the median, p95 and min in ms, the queries per run (the same for every
search: the count does not grow with the directory), the matches, and, on PostgreSQL, the first
line of the plan and whether it reads the trigram index on people's search_text.

Figures only, no pass/fail (see bench/README.md). Runs on PostgreSQL (`make bench`) or SQLite.

    scripts/with-services.sh .venv/bin/python bench/alumni_search.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from alumni.models import AlumniSegment, Alumnus, ExitType, Goodwill  # noqa: E402
from alumni.selectors.directory import AlumniFilters, alumni_directory  # noqa: E402
from people.models import Company, Person, PersonEmail  # noqa: E402
from people.search import person_search_texts  # noqa: E402
from programs.models import Pilot, SponsorOrganization, Stage  # noqa: E402

PEOPLE, COMPANIES, ALUMNI_EVERY, REPEAT, WARM_UP, PAGE = 100_000, 2_000, 5, 20, 2, 25
ALUMNI_SHARE = 3  # three people in five are alumni
SOURCE = "alumni-search bench"
FIRST = [
    "José", "Jürgen", "Zoë", "Łukasz", "Chloé", "Noémie", "François", "Siobhán", "Björn", "Anna",
    "Ελένη", "Γιώργος", "Дмитрий", "Ольга", "美咲", "太郎", "Grace", "Mateo", "Priya", "Ines",
]  # fmt: skip
LAST = [
    "Müller", "García", "Kowalski", "Fernández", "Dubois", "Ødegaard", "O'Brien", "Smith",
    "Παπαδοπούλου", "Οικονόμου", "Иванов", "Смирнова", "佐藤", "鈴木", "Nguyen", "Okafor",
]  # fmt: skip
CITIES = ["Berlin", "Kraków", "São Paulo", "Zürich", "Athens", "Москва", "東京", "Dublin"]
DEPARTMENTS = ["Advisory", "Tax", "Audit", "Engineering", "Sales"]

QUERIES = [
    ("accented, typed plain", "jose"),
    ("umlaut, typed plain", "muller"),
    ("Greek, no accent", "ελενη"),
    ("CJK", "佐藤"),
    ("company", "company 1234"),
    ("email fragment", "12345@mail"),
    ("no search", ""),
]


def _ascii(text: str, i: int) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum()) or f"p{i}"


def _person(i: int, rng: random.Random, companies: list[Company]) -> tuple[Person, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    company, city = companies[i % len(companies)], rng.choice(CITIES)
    email = f"{_ascii(first, i)}.{_ascii(last, i)}{i}@mail{i % 50}.bench.example"
    text, name = person_search_texts(
        first_name=first, last_name=last, title="Consultant", city=city, company=company.name, emails=[email]
    )
    person = Person(
        first_name=first,
        last_name=last,
        title="Consultant",
        city=city,
        country=rng.choice(["DE", "FR", "GR", "JP", "PL"]),
        company=company,
        source=Person.Source.IMPORT,
        source_detail=SOURCE,
        search_text=text,
        search_name=name,
    )
    return person, email


@transaction.atomic
def build() -> None:
    if Person.objects.filter(source_detail=SOURCE).count() >= PEOPLE:
        print(f"{PEOPLE:,} bench people already there")
        return
    started = time.perf_counter()
    rng = random.Random(20261205)
    sponsor = SponsorOrganization.objects.create(name="Alumni search bench")
    pilots = [
        Pilot.objects.create(name=f"Alumni search bench {n}", stage=Stage.ALUMNI, sponsor=sponsor) for n in (1, 2)
    ]
    segments = [
        AlumniSegment.objects.create(pilot=pilots[n % 2], name=f"Bench segment {n}", rank=n + 1) for n in range(5)
    ]
    companies = Company.objects.bulk_create([Company(name=f"Company {i} Ströme") for i in range(COMPANIES)])
    rows = [_person(i, rng, companies) for i in range(PEOPLE)]
    people = Person.objects.bulk_create([p for p, _ in rows], batch_size=5_000)
    PersonEmail.objects.bulk_create(
        [PersonEmail(person=p, email=email, is_primary=True) for p, (_, email) in zip(people, rows, strict=True)],
        batch_size=5_000,
    )
    alumni = []
    for i, person in enumerate(people):
        if i % ALUMNI_EVERY >= ALUMNI_SHARE:
            continue
        pilot = pilots[i % 2]
        segment = rng.choice([s for s in segments if s.pilot_id == pilot.pk] + [None])
        started_on = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(4000))
        alumni.append(
            Alumnus(
                person=person,
                pilot=pilot,
                segment=segment,
                former_department=rng.choice(DEPARTMENTS),
                former_role="Consultant",
                started_on=started_on,
                left_on=started_on + dt.timedelta(days=rng.randrange(200, 3000)),
                exit_type=rng.choice(ExitType.values),
                goodwill=rng.choice(Goodwill.values),
            )
        )
    Alumnus.objects.bulk_create(alumni, batch_size=5_000)
    print(f"built {PEOPLE:,} people and {len(alumni):,} alumni in {time.perf_counter() - started:.1f} s")


def vacuum() -> None:
    """VACUUM ANALYZE what the search reads, as autovacuum would soon after a bulk load: rows
    bulk-inserted into a GIN index wait in its pending list, which makes the planner price the
    trigram index far above a sequential scan until a vacuum merges them (with only ANALYZE, a
    search for a common name such as "jose" scans the table)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in ("people_person", "alumni_alumnus", "alumni_alumnisegment", "people_company"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def measure(call: Callable[[], object]) -> tuple[float, float, float, int]:
    for _ in range(WARM_UP):
        call()
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], timings[0], queries


def plan(hr: User, text: str) -> tuple[str, str, str]:
    """The plan's first line, how it reads people (the scan of people_person) and whether that
    is the trigram index (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return "-", "-", "-"
    sql, params = alumni_directory(hr, AlumniFilters(q=text))[:PAGE].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        lines = [row[0] for row in cursor.fetchall()]
    scans = [line.strip().lstrip("-> ") for line in lines if "Scan" in line and ("u0" in line or "trgm" in line)]
    trigram = "yes" if any("person_search_text_trgm" in line for line in lines) else "no"
    return lines[0].strip(), (scans[0].split("  (")[0] if scans else "?"), trigram


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    call_command("migrate", verbosity=0)  # a no-op under make bench, which migrates first
    build()
    vacuum()
    hr, _ = User.objects.get_or_create(
        email="bench-alumni-hr@bench.example", defaults={"role": Role.HR_LEAD, "full_name": "Bench HR"}
    )
    client = Client()
    client.force_login(hr)
    print(
        f"{connection.vendor}; {Person.objects.count():,} people, {Alumnus.objects.count():,} alumni; "
        f"{REPEAT} runs each after {WARM_UP} warm-ups; load average {_load()}"
    )
    header = (
        f"{'selector (count + page)':<24} {'query':<14} {'median ms':>9} {'p95 ms':>8} {'min ms':>8} {'queries':>7}"
    )
    print(f"{header} {'matches':>8} {'trigram':>8}  people read by")
    plans = []
    for label, text in QUERIES:

        def page(text: str = text) -> None:
            qs = alumni_directory(hr, AlumniFilters(q=text))
            qs.count()
            list(qs[:PAGE])

        median, p95, low, queries = measure(page)
        matches = alumni_directory(hr, AlumniFilters(q=text)).count()
        first_line, scan, trigram = plan(hr, text) if text else ("-", "-", "-")
        plans.append((text, first_line))
        row = f"{label:<24} {text or '-':<14} {median:>9.1f} {p95:>8.1f} {low:>8.1f} {queries:>7}"
        print(f"{row} {matches:>8,} {trigram:>8}  {scan}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW lc_ctype")
            ctype = cursor.fetchone()[0]
        if ctype in ("C", "POSIX"):
            print(
                f"note: LC_CTYPE={ctype}: pg_trgm makes trigrams of ASCII letters and digits only, so words in "
                "Greek, Cyrillic or CJK scan the table; a database with a UTF-8 ctype (C.UTF-8, en_US.utf8) "
                "indexes them too."
            )
    print("\nfirst line of each plan:")
    for text, first_line in plans:
        if text:
            print(f"  {text:<14} {first_line}")

    url = reverse("alumni:alumnus_list")
    print(
        f"\n{'page (HR lead)':<24} {'query':<14} {'median ms':>9} {'p95 ms':>8} {'min ms':>8} {'queries':>7} {'status':>8}"
    )
    for label, text in QUERIES:
        status = 0

        def get(text: str = text) -> None:
            nonlocal status
            status = client.get(url, {"q": text} if text else {}).status_code

        median, p95, low, queries = measure(get)
        print(f"{label:<24} {text or '-':<14} {median:>9.1f} {p95:>8.1f} {low:>8.1f} {queries:>7} {status:>8}")


if __name__ == "__main__":
    main()
