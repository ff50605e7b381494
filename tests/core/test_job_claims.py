"""core.jobs.claims: the one way a job reads its earlier claims (by kind and key prefix)."""

from __future__ import annotations

import pytest
from django.db import transaction

from core.jobs import claim_once, claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed():
    with transaction.atomic():
        for kind, key in [
            ("tests.reminder", "policy=1:user=2:reminder=1"),
            ("tests.reminder", "policy=1:user=3:reminder=1"),
            ("tests.reminder", "policy=12:user=2:reminder=1"),
            ("tests.reminder", "policy=2:user=2:reminder=1"),
            ("tests.digest", "policy=1:user=2:reminder=1"),
        ]:
            assert claim_once(kind, key)


def keys(qs) -> set[str]:
    return set(qs.values_list("key", flat=True))


def test_claims_are_read_by_kind_and_key_prefix(claimed):
    assert keys(claims("tests.reminder", "policy=1:")) == {"policy=1:user=2:reminder=1", "policy=1:user=3:reminder=1"}
    assert keys(claims("tests.reminder", "policy=1:", "policy=2:")) == {
        "policy=1:user=2:reminder=1",
        "policy=1:user=3:reminder=1",
        "policy=2:user=2:reminder=1",
    }
    assert keys(claims("tests.digest", "policy=")) == {"policy=1:user=2:reminder=1"}


def test_no_prefix_reads_no_claims(claimed):
    assert not claims("tests.reminder").exists()


def test_a_prefix_with_like_wildcards_matches_them_literally(claimed):
    assert not claims("tests.reminder", "policy=_:").exists()
    assert not claims("tests.reminder", "%").exists()
