"""Candidates: adding a person to an opening's pipeline, moving them (the rules are
recruiting.pipeline), correcting and deleting, promoting a listening conversation, and hiring
through the ledger (metrics.services.hire_record, with the candidate as its reference).

Refused (nothing is written):
- a person already in the opening's pipeline: the error names the existing candidate
  (``DuplicateCandidateError.candidate``) so pages and the API can point to it;
- an opening that is filled or closed;
- a move the pipeline forbids, or one dated before the candidate's last move;
- "hired" through a move: a hire is recorded with its costs on the hire form (``candidate_hire``);
- deleting a hired candidate (delete the hire on the ledger and move them back first).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from listening.models import Conversation
from listening.services import conversation_link_new_person, conversation_link_person
from metrics.models import Hire
from metrics.services import UNSET, Unset, hire_record
from people.models import Person
from people.services import PersonData

from ..access import work_pilots
from ..models import HIRE_CHANNEL, Candidate, CandidateMove, CandidateSource, JobOpening, SharedPost, Step
from ..pipeline import ACTIVE, ENDS, check_move, label

MSG_POST_PILOT = "That shared post belongs to another pilot than the opening: choose a post of the opening's pilot."
MSG_WORK = "Only HR leads and the pilot's contributors work on its candidates."
MSG_DUPLICATE = "{person} is already a candidate for “{opening}” at step “{step}”: open that candidacy instead."
MSG_OPENING_SHUT = "“{opening}” is {status}: people are added only to emerging or open openings."
MSG_SOURCE = "Choose where the candidate came from."
MSG_START_STEP = "A candidate enters the pipeline at an active step (found to offer)."
MSG_NOTE = "Keep the note under 500 characters."
MSG_ERASED = "This person's data was erased: they cannot become a candidate."
MSG_HIRE_VIA_FORM = (
    "A candidate is hired by recording the hire with what it cost: use “Record the hire” on the candidate's page."
)
MSG_HIRE_NOT_AT_OFFER = "Only a candidate at “Offer” can be hired; this one is at “{step}”."
MSG_HIRED_TWICE = "This candidate's hire is already on the ledger."
MSG_MOVE_BEFORE_LAST = "A move cannot be dated before the candidate's last move ({last})."
MSG_MOVE_FUTURE = "A move cannot be dated in the future."
MSG_MOVED_MEANWHILE = "Someone moved this candidate meanwhile (now at “{step}”): reload and try again."
MSG_DELETE_HIRED = (
    "A hired candidate is kept with their hire. If the hire was a mistake, delete it on the ledger, "
    "move the candidate back to “Offer”, then delete them."
)
MSG_PROMOTE_PERSON = "Choose the person to promote: the one linked to the conversation, someone else, or a new person."
SHUT = (JobOpening.Status.FILLED, JobOpening.Status.CLOSED)
NOTE_MAX = 500


class DuplicateCandidateError(ConflictError):
    """The person is already in the opening's pipeline; ``candidate`` is that candidacy."""

    code = "duplicate_candidate"

    def __init__(self, candidate: Candidate):
        message = MSG_DUPLICATE.format(
            person=candidate.person, opening=candidate.opening.title, step=label(candidate.step)
        )
        super().__init__(message, fields={"person": [message], "candidate": [candidate.pk]})
        self.candidate = candidate


def require_work(actor: User, opening: JobOpening) -> None:
    """HR leads and the opening's pilot's contributors (recruiting.access.work_pilots)."""
    if not work_pilots(actor).filter(pk=opening.pilot_id).exists():
        raise ForbiddenError(MSG_WORK)


def _check_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise DomainError(MSG_NOTE, fields={"note": [MSG_NOTE]})
    return note


def _check_source(source: str) -> None:
    if source not in CandidateSource.values:
        raise DomainError(MSG_SOURCE, fields={"source": [MSG_SOURCE]})


def existing_candidate(opening: JobOpening, person: Person) -> Candidate | None:
    return Candidate.objects.select_related("opening", "person").filter(opening=opening, person=person).first()


@transaction.atomic
def candidate_add(
    *,
    actor: User,
    opening: JobOpening,
    person: Person,
    source: str,
    note: str = "",
    conversation: Conversation | None = None,
    shared_post: SharedPost | None = None,
    referred_by_person: Person | None = None,
    step: str = Step.FOUND,
    at: dt.datetime | None = None,
) -> Candidate:
    """Put ``person`` in ``opening``'s pipeline at ``step`` (found by default), with the first
    dated move. One person is a candidate for an opening once."""
    require_work(actor, opening)
    if opening.status in SHUT:
        msg = MSG_OPENING_SHUT.format(opening=opening.title, status=opening.get_status_display().lower())
        raise DomainError(msg, fields={"opening": [msg]})
    _check_source(source)
    if step not in ACTIVE:
        raise DomainError(MSG_START_STEP, fields={"step": [MSG_START_STEP]})
    if person.erased_at is not None:
        raise DomainError(MSG_ERASED, fields={"person": [MSG_ERASED]})
    if shared_post is not None and shared_post.pilot_id != opening.pilot_id:
        raise DomainError(MSG_POST_PILOT, fields={"shared_post": [MSG_POST_PILOT]})
    note = _check_note(note)
    if (existing := existing_candidate(opening, person)) is not None:
        raise DuplicateCandidateError(existing)
    at = at or timezone.now()
    try:
        with transaction.atomic():
            candidate = Candidate.objects.create(
                opening=opening,
                person=person,
                step=step,
                step_changed_at=at,
                source=source,
                conversation=conversation,
                shared_post=shared_post,
                referred_by_person=referred_by_person,
                note=note,
                created_by=actor,
                created_at=at,
            )
    except IntegrityError as exc:  # added by someone else between the check and the insert
        existing = existing_candidate(opening, person)
        if existing is None:
            raise
        raise DuplicateCandidateError(existing) from exc
    CandidateMove.objects.create(candidate=candidate, from_step="", to_step=step, at=at, by=actor)
    audit_record(
        actor=actor,
        verb="candidate.added",
        target=candidate,
        person_id=person.pk,
        data={"opening": opening.pk, "source": source, "step": step},
        now=at,
    )
    return candidate


def last_move(candidate: Candidate) -> CandidateMove | None:
    return CandidateMove.objects.filter(candidate=candidate).order_by("-at", "-id").first()


def reopen_step(candidate: Candidate, last: CandidateMove | None) -> str:
    """For a candidate at an end: the active step they left (the move into that end)."""
    if candidate.step in ENDS and last is not None and last.to_step == candidate.step:
        return last.from_step
    return ""


def _move(actor: User, candidate: Candidate, to: str, note: str, at: dt.datetime | None, *, hiring: bool) -> None:
    now = timezone.now()
    at = at or now
    last = last_move(candidate)
    check_move(candidate.step, to, reopen_to=reopen_step(candidate, last), has_hire=candidate.hire_id is not None)
    if to == Step.HIRED and not hiring:
        raise DomainError(MSG_HIRE_VIA_FORM, code="hire_via_form", fields={"step": [MSG_HIRE_VIA_FORM]})
    if at > now + dt.timedelta(minutes=5):
        raise DomainError(MSG_MOVE_FUTURE, fields={"at": [MSG_MOVE_FUTURE]})
    if last is not None and at < last.at:
        msg = MSG_MOVE_BEFORE_LAST.format(last=timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M"))
        raise DomainError(msg, fields={"at": [msg]})
    before = candidate.step
    # A conditional update: two people moving the same card at once cannot both win.
    if not Candidate.objects.filter(pk=candidate.pk, step=before).update(step=to, step_changed_at=at):
        now_at = Candidate.objects.filter(pk=candidate.pk).values_list("step", flat=True).first() or before
        raise ConflictError(MSG_MOVED_MEANWHILE.format(step=label(now_at)))
    candidate.step, candidate.step_changed_at = to, at
    CandidateMove.objects.create(candidate=candidate, from_step=before, to_step=to, at=at, by=actor, note=note)
    audit_record(
        actor=actor,
        verb="candidate.moved",
        target=candidate,
        person_id=candidate.person_id,
        data={"from": before, "to": to, "opening": candidate.opening_id},
        now=at,
    )


@transaction.atomic
def candidate_move(
    *, actor: User, candidate: Candidate, to: str, note: str = "", at: dt.datetime | None = None
) -> Candidate:
    """Move ``candidate`` to step ``to`` if recruiting.pipeline allows it; "hired" goes through
    ``candidate_hire`` (the hire form) instead."""
    require_work(actor, candidate.opening)
    _move(actor, candidate, to, _check_note(note), at, hiring=False)
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: User,
    candidate: Candidate,
    note: str | Unset = UNSET,
    source: str | Unset = UNSET,
    now: dt.datetime | None = None,
) -> Candidate:
    """Correct a candidate's note or source (the source of a recorded hire stays as booked)."""
    require_work(actor, candidate.opening)
    values: dict[str, Any] = {}
    if not isinstance(note, Unset):
        values["note"] = _check_note(note)
    if not isinstance(source, Unset):
        _check_source(source)
        values["source"] = source
    changes = changed_fields(candidate, values)
    if changes:
        candidate.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            verb="candidate.changed",
            target=candidate,
            person_id=candidate.person_id,
            data=changes,
            now=now,
        )
    return candidate


@transaction.atomic
def candidate_delete(*, actor: User, candidate: Candidate, now: dt.datetime | None = None) -> None:
    """Remove a candidate added by mistake, with its moves (and referral); never a hired one."""
    require_work(actor, candidate.opening)
    if candidate.step == Step.HIRED:
        raise DomainError(MSG_DELETE_HIRED)
    audit_record(
        actor=actor,
        verb="candidate.deleted",
        target=candidate,
        person_id=candidate.person_id,
        data={"opening": candidate.opening_id, "step": candidate.step, "source": candidate.source},
        now=now,
    )
    candidate.delete()


def first_contact(candidate: Candidate) -> dt.date:
    """The date of the candidate's first dated step (when they were created, without moves)."""
    first = CandidateMove.objects.filter(candidate=candidate).order_by("at", "id").values_list("at", flat=True).first()
    return timezone.localdate(first or candidate.created_at)


@transaction.atomic
def candidate_hire(
    *,
    actor: User,
    candidate: Candidate,
    date: dt.date,
    source: str | None = None,
    first_contact_date: dt.date | None = None,
    opening_title: str | None = None,
    cost_travel: Decimal | int | str = 0,
    cost_recruiter_fee: Decimal | int | str = 0,
    cost_job_ads: Decimal | int | str = 0,
    cost_video_tooling: Decimal | int | str = 0,
    staff_hours: Decimal | int | str = 0,
    staff_hour_rate: Decimal | int | str = 0,
    note: str = "",
    warnings_confirmed: bool = True,
    now: dt.datetime | None = None,
) -> Hire:
    """Record the hire of a candidate at "Offer" on the ledger (metrics.services.hire_record: the
    person, the opening's pilot and sponsor and title, the channel mapped from the candidate's
    source, first contact = the first dated step, reference "candidate:<pk>") and move them to
    "Hired", both or neither. ``source``, ``first_contact_date`` and ``opening_title`` default to
    those values; the hire form lets the user correct them."""
    opening = candidate.opening
    require_work(actor, opening)
    if candidate.hire_id is not None:
        raise ConflictError(MSG_HIRED_TWICE)
    if candidate.step != Step.OFFER:
        msg = MSG_HIRE_NOT_AT_OFFER.format(step=label(candidate.step))
        raise DomainError(msg, code="pipeline_move", fields={"step": [msg]})
    hire = hire_record(
        actor=actor,
        pilot=opening.pilot,
        sponsor=opening.pilot.sponsor,
        person=candidate.person,
        opening_title=opening_title or opening.title,
        source=source or HIRE_CHANNEL[candidate.source],
        first_contact_date=first_contact_date or first_contact(candidate),
        date=date,
        cost_travel=cost_travel,
        cost_recruiter_fee=cost_recruiter_fee,
        cost_job_ads=cost_job_ads,
        cost_video_tooling=cost_video_tooling,
        staff_hours=staff_hours,
        staff_hour_rate=staff_hour_rate,
        reference_id=f"candidate:{candidate.pk}",
        note=note,
        warnings_confirmed=warnings_confirmed,
        now=now,
    )
    _move(actor, candidate, Step.HIRED, "Hire recorded on the ledger.", now, hiring=True)
    candidate.hire = hire
    candidate.save(update_fields=["hire"])
    audit_record(
        actor=actor,
        verb="candidate.hired",
        target=candidate,
        person_id=candidate.person_id,
        data={"hire": hire.pk, "source": hire.source},
        now=now,
    )
    return hire


@transaction.atomic
def candidate_promote(
    *,
    actor: User,
    conversation: Conversation,
    opening: JobOpening,
    person: Person | None = None,
    new_person: PersonData | None = None,
    allow_same_name: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
) -> Candidate:
    """Make the author of a listening conversation a candidate (source "conversation", the
    conversation kept): ``person`` (linked to the conversation if it was not), a ``new_person``
    created from the author and linked (people's duplicate detection applies), or else the
    person already linked. All of it or nothing."""
    require_work(actor, opening)
    if new_person is not None:
        person = conversation_link_new_person(
            actor=actor, conversation=conversation, data=new_person, allow_same_name=allow_same_name, now=at
        )
    elif person is not None:
        if conversation.person_id != person.pk:
            conversation_link_person(actor=actor, conversation=conversation, person=person, now=at)
    else:
        person = conversation.person
    if person is None:
        raise DomainError(MSG_PROMOTE_PERSON, fields={"person": [MSG_PROMOTE_PERSON]})
    return candidate_add(
        actor=actor,
        opening=opening,
        person=person,
        source=CandidateSource.CONVERSATION,
        conversation=conversation,
        note=note,
        at=at,
    )


def candidate_viewed(*, actor: User, candidate: Candidate, via: str = "page") -> None:
    """``actor`` opened ``candidate``'s page (one event per request, like people's person.viewed)."""
    audit_record(
        actor=actor, verb="candidate.viewed", target=candidate, person_id=candidate.person_id, data={"via": via}
    )
