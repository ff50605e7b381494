"""Referrals: a contributor suggests someone for an opening (an existing person or a new one), who
enters the pipeline as a candidate with source "employee referral"; HR leads thank the referrer
once, whatever became of it ("thank them when you use their advice, and even when you don't").

The thank-you email is sent by the task "recruiting.send_thanks" (args: ("referral", pk)),
enqueued by name after the commit; the task sends it at most once (core.jobs.claim_once).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Person
from people.services import PersonData, person_create

from ..access import can_manage
from ..models import Candidate, CandidateSource, JobOpening, Referral
from .candidates import DuplicateCandidateError, candidate_add, existing_candidate, require_work
from .feedback import THANKS_TASK
from .openings import enqueue

WHY_MAX = 1000
THANK_NOTE_MAX = 500
MSG_WHY = "Say in a sentence or two why they would fit this opening."
MSG_WHY_LONG = f"Keep the reason under {WHY_MAX} characters."
MSG_WHO = "Choose the person you refer, or give a new person's name."
MSG_THANK_MANAGE = "Only HR leads thank referrers."
MSG_THANKED = "{referrer} was already thanked for this referral on {date}."
MSG_THANK_NOTE = f"Keep the thank-you under {THANK_NOTE_MAX} characters."


def _check_why(why: str) -> str:
    why = why.strip()
    if not why:
        raise DomainError(MSG_WHY, fields={"why": [MSG_WHY]})
    if len(why) > WHY_MAX:
        raise DomainError(MSG_WHY_LONG, fields={"why": [MSG_WHY_LONG]})
    return why


@transaction.atomic
def referral_create(
    *,
    actor: User,
    opening: JobOpening,
    why: str,
    person: Person | None = None,
    new_person: PersonData | None = None,
    allow_same_name: bool = False,
    now: dt.datetime | None = None,
) -> Referral:
    """Refer ``person`` (or a ``new_person``, created in the directory with source "referral") for
    ``opening``: a candidate at "found" with source "employee referral", and the referral with
    ``why``. A person already in that opening's pipeline is refused with where they are."""
    require_work(actor, opening)
    why = _check_why(why)
    now = now or timezone.now()
    if person is None and new_person is None:
        raise DomainError(MSG_WHO, fields={"person": [MSG_WHO]})
    if person is not None and (existing := existing_candidate(opening, person)) is not None:
        # Checked before anything is written, with the same words candidate_add uses.
        raise DuplicateCandidateError(existing)
    if person is None:
        assert new_person is not None
        new_person.source = Person.Source.REFERRAL
        new_person.source_detail = new_person.source_detail or f"Referred by {actor} for {opening.title}"[:255]
        person = person_create(actor=actor, data=new_person, allow_same_name=allow_same_name, now=now)
    candidate = candidate_add(
        actor=actor, opening=opening, person=person, source=CandidateSource.EMPLOYEE_REFERRAL, at=now
    )
    referral = Referral.objects.create(candidate=candidate, referrer=actor, why=why, created_at=now)
    audit_record(
        actor=actor,
        verb="referral.created",
        target=referral,
        person_id=person.pk,
        data={"opening": opening.pk, "candidate": candidate.pk},
        now=now,
    )
    return referral


@transaction.atomic
def referral_thank(*, actor: User, referral: Referral, note: str = "", now: dt.datetime | None = None) -> Referral:
    """Record the thank-you to the referrer (once) and have it emailed after the commit."""
    if not can_manage(actor):
        raise ForbiddenError(MSG_THANK_MANAGE)
    note = note.strip()
    if len(note) > THANK_NOTE_MAX:
        raise DomainError(MSG_THANK_NOTE, fields={"note": [MSG_THANK_NOTE]})
    now = now or timezone.now()
    # Conditional: two HR leads clicking "Thank" at once record (and send) one thank-you.
    if not Referral.objects.filter(pk=referral.pk, thanked_at__isnull=True).update(
        thanked_at=now, thanked_by=actor, thank_note=note
    ):
        referral.refresh_from_db(fields=["thanked_at", "thanked_by", "thank_note"])
        when = timezone.localdate(referral.thanked_at).isoformat() if referral.thanked_at else "another day"
        raise ConflictError(MSG_THANKED.format(referrer=referral.referrer or "The referrer", date=when))
    referral.thanked_at, referral.thanked_by, referral.thank_note = now, actor, note
    candidate: Candidate = referral.candidate
    audit_record(
        actor=actor,
        verb="referral.thanked",
        target=referral,
        person_id=candidate.person_id,
        data={"referrer": referral.referrer_id},
        now=now,
    )
    enqueue(THANKS_TASK, "referral", referral.pk)
    return referral
