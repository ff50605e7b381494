"""The alumni referrals API: shares (list, retrieve, create — an email share is sent by the same
service) and recommendations (list, retrieve, create), with the pages' access rules and one audit
event per read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from accounts.models import AuditEvent
from alumni.models import AlumniRecommendation, OpeningShare
from alumni.services import referrals as services
from programs.models import SharingPolicy
from recruiting.models import Candidate
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonEmailFactory, PersonFactory
from tests.programs.factories import PolicyFactory
from tests.recruiting.factories import OpeningFactory

pytestmark = pytest.mark.django_db
SHARES = "/api/v1/alumni/shares/"
RECOMMENDATIONS = "/api/v1/alumni/recommendations/"


@pytest.fixture(autouse=True)
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def segment(pilot_b):
    return SegmentFactory(pilot=pilot_b, name="Former consultants")


@pytest.fixture
def alumnus(segment):
    person = PersonFactory(first_name="Alma", consent_to_contact=True, consent_date=dt.date(2025, 1, 1))
    PersonEmailFactory(person=person, email="alma@mail.example")
    return AlumnusFactory(person=person, pilot=segment.pilot, segment=segment)


@pytest.fixture
def opening(pilot_b):
    return OpeningFactory(pilot=pilot_b, title="Senior consultant")


def test_create_an_email_share_sends_it(
    api_client_for, contributor_b, segment, opening, alumnus, django_capture_on_commit_callbacks
):
    body = {"opening": opening.pk, "segment": segment.pk, "channel": "email", "message": "Help us"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(contributor_b).post(SHARES, body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["opening_title"] == "Senior consultant" and response.data["recommendations"] == 0
    assert [m.to for m in mail.outbox] == [["alma@mail.example"]]
    assert OpeningShare.objects.get().recipients == 1


def test_create_a_group_post_without_policy_is_refused(api_client_for, contributor_b, segment, opening, pilot_b):
    body = {"opening": opening.pk, "segment": segment.pk, "channel": "group_post", "message": "Help us"}
    response = api_client_for(contributor_b).post(SHARES, body, format="json")
    assert response.status_code == 400 and response.data["error"]["code"] == "no_policy"
    PolicyFactory(pilot=pilot_b, status=SharingPolicy.Status.APPROVED)
    response = api_client_for(contributor_b).post(SHARES, body, format="json")
    assert response.status_code == 201 and response.data["recipients"] == 0


def test_share_access(api_client_for, contributor_a, contributor_b, manager, sponsor_b, segment, opening):
    share = services.share_create(actor=contributor_b, segment=segment, channel="email", message="Hi", opening=opening)
    assert api_client_for(contributor_a).get(f"{SHARES}{share.pk}/").status_code == 404
    assert api_client_for(contributor_a).get(SHARES).data["count"] == 0
    body = {"segment": segment.pk, "channel": "email", "message": "Hi"}
    refused = api_client_for(contributor_a).post(SHARES, body, format="json")
    assert refused.status_code == 403  # no Stage 2 pilot: nobody to share with
    sponsor_b.managers.add(manager)
    assert api_client_for(manager).get(SHARES).status_code == 403
    reader = api_client_for(contributor_b)
    assert reader.get(f"{SHARES}{share.pk}/").data["segment_name"] == "Former consultants"
    assert reader.get(SHARES, {"channel": "email"}).data["count"] == 1
    read = AuditEvent.objects.filter(actor=contributor_b, verb__in=["alumni.shares_listed", "alumni.share_viewed"])
    assert read.count() == 2


def test_create_a_recommendation_becomes_a_candidate(api_client_for, contributor_b, alumnus, opening):
    body = {
        "alumnus": alumnus.pk,
        "opening": opening.pk,
        "kind": "employee",
        "name": "Rita Recommended",
        "email": "rita@mail.example",
        "why": "She led it.",
    }
    response = api_client_for(contributor_b).post(RECOMMENDATIONS, body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["step"] == "found" and response.data["hired"] is False
    candidate = Candidate.objects.get()
    assert (candidate.source, candidate.referred_by_person) == ("alumni_referral", alumnus.person)
    again = api_client_for(contributor_b).post(RECOMMENDATIONS, body, format="json")
    assert again.status_code == 201 and again.data["candidate"] is None  # linked to the first one's candidacy
    assert Candidate.objects.count() == 1


def test_recommendation_input_is_checked(api_client_for, contributor_a, contributor_b, alumnus, opening):
    client = api_client_for(contributor_b)
    contract = {"alumnus": alumnus.pk, "kind": "employee", "name": "Carl", "why": "Good."}
    response = client.post(RECOMMENDATIONS, contract, format="json")
    assert response.status_code == 400 and "kind" in response.data["error"]["fields"]
    other = AlumnusFactory(pilot=SegmentFactory().pilot)
    response = client.post(RECOMMENDATIONS, {**contract, "alumnus": other.pk, "kind": "contractor"}, format="json")
    assert response.status_code == 400 and "alumnus" in response.data["error"]["fields"]
    assert not AlumniRecommendation.objects.exists()
    created = client.post(RECOMMENDATIONS, {**contract, "kind": "contractor"}, format="json")
    assert created.status_code == 201 and created.data["candidate"] is None


def test_recommendation_reads_are_audited_and_scoped(api_client_for, contributor_a, contributor_b, alumnus):
    rec = services.recommendation_create(
        actor=contributor_b,
        alumnus=alumnus,
        kind="consultant",
        why="Great <b>work</b>",
        recommended=services.Recommended(name="Cleo Consultant"),
    ).recommendation
    reader = api_client_for(contributor_b)
    listed = reader.get(RECOMMENDATIONS, {"kind": "consultant", "alumnus": alumnus.pk})
    assert listed.data["count"] == 1 and listed.data["results"][0]["why"] == "Great <b>work</b>"
    assert reader.get(f"{RECOMMENDATIONS}{rec.pk}/").data["person_name"] == "Cleo Consultant"
    assert reader.get(RECOMMENDATIONS, {"kind": "nonsense"}).status_code == 400
    verbs = list(
        AuditEvent.objects.filter(actor=contributor_b, verb__startswith="alumni.recommendation").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == [
        "alumni.recommendation_created",
        "alumni.recommendation_viewed",
        "alumni.recommendations_listed",
    ]
    assert api_client_for(contributor_a).get(f"{RECOMMENDATIONS}{rec.pk}/").status_code == 404
    assert api_client_for(None).get(RECOMMENDATIONS).status_code in (401, 403)
