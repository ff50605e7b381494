"""Help requests by email and signed link: our requests emailed to the alumni they reach, with a
link to answer without an account (purpose RESPOND_PURPOSE), and the "Ask us for help" link an
alumnus uses to ask us (purpose ASK_PURPOSE). The rules and the request's life are
bizdev.services.requests; the Celery tasks that call these are bizdev.tasks."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from alumni.models import Alumnus
from core.errors import DomainError
from core.jobs import claim_once
from core.links import LinkRefused, link_token, read_link, use_link
from people.consent import contact_allowed
from people.models import PersonEmail
from programs.models import Pilot, Stage

from ..models import (
    HelpRequest,
    HelpResponse,
    RequestDirection,
    RequestStatus,
)
from ..selectors.requests import email_recipients
from .request_answers import _clean_response
from .requests import (
    ASK_EMAIL_KIND,
    ASK_PURPOSE,
    ASK_TASK,
    EMAIL_KIND,
    MSG_ALUMNUS,
    MSG_ASK_DNC,
    MSG_ASK_NO_CONSENT,
    MSG_ASK_NO_EMAIL,
    MSG_LINK_CLOSED,
    RESPOND_PURPOSE,
    _audit,
    _clean_text,
    _fail,
    _reachable,
    check_pilot,
    enqueue,
)

# --- emailing our requests; answering through the link ------------------------------------------


def respond_token(request: HelpRequest, alumnus: Alumnus) -> str:
    return link_token(RESPOND_PURPOSE, {"r": request.pk, "a": alumnus.pk})


def respond_url(request: HelpRequest, alumnus: Alumnus) -> str:
    return settings.SITE_URL + reverse("bizdev:request_respond", args=[respond_token(request, alumnus)])


def _request_email(request: HelpRequest, alumnus: Alumnus, email: str) -> EmailMultiAlternatives:
    context = {
        "request": request,
        "alumnus": alumnus,
        "person": alumnus.person,
        "pilot": request.pilot,
        "respond_url": respond_url(request, alumnus),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string("bizdev/email/request_subject.txt", context).split()),
        body=render_to_string("bizdev/email/request_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(render_to_string("bizdev/email/request_body.html", context), "text/html")
    return message


def help_request_send(*, request_id: int, now: dt.datetime | None = None) -> int:
    """The task's work: email one of our requests to each alumnus it reaches (segment or chosen)
    not emailed before. Consent and do-not-contact are read now; each email is claimed in its own
    transaction with its send, so a second run sends nothing twice. Not for a closed request.
    Returns the emails sent."""
    request = HelpRequest.objects.select_related("pilot", "segment").filter(pk=request_id).first()
    if request is None or request.status == RequestStatus.CLOSED:
        return 0
    now = now or timezone.now()
    sent = 0
    for alumnus in email_recipients(request):
        if not contact_allowed(alumnus.person):
            continue
        with transaction.atomic():
            if not claim_once(EMAIL_KIND, f"{request.pk}:{alumnus.pk}", now=now):
                continue
            _request_email(request, alumnus, alumnus.email).send()  # type: ignore[attr-defined]
            audit_record(
                actor=None,
                verb="help_request.emailed",
                target=request,
                person_id=alumnus.person_id,
                data={"alumnus": alumnus.pk},
                now=now,
            )
        sent += 1
    return sent


def _link_objects(token: str, purpose: str) -> tuple[Any, Alumnus]:
    payload = read_link(token, purpose)
    first = payload.get("r") if purpose == RESPOND_PURPOSE else payload.get("p")
    alumnus_id = payload.get("a")
    if not isinstance(first, int) or not isinstance(alumnus_id, int):
        raise LinkRefused("invalid")
    alumnus = Alumnus.objects.select_related("person").filter(pk=alumnus_id, person__erased_at__isnull=True).first()
    if purpose == RESPOND_PURPOSE:
        target: Any = HelpRequest.objects.select_related("pilot").filter(pk=first).first()
    else:
        target = Pilot.objects.filter(pk=first, stage=Stage.BIZDEV).first()
    if target is None or alumnus is None:
        raise LinkRefused("invalid")
    return target, alumnus


def request_of_link(token: str) -> tuple[HelpRequest, Alumnus]:
    """The request and alumnus a respond link is for (LinkRefused when tampered, expired or gone)."""
    request, alumnus = _link_objects(token, RESPOND_PURPOSE)
    return request, alumnus


@transaction.atomic
def help_response_add_by_link(*, token: str, body: str, now: dt.datetime | None = None) -> HelpResponse:
    """An alumnus answers one of our requests through the emailed link (no account, no author).
    The link is used once (core.links.use_link, in this transaction)."""
    request, alumnus = request_of_link(token)
    if request.status == RequestStatus.CLOSED:
        raise DomainError(MSG_LINK_CLOSED, code="closed")
    body = _clean_response(body)
    use_link(token, RESPOND_PURPOSE)
    now = now or timezone.now()
    response = HelpResponse.objects.create(request=request, alumnus=alumnus, body=body, created_at=now)
    audit_record(
        actor=None,
        verb="help_request.response_added",
        target=request,
        person_id=alumnus.person_id,
        data={"response": response.pk, "alumnus": alumnus.pk, "via_link": True},
        now=now,
    )
    return response


# --- alumni's asks through a link ---------------------------------------------------------------


def ask_token(pilot: Pilot, alumnus: Alumnus, *, nonce: str = "") -> str:
    """The signed token of an "Ask us for help" link. A nonce makes each link its own (one ask each)."""
    return link_token(ASK_PURPOSE, {"p": pilot.pk, "a": alumnus.pk, "n": nonce or secrets.token_urlsafe(6)})


def ask_url(pilot: Pilot, alumnus: Alumnus, *, nonce: str = "") -> str:
    return settings.SITE_URL + reverse("bizdev:ask", args=[ask_token(pilot, alumnus, nonce=nonce)])


def _check_ask(actor: User, pilot: Pilot, alumnus: Alumnus) -> None:
    check_pilot(actor, pilot)
    if not _reachable(actor, pilot).filter(pk=alumnus.pk).exists():
        raise _fail(MSG_ALUMNUS, "alumnus")


def ask_link_make(*, actor: User, pilot: Pilot, alumnus: Alumnus, now: dt.datetime | None = None) -> str:
    """A fresh "Ask us for help" link to copy and give the alumnus (audited: it is for a person)."""
    _check_ask(actor, pilot, alumnus)
    url = ask_url(pilot, alumnus)
    audit_record(
        actor=actor,
        verb="help_request.ask_link_made",
        target=pilot,
        person_id=alumnus.person_id,
        data={"alumnus": alumnus.pk},
        now=now,
    )
    return url


def ask_email_address(alumnus: Alumnus) -> str:
    row = PersonEmail.objects.filter(person=alumnus.person_id).order_by("-is_primary", "email").first()
    return row.email if row else ""


@transaction.atomic
def ask_link_send(*, actor: User, pilot: Pilot, alumnus: Alumnus, now: dt.datetime | None = None) -> None:
    """Email the alumnus an "Ask us for help" link (task "bizdev.send_ask_link", after the commit).
    Refused without consent to be contacted, for someone marked do-not-contact, or without an email."""
    _check_ask(actor, pilot, alumnus)
    person = alumnus.person
    name = person.full_name
    if person.do_not_contact:
        raise _fail(MSG_ASK_DNC.format(name=name), "alumnus", code="do_not_contact")
    if not person.consent_to_contact:
        raise _fail(MSG_ASK_NO_CONSENT.format(name=name), "alumnus", code="no_consent")
    if not ask_email_address(alumnus):
        raise _fail(MSG_ASK_NO_EMAIL.format(name=name), "alumnus", code="no_email")
    nonce = secrets.token_urlsafe(6)
    audit_record(
        actor=actor,
        verb="help_request.ask_link_emailed",
        target=pilot,
        person_id=alumnus.person_id,
        data={"alumnus": alumnus.pk, "nonce": nonce},
        now=now,
    )
    enqueue(ASK_TASK, pilot.pk, alumnus.pk, nonce)


def ask_link_email(*, pilot_id: int, alumnus_id: int, nonce: str, now: dt.datetime | None = None) -> int:
    """The task's work: send the link, once per nonce; consent is read again now. Returns 0 or 1."""
    pilot = Pilot.objects.filter(pk=pilot_id, stage=Stage.BIZDEV).first()
    alumnus = Alumnus.objects.select_related("person").filter(pk=alumnus_id).first()
    if pilot is None or alumnus is None:
        return 0
    person = alumnus.person
    if not person.consent_to_contact or person.do_not_contact or person.erased_at is not None:
        return 0
    email = ask_email_address(alumnus)
    if not email:
        return 0
    with transaction.atomic():
        if not claim_once(ASK_EMAIL_KIND, f"{pilot.pk}:{alumnus.pk}:{nonce}", now=now):
            return 0
        context = {"pilot": pilot, "person": person, "ask_url": ask_url(pilot, alumnus, nonce=nonce)}
        EmailMultiAlternatives(
            subject=" ".join(render_to_string("bizdev/email/ask_subject.txt", context).split()),
            body=render_to_string("bizdev/email/ask_body.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        ).send()
    return 1


def ask_of_link(token: str) -> tuple[Pilot, Alumnus]:
    pilot, alumnus = _link_objects(token, ASK_PURPOSE)
    return pilot, alumnus


@transaction.atomic
def help_request_create_by_link(
    *, token: str, kind: str, title: str, body: str, now: dt.datetime | None = None
) -> HelpRequest:
    """An alumnus's own ask through the signed link: HelpRequest(direction alumni, via_link=True)
    in the link's pilot. The link is used once (one request per link)."""
    pilot, alumnus = ask_of_link(token)
    title, body = _clean_text(kind, title, body)
    use_link(token, ASK_PURPOSE)
    now = now or timezone.now()
    request = HelpRequest.objects.create(
        pilot=pilot,
        direction=RequestDirection.ALUMNI,
        kind=kind,
        title=title,
        body=body,
        alumnus=alumnus,
        via_link=True,
        created_at=now,
        updated_at=now,
    )
    _audit(None, "help_request.created", request, now, kind=kind, via_link=True)
    return request
