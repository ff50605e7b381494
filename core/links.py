"""Signed links: what alumni open from an email without an account (confirm that an introduction
was meaningful, answer a survey, recommend someone for an opening).

    token = link_token("alumni.survey", {"invite": 12})
    url = reverse("alumni:survey_answer", args=[token])
    ...
    payload = read_link(token, "alumni.survey", max_age=LINK_MAX_AGE)   # LinkRefused if bad
    with transaction.atomic():
        use_link(token, "alumni.survey")                                  # LinkRefused if used
        ...write the answer...

- The purpose is the signature's salt: a token made for one purpose never opens another.
- ``read_link`` refuses a tampered token and one older than ``max_age`` with a LinkRefused whose
  ``reason`` is "invalid" or "expired" (``link_refused_page`` renders the friendly page for it).
- ``use_link`` claims the token once (core.jobs.claim_once, in the caller's transaction): the
  second use is refused with reason "used"; ``link_used`` tells a page's GET the same beforehand. Read a link as often as you like (the form's GET);
  use it once (the POST that writes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .jobs import claim_once
from .models import JobClaim

LINK_MAX_AGE = dt.timedelta(days=30)

REASONS = {
    "invalid": "This link is not valid. It may have been cut short or changed when it was copied.",
    "expired": "This link has expired. Links in our emails work for 30 days; ask us for a new one.",
    "used": "This link was already used, so nothing more was recorded. Thank you again.",
}


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(REASONS[reason])
        self.reason = reason
        self.message = REASONS[reason]


def link_token(purpose: str, payload: dict[str, Any]) -> str:
    """A URL-safe signed token carrying ``payload`` (small: ids, not data) for ``purpose``."""
    return signing.dumps(payload, salt=f"link:{purpose}", compress=True)


def read_link(token: str, purpose: str, *, max_age: dt.timedelta = LINK_MAX_AGE) -> dict[str, Any]:
    if len(token) > 500:
        raise LinkRefused("invalid")
    try:
        payload = signing.loads(token, salt=f"link:{purpose}", max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkRefused("expired") from exc
    except signing.BadSignature as exc:
        raise LinkRefused("invalid") from exc
    if not isinstance(payload, dict):
        raise LinkRefused("invalid")
    return payload


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_used(token: str, purpose: str) -> bool:
    """Whether ``token`` was used already: a page shows "already recorded" on opening a used link,
    rather than a form whose answer would be refused."""
    return JobClaim.objects.filter(kind=f"link:{purpose}", key=_digest(token)).exists()


def use_link(token: str, purpose: str) -> None:
    """Claim ``token`` once, inside the caller's transaction; LinkRefused("used") the second time."""
    if not claim_once(f"link:{purpose}", _digest(token)):
        raise LinkRefused("used")


def link_refused_page(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    """The friendly page for a refused link: what happened and what to do, never a stack trace.
    410 for expired and used links, 400 for invalid ones."""
    status = 400 if refused.reason == "invalid" else 410
    return render(request, "link_refused.html", {"reason": refused.reason, "message": refused.message}, status=status)
