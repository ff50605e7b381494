"""Introductions on behalf of alumni: asking the alumnus to confirm that one was meaningful, the
e-mail with the signed link, and the alumnus's answer through that link (no account).

"These actions have to be meaningful to alumni": the alumnus says so themselves. The ledger row
stays the ledger's: "Yes" goes through metrics.services.introduction_confirm_by_person (rollups
and wins kept in step); "Not really" is an audit event and the row stays as it was.

Where the request is kept (the ledger's Introduction has no field for it): each request is an
audit event (selectors.introductions.ASK_VERB) and the last one is read back; the introduction's
row is locked while a request is checked and recorded, so two clicks make one request. The e-mail
of a request is claimed once per (introduction, request event) with core.jobs.claim_once, so a
task delivered twice sends once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from kombu.exceptions import OperationalError

from accounts.models import AuditEvent, User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from core.jobs import claim_once
from core.links import LinkRefused, link_token, link_used, read_link, use_link
from metrics.models import Introduction
from metrics.services import introduction_confirm_by_person
from people.consent import contact_allowed
from people.models import Person

from ..selectors.introductions import (
    ASK_AGAIN_AFTER,
    ASK_VERB,
    INTRO_TARGET,
    NOT_USEFUL_VERB,
    champion_pilot_ids,
    get_alumni_introduction,
    may_ask,
)

logger = logging.getLogger(__name__)

LINK_PURPOSE = "alumni.intro_confirm"
EMAIL_KIND = "alumni.intro_confirm_email"
TASK_NAME = "alumni.send_intro_confirmation"
OUTCOME_MAX = 500

MSG_ASK_WHO = "Only whoever made the introduction, an HR lead or a champion of its pilot can ask the alumnus."
MSG_MEANINGFUL = "This introduction is already confirmed as meaningful."
MSG_ERASED = "This person's data was erased; they cannot be asked."
MSG_NO_CONSENT = "{name} has not consented to be contacted, so we cannot e-mail them."
MSG_DO_NOT_CONTACT = "{name} asked not to be contacted."
MSG_NO_EMAIL = "We have no e-mail address for {name}."
MSG_ASKED = "{name} was asked on {day}; you can ask again from {again}."
MSG_OUTCOME_LONG = f"Keep it to {OUTCOME_MAX} characters."

AUDIT_LISTED = "alumni_introductions.api_listed"

PHRASES: dict[str, str] = {
    ASK_VERB: "Alumnus asked to confirm {target}",
    NOT_USEFUL_VERB: "Alumnus said {target} was not really useful",
    AUDIT_LISTED: "Introductions on behalf of alumni listed through the API",
}


def enqueue(task_name: str, *args: Any) -> None:
    """Run the task named ``task_name`` once the transaction commits (by name: services never
    import alumni.tasks). A broker outage is logged, never an error page: the request is saved."""

    def send() -> None:
        try:
            current_app.signature(task_name, args=args).delay()
        except OperationalError:
            logger.warning("broker unreachable; %s%r not enqueued", task_name, args)

    transaction.on_commit(send)


def contact_email(person: Person) -> str:
    """The address the request goes to: the primary one, else the first (prefetch ``emails``)."""
    emails = sorted(person.emails.all(), key=lambda e: (not e.is_primary, e.email))
    return emails[0].email if emails else ""


def contact_refusal(person: Person) -> str:
    """Why ``person`` may not be e-mailed, or "" (consent given, not do-not-contact, an address)."""
    name = person.full_name or "This person"
    if person.erased_at is not None:
        return MSG_ERASED
    if not contact_allowed(person):
        return MSG_DO_NOT_CONTACT.format(name=name)
    if not person.consent_to_contact:
        return MSG_NO_CONSENT.format(name=name)
    if not contact_email(person):
        return MSG_NO_EMAIL.format(name=name)
    return ""


def ask_refusal(intro: Introduction, *, asked_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """Why the alumnus of ``intro`` cannot be asked now, or "": the page shows it on the disabled
    button, the service refuses with it."""
    if intro.meaningful:
        return MSG_MEANINGFUL
    if reason := contact_refusal(intro.on_behalf_of):
        return reason
    return _too_soon(intro, asked_at, now or timezone.now())


def _too_soon(intro: Introduction, asked_at: dt.datetime | None, now: dt.datetime) -> str:
    if asked_at is None or now >= asked_at + ASK_AGAIN_AFTER:
        return ""
    return MSG_ASKED.format(
        name=intro.on_behalf_of.full_name,
        day=date_format(timezone.localdate(asked_at)),
        again=date_format(timezone.localdate(asked_at + ASK_AGAIN_AFTER)),
    )


def last_asked(intro: Introduction) -> dt.datetime | None:
    event = (
        AuditEvent.objects.filter(verb=ASK_VERB, target_type=INTRO_TARGET, target_id=str(intro.pk))
        .order_by("-created_at", "-id")
        .first()
    )
    return event.created_at if event else None


@transaction.atomic
def introduction_ask_confirmation(
    *, actor: User, introduction: Introduction, now: dt.datetime | None = None
) -> AuditEvent:
    """Ask the alumnus of ``introduction`` whether it was meaningful to them: records the request
    (an audit event) and e-mails them a signed link after the commit. Refused (nothing recorded)
    for someone other than its maker, an HR lead or a champion of its pilot; for an introduction
    already meaningful; for an alumnus without consent, marked do-not-contact or without an
    address; and within 7 days of the last request (ConflictError)."""
    intro = get_alumni_introduction(actor, introduction.pk)
    if intro is None:
        raise ForbiddenError(MSG_ASK_WHO)
    if not may_ask(actor, intro, champion_pilot_ids(actor)):
        raise ForbiddenError(MSG_ASK_WHO)
    # One request at a time per introduction: the second click waits here, then sees the first.
    Introduction.objects.select_for_update().filter(pk=intro.pk).first()
    now = now or timezone.now()
    asked_at = last_asked(intro)
    if reason := ask_refusal(intro, asked_at=None, now=now):
        raise DomainError(reason, code="ask_refused")
    if reason := _too_soon(intro, asked_at, now):
        raise ConflictError(reason, code="asked_recently")
    event = audit_record(
        actor=actor,
        verb=ASK_VERB,
        target=intro,
        person_id=intro.on_behalf_of_id,
        data={"pilot": intro.pilot_id},
        now=now,
    )
    enqueue(TASK_NAME, intro.pk, event.pk)
    return event


def confirmation_link(intro: Introduction) -> str:
    token = link_token(LINK_PURPOSE, {"i": intro.pk})
    return settings.SITE_URL + reverse("alumni:intro_confirm", args=[token])


def intro_confirmation_send(*, introduction_id: int, request_id: int, now: dt.datetime | None = None) -> bool:
    """The task's work: e-mail the alumnus the signed link of one request, at most once. Consent
    is checked again (it may have been withdrawn since the request). True when sent."""
    intro = (
        Introduction.objects.select_related("on_behalf_of", "to_person", "to_company", "made_by")
        .prefetch_related("on_behalf_of__emails")
        .filter(pk=introduction_id)
        .first()
    )
    if intro is None or intro.meaningful or contact_refusal(intro.on_behalf_of):
        return False
    person = intro.on_behalf_of
    context = {
        "person": person,
        "intro": intro,
        "target": intro.target_label,
        "maker": intro.made_by,
        "url": confirmation_link(intro),
    }
    with transaction.atomic():
        if not claim_once(EMAIL_KIND, f"{introduction_id}:{request_id}", now=now):
            return False
        send_mail(
            subject=" ".join(render_to_string("alumni/email/intro_confirm_subject.txt", context).split()),
            message=render_to_string("alumni/email/intro_confirm_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[contact_email(person)],
        )
    return True


def introduction_of_link(token: str) -> Introduction:
    """The introduction a confirmation link names. LinkRefused("invalid") for a bad token, an
    introduction deleted since, or an alumnus whose data was erased; "expired" after 30 days;
    "used" once answered."""
    pk = read_link(token, LINK_PURPOSE).get("i")
    if link_used(token, LINK_PURPOSE):
        raise LinkRefused("used")
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise LinkRefused("invalid")
    intro = Introduction.objects.select_related("on_behalf_of", "to_person", "to_company").filter(pk=pk).first()
    if intro is None or intro.on_behalf_of.erased_at is not None:
        raise LinkRefused("invalid")
    return intro


@transaction.atomic
def introduction_answer(*, token: str, useful: bool, outcome: str = "", now: dt.datetime | None = None) -> Introduction:
    """The alumnus's answer through the link, used once: "Yes" makes the introduction meaningful
    (with what came of it); "Not really" is recorded and changes nothing on the ledger.
    LinkRefused (nothing written) for an invalid, expired or used link."""
    intro = introduction_of_link(token)
    outcome = " ".join(outcome.split())
    if len(outcome) > OUTCOME_MAX:
        raise DomainError(MSG_OUTCOME_LONG, fields={"outcome": [MSG_OUTCOME_LONG]})
    use_link(token, LINK_PURPOSE)
    if useful:
        return introduction_confirm_by_person(introduction=intro, person=intro.on_behalf_of, outcome=outcome, now=now)
    audit_record(
        actor=None,
        verb=NOT_USEFUL_VERB,
        target=intro,
        person_id=intro.on_behalf_of_id,
        data={"by": "alumnus link", "outcome": outcome},
        now=now,
    )
    return intro
