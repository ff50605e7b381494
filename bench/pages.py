"""Server time of the busiest pages and API lists with a realistically large program.

Builds (once per database) 20 sponsor organizations, 200 pilots with their playbook checklists
and 10 contributors each, 1,000 companies and 20,000 people with emails, handles and tags, then
requests each page 20 times as an HR lead and prints the median and p95 server time and the
query count. Run by `make bench` (PostgreSQL from scripts/with-services.sh); figures only, no
pass/fail.

    DEBUG=false .venv/bin/python bench/pages.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")

import warnings

import django

# Static files are served by the finders here; whitenoise's note about STATIC_ROOT is noise.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from people.models import Company, Person, PersonEmail, SocialHandle, Tag  # noqa: E402
from people.services import person_search_refresh  # noqa: E402
from programs.models import Membership, Pilot, PilotStep, PlaybookStep, SponsorOrganization  # noqa: E402
from programs.services import playbook_sync  # noqa: E402

REPEAT = 20
PILOTS, PEOPLE, COMPANIES, CONTRIBUTORS_PER_PILOT = 200, 20_000, 1_000, 10
FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances"]
LAST = ["Smith", "Okafor", "Nguyen", "Garcia", "Müller", "Kowalski", "Haddad", "Rossi", "Sato", "Silva"]


@transaction.atomic
def build() -> User:
    hr, _ = User.objects.get_or_create(email="bench-hr@bench.example", defaults={"role": Role.HR_LEAD})
    if Pilot.objects.filter(name__startswith="Bench pilot").count() >= PILOTS:
        return hr
    started = time.perf_counter()
    playbook_sync()
    sponsors = SponsorOrganization.objects.bulk_create(
        [SponsorOrganization(name=f"Bench sponsor {i}") for i in range(20)]
    )
    pilots = Pilot.objects.bulk_create(
        [
            Pilot(name=f"Bench pilot {i}", stage=1 + i % 3, sponsor=sponsors[i % 20], status="active")
            for i in range(PILOTS)
        ]
    )
    steps = {stage: list(PlaybookStep.objects.filter(stage=stage)) for stage in (1, 2, 3)}
    PilotStep.objects.bulk_create([PilotStep(pilot=p, step=s) for p in pilots for s in steps[p.stage]])
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@bench.example", full_name=f"Contributor {i}") for i in range(500)]
    )
    Membership.objects.bulk_create(
        [
            Membership(pilot=p, user=users[(i * CONTRIBUTORS_PER_PILOT + j) % len(users)])
            for i, p in enumerate(pilots)
            for j in range(CONTRIBUTORS_PER_PILOT)
        ]
    )
    companies = Company.objects.bulk_create(
        [Company(name=f"Company {i}", domain=f"company{i}.bench.example") for i in range(COMPANIES)]
    )
    tags = Tag.objects.bulk_create([Tag(name=f"bench-tag-{i}") for i in range(30)])
    people = Person.objects.bulk_create(
        [
            Person(
                first_name=FIRST[i % 10],
                last_name=f"{LAST[(i // 10) % 10]}{i}",
                title="Engineer",
                company=companies[i % COMPANIES],
                country="DE",
                city="Berlin",
            )
            for i in range(PEOPLE)
        ],
        batch_size=5_000,
    )
    PersonEmail.objects.bulk_create(
        [PersonEmail(person=p, email=f"p{p.pk}@mail.bench.example", is_primary=True) for p in people],
        batch_size=5_000,
    )
    SocialHandle.objects.bulk_create(
        [SocialHandle(person=p, venue_kind="linkedin", handle=f"bench-{p.pk}") for p in people], batch_size=5_000
    )
    person_search_refresh([p.pk for p in people])  # what the services keep for the directory's search
    through = Person.tags.through
    through.objects.bulk_create([through(person_id=p.pk, tag_id=tags[p.pk % 30].pk) for p in people], batch_size=5_000)
    print(f"built the data set in {time.perf_counter() - started:.1f} s")
    return hr


def measure(client: Client, url: str) -> tuple[float, float, int, int]:
    timings = []
    status = queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        status, queries = response.status_code, len(captured)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries, status


def main() -> None:
    hr = build()
    client = Client()
    client.force_login(hr)
    pilot = Pilot.objects.filter(name__startswith="Bench pilot").order_by("pk").first()
    assert pilot is not None
    pages = [
        ("dashboard", "/"),
        ("pilot list", "/pilots/"),
        ("pilot page", f"/pilots/{pilot.pk}/"),
        ("people list", "/people/"),
        ("people search", "/people/?q=okafor"),
        ("API people, 50", "/api/v1/people/?page_size=50"),
        ("API pilots, 50", "/api/v1/pilots/?page_size=50"),
    ]
    print(
        f"{connection.vendor}; {Person.objects.count():,} people, {Pilot.objects.count():,} pilots, "
        f"{PilotStep.objects.count():,} checklist steps; {REPEAT} requests each"
    )
    print(f"{'page':<16} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'status':>7}")
    for label, url in pages:
        median, p95, queries, status = measure(client, url)
        print(f"{label:<16} {median:>10.1f} {p95:>8.1f} {queries:>8} {status:>7}")


if __name__ == "__main__":
    main()
