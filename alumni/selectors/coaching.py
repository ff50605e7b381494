"""Coaching reads: who may see and change which session, the follow-up state of each, the user's
own open follow-ups, and the team table ("mentor employees in training and mentoring other
contributors to create a scalable team": who has coached others, who was coached, on what).

Who (one rule each, used by the pages and the API): a pilot's sessions are seen by HR leads and
the pilot's members (``work_pilots``); managers and contributors without a pilot see none (404).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from programs.models import Pilot

from ..access import can_manage, work_pilots
from ..models import CoachingSession, CoachingTopic


class FollowUp:
    """The follow-up states a session can be in (the list's filter and badge)."""

    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    NONE = "none"

    choices = [(DUE, "Due"), (OVERDUE, "Overdue"), (DONE, "Done"), (NONE, "No follow-up")]


def follow_up_q(state: str, today: dt.date) -> Q:
    """The sessions in follow-up ``state`` on ``today`` (an unknown state: all)."""
    pending = Q(follow_up_on__isnull=False, follow_up_done=False)
    return {
        FollowUp.DUE: pending & Q(follow_up_on__gte=today),
        FollowUp.OVERDUE: pending & Q(follow_up_on__lt=today),
        FollowUp.DONE: Q(follow_up_on__isnull=False, follow_up_done=True),
        FollowUp.NONE: Q(follow_up_on__isnull=True),
    }.get(state, Q())


def visible_sessions(user: User) -> QuerySet[CoachingSession]:
    """The sessions of the pilots ``user`` works in (HR leads: all), with the follow-up state of
    today annotated as ``follow_up_state``."""
    today = timezone.localdate()
    return (
        CoachingSession.objects.filter(pilot__in=work_pilots(user).values("pk"))
        .select_related("pilot", "coach", "coachee")
        .annotate(
            follow_up_state=Case(
                *[When(follow_up_q(state, today), then=Value(state)) for state, _ in FollowUp.choices],
                output_field=CharField(),
            )
        )
    )


def get_session(user: User, pk: int) -> CoachingSession:
    try:
        return visible_sessions(user).get(pk=pk)
    except CoachingSession.DoesNotExist as exc:
        raise Http404 from exc


def can_edit_session(user: User, session: CoachingSession) -> bool:
    """May correct or delete the session: HR leads, and whoever logged it (who sees it)."""
    return can_manage(user) or bool(session.created_by_id is not None and session.created_by_id == user.pk)


def can_mark_follow_up(user: User, session: CoachingSession) -> bool:
    """May mark the follow-up done: the coach, the coachee, and HR leads."""
    return can_manage(user) or user.pk in (session.coach_id, session.coachee_id)


def my_follow_ups(user: User, sessions: QuerySet[CoachingSession]) -> QuerySet[CoachingSession]:
    """The open follow-ups (due or overdue) of the sessions where ``user`` is coach or coachee,
    soonest first."""
    return sessions.filter(Q(coach=user) | Q(coachee=user), follow_up_on__isnull=False, follow_up_done=False).order_by(
        "follow_up_on", "id"
    )


@dataclass
class TeamRow:
    user: User
    given: int
    received: int
    topics_given: list[str] = field(default_factory=list)
    topics_received: list[str] = field(default_factory=list)


def _topic_labels(topics: set[str]) -> list[str]:
    return [str(label) for value, label in CoachingTopic.choices if value in topics]


def team_rows(pilots: QuerySet[Pilot]) -> list[TeamRow]:
    """One row per member of ``pilots``: the sessions they gave and received there and the topics
    of each, the most active coaches first. Two queries, whatever the size of the team."""
    in_pilots = CoachingSession.objects.filter(pilot__in=pilots.values("pk"))
    members = (
        User.objects.filter(memberships__pilot__in=pilots.values("pk"))
        .annotate(
            given=Count("coaching_given", filter=Q(coaching_given__in=in_pilots.values("pk")), distinct=True),
            received=Count("coaching_received", filter=Q(coaching_received__in=in_pilots.values("pk")), distinct=True),
        )
        .order_by("-given", "-received", "full_name", "email")
        .distinct()
    )
    rows = {u.pk: TeamRow(user=u, given=u.given, received=u.received) for u in members}
    given: dict[int, set[str]] = {}
    received: dict[int, set[str]] = {}
    for coach, coachee, topic in in_pilots.values_list("coach_id", "coachee_id", "topic").distinct():
        given.setdefault(coach, set()).add(topic)
        received.setdefault(coachee, set()).add(topic)
    for pk, row in rows.items():
        row.topics_given = _topic_labels(given.get(pk, set()))
        row.topics_received = _topic_labels(received.get(pk, set()))
    return list(rows.values())
