"""allauth glue: nobody signs up on their own (accounts come from invitations); the client address
of the login rate limits; password changes and resets go through accounts.services."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.httpkit import clean_client_ip
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from .models import User
from .services import user_password_set


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's answer (TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER, see settings), except
        that a request carrying fewer X-Forwarded-For entries than the trusted proxies would add
        (it did not come through them) is keyed on its own address instead of a 500."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return clean_client_ip(request.META.get("REMOTE_ADDR", "")) or "unknown"

    def set_password(self, user: Any, password: str) -> None:
        """Password change and reset: through the service, which revokes the user's API tokens."""
        assert isinstance(user, User)  # AUTH_USER_MODEL
        user_password_set(user=user, password=password)
