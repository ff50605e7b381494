"""/api/v1/alumni/coaching/ — who may come in and see which session, logging (its rules), correcting,
deleting, and marking a follow-up done."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from accounts.models import AuditEvent, Role
from alumni.models import CoachingSession
from alumni.services import coaching as services
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import CoachingSessionFactory
from tests.programs.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]
BASE = "/api/v1/alumni/coaching"


@pytest.fixture
def _today():
    with freeze_time("2026-12-05 12:00:00"):
        yield


@pytest.fixture
def cleo(pilot_b):
    user = UserFactory(full_name="Cleo Colleague", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def session(pilot_b, contributor_b, cleo):
    return CoachingSessionFactory(pilot=pilot_b, coach=contributor_b, coachee=cleo, created_by=cleo)


def test_managers_and_contributors_without_a_pilot_get_403(api_client_for, manager, sponsor_b, outsider, session):
    sponsor_b.managers.add(manager)
    for user in (manager, outsider):
        assert api_client_for(user).get(f"{BASE}/").status_code == 403


def test_members_see_their_pilots_sessions_only(api_client_for, contributor_a, contributor_b, session):
    assert [r["id"] for r in api_client_for(contributor_b).get(f"{BASE}/").data["results"]] == [session.pk]
    assert api_client_for(contributor_a).get(f"{BASE}/").data["count"] == 0
    assert api_client_for(contributor_a).get(f"{BASE}/{session.pk}/").status_code == 404


def test_log_a_session_and_its_rules(api_client_for, contributor_b, cleo, pilot_b):
    client = api_client_for(contributor_b)
    body = {
        "pilot": pilot_b.pk,
        "coach": contributor_b.pk,
        "coachee": cleo.pk,
        "topic": "helping",
        "held_on": "2026-12-01",
        "follow_up_on": "2026-12-15",
    }
    response = client.post(f"{BASE}/", body, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["follow_up_state"], response.data["coach_name"]) == ("due", str(contributor_b))
    for change, field, message in [
        ({"coachee": contributor_b.pk}, "coachee", services.MSG_SELF),
        ({"held_on": "2026-12-06", "follow_up_on": None}, "held_on", services.MSG_HELD_FUTURE),
        ({"follow_up_on": "2026-11-30"}, "follow_up_on", services.MSG_FOLLOW_UP_BEFORE),
    ]:
        response = client.post(f"{BASE}/", {**body, **change}, format="json")
        assert response.status_code == 400
        assert response.data["error"]["fields"] == {field: [message]}
    assert CoachingSession.objects.count() == 1


def test_filter_by_follow_up_state(api_client_for, contributor_b, cleo, pilot_b):
    overdue = CoachingSessionFactory(
        pilot=pilot_b, coach=cleo, coachee=contributor_b, follow_up_on=dt.date(2026, 12, 1)
    )
    CoachingSessionFactory(pilot=pilot_b, coach=cleo, coachee=contributor_b, follow_up_on=dt.date(2026, 12, 9))
    response = api_client_for(contributor_b).get(f"{BASE}/", {"follow_up": "overdue"})
    assert [r["id"] for r in response.data["results"]] == [overdue.pk]
    assert api_client_for(contributor_b).get(f"{BASE}/", {"follow_up": "soon"}).status_code == 400


def test_only_the_creator_and_hr_correct_or_delete(api_client_for, hr_lead, contributor_b, cleo, session):
    assert (
        api_client_for(contributor_b).patch(f"{BASE}/{session.pk}/", {"notes": "x"}, format="json").status_code == 403
    )
    response = api_client_for(cleo).patch(f"{BASE}/{session.pk}/", {"topic": "mentoring"}, format="json")
    assert (response.status_code, response.data["topic"], response.data["coach"]) == (
        200,
        "mentoring",
        contributor_b.pk,
    )
    assert api_client_for(contributor_b).delete(f"{BASE}/{session.pk}/").status_code == 403
    assert api_client_for(hr_lead).delete(f"{BASE}/{session.pk}/").status_code == 204
    assert not CoachingSession.objects.exists()


def test_follow_up_done_by_the_coachee_once(api_client_for, cleo, pilot_b, contributor_b, session):
    url = f"{BASE}/{session.pk}/follow-up-done/"
    assert api_client_for(cleo).post(url, {}, format="json").status_code == 409  # none planned
    CoachingSession.objects.filter(pk=session.pk).update(follow_up_on=dt.date(2026, 12, 9))
    other = UserFactory(role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=other)
    assert api_client_for(other).post(url).status_code == 403
    response = api_client_for(cleo).post(url)
    assert (response.status_code, response.data["follow_up_done"], response.data["follow_up_state"]) == (
        200,
        True,
        "done",
    )
    assert api_client_for(contributor_b).post(url).status_code == 409
    assert AuditEvent.objects.filter(verb="coaching.follow_up_done").count() == 1
