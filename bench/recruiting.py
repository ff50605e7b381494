"""Stage 1 at scale: the pipeline board, the Stage 1 page and the report's Stage 1 figures.

Builds (once per database) the 1,000,000-row ledger of bench/roi.py (its ``build()``; skipped
when it is there), then, in the first Stage 1 pilot of that ledger, 5 candidate profiles, 50
openings and 5,000 candidates (100 per opening) spread over every pipeline step, each with the
dated moves that brought it there (about 17,000 moves), 1,000 referrals, 2,000 feedback
comments and 1,000 video interviews. Rows are bulk-created: the bench bypasses the services.

Then it measures, 20 requests each after 2 warm-ups, the median, p95 and fastest server time and
the query count of: one opening's board (100 candidates), the board of a crowded opening
(1,000 candidates, added for this), the candidate list, the Stage 1 page as an HR lead and as a
manager, and the ROI report for a year, stage 1 (its Stage 1 figures included), plus the figure
provider alone. The issue asks for a constant number of queries per page (asserted in the tests)
and these medians; no timing target is asserted. Figures only (see bench/README.md).

    scripts/with-services.sh .venv/bin/python bench/recruiting.py
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import warnings
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

import django  # noqa: E402

django.setup()

from collections.abc import Callable  # noqa: E402

import roi  # noqa: E402  (bench/roi.py: the 1,000,000-row ledger and the timing helpers)
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from metrics.registry import ReportScope  # noqa: E402
from people.models import Person  # noqa: E402
from programs.models import Pilot  # noqa: E402
from recruiting import pipeline  # noqa: E402
from recruiting.models import (  # noqa: E402
    Candidate,
    CandidateMove,
    CandidateProfile,
    JobOpening,
    OpeningFeedback,
    OpeningRevision,
    Referral,
    VideoInterview,
)

SEED = 20261205
PROFILES, OPENINGS, PER_OPENING, CROWDED = 5, 50, 100, 1_000
YEAR = roi.MEASURED_YEAR
SOURCES = [s for s, _ in Candidate.Source.choices]


def build(pilot: Pilot, hr_id: int) -> JobOpening:
    """The Stage 1 rows, unless there; returns the crowded opening."""
    crowded = JobOpening.objects.filter(pilot=pilot, title="Bench crowded opening").first()
    if crowded is not None:
        return crowded
    rng = random.Random(SEED)
    started = time.perf_counter()
    person_lo, _person_hi = roi._id_range(Person)
    with transaction.atomic():
        profiles = CandidateProfile.objects.bulk_create(
            [CandidateProfile(pilot=pilot, name=f"Bench profile {i}", priority=i + 1) for i in range(PROFILES)]
        )
        openings = JobOpening.objects.bulk_create(
            [
                JobOpening(
                    pilot=pilot,
                    profile=profiles[i % PROFILES],
                    title=f"Bench opening {i}",
                    status=JobOpening.Status.OPEN,
                    opened_at=timezone.make_aware(dt.datetime(YEAR, 1, 1)),
                )
                for i in range(OPENINGS)
            ]
            + [
                JobOpening(
                    pilot=pilot,
                    profile=profiles[0],
                    title="Bench crowded opening",
                    status=JobOpening.Status.OPEN,
                    opened_at=timezone.make_aware(dt.datetime(YEAR, 1, 1)),
                )
            ]
        )
        OpeningRevision.objects.bulk_create(
            [OpeningRevision(opening=o, number=1, text=f"{o.title}: what you will do.") for o in openings]
        )
        sizes = [(o, PER_OPENING) for o in openings[:-1]] + [(openings[-1], CROWDED)]
        candidates, moves = _candidates(rng, sizes, person_lo, hr_id)
        referred = rng.sample(candidates, 1_000)
        Referral.objects.bulk_create(
            [Referral(candidate=c, referrer_id=hr_id, why="Worked with them.") for c in referred]
        )
        OpeningFeedback.objects.bulk_create(
            [
                OpeningFeedback(
                    opening=rng.choice(openings),
                    author_id=hr_id,
                    comment="Say more about the on-call.",
                    status=rng.choice(["pending", "used", "not_used"]),
                )
                for _ in range(2_000)
            ]
        )
        interviewed = rng.sample(candidates, 1_000)
        VideoInterview.objects.bulk_create(
            [
                VideoInterview(
                    candidate=c,
                    scheduled_at=c.created_at + dt.timedelta(days=3),
                    outcome="advance",
                    replaced_trip=True,
                    travel_avoided=Decimal("850.00"),
                )
                for c in interviewed
            ]
        )
    with connection.cursor() as cursor:
        for model in (Candidate, CandidateMove, JobOpening, Referral, OpeningFeedback, VideoInterview):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    print(
        f"built {len(candidates):,} candidates over {len(openings)} openings with {moves:,} moves, "
        f"1,000 referrals, 2,000 feedback, 1,000 video interviews in {time.perf_counter() - started:.1f} s"
    )
    return openings[-1]


def _candidates(
    rng: random.Random, sizes: list[tuple[JobOpening, int]], person_lo: int, hr_id: int
) -> tuple[list[Candidate], int]:
    rows: list[Candidate] = []
    paths: list[list[str]] = []
    person = person_lo
    for opening, size in sizes:
        for _ in range(size):
            steps = _path(rng)
            entered = timezone.make_aware(
                dt.datetime(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(330), hours=rng.randrange(24))
            )
            rows.append(
                Candidate(
                    opening=opening,
                    person_id=person,
                    step=steps[-1],
                    source=rng.choice(SOURCES),
                    created_at=entered,
                    step_changed_at=entered + dt.timedelta(days=4 * (len(steps) - 1)),
                    created_by_id=hr_id,
                )
            )
            paths.append(steps)
            person += 1
    candidates = Candidate.objects.bulk_create(rows, batch_size=2_000)
    moves = [
        CandidateMove(
            candidate=c,
            from_step=steps[i - 1] if i else "",
            to_step=step,
            at=c.created_at + dt.timedelta(days=4 * i),
            by_id=hr_id,
        )
        for c, steps in zip(candidates, paths, strict=True)
        for i, step in enumerate(steps)
    ]
    CandidateMove.objects.bulk_create(moves, batch_size=5_000)
    return candidates, len(moves)


def _path(rng: random.Random) -> list[str]:
    """The steps one candidate went through: up the path (never hired: hires need the ledger),
    sometimes ending declined, withdrew or rejected."""
    furthest = rng.choice(pipeline.ACTIVE)
    steps = list(pipeline.PATH[: pipeline.rank(furthest) + 1])
    if rng.random() < 0.3:
        steps.append(rng.choice(pipeline.ENDS))
    return steps


def url_or_none(name: str, *args: object) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def main() -> None:
    if connection.vendor != "postgresql":
        print(f"bench/recruiting.py needs PostgreSQL (DATABASE_URL); this is {connection.vendor}: skipped.")
        return
    call_command("migrate", verbosity=0)
    hr, manager, _any_pilot = roi.build()
    pilot = Pilot.objects.filter(name__startswith="ROI pilot 1-").order_by("pk").first()
    assert pilot is not None
    manager.managed_sponsors.add(pilot.sponsor)
    crowded = build(pilot, hr.pk)
    typical = JobOpening.objects.filter(pilot=pilot, title="Bench opening 0").get()
    print(
        f"{connection.vendor}; ledger {roi.Hire.objects.count():,} hires and ~1,000,000 rows; Stage 1: "
        f"{JobOpening.objects.filter(pilot=pilot).count()} openings, "
        f"{Candidate.objects.filter(opening__pilot=pilot).count():,} candidates, "
        f"{CandidateMove.objects.filter(candidate__opening__pilot=pilot).count():,} moves; "
        f"{roi.REPEAT} runs each after {roi.WARMUP} warm-ups"
    )
    clients = {}
    for who, user in (("hr", hr), ("manager", manager)):
        clients[who] = Client()
        clients[who].force_login(user)
    year = {"period": "year", "start": f"{YEAR}-01-01"}
    pages = [
        ("board: 100 candidates", "hr", url_or_none("recruiting:opening_board", typical.pk), {}),
        ("board: 1,000 candidates", "hr", url_or_none("recruiting:opening_board", crowded.pk), {}),
        ("candidate list, HR", "hr", url_or_none("recruiting:candidate_list"), {}),
        ("Stage 1 page, HR", "hr", url_or_none("recruiting:index"), {}),
        ("Stage 1 page, manager", "manager", url_or_none("recruiting:index"), {}),
        ("report: year, stage 1, HR", "hr", url_or_none("metrics:index"), {**year, "stage": "1"}),
    ]
    cases: list[tuple[str, Callable[[], object]]] = []
    for label, who, url, params in pages:
        if url is None:
            print(f"{label}: no URL yet, skipped")
            continue
        cases.append((label, _get(clients[who], url, params)))
    cases.append(("Stage 1 figures alone, year", _provider(pilot)))
    roi.measure(cases, headline="")


def _get(client: Client, url: str, params: dict[str, str]) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url, params)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")
        return response

    return call


def _provider(pilot: Pilot) -> Callable[[], object]:
    from metrics.registry import providers_for

    scope = ReportScope(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31), pilot_ids=[pilot.pk], stages=(1,))

    def call() -> object:
        return [list(provider(scope)) for _key, provider in providers_for(1)]

    return call


if __name__ == "__main__":
    main()
