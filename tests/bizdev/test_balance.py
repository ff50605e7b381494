# ruff: noqa: F811  (the dataset fixture `world` is imported from test_velocity)
"""Give/get balance and alumni requests (bizdev.selectors.balance) on the dataset of
tests/bizdev/test_velocity.py (period Q2 2026, pilot ``retail``), computed by hand:

Stage 3 assists of ``retail`` dated in Q2 (points: decision-maker introduction 10, introduction 5,
prospect insight 3, general information 1):

    A1 received introduction      Alma (alumna)      Ann    5
    A2 received general info      Alma               Ann    1
    A3 received prospect insight  Ben (alumnus)      Cleo   3
    A4 received introduction      Carl (no alumnus)  Cleo   5
    A5 given    decision-maker    Ben                Ann   10
    A6 given    general info      Alma               Ann    1
    A7 received introduction      Ben                Ann    5
    (A8 is dated in March; X is another pilot's: both left out)

- Per alumnus: Alma given 1 (1 pt), received 2 (6 pts), balance 1 - 6 = -5; Ben given 1 (10 pts),
  received 2 (8 pts), balance +2; Carl is not an alumnus: not listed.
- Per contributor: Ann given 2 (11), received 3 (11), balance 0; Cleo given 0, received 2 (8), -8.
- Per team: retail given 2 (11), received 5 (19), balance -8.
- By type (received): introduction 3, general information 1, prospect insight 1, decision maker 0
  (given 1).

Alumni requests of ``retail`` created in Q2: AR1 met in 2.5 days (10:00 → 22:00 two days later),
AR2 in 1, AR3 in 2.5, AR4 in 4; AR5 open; AR6 closed unanswered. Asked 6, met 4: 4 / 6 x 100 =
66.67 %; median days to meet over 1, 2.5, 2.5, 4 (an even count, a tie) = (2.5 + 2.5) / 2 = 2.5.
Still open, oldest first: AR0 (2026-02-01, before the period), AR5 (2026-06-01).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bizdev.selectors import balance
from bizdev.selectors.velocity import Scope
from tests.bizdev.test_velocity import END, START, world  # noqa: F401  (the dataset fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scope(world):
    return Scope(pilot_ids=[world.retail.pk], start=START, end=END)


def test_balance_per_alumnus_leaves_out_people_who_are_not_alumni(world, scope, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = balance.by_alumnus(scope)
    got = {r.label: (r.given, r.given_points, r.received, r.received_points, r.balance) for r in rows}
    assert got == {"Ben Brook": (1, 10, 2, 8, 2), "Alma Ahlberg": (1, 1, 2, 6, -5)}
    assert [r.key for r in rows] == [world.ben.pk, world.alma.pk]  # most points first


def test_balance_per_contributor_and_per_team(world, scope, contributor_a):
    contributors = {
        r.key: (r.label, r.given, r.given_points, r.received, r.received_points, r.balance)
        for r in balance.by_contributor(scope)
    }
    assert contributors == {
        contributor_a.pk: ("Ann Contributor", 2, 11, 3, 11, 0),
        world.cleo.pk: ("Cleo Seller", 0, 0, 2, 8, -8),
    }
    teams = [(r.key, r.label, r.given, r.given_points, r.received, r.received_points) for r in balance.by_team(scope)]
    assert teams == [(world.retail.pk, "Retail deals", 2, 11, 5, 19)]
    t = balance.totals(balance.by_team(scope))
    assert (t.given, t.given_points, t.received, t.received_points, t.balance) == (2, 11, 5, 19, -8)


def test_balance_per_type_in_the_scales_order(scope):
    rows = [(r.key, r.given, r.received, r.given_points, r.received_points) for r in balance.by_type(scope)]
    assert rows == [
        ("decision-maker-introduction", 1, 0, 10, 0),
        ("introduction", 0, 3, 0, 15),
        ("prospect-insight", 0, 1, 0, 3),
        ("general-information", 1, 1, 1, 1),
    ]


def test_alumni_requests_met_and_median_time_to_meet(scope, django_assert_num_queries):
    with django_assert_num_queries(1):
        r = balance.alumni_requests(scope)
    assert (r.asked, r.met) == (6, 4)
    assert r.share_met == Decimal(400) / 6
    assert r.days_to_meet == (Decimal(1), Decimal("2.5"), Decimal("2.5"), Decimal(4))
    assert r.median_days == Decimal("2.5")
    assert r.share_formula == (
        "alumni requests met (marked answered) / alumni requests created between 2026-04-01 and 2026-06-30 "
        "x 100 = 4 / 6 x 100"
    )
    assert r.median_formula.startswith(
        "the median of the days from asked to answered of the 4 alumni requests created between 2026-04-01 and "
        "2026-06-30 and met, sorted: 1.0, 2.5, 2.5, 4.0"
    )
    assert r.median_formula.endswith("= 2.5")


def test_no_alumni_request_means_no_share(world):
    r = balance.alumni_requests(Scope(pilot_ids=[world.retail.pk], start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30)))
    assert (r.asked, r.met, r.share_met, r.median_days) == (0, 0, None, None)
    assert "no alumni request created" in r.share_formula


def test_open_alumni_requests_oldest_first_with_their_age(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        rows, total = balance.open_alumni_requests([world.retail.pk], today=dt.date(2026, 7, 1))
    assert total == 2
    assert [(r.title, r.alumnus, r.age_days) for r in rows] == [
        ("Intro to <b>a buyer</b> in Lyon", "Ben Brook", 150),
        ("Feedback on our new app", "Alma Ahlberg", 30),
    ]
    rows, total = balance.open_alumni_requests([world.retail.pk], today=dt.date(2026, 7, 1), limit=1)
    assert (len(rows), total) == (1, 2)


def test_balance_of_another_pilot_is_its_own(world):
    other = Scope(pilot_ids=[world.other.pk], start=START, end=END)
    assert [(r.label, r.received) for r in balance.by_team(other)] == [("Other deals", 1)]
    assert balance.by_alumnus(other) == []
