"""The daily rollups of introductions and assists stay equal to a fresh count of the ledger.

Every check compares the rollups the services kept with two oracles: a count of the ledger done
here in Python (independent of metrics.rollups) and rebuild_rollups() (the SQL GROUP BY the bulk
loads use). The report reads the rollups, so its figures are checked against the ledger too.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import services
from metrics.models import Assist, AssistDaily, Introduction, IntroductionDaily
from metrics.report import build_report
from metrics.rollups import ASSISTS, INTRODUCTIONS, rebuild_rollups, rollup_rows
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PilotFactory

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
DAYS = (dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2026, 4, 30))
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def ledger_introductions() -> set[tuple[object, ...]]:
    """(date, pilot, stage, introductions, meaningful, alumni, meaningful alumni), counted in Python."""
    counts: Counter[tuple[object, ...]] = Counter()
    for date, pilot_id, stage, kind, meaningful in Introduction.objects.values_list(
        "date", "pilot_id", "stage", "on_behalf_kind", "meaningful"
    ):
        key = (date, pilot_id, stage)
        counts[(*key, "n")] += 1
        counts[(*key, "m")] += meaningful
        counts[(*key, "a")] += kind == "alumnus"
        counts[(*key, "am")] += meaningful and kind == "alumnus"
    keys = {k[:3] for k in counts}
    return {(*k, counts[(*k, "n")], counts[(*k, "m")], counts[(*k, "a")], counts[(*k, "am")]) for k in keys}


def ledger_assists() -> set[tuple[object, ...]]:
    """(date, pilot, stage, direction, assists, points), counted in Python."""
    n: Counter[tuple[object, ...]] = Counter()
    points: Counter[tuple[object, ...]] = Counter()
    for date, pilot_id, stage, direction, p in Assist.objects.values_list(
        "date", "pilot_id", "stage", "direction", "points"
    ):
        n[date, pilot_id, stage, direction] += 1
        points[date, pilot_id, stage, direction] += p
    return {(*key, n[key], points[key]) for key in n}


def assert_rollups_match_the_ledger() -> None:
    kept = (rollup_rows(INTRODUCTIONS), rollup_rows(ASSISTS))
    assert kept == (ledger_introductions(), ledger_assists())
    rebuild_rollups()
    assert (rollup_rows(INTRODUCTIONS), rollup_rows(ASSISTS)) == kept


@pytest.fixture
def world(hr_lead, pilot_a, pilot_b):
    """Three pilots (two in stage 1, one in stage 2), people to introduce and a company."""
    pilot_c = PilotFactory(name="Second stage-1 pilot", stage=1, sponsor=pilot_a.sponsor)
    return {
        "actor": hr_lead,
        "pilots": [pilot_a, pilot_b, pilot_c],
        "people": [PersonFactory() for _ in range(3)],
        "company": CompanyFactory(),
    }


def _intro(world, pilot, date, kind="alumnus"):
    return services.introduction_record(
        actor=world["actor"],
        pilot=pilot,
        on_behalf_of=world["people"][0],
        on_behalf_kind=kind,
        to_company=world["company"],
        date=date,
        now=NOW,
    )


def _assist(world, pilot, date, direction="received", kind="introduction"):
    return services.assist_record(
        actor=world["actor"],
        pilot=pilot,
        person=world["people"][1],
        assist_type=kind,
        direction=direction,
        date=date,
        now=NOW,
    )


def test_recorded_introductions_and_assists_are_counted_per_day_and_pilot(world):
    a, b, _c = world["pilots"]
    _intro(world, a, DAYS[0])
    _intro(world, a, DAYS[0], kind="candidate")
    _intro(world, b, DAYS[1])
    _assist(world, a, DAYS[0], "received", "decision-maker-introduction")
    _assist(world, a, DAYS[0], "received", "prospect-insight")
    _assist(world, a, DAYS[0], "given", "general-information")

    assert set(
        IntroductionDaily.objects.values_list("date", "pilot_id", "stage", "introductions", "alumni_introductions")
    ) == {
        (DAYS[0], a.pk, 1, 2, 1),
        (DAYS[1], b.pk, 2, 1, 1),
    }
    assert set(AssistDaily.objects.values_list("date", "pilot_id", "direction", "assists", "points")) == {
        (DAYS[0], a.pk, "received", 2, 13),
        (DAYS[0], a.pk, "given", 1, 1),
    }
    assert_rollups_match_the_ledger()


def test_corrections_confirmations_and_deletions_keep_the_rollups_exact(world):
    a, b, c = world["pilots"]
    actor = world["actor"]
    first = _intro(world, a, DAYS[0])
    second = _intro(world, a, DAYS[0])
    services.introduction_confirm(actor=actor, introduction=first, now=NOW)
    assert_rollups_match_the_ledger()

    # A correction moving the row to another day and pilot: the old key loses it, the new gains it.
    services.introduction_update(actor=actor, introduction=first, date=DAYS[2], pilot=b, now=NOW)
    assert IntroductionDaily.objects.get(date=DAYS[0], pilot=a).introductions == 1
    assert IntroductionDaily.objects.get(date=DAYS[2], pilot=b).meaningful_alumni_introductions == 1
    assert_rollups_match_the_ledger()

    services.introduction_update(actor=actor, introduction=second, on_behalf_kind="employee", now=NOW)
    services.introduction_confirm(actor=actor, introduction=first, meaningful=False, now=NOW)
    assert_rollups_match_the_ledger()

    # The last introduction of a key goes: its rollup row goes too.
    services.introduction_delete(actor=actor, introduction=second, now=NOW)
    assert not IntroductionDaily.objects.filter(date=DAYS[0], pilot=a).exists()
    assert_rollups_match_the_ledger()

    given = _assist(world, a, DAYS[0], "given", "introduction")
    received = _assist(world, a, DAYS[0], "received", "decision-maker-introduction")
    services.assist_update(actor=actor, assist=given, direction="received", now=NOW)
    assert AssistDaily.objects.get(date=DAYS[0], pilot=a, direction="received").points == 15
    assert not AssistDaily.objects.filter(direction="given").exists()
    services.assist_update(actor=actor, assist=received, assist_type="general-information", pilot=c, now=NOW)
    services.assist_update(actor=actor, assist=given, date=DAYS[1], now=NOW)
    assert_rollups_match_the_ledger()
    services.assist_delete(actor=actor, assist=received, now=NOW)
    services.assist_delete(actor=actor, assist=given, now=NOW)
    assert not AssistDaily.objects.exists()
    assert_rollups_match_the_ledger()


def test_a_write_through_a_stale_instance_recounts_the_key_the_row_is_really_in(world):
    a, _b, _c = world["pilots"]
    actor = world["actor"]
    row = _intro(world, a, DAYS[0])
    stale = Introduction.objects.get(pk=row.pk)
    services.introduction_update(actor=actor, introduction=row, date=DAYS[1], now=NOW)

    # The stale copy still says DAYS[0]; the row is on DAYS[1] and that key is the one confirmed.
    services.introduction_confirm(actor=actor, introduction=stale, now=NOW)
    assert IntroductionDaily.objects.get(date=DAYS[1], pilot=a).meaningful_introductions == 1
    assert_rollups_match_the_ledger()
    services.introduction_delete(actor=actor, introduction=stale, now=NOW)
    assert not IntroductionDaily.objects.exists()


def test_a_refused_write_leaves_the_rollups_alone(world, contributor_b):
    a, _b, _c = world["pilots"]
    row = _intro(world, a, DAYS[0])
    with pytest.raises(services.MetricsError):
        services.introduction_update(actor=world["actor"], introduction=row, date=dt.date(2030, 1, 1), now=NOW)
    with pytest.raises(services.ForbiddenError):
        services.introduction_delete(actor=contributor_b, introduction=row, now=NOW)
    assert rollup_rows(INTRODUCTIONS) == {(DAYS[0], a.pk, 1, 1, 0, 1, 0)}


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "record_intro",
                "assist_record",
                "correct_intro",
                "correct_assist",
                "confirm",
                "unconfirm",
                "delete_intro",
                "delete_assist",
            ]
        ),
        st.integers(0, 9),  # which existing row
        st.integers(0, 2),  # day
        st.integers(0, 2),  # pilot
        st.integers(0, 3),  # kind, direction, type
    ),
    min_size=1,
    max_size=12,
)
KINDS = ("alumnus", "candidate", "employee", "alumnus")
TYPES = ("decision-maker-introduction", "introduction", "prospect-insight", "general-information")


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_random_service_operations_keep_the_rollups_equal_to_a_rebuild(world, operations):
    actor, pilots = world["actor"], world["pilots"]
    for op, which, day, pilot, choice in operations:
        intros = list(Introduction.objects.order_by("pk"))
        assists = list(Assist.objects.order_by("pk"))
        if op == "record_intro":
            _intro(world, pilots[pilot], DAYS[day], KINDS[choice])
        elif op == "assist_record":
            _assist(world, pilots[pilot], DAYS[day], ("given", "received")[choice % 2], TYPES[choice])
        elif op == "correct_intro" and intros:
            services.introduction_update(
                actor=actor,
                introduction=intros[which % len(intros)],
                date=DAYS[day],
                pilot=pilots[pilot],
                on_behalf_kind=KINDS[choice],
                now=NOW,
            )
        elif op == "correct_assist" and assists:
            services.assist_update(
                actor=actor,
                assist=assists[which % len(assists)],
                date=DAYS[day],
                pilot=pilots[pilot],
                direction=("given", "received")[choice % 2],
                assist_type=TYPES[choice],
                now=NOW,
            )
        elif op in ("confirm", "unconfirm") and intros:
            services.introduction_confirm(
                actor=actor, introduction=intros[which % len(intros)], meaningful=op == "confirm", now=NOW
            )
        elif op == "delete_intro" and intros:
            services.introduction_delete(actor=actor, introduction=intros[which % len(intros)], now=NOW)
        elif op == "delete_assist" and assists:
            services.assist_delete(actor=actor, assist=assists[which % len(assists)], now=NOW)
    assert_rollups_match_the_ledger()

    # The report reads the rollups: its totals are the ledger's.
    o = build_report(user=actor, start=YEAR[0], end=YEAR[1]).overall
    assert o.introductions == Introduction.objects.count()
    assert (
        o.meaningful_alumni_introductions
        == Introduction.objects.filter(meaningful=True, on_behalf_kind="alumnus").count()
    )
    received = Assist.objects.filter(direction="received")
    assert (o.assists_received, o.assist_points_received) == (
        received.count(),
        sum(received.values_list("points", flat=True)),
    )


def test_rebuild_is_idempotent_and_the_command_says_what_it_did(world, capsys):
    a, b, _c = world["pilots"]
    _intro(world, a, DAYS[0])
    _assist(world, b, DAYS[1])
    # Rows written without the services (a bulk load) are picked up by the rebuild.
    Introduction.objects.bulk_create(
        [
            Introduction(
                made_by=world["actor"],
                on_behalf_of=world["people"][2],
                to_company=world["company"],
                pilot=b,
                stage=2,
                date=DAYS[2],
            )
        ]
    )
    IntroductionDaily.objects.create(date=DAYS[1], pilot=a, stage=1, introductions=7)  # a stray row goes

    call_command("metrics_rebuild_rollups")
    first = (rollup_rows(INTRODUCTIONS), rollup_rows(ASSISTS))
    call_command("metrics_rebuild_rollups")
    assert (rollup_rows(INTRODUCTIONS), rollup_rows(ASSISTS)) == first == (ledger_introductions(), ledger_assists())
    assert "Rebuilt 2 introduction and 1 assist rollup rows" in capsys.readouterr().out


def test_the_migration_fills_the_rollups_from_an_existing_ledger(world):
    a, b, _c = world["pilots"]
    services.introduction_confirm(actor=world["actor"], introduction=_intro(world, a, DAYS[0]), now=NOW)
    _intro(world, b, DAYS[0], kind="candidate")
    _assist(world, a, DAYS[1], "given")
    IntroductionDaily.objects.all().delete()
    AssistDaily.objects.all().delete()

    migration = importlib.import_module("metrics.migrations.0003_daily_rollups_and_covering_indexes")
    migration.fill_rollups(apps, None)
    assert (rollup_rows(INTRODUCTIONS), rollup_rows(ASSISTS)) == (ledger_introductions(), ledger_assists())


# --- concurrency: two transactions writing the same key --------------------------------------


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def _interleave(first: Callable[[], object], second: Callable[[], object]) -> list[BaseException]:
    """Run ``first`` in a transaction that stays open until ``second`` (another connection) is
    blocked on a lock, then commit it and let ``second`` finish. Returns the threads' errors."""
    wrote, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def run_first() -> None:
        try:
            with transaction.atomic():
                first()
                wrote.set()
                assert release.wait(10)
        except BaseException as exc:
            errors.append(exc)
            wrote.set()
        finally:
            connections.close_all()

    def run_second() -> None:
        try:
            second()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    a, b = threading.Thread(target=run_first), threading.Thread(target=run_second)
    a.start()
    assert wrote.wait(10)
    b.start()
    deadline = time.monotonic() + 10
    blocked = False
    while time.monotonic() < deadline and not (blocked := _waiting_on_a_lock()):
        time.sleep(0.02)
    release.set()
    a.join(10)
    b.join(10)
    assert blocked, "the second writer never waited for the first one's lock"
    return errors


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_records_of_one_key_are_both_counted(world):
    a = world["pilots"][0]
    errors = _interleave(lambda: _intro(world, a, DAYS[0]), lambda: _intro(world, a, DAYS[0]))
    assert errors == []
    assert IntroductionDaily.objects.get(date=DAYS[0], pilot=a).introductions == 2
    assert_rollups_match_the_ledger()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_record_racing_the_deletion_of_a_keys_last_row_is_counted(world):
    a = world["pilots"][0]
    last = _assist(world, a, DAYS[0])
    errors = _interleave(
        lambda: services.assist_delete(actor=world["actor"], assist=last, now=NOW),
        lambda: _assist(world, a, DAYS[0]),
    )
    assert errors == []
    assert rollup_rows(ASSISTS) == {(DAYS[0], a.pk, 1, "received", 1, 5)}
    assert_rollups_match_the_ledger()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_crossing_corrections_of_two_rows_between_two_keys_neither_deadlock_nor_drift(world):
    a, b, _c = world["pilots"]
    x, y = _intro(world, a, DAYS[0]), _intro(world, b, DAYS[1])
    actor = world["actor"]
    errors = _interleave(
        lambda: services.introduction_update(actor=actor, introduction=x, date=DAYS[1], pilot=b, now=NOW),
        lambda: services.introduction_update(actor=actor, introduction=y, date=DAYS[0], pilot=a, now=NOW),
    )
    assert errors == []
    assert rollup_rows(INTRODUCTIONS) == {(DAYS[0], a.pk, 1, 1, 0, 1, 0), (DAYS[1], b.pk, 2, 1, 0, 1, 0)}
    assert_rollups_match_the_ledger()


def test_a_rollup_key_cannot_be_stored_twice(pilot_a):
    """The upkeep inserts a key's row with ON CONFLICT DO NOTHING and then locks it: that needs a
    real unique constraint on every database (SQLite drops unique constraints with included
    columns, so the key's constraint has none)."""
    import datetime as dt

    from django.db import IntegrityError, transaction

    from metrics.models import IntroductionDaily

    IntroductionDaily.objects.create(date=dt.date(2026, 1, 5), pilot=pilot_a, stage=1, introductions=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IntroductionDaily.objects.create(date=dt.date(2026, 1, 5), pilot=pilot_a, stage=1, introductions=1)
