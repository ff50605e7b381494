"""Coaching: "mentor employees in training and mentoring other contributors to create a scalable
team". A session: a member of a pilot coached another member of the same pilot on a topic (their
profile, searching for alumni, what to share, how to help alumni, coaching others), with an
optional follow-up that the coach, the coachee or an HR lead marks done.

Who: HR leads and contributors log sessions in the pilots they work in; whoever logged a session
and HR leads correct or delete it (alumni.selectors.coaching).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from programs.models import Membership, Pilot

from ..access import can_work, work_pilots
from ..models import CoachingSession, CoachingTopic
from ..selectors.coaching import can_edit_session, can_mark_follow_up

NOTES_MAX = 2000

MSG_WORK = "Only HR leads and contributors in a pilot log coaching."
MSG_EDIT = "Only HR leads and whoever logged the session change it."
MSG_FOLLOW_UP_WHO = "Only the coach, the coachee and HR leads mark the follow-up done."
MSG_PILOT = "Choose one of the pilots you work in."
MSG_COACH = "The coach must be a member of the session's pilot."
MSG_COACHEE = "The coachee must be a member of the session's pilot."
MSG_SELF = "The coach and the coachee must be two different people."
MSG_TOPIC = "Choose one of the topics."
MSG_HELD_FUTURE = "The session cannot be in the future: log it once it has taken place."
MSG_FOLLOW_UP_BEFORE = "The follow-up cannot be before the session."
MSG_NOTES_LONG = f"Keep the notes under {NOTES_MAX} characters."
MSG_NO_FOLLOW_UP = "This session has no follow-up planned."
MSG_FOLLOW_UP_DONE = "The follow-up was already marked done."

PHRASES: dict[str, str] = {
    "coaching.created": "Coaching session logged: {target}",
    "coaching.updated": "Coaching session corrected: {target}",
    "coaching.deleted": "Coaching session deleted: {target}",
    "coaching.follow_up_done": "Coaching follow-up done: {target}",
}


def _field_error(name: str, message: str) -> DomainError:
    return DomainError(message, fields={name: [message]})


def _is_member(user: User, pilot: Pilot) -> bool:
    return bool(user.is_active and Membership.objects.filter(pilot=pilot, user=user).exists())


def _check(
    *,
    pilot: Pilot,
    coach: User,
    coachee: User,
    topic: str,
    held_on: dt.date,
    notes: str,
    follow_up_on: dt.date | None,
    today: dt.date,
) -> str:
    """The session's rules, each refusal on its form field; returns the notes, stripped."""
    if not _is_member(coach, pilot):
        raise _field_error("coach", MSG_COACH)
    if not _is_member(coachee, pilot):
        raise _field_error("coachee", MSG_COACHEE)
    if coach.pk == coachee.pk:
        raise _field_error("coachee", MSG_SELF)
    if topic not in CoachingTopic.values:
        raise _field_error("topic", MSG_TOPIC)
    if held_on > today:
        raise _field_error("held_on", MSG_HELD_FUTURE)
    if follow_up_on is not None and follow_up_on < held_on:
        raise _field_error("follow_up_on", MSG_FOLLOW_UP_BEFORE)
    notes = notes.strip()
    if len(notes) > NOTES_MAX:
        raise _field_error("notes", MSG_NOTES_LONG)
    return notes


@transaction.atomic
def coaching_create(
    *,
    actor: User,
    pilot: Pilot,
    coach: User,
    coachee: User,
    topic: str,
    held_on: dt.date,
    notes: str = "",
    follow_up_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> CoachingSession:
    if not can_work(actor):
        raise ForbiddenError(MSG_WORK)
    if not work_pilots(actor).filter(pk=pilot.pk).exists():
        raise _field_error("pilot", MSG_PILOT)
    now = now or timezone.now()
    notes = _check(
        pilot=pilot,
        coach=coach,
        coachee=coachee,
        topic=topic,
        held_on=held_on,
        notes=notes,
        follow_up_on=follow_up_on,
        today=timezone.localdate(now),
    )
    session = CoachingSession.objects.create(
        pilot=pilot,
        coach=coach,
        coachee=coachee,
        topic=topic,
        held_on=held_on,
        notes=notes,
        follow_up_on=follow_up_on,
        created_by=actor,
        created_at=now,
    )
    audit_record(
        actor=actor,
        verb="coaching.created",
        target=session,
        data={"pilot": pilot.pk, "coach": coach.pk, "coachee": coachee.pk, "topic": topic},
        now=now,
    )
    return session


@transaction.atomic
def coaching_update(
    *,
    actor: User,
    session: CoachingSession,
    coach: User,
    coachee: User,
    topic: str,
    held_on: dt.date,
    notes: str = "",
    follow_up_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> dict[str, list[object]]:
    """Correct a session (its pilot stays). A changed follow-up date opens the follow-up again.
    Returns what changed; nothing changed, nothing audited."""
    if not can_edit_session(actor, session):
        raise ForbiddenError(MSG_EDIT)
    now = now or timezone.now()
    notes = _check(
        pilot=session.pilot,
        coach=coach,
        coachee=coachee,
        topic=topic,
        held_on=held_on,
        notes=notes,
        follow_up_on=follow_up_on,
        today=timezone.localdate(now),
    )
    values: dict[str, object] = {
        "coach": coach,
        "coachee": coachee,
        "topic": topic,
        "held_on": held_on,
        "notes": notes,
        "follow_up_on": follow_up_on,
    }
    if follow_up_on != session.follow_up_on:
        values["follow_up_done"] = False
    changes = changed_fields(session, values)
    if changes:
        session.save(update_fields=list(changes))
        audit_record(actor=actor, verb="coaching.updated", target=session, data={"changes": changes}, now=now)
    return changes


@transaction.atomic
def coaching_delete(*, actor: User, session: CoachingSession) -> None:
    if not can_edit_session(actor, session):
        raise ForbiddenError(MSG_EDIT)
    audit_record(
        actor=actor,
        verb="coaching.deleted",
        target=session,
        data={"pilot": session.pilot_id, "coach": session.coach_id, "coachee": session.coachee_id},
    )
    session.delete()


@transaction.atomic
def coaching_follow_up_done(
    *, actor: User, session: CoachingSession, now: dt.datetime | None = None
) -> CoachingSession:
    """Mark the follow-up done (once: two clicks at once record it once)."""
    if not can_mark_follow_up(actor, session):
        raise ForbiddenError(MSG_FOLLOW_UP_WHO)
    if session.follow_up_on is None:
        raise ConflictError(MSG_NO_FOLLOW_UP)
    if not CoachingSession.objects.filter(pk=session.pk, follow_up_done=False).update(follow_up_done=True):
        raise ConflictError(MSG_FOLLOW_UP_DONE)
    session.follow_up_done = True
    audit_record(actor=actor, verb="coaching.follow_up_done", target=session, now=now)
    return session
