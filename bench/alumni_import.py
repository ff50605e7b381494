"""Importing 50,000 LinkedIn connections: alumni.services.imports in its background path.

Generates a 50,000-row Connections.csv as LinkedIn exports it (byte-order mark, the "Notes:"
preamble, CRLF, quoted commas in companies and titles, names in Latin with accents, Greek,
Cyrillic, Japanese and Devanagari, an email for one row in four) on top of a directory that
already holds 2,000 of those people (matched by email, so the import updates them), then:

1. previews it (``alumni_import_preview``: decode, parse, check every row, match every row in batches);
2. confirms it (queued: the task is not sent) and runs the background task's function in this
   process (``alumni_import_run``), batch after batch.

It prints rows per second for the preview and for the import, the queries each took, and peak
memory: tracemalloc's peak for each phase (measured in a second pass over a fresh file of the
same size, because tracing slows Python down) and the process's ru_maxrss.

Figures only, no pass/fail (see bench/README.md).

    scripts/with-services.sh .venv/bin/python bench/alumni_import.py
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time
import tracemalloc
import uuid
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from alumni.services import imports as services  # noqa: E402
from people.models import Person, PersonEmail  # noqa: E402
from people.services import person_search_refresh  # noqa: E402
from programs.models import Pilot, SponsorOrganization  # noqa: E402

ROWS, EXISTING = 50_000, 2_000
FIRST = [
    "Anna", "José", "Łukasz", "Zoë", "Ελένη", "Дмитрий", "Søren", "Chloé", "健太", "Aiko",
    "Grace", "Noémie", "Jürgen", "प्रिया", "François", "Siobhán", "Γιώργος", "Björn", "Ольга", "さくら",
]  # fmt: skip
LAST = [
    "Müller", "García", "Nowak", "Παπαδοπούλου", "Иванов", "山田", "O'Brien", "Dubois", "Šimková", "Kowalski",
    "Sørensen", "शर्मा", "Lefèvre", "Rossi", "Nakamura", "Θεοδωρίδης", "Smith", "Núñez", "Petrović", "Ng",
]  # fmt: skip
COMPANIES = ["Acme, Inc.", "Globex", "Initech", "株式会社ヤマダ", "Umbrella, Ltd", "Ωmega AE", "Сбер", "Hooli"]
TITLES = ["Engineer", "Director, Strategy", "Head of Data", "エンジニア", "Consultant", "VP, Sales", "Analyst"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PREAMBLE = (
    'Notes:\r\n"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can "
    'learn more here https://www.linkedin.com/help/linkedin/answer/261"\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
)


def quote(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def connections_csv(token: str, rows: int, rng: random.Random) -> tuple[bytes, list[tuple[str, str, str]]]:
    """The file's bytes and the (first, last, email) of the rows that have an email."""
    lines, with_email = [], []
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"c{i}.{token}@mail.example" if i % 4 == 0 else ""
        if email:
            with_email.append((first, last, email))
        url = f"https://www.linkedin.com/in/{token}-{i}"
        date = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2010, 2026)}"
        cells = [first, f"{last}{i}", url, email, rng.choice(COMPANIES), rng.choice(TITLES), date]
        lines.append(",".join(quote(c) for c in cells))
    return ("\ufeff" + PREAMBLE + "\r\n".join(lines) + "\r\n").encode(), with_email


def seed_existing(people: list[tuple[str, str, str]]) -> None:
    """People already in the directory with the rows' emails (what the import will update)."""
    created = Person.objects.bulk_create(
        [Person(first_name=f, last_name=f"{last}-old", source="manual") for f, last, _ in people]
    )
    PersonEmail.objects.bulk_create(
        [PersonEmail(person=p, email=email, is_primary=True) for p, (_, _, email) in zip(created, people, strict=True)]
    )
    person_search_refresh([p.pk for p in created])


class QueryCounter:
    """Counts queries without keeping their SQL (a bulk insert's text would weigh on the memory figures)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self) -> int:
        return self.count


def counting():  # type: ignore[no-untyped-def]
    counter = QueryCounter()
    return counter, connection.execute_wrapper(counter)


def run(actor: User, pilot: Pilot, *, trace: bool) -> dict[str, float]:
    rng = random.Random(len(Person.objects.all()[:1]) + (7 if trace else 3))
    token = uuid.uuid4().hex[:8]
    data, with_email = connections_csv(token, ROWS, rng)
    seed_existing(with_email[:EXISTING])
    figures: dict[str, float] = {"mb": len(data) / 1e6}

    if trace:
        tracemalloc.start()
    queries, wrapper = counting()
    with wrapper:
        start = time.perf_counter()
        imp = services.alumni_import_preview(
            actor=actor, pilot=pilot, kind="linkedin", file_name=f"{token}.csv", data=data
        )
        figures["preview_s"] = time.perf_counter() - start
    figures["preview_queries"] = len(queries)
    if trace:
        figures["preview_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.reset_peak()
    assert not imp.errors, imp.errors[:5]
    figures.update(
        would_create=imp.created_count, would_update=imp.updated_count, doubtful=imp.doubtful_count, rows=imp.total_rows
    )

    services.enqueue = lambda *args: None  # type: ignore[assignment]  # the task runs here, not on a worker
    imp = services.alumni_import_confirm(actor=actor, alumni_import=imp)
    assert imp.status == "queued", imp.status
    queries, wrapper = counting()
    with wrapper:
        start = time.perf_counter()
        outcome = services.alumni_import_run(import_id=imp.pk)
        figures["import_s"] = time.perf_counter() - start
    figures["import_queries"] = len(queries)
    if trace:
        figures["import_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    imp.refresh_from_db()
    assert outcome == "done" and imp.processed_rows == ROWS, (outcome, imp.processed_rows, imp.failure)
    figures.update(created=imp.created_count, updated=imp.updated_count, unchanged=imp.unchanged_count)
    return figures


def main() -> None:
    call_command("migrate", verbosity=0)
    actor, _ = User.objects.get_or_create(
        email="bench-imports@firm.example", defaults={"full_name": "Bench HR", "role": Role.HR_LEAD}
    )
    sponsor, _ = SponsorOrganization.objects.get_or_create(name="Bench alumni sponsor")
    pilot, _ = Pilot.objects.get_or_create(name="Bench alumni import", defaults={"stage": 2, "sponsor": sponsor})
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(f"{ROWS:,} LinkedIn rows, {EXISTING:,} of them already in the directory (by email); batches of "
          f"{services.batch_rows():,} rows")  # fmt: skip

    timed = run(actor, pilot, trace=False)
    print(f"file: {timed['mb']:.1f} MB")
    print(
        f"preview: {timed['preview_s']:.1f} s = {ROWS / timed['preview_s']:,.0f} rows/s, "
        f"{timed['preview_queries']:,.0f} queries (would create {timed['would_create']:,.0f}, "
        f"update {timed['would_update']:,.0f}, doubtful {timed['doubtful']:,.0f})"
    )
    print(
        f"import (background path, in-process): {timed['import_s']:.1f} s = {ROWS / timed['import_s']:,.0f} rows/s, "
        f"{timed['import_queries']:,.0f} queries (created {timed['created']:,.0f}, updated {timed['updated']:,.0f}, "
        f"unchanged {timed['unchanged']:,.0f})"
    )
    traced = run(actor, pilot, trace=True)
    print(
        f"tracemalloc peak (second pass, a fresh file of the same size): preview {traced['preview_peak_mb']:.1f} MB, "
        f"import {traced['import_peak_mb']:.1f} MB (file {traced['mb']:.1f} MB)"
    )
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ru_maxrss of the process (both passes): {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
