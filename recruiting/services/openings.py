"""Openings: creating and correcting them, their status, their description's revisions, and asking
the pilot's contributors for suggestions and feedback.

Status rules (``STATUS_MOVES``; HR leads only):
- emerging → open (it is advertised), or → closed (dropped before it opened);
- open → filled (someone was hired) or → closed (no longer hiring);
- filled or closed → open again (reopened).
``opened_at`` is set the first time an opening becomes open and kept after; ``closed_at`` is set when
it is filled or closed and cleared when it reopens. A status change is a conditional update, so two
HR leads changing it at once cannot both win.

The description is the latest ``OpeningRevision``: revising it adds revision n + 1 (never an edit),
and a revision that changes nothing is refused.

Asking: when an opening becomes open, and when an HR lead asks again (``opening_ask``), the task
"recruiting.ask_for_suggestions" emails each active member of the pilot, at most once per opening
and person (core.jobs.claim_once, kind ``ASK_KIND``, key "<opening id>:<user id>"): asking twice
reaches only those not asked before.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import Role, User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from core.jobs import claim_once
from metrics.services import UNSET, Unset
from programs.models import Membership, Pilot

from ..access import can_manage
from ..models import CandidateProfile, JobOpening, OpeningRevision, OpeningStatus

logger = logging.getLogger(__name__)

ASK_TASK = "recruiting.ask_for_suggestions"
ASK_KIND = "recruiting.ask"
MAX_DESCRIPTION = 20000

STATUS_MOVES: dict[str, tuple[str, ...]] = {
    OpeningStatus.EMERGING: (OpeningStatus.OPEN, OpeningStatus.CLOSED),
    OpeningStatus.OPEN: (OpeningStatus.FILLED, OpeningStatus.CLOSED),
    OpeningStatus.FILLED: (OpeningStatus.OPEN,),
    OpeningStatus.CLOSED: (OpeningStatus.OPEN,),
}
# Statuses in which contributors are asked and may give feedback.
LIVE = (OpeningStatus.EMERGING, OpeningStatus.OPEN)

MSG_MANAGE = "Only an HR lead can create and change openings and their descriptions."
MSG_TITLE = "Give the opening a title, e.g. “Senior data engineer”."
MSG_DESCRIPTION = "Write the description: what the job is, the team, what the person will do."
MSG_DESCRIPTION_LONG = f"The description is too long: keep it under {MAX_DESCRIPTION:,} characters."
MSG_PROFILE_PILOT = "Choose a profile of {pilot}, or none."
MSG_FIRST_STATUS = "A new opening is either emerging or open."
MSG_STATUS_UNKNOWN = "“{status}” is not a status of an opening."
MSG_STATUS_SAME = "The opening is already {status}."
MSG_STATUS_MOVE = "An opening that is {old} cannot become {new}. From {old} it can become: {allowed}."
MSG_STATUS_RACE = "Someone changed this opening's status meanwhile; reload the page and try again."
MSG_UNCHANGED = "The description is the same as revision {number}: change the text to make a new revision."
MSG_ASK_NOT_LIVE = "This opening is {status}: reopen it before asking contributors for suggestions."


def enqueue(task_name: str, *args: Any) -> None:
    """Run the task named ``task_name`` once the transaction commits (by name: services never
    import recruiting.tasks). A broker outage is logged, never an error page: the row is saved."""

    def send() -> None:
        try:
            current_app.signature(task_name, args=args).delay()
        except OperationalError:
            logger.warning("broker unreachable; %s%r not enqueued", task_name, args)

    transaction.on_commit(send)


def _check_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise DomainError(MSG_TITLE, fields={"title": [MSG_TITLE]})
    return title[:200]


def clean_description(text: str) -> str:
    """The description as stored: one kind of line end, no trailing spaces, no blank edges."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise DomainError(MSG_DESCRIPTION, fields={"text": [MSG_DESCRIPTION], "description": [MSG_DESCRIPTION]})
    if len(text) > MAX_DESCRIPTION:
        fields = {"text": [MSG_DESCRIPTION_LONG], "description": [MSG_DESCRIPTION_LONG]}
        raise DomainError(MSG_DESCRIPTION_LONG, fields=fields)
    return text


def _check_profile(pilot: Pilot, profile: CandidateProfile | None) -> None:
    if profile is not None and profile.pilot_id != pilot.pk:
        message = MSG_PROFILE_PILOT.format(pilot=pilot.name)
        raise DomainError(message, fields={"profile": [message]})


@transaction.atomic
def opening_create(
    *,
    actor: User,
    pilot: Pilot,
    title: str,
    description: str,
    profile: CandidateProfile | None = None,
    location: str = "",
    status: str = OpeningStatus.EMERGING,
    note: str = "",
    now: dt.datetime | None = None,
) -> JobOpening:
    """A new opening with its description as revision 1. Created open, its contributors are asked."""
    _check_manager(actor)
    now = now or timezone.now()
    title = _clean_title(title)
    text = clean_description(description)
    _check_profile(pilot, profile)
    if status not in LIVE:
        raise DomainError(MSG_FIRST_STATUS, fields={"status": [MSG_FIRST_STATUS]})
    opening = JobOpening.objects.create(
        pilot=pilot,
        profile=profile,
        title=title,
        location=" ".join(location.split())[:150],
        status=status,
        opened_at=now if status == OpeningStatus.OPEN else None,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    OpeningRevision.objects.create(
        opening=opening, number=1, text=text, note=note.strip()[:300] or "First version.", author=actor, created_at=now
    )
    audit_record(
        actor=actor,
        verb="opening.created",
        target=opening,
        data={"pilot": pilot.pk, "profile": profile.pk if profile else None, "status": status},
        now=now,
    )
    if status == OpeningStatus.OPEN:
        enqueue(ASK_TASK, opening.pk)
    return opening


@transaction.atomic
def opening_update(
    *,
    actor: User,
    opening: JobOpening,
    title: str | Unset = UNSET,
    location: str | Unset = UNSET,
    profile: CandidateProfile | Unset | None = UNSET,
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    """Correct an opening's title, location or profile (status and description have their own
    services). Returns the diff, audited as "opening.changed" when something changed."""
    _check_manager(actor)
    now = now or timezone.now()
    values: dict[str, Any] = {}
    if not isinstance(title, Unset):
        values["title"] = _clean_title(title)
    if not isinstance(location, Unset):
        values["location"] = " ".join(location.split())[:150]
    if not isinstance(profile, Unset):
        _check_profile(opening.pilot, profile)
        values["profile"] = profile
    changes = changed_fields(opening, values)
    if changes:
        opening.updated_at = now
        opening.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, verb="opening.changed", target=opening, data={"changes": changes}, now=now)
    return changes


def status_label(status: str) -> str:
    return str(OpeningStatus(status).label).lower() if status in OpeningStatus.values else status


def allowed_statuses(status: str) -> tuple[str, ...]:
    """The statuses an opening at ``status`` may move to (the buttons the opening page shows)."""
    return STATUS_MOVES.get(status, ())


def _check_move(old: str, new: str) -> None:
    if new not in OpeningStatus.values:
        message = MSG_STATUS_UNKNOWN.format(status=new)
    elif new == old:
        message = MSG_STATUS_SAME.format(status=status_label(old))
    elif new not in allowed_statuses(old):
        allowed = " or ".join(status_label(s) for s in allowed_statuses(old)) or "nothing else"
        message = MSG_STATUS_MOVE.format(old=status_label(old), new=status_label(new), allowed=allowed)
    else:
        return
    raise DomainError(message, code="opening_status", fields={"status": [message]})


@transaction.atomic
def opening_set_status(*, actor: User, opening: JobOpening, status: str, now: dt.datetime | None = None) -> JobOpening:
    """Move an opening to ``status`` by the rules above; becoming open asks its contributors."""
    _check_manager(actor)
    now = now or timezone.now()
    old = opening.status
    _check_move(old, status)
    values: dict[str, Any] = {"status": status, "updated_at": now}
    if status == OpeningStatus.OPEN:
        values["closed_at"] = None
        if opening.opened_at is None:
            values["opened_at"] = now
    else:
        values["closed_at"] = now
    if not JobOpening.objects.filter(pk=opening.pk, status=old).update(**values):
        raise ConflictError(MSG_STATUS_RACE, fields={"status": [MSG_STATUS_RACE]})
    for name, value in values.items():
        setattr(opening, name, value)
    audit_record(actor=actor, verb="opening.status_changed", target=opening, data={"from": old, "to": status}, now=now)
    if status == OpeningStatus.OPEN:
        enqueue(ASK_TASK, opening.pk)
    return opening


def latest_revision(opening: JobOpening) -> OpeningRevision | None:
    return opening.revisions.order_by("-number").first()


@transaction.atomic
def opening_revise(
    *, actor: User, opening: JobOpening, text: str, note: str = "", now: dt.datetime | None = None
) -> OpeningRevision:
    """Add revision n + 1 of the description; refused when the text is the same as revision n."""
    _check_manager(actor)
    now = now or timezone.now()
    text = clean_description(text)
    # Lock the opening: two revisions at once would both be n + 1 (the unique constraint would
    # turn the second into an error page).
    JobOpening.objects.select_for_update().filter(pk=opening.pk).first()
    latest = latest_revision(opening)
    if latest is not None and latest.text == text:
        message = MSG_UNCHANGED.format(number=latest.number)
        raise DomainError(message, code="unchanged", fields={"text": [message]})
    number = (latest.number if latest else 0) + 1
    revision = OpeningRevision.objects.create(
        opening=opening, number=number, text=text, note=note.strip()[:300], author=actor, created_at=now
    )
    JobOpening.objects.filter(pk=opening.pk).update(updated_at=now)
    audit_record(
        actor=actor, verb="opening.revised", target=opening, data={"revision": number, "note": revision.note}, now=now
    )
    return revision


def ask_recipients(opening: JobOpening) -> Any:
    """Who is asked about ``opening``: the active HR leads and contributors who are members of its pilot."""
    member_ids = Membership.objects.filter(pilot_id=opening.pilot_id).values("user_id")
    return User.objects.filter(pk__in=member_ids, is_active=True, role__in=[Role.CONTRIBUTOR, Role.HR_LEAD]).order_by(
        "pk"
    )


@transaction.atomic
def opening_ask(*, actor: User, opening: JobOpening, now: dt.datetime | None = None) -> int:
    """Ask the pilot's contributors (again) for suggestions and feedback. Those asked before are
    not asked twice. Returns how many members the pilot has to ask."""
    _check_manager(actor)
    if opening.status not in LIVE:
        message = MSG_ASK_NOT_LIVE.format(status=status_label(opening.status))
        raise DomainError(message, code="opening_closed")
    members = ask_recipients(opening).count()
    audit_record(actor=actor, verb="opening.asked", target=opening, data={"members": members}, now=now)
    enqueue(ASK_TASK, opening.pk)
    return members


def email_url(name: str, *args: Any, query: str = "") -> str:
    """An absolute link for an email."""
    return f"{settings.SITE_URL}{reverse(name, args=args)}{query}"


def _ask_message(opening: JobOpening, user: User, description: str) -> EmailMultiAlternatives:
    context = {
        "user": user,
        "opening": opening,
        "pilot": opening.pilot,
        "description": description,
        "opening_url": email_url("recruiting:opening_detail", opening.pk),
        "feedback_url": email_url("recruiting:feedback_create", opening.pk),
        "referral_url": email_url("recruiting:referral_create", query=f"?opening={opening.pk}"),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string("recruiting/email/ask_subject.txt", context).split()),
        body=render_to_string("recruiting/email/ask_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("recruiting/email/ask_body.html", context), "text/html")
    return message


def opening_ask_send(*, opening_id: int, now: dt.datetime | None = None) -> int:
    """The task's work: email each member of the opening's pilot not asked before. Each email is
    claimed in its own transaction with its send, so a failed send is retried by the next run and
    a run that comes twice sends nothing twice. Returns the emails sent (0 once the opening is
    filled, closed or gone)."""
    now = now or timezone.now()
    opening = JobOpening.objects.select_related("pilot").filter(pk=opening_id, status__in=LIVE).first()
    if opening is None:
        return 0
    latest = latest_revision(opening)
    description = latest.text if latest else ""
    sent = 0
    for user in ask_recipients(opening):
        with transaction.atomic():
            if not claim_once(ASK_KIND, f"{opening.pk}:{user.pk}", now=now):
                continue
            _ask_message(opening, user, description).send()
        sent += 1
    return sent
