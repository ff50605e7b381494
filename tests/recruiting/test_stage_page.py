"""The Stage 1 page (recruiting:index): its numbers, the thank-you to-do list, the openings, the
pilot filter, who sees names and who only counts, empty states and a constant number of queries.

Pilot A (stage 1, sponsor A) has profiles "Data engineers" (priority 1) and "Designers"
(priority 2), three openings (open, emerging, closed) and, added this month, Alice (engaged, data
engineers: a quality lead), Bruno (found, data engineers) and Carla (applied, designers: a lead,
not a quality one); Dora was added 100 days ago (no lead this month) and was hired today through
an employee referral. One video interview this quarter replaced a trip of 120.00. Alice was
referred by contributor A (not thanked); contributor A's feedback on the open opening is pending
(not thanked). Pilot X (sponsor B) has one opening with Xavier Secret in it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metrics import services as ledger
from recruiting.models import Candidate, CandidateMove, JobOpening, OpeningFeedback, Referral, VideoInterview
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory, ProfileFactory

S = Candidate.Step


def add(opening, name, step, *, days_ago=0, source=Candidate.Source.OTHER):
    when = timezone.now() - dt.timedelta(days=days_ago)
    first, last = name.split(" ", 1)
    person = PersonFactory(first_name=first, last_name=last)
    c = CandidateFactory(opening=opening, person=person, step=step, source=source, created_at=when)
    CandidateMove.objects.create(candidate=c, to_step=S.FOUND, at=when)
    if step != S.FOUND:
        CandidateMove.objects.create(candidate=c, from_step=S.FOUND, to_step=step, at=when)
    return c


@pytest.fixture
def stage(hr_lead, pilot_a, contributor_a, sponsor_b):
    top = ProfileFactory(pilot=pilot_a, name="Data engineers", priority=1)
    second = ProfileFactory(pilot=pilot_a, name="Designers", priority=2)
    o1 = OpeningFactory(pilot=pilot_a, profile=top, title="Senior data engineer")
    o2 = OpeningFactory(pilot=pilot_a, profile=second, title="Product designer", status=JobOpening.Status.EMERGING)
    OpeningFactory(pilot=pilot_a, profile=top, title="Old analyst", status=JobOpening.Status.CLOSED)
    alice = add(o1, "Alice Quality", S.ENGAGED)
    add(o1, "Bruno Found", S.FOUND)
    carla = add(o2, "Carla Designer", S.APPLIED)
    dora = add(o1, "Dora Hired", S.OFFER, days_ago=100, source=Candidate.Source.EMPLOYEE_REFERRAL)
    today = timezone.localdate()
    dora.hire = ledger.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=dora.person,
        opening_title=o1.title,
        source="employee_referral",
        first_contact_date=today - dt.timedelta(days=100),
        date=today,
    )
    dora.step = S.HIRED
    dora.save(update_fields=["hire", "step"])
    VideoInterview.objects.create(
        candidate=carla, scheduled_at=timezone.now(), replaced_trip=True, travel_avoided=Decimal("120.00")
    )
    Referral.objects.create(candidate=alice, referrer=contributor_a, why="Worked with her")
    OpeningFeedback.objects.create(opening=o1, author=contributor_a, comment="Mention remote days")

    pilot_x = PilotFactory(name="Consultants hiring", stage=1, sponsor=sponsor_b)
    ox = OpeningFactory(pilot=pilot_x, title="Partner consultant")
    add(ox, "Xavier Secret", S.ENGAGED)
    return pilot_x


def counts(response, name: str) -> dict[str, int]:
    return {c.key: c.n for c in getattr(response.context["counts"], name)}


def test_an_hr_lead_reads_the_numbers_first(client_for, hr_lead, pilot_a, stage):
    response = client_for(hr_lead).get(reverse("recruiting:index"), {"pilot": pilot_a.pk})

    assert response.status_code == 200
    assert counts(response, "openings_by_status") == {"emerging": 1, "open": 1, "filled": 0, "closed": 1}
    steps = counts(response, "candidates_by_step")
    assert (steps["found"], steps["engaged"], steps["applied"], steps["hired"], steps["offer"]) == (1, 1, 1, 1, 0)
    profiles = {
        row.profile.name: (row.profile.priority, row.leads, row.quality) for row in response.context["counts"].profiles
    }
    assert profiles == {"Data engineers": (1, 2, 1), "Designers": (2, 1, 0)}
    c = response.context["counts"]
    assert counts(response, "hires_by_source") == {"employee_referral": 1}
    assert (c.travel_avoided, c.trips) == (Decimal("120.00"), 1)
    html = response.content.decode()
    assert "120.00" in html and "Leads this month per profile" in html
    assert html.index("Candidates per step") < html.index('id="stage-openings"')  # numbers lead


def test_an_hr_lead_gets_the_thank_you_to_do_list_with_links(client_for, hr_lead, stage):
    html = client_for(hr_lead).get(reverse("recruiting:index")).content.decode()

    todo = re.search(r'<section class="card card--attention".*?</section>', html, re.S).group(0)
    assert "Alice Quality" in todo and "Mention remote days" not in todo  # the comment is on the opening page
    assert "Senior data engineer" in todo
    alice = Candidate.objects.get(person__first_name="Alice")
    assert reverse("recruiting:candidate_detail", args=[alice.pk]) in todo
    assert reverse("recruiting:opening_detail", args=[alice.opening_id]) in todo


def test_the_openings_table_links_each_board_for_who_works_in_the_pilot(client_for, contributor_a, stage):
    response = client_for(contributor_a).get(reverse("recruiting:index"))
    html = response.content.decode()

    titles = [o.title for o in response.context["openings"]]
    assert titles == ["Senior data engineer", "Product designer", "Old analyst"]  # open, emerging, closed
    assert [o.n_candidates for o in response.context["openings"]] == [3, 1, 0]
    board = reverse("recruiting:opening_board", args=[JobOpening.objects.get(title="Senior data engineer").pk])
    assert board in html
    assert "Partner consultant" not in html and "Xavier Secret" not in html  # pilot X is not theirs
    assert 'class="card card--attention"' not in html  # thanking is the HR lead's


def test_a_manager_sees_counts_for_their_sponsors_pilots_and_no_names(client_for, manager, stage):
    response = client_for(manager).get(reverse("recruiting:index"))
    html = response.content.decode()

    assert response.status_code == 200
    assert counts(response, "openings_by_status")["open"] == 1
    assert counts(response, "candidates_by_step")["engaged"] == 1  # Alice, not pilot X's Xavier
    for name in ("Alice Quality", "Bruno Found", "Carla Designer", "Dora Hired", "Xavier Secret", "Ann Contributor"):
        assert name not in html
    assert "Partner consultant" not in html
    assert "Open the board" not in html and "My recruiting" not in html
    assert response.context["referrals_todo"] == [] and response.context["feedback_todo"] == []


def test_the_pilot_filter_narrows_every_number(client_for, hr_lead, stage):
    pilot_x = stage
    response = client_for(hr_lead).get(reverse("recruiting:index"), {"pilot": pilot_x.pk})

    assert counts(response, "openings_by_status")["open"] == 1
    assert sum(counts(response, "candidates_by_step").values()) == 1
    assert [o.title for o in response.context["openings"]] == ["Partner consultant"]
    assert response.context["counts"].profiles[0].profile.pilot == pilot_x


def test_a_pilot_one_may_not_see_is_not_a_choice(client_for, contributor_a, stage):
    pilot_x = stage
    response = client_for(contributor_a).get(reverse("recruiting:index"), {"pilot": pilot_x.pk})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Partner consultant" not in response.content.decode()
    assert sum(counts(response, "candidates_by_step").values()) == 4  # pilot A's own, unfiltered


def test_someone_without_a_recruiting_pilot_is_told_what_to_do(client_for, outsider):
    html = client_for(outsider).get(reverse("recruiting:index")).content.decode()
    assert "No recruiting pilot to show" in html and "Ask an HR lead" in html


def test_a_pilot_without_openings_says_how_to_start(client_for, hr_lead, pilot_a):
    html = client_for(hr_lead).get(reverse("recruiting:index")).content.decode()
    assert "No opening yet" in html
    assert "No candidate profile yet" in html
    assert reverse("recruiting:opening_create") in html


def test_anonymous_visitors_are_sent_to_log_in(client_for):
    response = client_for(None).get(reverse("recruiting:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def _grow(pilot, author, n: int) -> None:
    opening = OpeningFactory(pilot=pilot)
    for i in range(n):
        c = add(opening, f"Person {i}", S.APPLIED)
        Referral.objects.create(candidate=c, referrer=author, why="x")
        OpeningFeedback.objects.create(opening=opening, author=author, comment="x")


@pytest.mark.parametrize("persona", ["hr_lead", "manager", "contributor_a"])
def test_the_page_runs_the_same_queries_for_3_and_30_candidates(request, client_for, hr_lead, pilot_a, persona):
    client = client_for(request.getfixturevalue(persona))

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("recruiting:index")).status_code == 200
        return len(ctx.captured_queries)

    _grow(pilot_a, hr_lead, 3)
    small = queries()
    _grow(pilot_a, hr_lead, 27)
    assert queries() == small
