"""core.links: signed links that open once, for one purpose, for 30 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from freezegun import freeze_time

from core.links import LINK_MAX_AGE, LinkRefused, link_token, link_used, read_link, use_link

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_carries_its_payload_for_its_purpose_only():
    token = link_token("alumni.survey", {"v": 12})

    assert read_link(token, "alumni.survey") == {"v": 12}
    with pytest.raises(LinkRefused) as refused:
        read_link(token, "alumni.intro_confirm")
    assert refused.value.reason == "invalid"


@pytest.mark.parametrize(
    "damage", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x" * 600]
)
def test_a_tampered_cut_or_oversized_token_is_invalid(damage):
    token = link_token("alumni.survey", {"v": 12})

    with pytest.raises(LinkRefused) as refused:
        read_link(damage(token), "alumni.survey")
    assert refused.value.reason == "invalid"


def test_a_token_expires_after_thirty_days():
    with freeze_time("2026-11-01 10:00:00+00:00"):
        token = link_token("alumni.survey", {"v": 1})
    with freeze_time("2026-11-01 10:00:00+00:00") as clock:
        clock.tick(LINK_MAX_AGE - dt.timedelta(minutes=1))
        assert read_link(token, "alumni.survey") == {"v": 1}
        clock.tick(dt.timedelta(minutes=2))
        with pytest.raises(LinkRefused) as refused:
            read_link(token, "alumni.survey")
    assert refused.value.reason == "expired"


def test_a_token_is_used_once_and_a_rolled_back_use_does_not_count():
    token = link_token("alumni.survey", {"v": 1})

    with pytest.raises(RuntimeError), transaction.atomic():
        use_link(token, "alumni.survey")
        raise RuntimeError("the answer failed to save")
    assert not link_used(token, "alumni.survey")

    with transaction.atomic():
        use_link(token, "alumni.survey")
    assert link_used(token, "alumni.survey")
    assert not link_used(token, "alumni.recommend")  # the same string for another purpose is another link
    with pytest.raises(LinkRefused) as refused, transaction.atomic():
        use_link(token, "alumni.survey")
    assert refused.value.reason == "used"
