"""Searching people by typing at 100,000 people: people.selectors.person_lookup, the one lookup
behind the directory's search, the quick log's person picker and the people API.

Builds (once per database; skipped when they are there) 100,000 people at 2,000 companies with
names from several scripts and accents (José, Müller, Łukasz, Ελένη, Дмитрий, …), an email each
and a handle for one in three, their search text filled as people.services fills it
(people.search.person_search_texts), then ANALYZE. Then it times, 20 calls each after 2 warm-ups,
the lookup alone (the 20 rows a picker shows) for a common name, an accented name typed without
its accent, an email fragment, a company, a handle, two words and a rare name; then the picker's
fragment (GET metrics:person_lookup) and the directory page (GET people:person_list ?q=) as an
HR lead. It prints the median, p95 and min in ms, the queries per call (the same for every
query: the count does not grow with the directory) and the matches; on PostgreSQL also whether
the plan reads the trigram index on search_text.

Figures only, no pass/fail (see bench/README.md). Runs on PostgreSQL (`make bench`) or SQLite.

    scripts/with-services.sh .venv/bin/python bench/people_search.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

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
from django.urls import reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from people.models import Company, Person, PersonEmail, SocialHandle  # noqa: E402
from people.search import fold, person_search_texts  # noqa: E402
from people.selectors import person_lookup  # noqa: E402

PEOPLE, COMPANIES, REPEAT, WARM_UP, SHOWN = 100_000, 2_000, 20, 2, 20
SOURCE = "people-search bench"
FIRST = [
    "Anna", "José", "Łukasz", "Zoë", "Ελένη", "Дмитрий", "Søren", "Chloé", "Mateo", "Aiko",
    "Grace", "Noémie", "Jürgen", "Ana", "François", "Siobhán", "Ines", "Björn", "Olga", "Priya",
]  # fmt: skip
LAST = [
    "Müller", "García", "Kowalski", "Nguyen", "Papadopoulou", "Иванов", "Ødegaard", "Dubois",
    "Smith", "Okafor", "Sato", "Rossi", "Fernández", "Novák", "Haddad", "O'Brien", "Jansen",
]  # fmt: skip
TITLES = ["Data engineer", "Head of IT", "Chief financial officer", "Product manager", "Recruiter", "Consultant"]
CITIES = ["Berlin", "Kraków", "São Paulo", "Zürich", "Athens", "Lyon", "Tokyo", "Dublin"]
RARE = ("Xaviera", "Quintanilla-Wójtowicz")  # one person: the needle

QUERIES = [
    ("common name", "anna"),
    ("accented, typed plain", "jose garcia"),
    ("Polish, typed plain", "lukasz"),
    ("email fragment", "12345@mail45"),
    ("company", "company 1234"),
    ("handle", "@bench-4242"),
    ("rare name", "quintanilla"),
    ("two letters", "an"),
]


def _ascii(text: str) -> str:
    return "".join(c for c in fold(text) if c.isascii() and c.isalnum()) or "x"


def _person(i: int, rng: random.Random, companies: list[Company]) -> tuple[Person, str, str]:
    first, last = RARE if i == PEOPLE // 2 else (rng.choice(FIRST), rng.choice(LAST))
    company = companies[i % len(companies)]
    title, city = rng.choice(TITLES), rng.choice(CITIES)
    email = f"{_ascii(first)}.{_ascii(last)}{i}@mail{i % 50}.bench.example"
    handle = f"@bench-{i}" if i % 3 == 0 else ""
    text, name = person_search_texts(
        first_name=first,
        last_name=last,
        title=title,
        city=city,
        company=company.name,
        emails=[email],
        handles=[handle] if handle else [],
    )
    person = Person(
        first_name=first,
        last_name=last,
        title=title,
        city=city,
        country="DE",
        company=company,
        source=Person.Source.IMPORT,
        source_detail=SOURCE,
        search_text=text,
        search_name=name,
    )
    return person, email, handle


@transaction.atomic
def build() -> None:
    have = Person.objects.filter(source_detail=SOURCE).count()
    if have >= PEOPLE:
        print(f"{have:,} bench people already there")
        return
    started = time.perf_counter()
    rng = random.Random(20261204)
    companies = Company.objects.bulk_create(
        [Company(name=f"Company {i} {rng.choice(['GmbH', 'Sp. z o.o.', 'SA', 'Ltd'])}") for i in range(COMPANIES)]
    )
    rows = [_person(i, rng, companies) for i in range(PEOPLE)]
    people = Person.objects.bulk_create([p for p, _, _ in rows], batch_size=5_000)
    PersonEmail.objects.bulk_create(
        [PersonEmail(person=p, email=email, is_primary=True) for p, (_, email, _) in zip(people, rows, strict=True)],
        batch_size=5_000,
    )
    SocialHandle.objects.bulk_create(
        [
            SocialHandle(person=p, venue_kind="mastodon", handle=handle)
            for p, (_, _, handle) in zip(people, rows, strict=True)
            if handle
        ],
        batch_size=5_000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person")
    print(f"built {PEOPLE:,} people at {COMPANIES:,} companies in {time.perf_counter() - started:.1f} s")


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


def uses_trigram_index(text: str) -> str:
    if connection.vendor != "postgresql":
        return "-"
    sql, params = person_lookup(text)[:SHOWN].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return "yes" if "person_search_text_trgm" in plan else "no (scan)"


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def main() -> None:
    call_command("migrate", verbosity=0)  # a no-op under make bench, which migrates first
    build()
    hr, _ = User.objects.get_or_create(
        email="bench-search-hr@bench.example", defaults={"role": Role.HR_LEAD, "full_name": "Bench HR"}
    )
    client = Client()
    client.force_login(hr)
    print(
        f"{connection.vendor}; {Person.objects.count():,} people in the directory "
        f"({Person.objects.filter(source_detail=SOURCE).count():,} built here); "
        f"{REPEAT} calls each after {WARM_UP} warm-ups; load average {_load()}"
    )
    header = f"{'lookup (first 20)':<24} {'query':<16} {'median ms':>9} {'p95 ms':>8} {'min ms':>8} {'queries':>7}"
    print(f"{header} {'matches':>8} {'index':>10}")
    for label, text in QUERIES:
        median, p95, low, queries = measure(lambda text=text: list(person_lookup(text)[:SHOWN]))
        matches = person_lookup(text).count()
        row = f"{label:<24} {text:<16} {median:>9.1f} {p95:>8.1f} {low:>8.1f} {queries:>7}"
        print(f"{row} {matches:>8,} {uses_trigram_index(text):>10}")

    picker, directory = reverse("metrics:person_lookup"), reverse("people:person_list")
    print(f"\n{'page':<24} {'query':<16} {'median ms':>9} {'p95 ms':>8} {'min ms':>8} {'queries':>7} {'status':>8}")
    for label, url, params in [
        ("picker fragment", picker, {"field": "person"}),
        ("directory page", directory, {}),
    ]:
        for text in ("jose garcia", "12345@mail45", "quintanilla", ""):
            status = 0

            def get(url: str = url, params: dict[str, str] = params, text: str = text) -> None:
                nonlocal status
                status = client.get(url, {**params, "q": text}).status_code

            median, p95, low, queries = measure(get)
            print(
                f"{label:<24} {text or '(no search)':<16} {median:>9.1f} {p95:>8.1f} {low:>8.1f} {queries:>7} {status:>8}"
            )


if __name__ == "__main__":
    main()
