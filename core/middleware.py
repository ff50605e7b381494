"""Responses that may carry personal data are never kept by a browser's or a proxy's cache.

``PrivateNoStoreMiddleware`` (after AuthenticationMiddleware) marks every API response and every
response to a signed-in user ``Cache-Control: private, no-store``: pages, fragments, CSV
downloads, the API's JSON and its errors. A response that already forbids storing (never_cache)
keeps its own header. Static files never get here (whitenoise answers before), and the anonymous
pages (login, password reset) keep Django's defaults.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE_NO_STORE = "private, no-store"
API_PREFIX = "/api/"


class PrivateNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._may_carry_personal_data(request) and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response

    @staticmethod
    def _may_carry_personal_data(request: HttpRequest) -> bool:
        if request.path.startswith(API_PREFIX):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
