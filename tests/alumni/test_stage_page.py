"""The Stage 2 page (alumni:index) and the goodwill page, against a small dataset computed by hand.

The dataset (``stage2``), period Q2 2026 (2026-04-01 … 2026-06-30), pilot_b (Stage 2, sponsor_b),
contributors Bob (contributor_b) and Carl, both of pilot_b:

Alumni of pilot_b: Dora (segment "Fans", rank 1), Emil ("Germany", rank 2), Fay and Gus (none).

Introductions booked to pilot_b, on behalf of alumni:
  i1 Bob  for Dora 2026-04-10 meaningful      in
  i2 Bob  for Emil 2026-05-01 not meaningful  in  (exchanged at the May event)
  i3 Carl for Dora 2026-06-30 meaningful      in  (the period's last day)
  i4 Carl for Fay  2026-03-31 meaningful      out (the day before)
  i5 Bob  for Fay  2026-07-01                 out (the day after)
  plus Bob for an employee (not an alumnus) 2026-05-05, and an introduction of another Stage 2
  pilot (pilot X) in the period: neither counts for pilot_b.
  -> 3 introductions, 2 meaningful, 2 contributors; Bob 2 (1 meaningful), Carl 1 (1);
     Fans 2 (2), Germany 1 (0). Meaningful per contributor = 2 / 2 = 1.

Reached in Q2: Dora and Emil (introductions), Fay (an assist received from her on 2026-05-15,
and a survey invite) -> 3 of 4; Gus only had a survey invite in March -> not reached.
Referrals: candidates from "alumni referral" recommended by Dora (2026-05-02, hired) and Emil
(2026-05-03) -> 2 referrals, 1 hire. Assists received from alumni: 1 (Fay), type "General information".
Events: one on 2026-05-20 (one introduction linked, i2), one in July -> 1 event, 1 event introduction.
Survey invites sent in Q2: Emil (answered) and Fay (not) -> 1 / 2 = 50 %; Gus's (March) is outside.

Goodwill history (current level in brackets):
  Dora [loves]:    positive -> loves on 2026-08-01
  Emil [positive]: neutral -> positive on 2026-05-10
  Fay  [hostile]:  neutral -> negative on 2026-02-01, negative -> hostile on 2026-09-01
  Gus  [unknown]:  no history
  At 2026-06-30: positive 2 (Dora, Emil), negative 1 (Fay), unknown 1 (Gus).
  At 2026-03-31: positive 1 (Dora), neutral 1 (Emil), negative 1 (Fay), unknown 1.
  Goodwill shift over Q2 (known at both: Dora, Emil, Fay): (1 + 1 - 1) / 3 - (1 + 0 - 1) / 3 = 1/3.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import Role
from alumni.models import (
    EventIntroduction,
    Goodwill,
    GoodwillChange,
    NetworkingEvent,
    Survey,
    SurveyInvite,
)
from alumni.selectors import stage
from metrics import services as ledger
from metrics.models import Introduction, IntroductionKind
from programs.models import Membership, Pilot
from recruiting.models import Candidate
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory

pytestmark = pytest.mark.django_db

Q2 = {"period": "quarter", "start": "2026-04-01"}
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)


def intro(pilot, made_by, person, day, *, meaningful=False, kind=IntroductionKind.ALUMNUS):
    return Introduction.objects.create(
        made_by=made_by,
        on_behalf_of=person,
        on_behalf_kind=kind,
        to_person=PersonFactory(first_name="Target"),
        pilot=pilot,
        stage=2,
        date=day,
        meaningful=meaningful,
        confirmed_at=at(day) if meaningful else None,
    )


def change(alumnus, before, after, day):
    GoodwillChange.objects.create(alumnus=alumnus, from_level=before, to_level=after, on=day)


@pytest.fixture
def stage2(hr_lead, pilot_a, pilot_b, contributor_b):
    """The dataset of the module docstring."""
    carl = UserFactory(email="carl@firm.example", full_name="Carl Contributor", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=carl, role=Membership.Role.CONTRIBUTOR)
    fans = SegmentFactory(pilot=pilot_b, name="Fans", rank=1)
    germany = SegmentFactory(pilot=pilot_b, name="Germany", rank=2)

    def alumnus(name, segment, goodwill):
        return AlumnusFactory(pilot=pilot_b, person=PersonFactory(first_name=name), segment=segment, goodwill=goodwill)

    dora = alumnus("Dora", fans, Goodwill.LOVES)
    emil = alumnus("Emil", germany, Goodwill.POSITIVE)
    fay = alumnus("Fay", None, Goodwill.HOSTILE)
    gus = alumnus("Gus", None, Goodwill.UNKNOWN)
    change(dora, Goodwill.POSITIVE, Goodwill.LOVES, D(2026, 8, 1))
    change(emil, Goodwill.NEUTRAL, Goodwill.POSITIVE, D(2026, 5, 10))
    change(fay, Goodwill.NEUTRAL, Goodwill.NEGATIVE, D(2026, 2, 1))
    change(fay, Goodwill.NEGATIVE, Goodwill.HOSTILE, D(2026, 9, 1))

    bob = contributor_b
    intro(pilot_b, bob, dora.person, D(2026, 4, 10), meaningful=True)
    i2 = intro(pilot_b, bob, emil.person, D(2026, 5, 1))
    intro(pilot_b, carl, dora.person, D(2026, 6, 30), meaningful=True)
    intro(pilot_b, carl, fay.person, D(2026, 3, 31), meaningful=True)
    intro(pilot_b, bob, fay.person, D(2026, 7, 1))
    intro(pilot_b, bob, PersonFactory(first_name="Employee"), D(2026, 5, 5), kind=IntroductionKind.EMPLOYEE)
    pilot_x = PilotFactory(name="Other alumni pilot", stage=2)
    intro(pilot_x, hr_lead, AlumnusFactory(pilot=pilot_x).person, D(2026, 5, 5), meaningful=True)

    ledger.assist_record(
        actor=hr_lead,
        pilot=pilot_b,
        person=fay.person,
        assist_type="general-information",
        direction="received",
        employee=bob,
        date=D(2026, 5, 15),
    )
    opening = OpeningFactory(pilot=pilot_a)
    hired = CandidateFactory(
        opening=opening,
        source=Candidate.Source.ALUMNI_REFERRAL,
        referred_by_person=dora.person,
        created_at=at(D(2026, 5, 2)),
    )
    hired.hire = ledger.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=hired.person,
        opening_title=opening.title,
        source="alumni_referral",
        first_contact_date=D(2026, 5, 2),
        date=D(2026, 6, 1),
    )
    hired.save(update_fields=["hire"])
    CandidateFactory(
        opening=opening,
        source=Candidate.Source.ALUMNI_REFERRAL,
        referred_by_person=emil.person,
        created_at=at(D(2026, 5, 3)),
    )
    may = NetworkingEvent.objects.create(
        pilot=pilot_b, name="Berlin meetup", city="Berlin", country="DE", starts_on=D(2026, 5, 20)
    )
    EventIntroduction.objects.create(event=may, introduction=i2)
    NetworkingEvent.objects.create(
        pilot=pilot_b, name="July meetup", city="Paris", country="FR", starts_on=D(2026, 7, 2)
    )
    survey = Survey.objects.create(pilot=pilot_b, status=Survey.Status.SENT)
    SurveyInvite.objects.create(survey=survey, alumnus=emil, sent_at=at(D(2026, 5, 1)), answered_at=at(D(2026, 5, 3)))
    SurveyInvite.objects.create(survey=survey, alumnus=fay, sent_at=at(D(2026, 5, 1)))
    SurveyInvite.objects.create(survey=survey, alumnus=gus, sent_at=at(D(2026, 3, 1)), answered_at=at(D(2026, 3, 2)))
    return {"dora": dora, "emil": emil, "fay": fay, "gus": gus, "fans": fans, "germany": germany, "carl": carl}


def number(html: str, key: str) -> str:
    marker = f'data-key="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def row(label: str, total: int, meaningful: int) -> str:
    """A row of the per-segment or per-contributor table, as the page writes it."""
    return (
        f'{label}</th><td class="numeric" data-label="Introductions">{total}</td>'
        f'<td class="numeric" data-label="Meaningful">{meaningful}</td>'
    )


def assert_counts(html: str) -> None:
    expected = {
        "total": "3",
        "meaningful": "2",
        "contributors": "2",
        "alumni": "4",
        "reached": "3",
        "referrals": "2",
        "hired": "1",
        "events": "1",
        "event_introductions": "1",
        "survey_sent": "2",
        "survey_answered": "1",
        "survey_rate": "50.0 %",
    }
    assert {key: number(html, key) for key in expected} == expected
    assert '<strong data-figure="assists">1</strong>' in html
    fans = html.index('data-segment="', html.index('data-table="by-segment"'))
    assert row("Fans", 2, 2) in html[fans:]
    assert row("Germany", 1, 0) in html


def test_hr_lead_sees_the_numbers_of_a_pilot_for_a_period(
    client_for, hr_lead, pilot_b, stage2, django_assert_max_num_queries
):
    client = client_for(hr_lead)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("alumni:index"), {**Q2, "pilot": pilot_b.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert_counts(html)
    bob = html.index("Bob Contributor</th>")
    assert html[bob:].startswith(row("Bob Contributor", 2, 1))
    assert row("Carl Contributor", 1, 1) in html
    # All pilots: pilot X's meaningful introduction counts too.
    everything = client.get(reverse("alumni:index"), Q2).content.decode()
    assert number(everything, "total") == "4" and number(everything, "meaningful") == "3"


def test_the_query_count_does_not_grow_with_the_data(
    client_for, hr_lead, pilot_b, stage2, django_assert_max_num_queries
):
    for i in range(15):
        a = AlumnusFactory(pilot=pilot_b, segment=stage2["fans"])
        intro(pilot_b, stage2["carl"], a.person, D(2026, 5, 1 + i), meaningful=bool(i % 2))
    client = client_for(hr_lead)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("alumni:index"), {**Q2, "pilot": pilot_b.pk}).content.decode()
    assert number(html, "total") == "18"


def test_contributor_sees_their_pilots_numbers(client_for, contributor_b, stage2):
    html = client_for(contributor_b).get(reverse("alumni:index"), Q2).content.decode()
    assert_counts(html)
    assert "Carl Contributor" in html and "Other alumni pilot" not in html
    assert reverse("alumni:segment_list") in html


def test_manager_sees_counts_never_a_name(client_for, manager, sponsor_b, stage2):
    sponsor_b.managers.add(manager)
    response = client_for(manager).get(reverse("alumni:index"), Q2)
    html = response.content.decode()
    assert response.status_code == 200
    assert_counts(html)
    for name in ("Dora", "Emil", "Fay", "Gus", "Bob Contributor", "Carl Contributor"):
        assert name not in html
    assert 'data-table="by-contributor"' not in html
    assert reverse("alumni:segment_list") not in html


def test_a_user_without_a_stage_2_pilot_gets_the_empty_state(client_for, manager, contributor_a, outsider):
    for user in (manager, contributor_a, outsider):
        response = client_for(user).get(reverse("alumni:index"))
        assert response.status_code == 200
        assert "No alumni pilot to show" in response.content.decode()


@freeze_time("2026-05-20 10:00:00")
def test_the_default_period_is_this_quarter_and_a_bad_period_is_shown(client_for, hr_lead, stage2):
    client = client_for(hr_lead)
    html = client.get(reverse("alumni:index")).content.decode()
    assert "Q2 2026" in html and number(html, "total") == "4"
    bad = client.get(reverse("alumni:index"), {"period": "custom", "start": "2026-05-01"})
    assert bad.status_code == 200 and "A custom period needs both a start and an end date." in bad.content.decode()


# --- goodwill over time ----------------------------------------------------------------------------------


def test_goodwill_is_reconstructed_at_each_month_end(pilot_b, stage2):
    history = stage.goodwill_history(Pilot.objects.filter(pk=pilot_b.pk), segment=None, today=D(2026, 9, 15))
    assert [m.day for m in history][-4:] == [D(2026, 6, 30), D(2026, 7, 31), D(2026, 8, 31), D(2026, 9, 15)]
    assert len(history) == 12 and history[0].day == D(2025, 10, 31)

    def levels(month):
        return {c.level: c.n for c in month.levels if c.n}

    by_day = {m.day: levels(m) for m in history}
    assert by_day[D(2026, 1, 31)] == {"positive": 1, "neutral": 2, "unknown": 1}
    assert by_day[D(2026, 3, 31)] == {"positive": 1, "neutral": 1, "negative": 1, "unknown": 1}
    assert by_day[D(2026, 6, 30)] == {"positive": 2, "negative": 1, "unknown": 1}
    assert by_day[D(2026, 8, 31)] == {"loves": 1, "positive": 1, "negative": 1, "unknown": 1}
    assert by_day[D(2026, 9, 15)] == {"loves": 1, "positive": 1, "hostile": 1, "unknown": 1}
    fans_only = stage.goodwill_history(
        Pilot.objects.filter(pk=pilot_b.pk), segment=stage2["fans"], today=D(2026, 9, 15)
    )
    assert [levels(m) for m in fans_only][-3:] == [{"positive": 1}, {"loves": 1}, {"loves": 1}]


def test_alumni_who_had_not_left_yet_are_not_counted(pilot_b):
    AlumnusFactory(pilot=pilot_b, left_on=D(2026, 8, 15), goodwill=Goodwill.POSITIVE)
    history = stage.goodwill_history(Pilot.objects.filter(pk=pilot_b.pk), segment=None, today=D(2026, 9, 15))
    assert [m.total for m in history][-3:] == [0, 1, 1]


@freeze_time("2026-09-15 10:00:00")
def test_goodwill_page_chart_table_and_csv(
    client_for, manager, sponsor_b, pilot_b, stage2, django_assert_max_num_queries
):
    sponsor_b.managers.add(manager)
    client = client_for(manager)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("alumni:goodwill"), {"segment": stage2["fans"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<rect" in html and "Dora" not in html
    assert 'data-day="2026-08-31"' in html
    row = html[html.index('data-day="2026-08-31"') :]
    assert 'data-level="loves">1</td>' in row[: row.index("</tr>")]
    csv = b"".join(client.get(reverse("alumni:goodwill_csv")).streaming_content).decode()
    lines = csv.splitlines()
    assert lines[0].startswith("Month end,Loves us,Positive,Neutral,Negative,Hostile,Not known yet,Alumni,Mean score")
    assert lines[-1] == "2026-09-15,1,1,0,0,1,1,4,0.33" and len(lines) == 13


def test_goodwill_page_is_a_404_for_who_reads_no_stage_2_figures(client_for, outsider, contributor_a):
    for user in (outsider, contributor_a):
        assert client_for(user).get(reverse("alumni:goodwill")).status_code == 404
        assert client_for(user).get(reverse("alumni:goodwill_csv")).status_code == 404
