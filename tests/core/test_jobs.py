"""core.jobs.claim_once: the one run-at-most-once mechanism every digest, reminder and import uses."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from core.jobs import ClaimOutsideTransactionError, claim_once, claims
from core.models import JobClaim


@pytest.mark.django_db
def test_first_claim_wins_and_a_second_one_is_refused():
    with transaction.atomic():
        assert claim_once("tests.job", "a") is True
    with transaction.atomic():
        assert claim_once("tests.job", "a") is False
        # The refusal leaves the caller's transaction usable.
        assert JobClaim.objects.filter(kind="tests.job").count() == 1
    assert list(claims("tests.job", "a").values_list("key", flat=True)) == ["a"]


@pytest.mark.django_db
def test_same_key_of_another_kind_is_a_different_job():
    with transaction.atomic():
        assert claim_once("tests.job", "a")
        assert claim_once("tests.other", "a")


@pytest.mark.django_db
def test_a_failed_job_releases_its_claim():
    with pytest.raises(RuntimeError), transaction.atomic():
        assert claim_once("tests.job", "b")
        raise RuntimeError("the email could not be sent")
    assert not claims("tests.job", "b").exists()
    with transaction.atomic():
        assert claim_once("tests.job", "b") is True


@pytest.mark.django_db(transaction=True)
def test_claiming_outside_a_transaction_is_refused():
    with pytest.raises(ClaimOutsideTransactionError):
        claim_once("tests.job", "c")
    assert not JobClaim.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_do_the_work_once():
    """Two threads (two database connections) claim the same key while both transactions are
    open: on PostgreSQL the second waits on the unique index and gets False once the first
    commits. (SQLite serializes writers, which gives the same answer.)"""
    results: list[bool] = []
    first_claimed = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                results.append(claim_once("tests.race", "k"))
                first_claimed.set()
                release_first.wait(timeout=30)
        finally:
            connection.close()

    def second() -> None:
        try:
            first_claimed.wait(timeout=30)
            with transaction.atomic():
                results.append(claim_once("tests.race", "k"))
        finally:
            connection.close()

    if connection.vendor == "sqlite":
        pytest.skip("SQLite locks the whole database for a writer; the race needs row-level locking")
    t1 = threading.Thread(target=first)
    t2 = threading.Thread(target=second)
    t1.start()
    t2.start()
    first_claimed.wait(timeout=30)
    # The second thread is now blocked on the unique index (or about to be); let the first commit.
    release_first.set()
    t1.join(timeout=30)
    t2.join(timeout=30)
    assert sorted(results) == [False, True]
    assert JobClaim.objects.filter(kind="tests.race").count() == 1
