"""Stage 3 entries in a person's timeline (bizdev.timeline): requests an alumnus asked, our
requests they were chosen for, their answers and the conflicts disclosed naming them; shown only
to who works in the request's pilot, in a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Role
from bizdev.models import HelpResponse
from bizdev.rules import Conflict
from bizdev.timeline import bizdev_entries
from people.timeline import timeline_for
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.bizdev.factories import HelpRequestFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def pilot_c(sponsor_b):
    return PilotFactory(name="Consulting deals", stage=3, sponsor=sponsor_b)


@pytest.fixture
def carla(pilot_c):
    """Contributor of pilot_c: sees its requests."""
    user = UserFactory(email="carla@firm.example", full_name="Carla Closer", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_c, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def alumna(ada, pilot_b):
    return AlumnusFactory(person=ada, pilot=pilot_b)


def _at(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def stage3_records(pilot, alumna, carla, *, n: int = 1):
    """Per round: Ada asks us for an introduction; she is chosen for our insight request and
    answers it; a request about Rival Co records her conflict, disclosed."""
    for i in range(n):
        HelpRequestFactory(
            pilot=pilot,
            direction="alumni",
            alumnus=alumna,
            audience="",
            kind="introduction",
            title=f"Intro to a bank {i}",
            created_at=_at(40 + i),
            via_link=True,
        )
        ours = HelpRequestFactory(pilot=pilot, title=f"Insight on Acme {i}", created_at=_at(30 + i), asked_by=carla)
        ours.chosen_alumni.add(alumna)
        HelpResponse.objects.create(
            request=ours, alumnus=alumna, author=carla, body="Acme expands", created_at=_at(20 + i)
        )
        conflict = Conflict(alumna.pk, "Ada Lovelace", "Rival Co", "works for a competitor").as_dict()
        HelpRequestFactory(
            pilot=pilot,
            title=f"Rival ask {i}",
            created_at=_at(12 + i),
            conflicts=[conflict],
            disclosure="Ada Lovelace works at Rival Co; we only ask about the market.",
            disclosed_by=carla,
            disclosed_at=_at(10 + i),
        )


def by_label(entries):
    return {e.label: e for e in entries}


def test_each_kind_of_stage_3_record_is_an_entry_newest_first(pilot_c, alumna, carla, ada, hr_lead):
    stage3_records(pilot_c, alumna, carla)
    entries = bizdev_entries(ada, carla, 50)
    assert [e.label for e in entries] == [
        "Conflict of interest disclosed: Rival ask 0",
        "Answered the request “Insight on Acme 0”",
        "Chosen for our request: Insight on Acme 0",
        "Asked us for help: Intro to a bank 0",
    ]
    labels = by_label(entries)
    assert labels["Conflict of interest disclosed: Rival ask 0"].detail == "Works for Rival Co"
    assert labels["Asked us for help: Intro to a bank 0"].detail.endswith("(entered through the signed link)")
    assert labels["Answered the request “Insight on Acme 0”"].detail == "Logged by Carla Closer"
    assert {e.kind for e in entries} == {"conflict", "response", "request"}
    assert [e.label for e in bizdev_entries(ada, hr_lead, 50)] == [e.label for e in entries]
    assert len(bizdev_entries(ada, carla, 2)) == 2


def test_entries_link_to_the_request_page_once_it_exists(pilot_c, alumna, carla, ada):
    stage3_records(pilot_c, alumna, carla)
    try:
        reverse("bizdev:request_detail", args=[1])
    except NoReverseMatch:
        assert all(e.url == "" for e in bizdev_entries(ada, carla, 50))
    else:
        assert all(e.url.startswith("/bizdev/") for e in bizdev_entries(ada, carla, 50))


def test_other_pilots_managers_and_outsiders_see_none(pilot_c, alumna, carla, ada, contributor_b, manager, outsider):
    stage3_records(pilot_c, alumna, carla)
    for user in (contributor_b, manager, outsider):
        assert bizdev_entries(ada, user, 50) == []


def test_a_person_who_is_no_alumnus_has_no_entries(pilot_c, alumna, carla):
    stage3_records(pilot_c, alumna, carla)
    assert bizdev_entries(PersonFactory(), carla, 50) == []


def test_a_conflict_of_another_alumnus_whose_id_starts_alike_is_not_theirs(pilot_c, alumna, carla, ada, monkeypatch):
    """JSON containment on PostgreSQL; SQLite's text match must not take alumnus 12 for 123."""
    lookalike = Conflict(int(f"{alumna.pk}7"), "Someone Else", "Rival Co", "works for a competitor").as_dict()
    HelpRequestFactory(pilot=pilot_c, title="Not Ada's", conflicts=[lookalike], disclosure="x" * 30, disclosed_at=NOW)
    mine = Conflict(alumna.pk, "Ada Lovelace", "Rival Co", "works for a competitor").as_dict()
    HelpRequestFactory(pilot=pilot_c, title="Ada's", conflicts=[lookalike, mine], disclosure="y" * 30, disclosed_at=NOW)
    expected = ["Conflict of interest disclosed: Ada's"]
    assert [e.label for e in bizdev_entries(ada, carla, 50)] == expected
    monkeypatch.setattr(connection.features, "supports_json_field_contains", False)
    assert [e.label for e in bizdev_entries(ada, carla, 50)] == expected


def test_an_undisclosed_conflict_is_no_entry(pilot_c, alumna, carla, ada):
    conflict = Conflict(alumna.pk, "Ada Lovelace", "Rival Co", "works for a competitor").as_dict()
    HelpRequestFactory(pilot=pilot_c, conflicts=[conflict])
    assert bizdev_entries(ada, carla, 50) == []


def test_a_fixed_number_of_queries_whatever_the_records(pilot_c, alumna, carla, ada):
    stage3_records(pilot_c, alumna, carla)
    with CaptureQueriesContext(connection) as few:
        bizdev_entries(ada, carla, 50)
    stage3_records(pilot_c, alumna, carla, n=6)
    with CaptureQueriesContext(connection) as many:
        entries = bizdev_entries(ada, carla, 8)
    assert len(many) == len(few) <= 5
    assert len(entries) == 8


def test_the_person_page_timeline_holds_stage_3_entries(pilot_c, alumna, carla, ada, client_for, hr_lead):
    stage3_records(pilot_c, alumna, carla)
    assert "Chosen for our request: Insight on Acme 0" in {e.label for e in timeline_for(ada, hr_lead)}
    response = client_for(hr_lead).get(reverse("people:person_detail", args=[ada.pk]))
    assert response.status_code == 200
    assert "Asked us for help: Intro to a bank 0" in response.content.decode()


def test_titles_are_escaped_on_the_person_page(pilot_c, alumna, carla, ada, client_for, hr_lead):
    HelpRequestFactory(pilot=pilot_c, direction="alumni", alumnus=alumna, audience="", title="<b>bold</b> ask")
    html = client_for(hr_lead).get(reverse("people:person_detail", args=[ada.pk])).content.decode()
    assert "<b>bold</b> ask" not in html and "&lt;b&gt;bold&lt;/b&gt; ask" in html
