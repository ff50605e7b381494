"""A session counts as signed in only once it has passed the second factor its user enrolled.

allauth's own login asks for the TOTP code before it calls Django's ``login()``; any other way into
a session (the Django admin's login form before it was routed through allauth, a future view that
calls ``login()`` itself) would skip it. So every login, whatever path it took, is classified when
it happens (``note_login``, connected to ``user_logged_in`` in AccountsConfig.ready: the one hook
all login paths share) and the verdict is kept in the session:

- "passed": the session holds allauth's record of a second-factor check for this user, or it
  enrolled the authenticator itself (``note_enrolment``);
- "not_enrolled": the user had no authenticator when they logged in (nothing to pass);
- "missing": the user has an authenticator and this session never passed it.

``SecondFactorMiddleware`` ends a "missing" session before any view, DRF's session
authentication or token minting sees it: to pages, the API and the token page it is anonymous.
A session from before this module (no verdict) is classified on its first request.

"not_enrolled" holds only while the user still has no authenticator, so the middleware asks again
on each request of such a session (one indexed EXISTS query). Once the account has one, enrolled
in another browser, the session is classified again and ends like any session that skipped it.
The session that enrolled it stays: allauth's activation proves a code (TOTP) or a key (WebAuthn)
but records no "mfa" authentication in the session, so ``note_enrolment`` (allauth.mfa's
``authenticator_added``, sent inside the activating request) marks that session "passed".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from allauth.mfa.signals import authenticator_added
from django.contrib.auth import logout
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

SESSION_KEY = "accounts_second_factor"
PASSED = "passed"
NOT_ENROLLED = "not_enrolled"
MISSING = "missing"


def _passed_in_session(request: HttpRequest, user: Any) -> bool:
    from allauth.account.internal.flows.login import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def _enrolled(user: Any) -> bool:
    from allauth.mfa.utils import is_mfa_enabled

    return bool(is_mfa_enabled(user))


def classify(request: HttpRequest, user: Any) -> str:
    """The verdict for ``user`` signed in on ``request``'s session (see the module docstring)."""
    if _passed_in_session(request, user):
        return PASSED
    return MISSING if _enrolled(user) else NOT_ENROLLED


def note_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: keep the verdict of this login in the session."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = classify(request, user)


# Authenticators whose activation proves possession in the activating request (recovery codes are
# only generated alongside one of these, so they prove nothing themselves).
_PROVED_BY_ACTIVATION = ("totp", "webauthn")


@receiver(authenticator_added, dispatch_uid="accounts.second_factor.note_enrolment")
def note_enrolment(sender: Any, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any) -> None:
    """``authenticator_added`` receiver: the session that activated ``authenticator`` for its own
    user (with a valid code or key) has passed the second factor it now has."""
    session = getattr(request, "session", None)
    if session is None or authenticator.type not in _PROVED_BY_ACTIVATION:
        return
    if session.get("_auth_user_id") == str(user.pk):
        session[SESSION_KEY] = PASSED


class SecondFactorMiddleware:
    """Ends sessions that skipped the second factor (after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get("_auth_user_id") is not None:
            verdict = session.get(SESSION_KEY)
            # A session without a verdict yet is classified; one whose user had nothing to pass is
            # classified again once an authenticator was enrolled (not in this session).
            unsettled = verdict is None or (verdict == NOT_ENROLLED and _enrolled(request.user))
            if unsettled and request.user.is_authenticated:
                verdict = session[SESSION_KEY] = classify(request, request.user)
            if verdict == MISSING:
                logger.warning("ended a session of user %s that skipped the second factor", session["_auth_user_id"])
                logout(request)  # flushes the session; request.user becomes anonymous
        return self.get_response(request)
