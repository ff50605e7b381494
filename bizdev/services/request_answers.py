"""A help request's answers and status: answers by employees (or an alumnus's, logged by one),
open → answered → closed → reopened. ``answered_at`` is set the first time only; time to answer
runs from the request's creation. Answers through the signed link are bizdev.services.request_links."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from alumni.models import Alumnus
from core.errors import ConflictError

from ..models import (
    HelpRequest,
    HelpResponse,
    RequestStatus,
)
from .requests import (
    BODY_MAX,
    MSG_ALREADY_ANSWERED,
    MSG_ALREADY_CLOSED,
    MSG_CLOSED,
    MSG_NOT_CLOSED,
    MSG_RESPONSE,
    MSG_RESPONSE_ALUMNUS,
    MSG_RESPONSE_LONG,
    _audit,
    _fail,
    _reachable,
    check_may_change,
    check_works_in,
)

# --- answers and status -----------------------------------------------------------------------


def _clean_response(body: str) -> str:
    body = str(body).replace("\r\n", "\n").strip()
    if not body:
        raise _fail(MSG_RESPONSE, "body")
    if len(body) > BODY_MAX:
        raise _fail(MSG_RESPONSE_LONG, "body")
    return body


def _mark_answered(actor: User | None, request: HelpRequest, now: dt.datetime) -> bool:
    """open → answered; ``answered_at`` set the first time (never before the request's creation).
    A conditional update, so two people marking it at once record it once."""
    at = max(now, request.created_at)
    updated = HelpRequest.objects.filter(pk=request.pk, status=RequestStatus.OPEN).update(
        status=RequestStatus.ANSWERED, updated_at=now
    )
    if not updated:
        return False
    HelpRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(answered_at=at)
    request.refresh_from_db(fields=["status", "answered_at", "updated_at"])
    _audit(actor, "help_request.answered", request, now)
    return True


@transaction.atomic
def help_response_add(
    *,
    actor: User,
    request: HelpRequest,
    body: str,
    alumnus: Alumnus | None = None,
    mark_answered: bool = False,
    now: dt.datetime | None = None,
) -> HelpResponse:
    """An employee's answer, or an alumnus's answer logged by an employee (``alumnus``). Anyone
    working in the request's pilot; not on a closed request. ``mark_answered`` also marks an
    open request answered."""
    check_works_in(actor, request)
    if request.status == RequestStatus.CLOSED:
        raise ConflictError(MSG_CLOSED)
    body = _clean_response(body)
    if alumnus is not None and not _reachable(actor, request.pilot).filter(pk=alumnus.pk).exists():
        raise _fail(MSG_RESPONSE_ALUMNUS, "alumnus")
    now = now or timezone.now()
    response = HelpResponse.objects.create(request=request, author=actor, alumnus=alumnus, body=body, created_at=now)
    audit_record(
        actor=actor,
        verb="help_request.response_added",
        target=request,
        person_id=alumnus.person_id if alumnus is not None else None,
        data={"response": response.pk, "alumnus": alumnus.pk if alumnus else None},
        now=now,
    )
    if mark_answered and request.status == RequestStatus.OPEN:
        _mark_answered(actor, request, now)
    return response


@transaction.atomic
def help_request_mark_answered(*, actor: User, request: HelpRequest, now: dt.datetime | None = None) -> HelpRequest:
    """Anyone working in the pilot marks an open request answered (for alumni's asks: met)."""
    check_works_in(actor, request)
    if request.status == RequestStatus.CLOSED:
        raise ConflictError(MSG_CLOSED)
    if not _mark_answered(actor, request, now or timezone.now()):
        raise ConflictError(MSG_ALREADY_ANSWERED)
    return request


@transaction.atomic
def help_request_close(*, actor: User, request: HelpRequest, now: dt.datetime | None = None) -> HelpRequest:
    check_may_change(actor, request)
    now = now or timezone.now()
    updated = (
        HelpRequest.objects.filter(pk=request.pk)
        .exclude(status=RequestStatus.CLOSED)
        .update(status=RequestStatus.CLOSED, closed_at=now, updated_at=now)
    )
    if not updated:
        raise ConflictError(MSG_ALREADY_CLOSED)
    request.refresh_from_db(fields=["status", "closed_at", "updated_at"])
    _audit(actor, "help_request.closed", request, now)
    return request


@transaction.atomic
def help_request_reopen(*, actor: User, request: HelpRequest, now: dt.datetime | None = None) -> HelpRequest:
    """closed → open. ``answered_at`` stays: it records when it was first answered."""
    check_may_change(actor, request)
    now = now or timezone.now()
    updated = HelpRequest.objects.filter(pk=request.pk, status=RequestStatus.CLOSED).update(
        status=RequestStatus.OPEN, closed_at=None, updated_at=now
    )
    if not updated:
        raise ConflictError(MSG_NOT_CLOSED)
    request.refresh_from_db(fields=["status", "closed_at", "updated_at"])
    _audit(actor, "help_request.reopened", request, now)
    return request
