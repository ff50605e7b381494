"""Enforce TOTP for HR leads when MFA_REQUIRED_FOR_HR_LEADS is on.

allauth has no "require MFA" setting. An HR lead without an authenticator is sent to the TOTP
enrolment page for every page but the MFA, logout, static and health URLs; API calls get 403.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/admin/logout/")


class RequireMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_enrol(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "mfa_required", "message": "Set up two-factor authentication first."}},
                    status=403,
                )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request: HttpRequest) -> bool:
        if request.path.startswith(ALLOWED_PREFIXES):
            return False
        return must_enrol_mfa(getattr(request, "user", None))


def must_enrol_mfa(user: Any) -> bool:
    """True when the setting requires TOTP for HR leads and this HR lead has none yet.

    Used by the middleware (pages, session API calls) and by ApiTokenAuthentication, which the
    middleware never sees because DRF authenticates tokens inside the view.
    """
    if not getattr(settings, "MFA_REQUIRED_FOR_HR_LEADS", False):
        return False
    if user is None or not user.is_authenticated or not getattr(user, "is_hr_lead", False):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
