"""The signed-in request type of HTML views (the shared view helpers live in core.web)."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedRequest(HttpRequest):
    """What a view receives once @login_required (or a role decorator) has let it through."""

    user: User
    htmx: HtmxDetails
