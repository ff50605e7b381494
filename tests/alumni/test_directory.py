"""The alumni list: who sees whom, the search (accent- and case-insensitive in several scripts),
the filters, the order, the CSV and the audit, and a constant number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from alumni.models import ExitType, Goodwill
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory
from tests.programs.factories import PilotFactory

LIST = reverse("alumni:alumnus_list")
CSV = reverse("alumni:alumnus_csv")


def names(response) -> list[str]:
    return [a.person.full_name for a in response.context["alumni"]]


@pytest.fixture
def other_pilot(db):
    return PilotFactory(name="Other alumni", stage=2)


@pytest.fixture
def people(pilot_b):
    """Alumni of pilot_b whose names need folding to be found."""
    acme = CompanyFactory(name="Acme Ströme GmbH")
    jose = AlumnusFactory(person=PersonFactory(first_name="José", last_name="García", company=acme), pilot=pilot_b)
    muller = AlumnusFactory(person=PersonFactory(first_name="Jürgen", last_name="Müller"), pilot=pilot_b)
    eleni = AlumnusFactory(person=PersonFactory(first_name="Ελένη", last_name="Παπαδοπούλου"), pilot=pilot_b)
    dmitri = AlumnusFactory(person=PersonFactory(first_name="Дмитрий", last_name="Иванов"), pilot=pilot_b)
    PersonEmailFactory(person=muller.person, email="j.mueller@example.org")
    return {"jose": jose, "muller": muller, "eleni": eleni, "dmitri": dmitri}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("jose", "José García"),
        ("JOSÉ garcia", "José García"),
        ("muller", "Jürgen Müller"),
        ("ελενη", "Ελένη Παπαδοπούλου"),
        ("ΕΛΈΝΗ", "Ελένη Παπαδοπούλου"),
        ("дмитрий", "Дмитрий Иванов"),
        ("strome", "José García"),  # the company, typed plain
        ("mueller@example", "Jürgen Müller"),  # an email fragment
    ],
)
def test_search_is_accent_and_case_insensitive_in_every_script(client_for, hr_lead, people, typed, expected):
    response = client_for(hr_lead).get(LIST, {"q": typed})
    assert response.status_code == 200
    assert names(response) == [expected]


def test_a_search_over_the_bounds_is_a_400_with_the_message(client_for, hr_lead, people):
    response = client_for(hr_lead).get(LIST, {"q": " ".join(["a"] * 20)})
    assert response.status_code == 400
    assert names(response) == []
    assert "at most" in response.content.decode()


def test_ordered_by_segment_importance_then_name_with_unranked_last(client_for, hr_lead, pilot_b):
    top = SegmentFactory(pilot=pilot_b, rank=1, name="Partners")
    second = SegmentFactory(pilot=pilot_b, rank=2, name="Engineers")
    AlumnusFactory(person=PersonFactory(first_name="Zed", last_name="Zulu"), pilot=pilot_b, segment=second)
    AlumnusFactory(person=PersonFactory(first_name="Amy", last_name="Alpha"), pilot=pilot_b, segment=None)
    AlumnusFactory(person=PersonFactory(first_name="Yan", last_name="Young"), pilot=pilot_b, segment=top)
    AlumnusFactory(person=PersonFactory(first_name="Bea", last_name="Beta"), pilot=pilot_b, segment=top)
    response = client_for(hr_lead).get(LIST)
    assert names(response) == ["Bea Beta", "Yan Young", "Zed Zulu", "Amy Alpha"]


def test_filters_narrow_the_list(client_for, hr_lead, pilot_b, other_pilot):
    seg = SegmentFactory(pilot=pilot_b, rank=1)
    a = AlumnusFactory(
        person=PersonFactory(first_name="Ann", last_name="Match", country="FR"),
        pilot=pilot_b,
        segment=seg,
        exit_type=ExitType.ELIMINATED,
        goodwill=Goodwill.LOVES,
        rehire_eligible=True,
        left_on=dt.date(2024, 5, 1),
    )
    AlumnusFactory(person=PersonFactory(first_name="Bo", last_name="Other", country="DE"), pilot=other_pilot)
    AlumnusFactory(
        person=PersonFactory(first_name="Cy", last_name="Near", country="FR"),
        pilot=pilot_b,
        exit_type=ExitType.ELIMINATED,
        rehire_eligible=None,
        left_on=dt.date(2020, 1, 1),
    )
    client = client_for(hr_lead)
    for params in (
        {"pilot": pilot_b.pk, "segment": seg.pk},
        {"exit_type": "eliminated", "goodwill": "loves"},
        {"rehire": "yes"},
        {"country": "fr", "left_from": "2024-01-01", "left_to": "2024-12-31"},
    ):
        response = client.get(LIST, params)
        assert names(response) == [a.person.full_name], params
    assert names(client.get(LIST, {"rehire": "unknown", "country": "FR"})) == ["Cy Near"]
    assert len(names(client.get(LIST))) == 3


def test_hr_sees_every_pilot_and_a_contributor_their_pilots_only(
    client_for, hr_lead, contributor_b, pilot_b, other_pilot
):
    mine = AlumnusFactory(pilot=pilot_b)
    theirs = AlumnusFactory(pilot=other_pilot)
    assert set(names(client_for(hr_lead).get(LIST))) == {mine.person.full_name, theirs.person.full_name}
    assert names(client_for(contributor_b).get(LIST)) == [mine.person.full_name]


def test_managers_outsiders_and_stage_1_only_contributors_without_stage_2_get_404_or_nothing(
    client_for, manager, outsider, contributor_a, sponsor_b, pilot_b
):
    AlumnusFactory(pilot=pilot_b)
    sponsor_b.managers.add(manager)
    assert client_for(manager).get(LIST).status_code == 404
    assert client_for(manager).get(CSV).status_code == 404
    assert client_for(outsider).get(LIST).status_code == 404
    # contributor_a works in a Stage 1 pilot: the page is theirs, pilot_b's alumni are not.
    response = client_for(contributor_a).get(LIST)
    assert response.status_code == 200 and names(response) == []


def test_the_list_is_audited_once_per_request_with_the_filters(client_for, hr_lead, people):
    client_for(hr_lead).get(LIST, {"q": "jose", "exit_type": "voluntary"})
    events = AuditEvent.objects.filter(verb="alumni.listed")
    assert events.count() == 1
    event = events.get()
    assert event.actor == hr_lead
    assert event.data["filters"] == {"q": "jose", "exit_type": "voluntary"}
    assert event.data["rows"] == 1


def test_csv_exports_the_filtered_list_and_is_audited_once(client_for, hr_lead, people):
    response = client_for(hr_lead).get(CSV, {"q": "muller"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Name", "Email", "Current company"]
    assert rows[1][:2] == ["Jürgen Müller", "j.mueller@example.org"]
    assert len(rows) == 2
    event = AuditEvent.objects.get(verb="alumni.exported")
    assert event.data == {"filters": {"q": "muller"}, "rows": 1}
    assert not AuditEvent.objects.filter(verb="alumni.listed").exists()


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, params).status_code == 200
    return len(captured)


def test_the_list_takes_the_same_number_of_queries_for_10_and_50_alumni(client_for, hr_lead, pilot_b):
    seg = SegmentFactory(pilot=pilot_b, rank=1)
    company = CompanyFactory()
    client = client_for(hr_lead)
    AlumnusFactory.create_batch(10, pilot=pilot_b, segment=seg, person__company=company)
    client.get(LIST)  # warm the session and content types
    few, few_search = _queries(client), _queries(client, q="e")
    AlumnusFactory.create_batch(40, pilot=pilot_b, person__company=company)
    assert _queries(client) == few
    assert _queries(client, q="e") == few_search
    assert few <= 12
