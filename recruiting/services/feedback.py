"""Contributors' feedback on an opening's description, the HR lead's decision, and the thank-you.

- Feedback is a short comment (required, at most MAX_COMMENT characters, stripped) on the current
  revision, by a member of the opening's pilot or an HR lead, while the opening is emerging or open.
- The HR lead marks it used or not used. The first decision also records the thank-you
  (thanked_at/by, an optional note) and sends it, either way ("thank them when you use their advice,
  and even when you don't"). A later decision corrects used / not used and sends nothing.
- The thank-you email (task "recruiting.send_thanks", args (kind, pk)) goes at most once per
  feedback or referral: core.jobs.claim_once, kind ``THANKS_KIND``, key "<kind>:<pk>".
  ``thanks_send`` serves both kinds; referrals record their thank-you in recruiting.services.referrals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from core.jobs import claim_once

from ..access import can_manage, work_pilots
from ..models import FeedbackStatus, JobOpening, OpeningFeedback, Referral
from .openings import LIVE, email_url, enqueue, latest_revision, status_label

THANKS_TASK = "recruiting.send_thanks"
THANKS_KIND = "recruiting.thanks"
THANKS_KINDS = ("feedback", "referral")
MAX_COMMENT = 1000

MSG_NOT_MEMBER = "Only the pilot's members and HR leads can give feedback on its openings."
MSG_COMMENT = "Write your feedback: what would you change in the description, and why?"
MSG_COMMENT_LONG = f"Keep your feedback under {MAX_COMMENT} characters: a short comment is enough."
MSG_NOT_LIVE = "This opening is {status}: feedback on its description is no longer collected."
MSG_DECIDE = "Only an HR lead can decide on feedback and thank for it."
MSG_DECISION = "Choose “Used” or “Not used”."
MSG_SAME_DECISION = "This feedback is already marked “{status}”; nothing changed."
MSG_NOTE_LONG = "Keep the thank-you note under 500 characters."


def clean_comment(comment: str) -> str:
    comment = comment.strip()
    if not comment:
        raise DomainError(MSG_COMMENT, fields={"comment": [MSG_COMMENT]})
    if len(comment) > MAX_COMMENT:
        raise DomainError(MSG_COMMENT_LONG, fields={"comment": [MSG_COMMENT_LONG]})
    return comment


@transaction.atomic
def feedback_create(
    *, actor: User, opening: JobOpening, comment: str, now: dt.datetime | None = None
) -> OpeningFeedback:
    """Record a member's comment on the opening's current description."""
    if not work_pilots(actor).filter(pk=opening.pilot_id).exists():
        raise ForbiddenError(MSG_NOT_MEMBER)
    if opening.status not in LIVE:
        message = MSG_NOT_LIVE.format(status=status_label(opening.status))
        raise DomainError(message, code="opening_closed", fields={"comment": [message]})
    now = now or timezone.now()
    feedback = OpeningFeedback.objects.create(
        opening=opening,
        revision=latest_revision(opening),
        author=actor,
        comment=clean_comment(comment),
        created_at=now,
    )
    audit_record(
        actor=actor,
        verb="feedback.created",
        target=feedback,
        data={"opening": opening.pk, "revision": feedback.revision.number if feedback.revision else None},
        now=now,
    )
    return feedback


@transaction.atomic
def feedback_decide(
    *, actor: User, feedback: OpeningFeedback, used: bool, thank_note: str = "", now: dt.datetime | None = None
) -> bool:
    """Mark ``feedback`` used or not used. The first decision records and sends the thank-you;
    a correction changes the decision only. Returns True when a thank-you was sent."""
    if not can_manage(actor):
        raise ForbiddenError(MSG_DECIDE)
    now = now or timezone.now()
    note = thank_note.strip()
    if len(note) > 500:
        raise DomainError(MSG_NOTE_LONG, fields={"thank_note": [MSG_NOTE_LONG]})
    status = FeedbackStatus.USED if used else FeedbackStatus.NOT_USED
    old = feedback.status
    if old == status:
        message = MSG_SAME_DECISION.format(status=feedback.get_status_display())
        raise ConflictError(message, fields={"used": [message]})
    values: dict[str, Any] = {"status": status, "decided_by": actor, "decided_at": now}
    thank = feedback.thanked_at is None
    if thank:
        values.update(thanked_at=now, thanked_by=actor, thank_note=note)
    # Conditional on the status read: two HR leads deciding at once cannot both thank.
    if not OpeningFeedback.objects.filter(pk=feedback.pk, status=old).update(**values):
        raise ConflictError("Someone decided on this feedback meanwhile; reload the page.")
    for name, value in values.items():
        setattr(feedback, name, value)
    audit_record(
        actor=actor,
        verb="feedback.decided",
        target=feedback,
        data={"opening": feedback.opening_id, "from": old, "to": status, "thanked": thank},
        now=now,
    )
    if thank:
        enqueue(THANKS_TASK, "feedback", feedback.pk)
    return thank


def _thanks_message(kind: str, pk: int) -> tuple[str, dict[str, Any]] | None:
    """(recipient email, template context) for a thank-you that was recorded, else None."""
    if kind == "feedback":
        feedback = (
            OpeningFeedback.objects.select_related("opening", "opening__pilot", "author", "thanked_by", "revision")
            .filter(pk=pk, thanked_at__isnull=False, author__is_active=True)
            .first()
        )
        if feedback is None:
            return None
        context = {
            "kind": kind,
            "user": feedback.author,
            "thing": feedback,
            "opening": feedback.opening,
            "opening_url": email_url("recruiting:opening_detail", feedback.opening_id),
        }
        return feedback.author.email, context
    referral = (
        Referral.objects.select_related(
            "referrer",
            "thanked_by",
            "candidate",
            "candidate__person",
            "candidate__opening",
            "candidate__opening__pilot",
        )
        .filter(pk=pk, thanked_at__isnull=False, referrer__isnull=False, referrer__is_active=True)
        .first()
    )
    if referral is None or referral.referrer is None:
        return None
    context = {
        "kind": kind,
        "user": referral.referrer,
        "thing": referral,
        "opening": referral.candidate.opening,
        "person": referral.candidate.person,
        "step": referral.candidate.get_step_display(),
        "mine_url": email_url("recruiting:mine"),
    }
    return referral.referrer.email, context


def thanks_send(*, kind: str, pk: int, now: dt.datetime | None = None) -> bool:
    """The task's work: email the thank-you recorded on a feedback or a referral, at most once.
    Returns True when it was sent (False: unknown kind, nothing recorded, or sent before)."""
    if kind not in THANKS_KINDS:
        return False
    found = _thanks_message(kind, pk)
    if found is None:
        return False
    email, context = found
    with transaction.atomic():
        if not claim_once(THANKS_KIND, f"{kind}:{pk}", now=now):
            return False
        send_mail(
            subject=" ".join(render_to_string("recruiting/email/thanks_subject.txt", context).split()),
            message=render_to_string(f"recruiting/email/thanks_{kind}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    return True
