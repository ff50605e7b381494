"""Coaching pages: logging a session (its rules, each on its field), who may see, correct and delete
sessions and mark follow-ups done, the follow-up states, and the team table's numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import AuditEvent, Role
from alumni.models import CoachingSession
from alumni.selectors.coaching import team_rows
from alumni.services import coaching as services
from programs.models import Membership, Pilot
from tests.accounts.factories import UserFactory
from tests.alumni.factories import CoachingSessionFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def _today():
    with freeze_time("2026-12-05 12:00:00"):
        yield


def _member(pilot, name):
    user = UserFactory(full_name=name, role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def cleo(pilot_b):
    return _member(pilot_b, "Cleo Colleague")


@pytest.fixture
def nora(pilot_b):
    return _member(pilot_b, "Nora Newcomer")


@pytest.fixture
def manager_b(manager, sponsor_b):
    sponsor_b.managers.add(manager)
    return manager


@pytest.fixture
def session(pilot_b, contributor_b, cleo):
    return CoachingSessionFactory(
        pilot=pilot_b, coach=contributor_b, coachee=cleo, created_by=contributor_b, follow_up_on=TODAY
    )


def _data(pilot, coach, coachee, **values):
    data = {
        "pilot": pilot.pk,
        "coach": coach.pk,
        "coachee": coachee.pk,
        "topic": "searching",
        "held_on": "2026-12-04",
        "notes": "How to find alumni with the saved searches.",
        "follow_up_on": "2026-12-18",
    }
    data.update(values)
    return data


# --- logging ---------------------------------------------------------------------------------


def test_contributor_logs_a_session_in_their_pilot(client_for, contributor_b, cleo, pilot_b):
    response = client_for(contributor_b).post(reverse("alumni:coaching_create"), _data(pilot_b, contributor_b, cleo))
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert (session.coach, session.coachee, session.topic, session.created_by) == (
        contributor_b,
        cleo,
        "searching",
        contributor_b,
    )
    assert (session.held_on, session.follow_up_on, session.follow_up_done) == (
        dt.date(2026, 12, 4),
        dt.date(2026, 12, 18),
        False,
    )
    assert AuditEvent.objects.get(verb="coaching.created").target_id == str(session.pk)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"coachee": "coach"}, "coachee", services.MSG_SELF),
        ({"held_on": "2026-12-06"}, "held_on", services.MSG_HELD_FUTURE),
        ({"follow_up_on": "2026-12-03"}, "follow_up_on", services.MSG_FOLLOW_UP_BEFORE),
    ],
)
def test_bad_session_input_rerenders_the_form_with_400(
    client_for, contributor_b, cleo, pilot_b, values, field, message
):
    data = _data(pilot_b, contributor_b, cleo)
    data.update({k: (contributor_b.pk if v == "coach" else v) for k, v in values.items()})
    response = client_for(contributor_b).post(reverse("alumni:coaching_create"), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not CoachingSession.objects.exists()


def test_coach_and_coachee_must_be_members_of_the_same_pilot(client_for, hr_lead, contributor_b, pilot_b):
    elsewhere = _member(PilotFactory(name="Another alumni pilot", stage=2), "Eli Elsewhere")
    response = client_for(hr_lead).post(reverse("alumni:coaching_create"), _data(pilot_b, contributor_b, elsewhere))
    assert response.status_code == 400
    assert services.MSG_COACHEE in response.context["form"].errors["coachee"]


def test_a_contributor_cannot_pick_people_outside_their_pilots(client_for, contributor_b, contributor_a, pilot_b):
    response = client_for(contributor_b).post(
        reverse("alumni:coaching_create"), _data(pilot_b, contributor_b, contributor_a)
    )
    assert response.status_code == 400
    assert "coachee" in response.context["form"].errors


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager_b", "outsider"])
def test_managers_and_contributors_without_a_pilot_get_404(request, client_for, session, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("alumni:coaching_list")).status_code == 404
    assert client.get(reverse("alumni:coaching_create")).status_code == 404
    assert client.get(reverse("alumni:coaching_edit", args=[session.pk])).status_code == 404


def test_another_pilots_sessions_are_404(client_for, contributor_a, session):
    client = client_for(contributor_a)
    assert client.get(reverse("alumni:coaching_edit", args=[session.pk])).status_code == 404
    assert client.post(reverse("alumni:coaching_follow_up_done", args=[session.pk])).status_code == 404
    assert session not in client.get(reverse("alumni:coaching_list")).context["sessions"]


def test_only_the_creator_and_hr_correct_or_delete_a_session(client_for, hr_lead, contributor_b, nora, session):
    edit, delete = (reverse(f"alumni:coaching_{p}", args=[session.pk]) for p in ("edit", "delete"))
    assert client_for(nora).get(edit).status_code == 403
    assert client_for(nora).post(delete).status_code == 403
    assert client_for(contributor_b).get(edit).status_code == 200
    assert client_for(hr_lead).get(delete).status_code == 200
    assert client_for(contributor_b).post(delete).status_code == 302
    assert not CoachingSession.objects.exists()
    assert AuditEvent.objects.filter(verb="coaching.deleted").count() == 1


def test_correcting_the_follow_up_date_opens_it_again(client_for, contributor_b, cleo, session):
    CoachingSession.objects.filter(pk=session.pk).update(follow_up_done=True)
    data = _data(session.pilot, contributor_b, cleo, held_on="2026-11-02", follow_up_on="2026-12-20")
    del data["pilot"]
    assert client_for(contributor_b).post(reverse("alumni:coaching_edit", args=[session.pk]), data).status_code == 302
    session.refresh_from_db()
    assert (session.follow_up_on, session.follow_up_done, session.topic) == (dt.date(2026, 12, 20), False, "searching")


# --- follow-ups --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["contributor_b", "cleo", "hr_lead"])
def test_coach_coachee_and_hr_mark_the_follow_up_done(request, client_for, session, who):
    response = client_for(request.getfixturevalue(who)).post(
        reverse("alumni:coaching_follow_up_done", args=[session.pk])
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.follow_up_done
    assert AuditEvent.objects.filter(verb="coaching.follow_up_done").count() == 1


def test_another_member_may_not_mark_the_follow_up_and_a_second_mark_is_refused(client_for, nora, cleo, session):
    url = reverse("alumni:coaching_follow_up_done", args=[session.pk])
    assert client_for(nora).post(url).status_code == 403
    client_for(cleo).post(url)
    response = client_for(cleo).post(url, follow=True)
    assert services.MSG_FOLLOW_UP_DONE in response.content.decode()
    assert AuditEvent.objects.filter(verb="coaching.follow_up_done").count() == 1


def test_follow_up_states_filter_and_my_follow_ups_first(client_for, contributor_b, cleo, nora, pilot_b):
    def log(coach, coachee, **kwargs):
        return CoachingSessionFactory(pilot=pilot_b, coach=coach, coachee=coachee, **kwargs)

    due = log(contributor_b, cleo, follow_up_on=dt.date(2026, 12, 10))
    overdue = log(cleo, contributor_b, follow_up_on=dt.date(2026, 11, 20))
    done = log(contributor_b, nora, follow_up_on=dt.date(2026, 11, 20), follow_up_done=True)
    none = log(contributor_b, nora)
    others = log(cleo, nora, follow_up_on=dt.date(2026, 11, 21))
    client = client_for(contributor_b)
    states = {s.pk: s.follow_up_state for s in client.get(reverse("alumni:coaching_list")).context["sessions"]}
    assert states == {due.pk: "due", overdue.pk: "overdue", done.pk: "done", none.pk: "none", others.pk: "overdue"}
    response = client.get(reverse("alumni:coaching_list"), {"follow_up": "overdue"})
    assert {s.pk for s in response.context["sessions"]} == {overdue.pk, others.pk}
    assert [s.pk for s in response.context["mine"]] == [overdue.pk, due.pk]


# --- the team table ------------------------------------------------------------------------------


def test_team_table_counts_sessions_given_and_received_and_topics(
    client_for, contributor_b, cleo, nora, pilot_b, django_assert_max_num_queries
):
    CoachingSessionFactory(pilot=pilot_b, coach=contributor_b, coachee=cleo, topic="profile")
    CoachingSessionFactory(pilot=pilot_b, coach=contributor_b, coachee=cleo, topic="sharing")
    CoachingSessionFactory(pilot=pilot_b, coach=cleo, coachee=nora, topic="profile")
    other = PilotFactory(name="Elsewhere", stage=2)
    MembershipFactory(pilot=other, user=contributor_b)
    MembershipFactory(pilot=other, user=nora)
    CoachingSessionFactory(pilot=other, coach=nora, coachee=contributor_b, topic="helping")

    with django_assert_max_num_queries(2):
        rows = team_rows(Pilot.objects.filter(pk=pilot_b.pk))
    table = [(r.user, r.given, r.received, r.topics_given, r.topics_received) for r in rows]
    profile, sharing = "Looking their best on the venue (profile)", "What to share and how to spark conversations"
    assert table == [
        (contributor_b, 2, 0, [profile, sharing], []),
        (cleo, 1, 2, [profile], [profile, sharing]),
        (nora, 0, 1, [], [profile]),
    ]

    response = client_for(contributor_b).get(reverse("alumni:coaching_list"), {"pilot": pilot_b.pk})
    assert response.context["coaches"] == 2
    assert [(r.user, r.given, r.received) for r in response.context["team"]] == [
        (contributor_b, 2, 0),
        (cleo, 1, 2),
        (nora, 0, 1),
    ]
    everywhere = client_for(contributor_b).get(reverse("alumni:coaching_list")).context["team"]
    assert {(r.user, r.given, r.received) for r in everywhere} == {
        (contributor_b, 2, 1),
        (cleo, 1, 2),
        (nora, 1, 1),
    }


def test_empty_list_offers_to_log_the_first_session(client_for, contributor_b):
    response = client_for(contributor_b).get(reverse("alumni:coaching_list"))
    assert response.status_code == 200
    assert "No coaching sessions yet" in response.content.decode()
    assert reverse("alumni:coaching_create") in response.content.decode()
