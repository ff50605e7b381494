"""Sales-cycle velocity (bizdev.selectors.velocity) against a small dataset computed by hand.

The dataset (``world``), period Q2 2026 (2026-04-01 .. 2026-06-30), pilot ``retail`` (Stage 3,
sponsor_a, whose baseline for 2026 says a sale took 100 days and a day is worth 200.00):

    deal  stage  opened      closed      cycle  received assists (how)                    counts?
    D1    won    2026-03-01  2026-04-10   40    introduction (direct), general info (R2)  assisted
    D2    won    2026-03-20  2026-05-19   60    prospect insight (through request R1)     assisted
    D3    won    2026-02-01  2026-05-02   90    -                                         unassisted
    D4    won    2026-01-11  2026-04-11   90    -                                         unassisted (a tie)
    D9    won    2026-05-01  2026-06-20   50    a GIVEN assist only (does not assist)     unassisted
    D5    lost   2026-04-01  2026-06-01    -    introduction (direct, from a non-alumnus) assisted
    D6    lost   2026-04-01  2026-06-10    -    -                                         unassisted
    D7    open   2026-04-01  -             -    introduction (direct)                     never (open)
    D8    won    2026-01-01  2026-03-15   73    introduction                              closed before Q2
    D10   open   2026-07-05  -             -    -                                         opened after Q2
    X1    won    (another pilot, another sponsor, assisted)                               other scope

- Assisted: won D1 (40), D2 (60); lost D5. Median cycle days = (40 + 60) / 2 = 50 (an even count);
  win rate = 2 / (2 + 1) x 100 = 66.67 %. Both rest on fewer than 5 deals: "too few".
- Unassisted: won D9 (50), D3 (90), D4 (90); lost D6. Median = 90 (the middle of 50, 90, 90, a
  tie); win rate = 3 / (3 + 1) x 100 = 75 %.
- By type: introduction: D1 won 40, D5 lost → median 40, win rate 50 %; general information:
  D1 → 40, 100 %; prospect insight: D2 → 60, 100 %; decision-maker introduction: none.
- Baseline cycle days: the 5 won deals' baseline, 100 each → (100 x 5) / 5 = 100.
- Days saved: (100 - 40) + (100 - 60) = 100 days; value 100 x 200.00 = 20,000.00 EUR.
- Without a day value on the baseline: 100 days, no value ("in days only"). Without a baseline:
  0 days, 2 assisted won deals left out, baseline cycle days undefined.
- Opportunities in Q2: open D7 (D10 opened after the period) = 1; won D1, D2, D3, D4, D9 = 5;
  lost D5, D6 = 2; assisted by an assist dated in Q2: D1, D2, D5, D7 = 4 (D8's assist is dated
  in March).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from bizdev.models import (
    REF_OPPORTUNITY,
    REF_REQUEST,
    OpportunityStage,
    RequestDirection,
    RequestStatus,
)
from bizdev.selectors import velocity
from bizdev.selectors.velocity import NOTE_TOO_FEW, Scope, median
from metrics.models import LegacyCostBaseline
from metrics.services import assist_record
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.bizdev.factories import HelpRequestFactory, OpportunityFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
NOW = dt.datetime(2026, 7, 15, 12, tzinfo=dt.UTC)
PERIOD = "between 2026-04-01 and 2026-06-30"


def _at(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


class World:
    """The rows of the module's dataset, by the names its docstring uses."""

    def __init__(self, **rows: object) -> None:
        self.__dict__.update(rows)


@pytest.fixture
def world(hr_lead, sponsor_a, sponsor_b, contributor_a):
    """The docstring's dataset, plus the alumni requests of tests/bizdev/test_balance.py."""
    retail = PilotFactory(name="Retail deals", stage=3, sponsor=sponsor_a)
    other = PilotFactory(name="Other deals", stage=3, sponsor=sponsor_b)
    MembershipFactory(pilot=retail, user=contributor_a, role=Membership.Role.CONTRIBUTOR)
    cleo = UserFactory(email="cleo@firm.example", full_name="Cleo Seller")
    MembershipFactory(pilot=retail, user=cleo, role=Membership.Role.CONTRIBUTOR)
    olga = UserFactory(email="olga@firm.example", full_name="Olga Other")
    MembershipFactory(pilot=other, user=olga, role=Membership.Role.CONTRIBUTOR)
    alma = AlumnusFactory(person=PersonFactory(first_name="Alma", last_name="Ahlberg"), pilot=retail)
    ben = AlumnusFactory(person=PersonFactory(first_name="Ben", last_name="Brook"), pilot=retail)
    carl = PersonFactory(first_name="Carl", last_name="Contact")
    LegacyCostBaseline.objects.create(
        sponsor=sponsor_a,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
        sales_cycle_days=100,
        sales_cycle_day_value=Decimal("200.00"),
        source_note="Sales ops, FY2025",
    )

    def deal(name: str, stage: str, opened: str, closed: str | None = None, pilot=retail, owner=contributor_a):
        return OpportunityFactory(
            pilot=pilot,
            name=name,
            stage=stage,
            owner=owner,
            opened_on=dt.date.fromisoformat(opened),
            closed_on=dt.date.fromisoformat(closed) if closed else None,
        )

    won, lost, open_ = OpportunityStage.WON, OpportunityStage.LOST, OpportunityStage.NEGOTIATION
    d1 = deal("D1", won, "2026-03-01", "2026-04-10")
    d2 = deal("D2", won, "2026-03-20", "2026-05-19")
    d3 = deal("D3", won, "2026-02-01", "2026-05-02")
    d4 = deal("D4", won, "2026-01-11", "2026-04-11")
    d9 = deal("D9", won, "2026-05-01", "2026-06-20")
    d5 = deal("D5", lost, "2026-04-01", "2026-06-01")
    d6 = deal("D6", lost, "2026-04-01", "2026-06-10")
    d7 = deal("D7", open_, "2026-04-01")
    d8 = deal("D8", won, "2026-01-01", "2026-03-15")
    d10 = deal("D10", open_, "2026-07-05")
    x1 = deal("X1", won, "2026-04-01", "2026-04-20", pilot=other, owner=olga)
    r1 = HelpRequestFactory(pilot=retail, opportunity=d2, title="Insight on D2's buyer", asked_by=cleo)
    r2 = HelpRequestFactory(pilot=retail, opportunity=d1, title="Who runs D1's stores?", asked_by=contributor_a)

    def assist(kind, direction, person, employee, day, ref=None, pilot=retail):
        ref_kind = REF_OPPORTUNITY if ref is not None and hasattr(ref, "stage") else REF_REQUEST
        return assist_record(
            actor=hr_lead,
            pilot=pilot,
            person=person,
            assist_type=kind,
            direction=direction,
            employee=employee,
            date=dt.date.fromisoformat(day),
            reference_kind=ref_kind if ref is not None else "",
            reference_id=str(ref.pk) if ref is not None else "",
            reference_label=str(ref) if ref is not None else "",
            now=NOW,
        )

    a = {
        "A1": assist("introduction", "received", alma.person, contributor_a, "2026-04-05", d1),
        "A2": assist("general-information", "received", alma.person, contributor_a, "2026-04-06", r2),
        "A3": assist("prospect-insight", "received", ben.person, cleo, "2026-05-01", r1),
        "A4": assist("introduction", "received", carl, cleo, "2026-05-10", d5),
        "A5": assist("decision-maker-introduction", "given", ben.person, contributor_a, "2026-06-01", d9),
        "A6": assist("general-information", "given", alma.person, contributor_a, "2026-06-02"),
        "A7": assist("introduction", "received", ben.person, contributor_a, "2026-06-03", d7),
        "A8": assist("introduction", "received", alma.person, contributor_a, "2026-03-01", d8),
        "X": assist("introduction", "received", carl, olga, "2026-04-10", x1, pilot=other),
    }

    def ask(alumnus, created: dt.datetime, answered: dt.datetime | None, status=RequestStatus.ANSWERED, title=""):
        return HelpRequestFactory(
            pilot=retail,
            direction=RequestDirection.ALUMNI,
            audience="",
            alumnus=alumnus,
            title=title or f"Ask of {alumnus.person.first_name} on {created:%Y-%m-%d}",
            created_at=created,
            answered_at=answered,
            status=status,
        )

    asks = {
        "AR0": ask(ben, _at("2026-02-01"), None, RequestStatus.OPEN, "Intro to <b>a buyer</b> in Lyon"),
        "AR1": ask(alma, _at("2026-04-01", 10), _at("2026-04-03", 22)),
        "AR2": ask(ben, _at("2026-04-10", 9), _at("2026-04-11", 9)),
        "AR3": ask(alma, _at("2026-05-01", 8), _at("2026-05-03", 20)),
        "AR4": ask(ben, _at("2026-05-20", 12), _at("2026-05-24", 12)),
        "AR5": ask(alma, _at("2026-06-01"), None, RequestStatus.OPEN, "Feedback on our new app"),
        "AR6": ask(ben, _at("2026-06-20"), None, RequestStatus.CLOSED),
    }
    return World(
        retail=retail,
        other=other,
        cleo=cleo,
        olga=olga,
        alma=alma,
        ben=ben,
        carl=carl,
        deals={d.name: d for d in (d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, x1)},
        requests={"R1": r1, "R2": r2, **asks},
        assists=a,
    )


def scope_of(world, start=START, end=END) -> Scope:
    return Scope(pilot_ids=[world.retail.pk], start=start, end=end)


def test_median_takes_the_mean_of_the_two_middle_values_for_an_even_count():
    assert median([60, 40]) == Decimal(50)
    assert median([90, 50, 90]) == Decimal(90)
    assert median([1, 2, 2, 3]) == Decimal(2)
    assert median([7]) == Decimal(7)
    assert median([]) is None


def test_assisted_and_unassisted_deals_as_computed_by_hand(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        v = velocity.velocity(scope_of(world))
    assert v.deals == 7  # D1 D2 D3 D4 D9 D5 D6; open deals and other periods and pilots never count
    a, u = v.assisted, v.unassisted
    assert (a.won_days, a.lost, a.median_days, a.win_rate) == ((40, 60), 1, Decimal(50), Decimal(200) / 3)
    assert (u.won_days, u.lost, u.median_days, u.win_rate) == ((50, 90, 90), 1, Decimal(90), Decimal(75))
    assert a.median_note == a.win_rate_note == u.median_note == u.win_rate_note == NOTE_TOO_FEW


def test_formulas_say_how_with_the_inputs_filled_in(world):
    v = velocity.velocity(scope_of(world))
    assert v.assisted.median_formula.startswith(
        "the mean of the two middle (1st and 2nd) of the cycle days (closed - opened) of the 2 won assisted deals "
        f"closed {PERIOD}, sorted: 40, 60 (an even count) → (40 + 60) / 2 = 50.0"
    )
    assert "the mean of the two middle values" in v.assisted.median_formula
    assert v.unassisted.median_formula.startswith(
        f"the middle (2nd) of the cycle days (closed - opened) of the 3 won unassisted deals closed {PERIOD}, "
        "sorted: 50, 90, 90 → 90"
    )
    assert v.assisted.win_rate_formula == (
        f"won / (won + lost) x 100 over the assisted deals closed {PERIOD} = 2 / (2 + 1) x 100"
    )


def test_by_assist_type_counts_a_deal_once_under_each_type_it_received(world):
    v = velocity.velocity(scope_of(world))
    got = {g.key: (g.won_days, g.lost, g.median_days, g.win_rate) for g in v.by_type}
    assert got == {
        "type:decision-maker-introduction": ((), 0, None, None),
        "type:introduction": ((40,), 1, Decimal(40), Decimal(50)),
        "type:prospect-insight": ((60,), 0, Decimal(60), Decimal(100)),
        "type:general-information": ((40,), 0, Decimal(40), Decimal(100)),
    }


def test_baseline_and_days_saved_with_a_day_value(world):
    v = velocity.velocity(scope_of(world))
    assert (v.baseline.value, v.baseline.deals) == (Decimal(100), 5)
    assert v.baseline.formula.endswith("= (100 x 5) / 5")
    s = v.saved
    assert (s.days, s.deals, s.skipped, s.value) == (100, 2, 0, Decimal("20000.00"))
    assert s.formula == (
        "Σ (baseline sales-cycle days - cycle days) over the 2 assisted won deals closed "
        f"{PERIOD} with a baseline = (100 - 40) + (100 - 60) = 100 days"
    )
    assert s.value_formula == "100 days saved x 200.00 EUR a day = 20,000.00 EUR"
    assert s.note == NOTE_TOO_FEW


def test_without_a_day_value_days_saved_are_in_days_only(world):
    LegacyCostBaseline.objects.update(sales_cycle_day_value=None)
    s = velocity.velocity(scope_of(world)).saved
    assert (s.days, s.deals, s.value, s.in_money) == (100, 2, None, False)
    assert s.value_formula.startswith("in days only: the baseline of 2 deals of the 2 gives no value")


def test_without_a_baseline_nothing_is_saved_and_the_deals_are_counted(world):
    LegacyCostBaseline.objects.all().delete()
    v = velocity.velocity(scope_of(world))
    assert (v.baseline.value, v.baseline.deals) == (None, 0)
    assert (v.saved.days, v.saved.deals, v.saved.skipped, v.saved.value) == (0, 0, 2, None)
    assert "2 assisted won deals without a baseline's sales-cycle days left out" in v.saved.formula
    # The rest does not rest on the baseline.
    assert v.assisted.median_days == Decimal(50)


def test_a_baseline_that_ends_before_the_close_date_does_not_price_the_deal(world, sponsor_a):
    """D1 (closed 2026-04-10) keeps the 2026 baseline; one for 2025 priced nothing."""
    LegacyCostBaseline.objects.update(valid_from=dt.date(2026, 4, 15))  # D1, D4 closed before it
    v = velocity.velocity(scope_of(world))
    assert (v.saved.days, v.saved.deals, v.saved.skipped) == (40, 1, 1)  # D2 only: 100 - 60
    assert v.baseline.deals == 3  # D2, D3, D9


def test_no_assisted_deals(world):
    """Late June: only D9 (won in 50 days, unassisted) closed."""
    v = velocity.velocity(scope_of(world, start=dt.date(2026, 6, 15)))
    assert (v.assisted.deals, v.assisted.median_days, v.assisted.win_rate) == (0, None, None)
    assert v.assisted.median_note == NOTE_TOO_FEW
    assert v.assisted.win_rate_formula == "no assisted deals closed between 2026-06-15 and 2026-06-30: no win rate"
    assert (v.unassisted.won_days, v.unassisted.win_rate) == ((50,), Decimal(100))
    assert (v.saved.days, v.saved.deals, v.saved.value) == (0, 0, None)


def test_open_deals_never_count_even_when_assisted(world):
    v = velocity.velocity(scope_of(world))
    counted = v.assisted.won + v.assisted.lost + v.unassisted.won + v.unassisted.lost
    assert counted == 7
    world.deals["D7"].stage = OpportunityStage.WON
    world.deals["D7"].closed_on = dt.date(2026, 6, 30)
    world.deals["D7"].save()
    after = velocity.velocity(scope_of(world))
    assert after.assisted.won_days == (40, 60, 90)  # D7 now closed: opened 2026-04-01, 90 days


def test_five_deals_or_more_carry_no_note(world):
    for _ in range(3):
        d = OpportunityFactory(
            pilot=world.retail,
            stage=OpportunityStage.WON,
            opened_on=dt.date(2026, 4, 1),
            closed_on=dt.date(2026, 4, 21),
            owner=world.cleo,
        )
        HelpRequestFactory(pilot=world.retail, opportunity=d)
        assist_record(
            actor=world.cleo,
            pilot=world.retail,
            person=world.alma.person,
            assist_type="introduction",
            direction="received",
            date=dt.date(2026, 4, 20),
            reference_kind=REF_OPPORTUNITY,
            reference_id=str(d.pk),
            now=NOW,
        )
    v = velocity.velocity(scope_of(world))
    assert v.assisted.won_days == (20, 20, 20, 40, 60)
    assert v.assisted.median_days == Decimal(20)
    assert v.assisted.median_note == ""
    assert v.assisted.win_rate == Decimal(500) / 6


def test_query_count_does_not_grow_with_the_data(world, django_assert_num_queries):
    for _ in range(6):
        d = OpportunityFactory(
            pilot=world.retail, stage=OpportunityStage.LOST, opened_on=START, closed_on=END, owner=world.cleo
        )
        r = HelpRequestFactory(pilot=world.retail, opportunity=d)
        assist_record(
            actor=world.cleo,
            pilot=world.retail,
            person=world.ben.person,
            assist_type="prospect-insight",
            direction="received",
            date=END,
            reference_kind=REF_REQUEST,
            reference_id=str(r.pk),
            now=NOW,
        )
    with django_assert_num_queries(4):
        v = velocity.velocity(scope_of(world))
    assert v.assisted.lost == 7


def test_opportunity_counts(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        c = velocity.opportunity_counts(scope_of(world))
    assert (c.open, c.won, c.lost, c.assisted) == (1, 5, 2, 4)


def test_timezone_is_used_for_nothing_here(world):
    """Deals are dated (no time of day): the period's ends are included whatever the time zone."""
    assert timezone.is_aware(NOW)
    v = velocity.velocity(scope_of(world, start=dt.date(2026, 4, 10), end=dt.date(2026, 4, 10)))
    assert v.assisted.won_days == (40,)
