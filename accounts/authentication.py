"""API authentication with personal tokens: ``Authorization: Token <key>``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from .middleware import must_enrol_mfa
from .models import ApiToken

MSG_MFA_REQUIRED = "Set up two-factor authentication on your profile before using the API."


MSG_INVALID_TOKEN = "Invalid, expired or revoked token."
MSG_READ_ONLY_TOKEN = "This token may only read; changes need a token without the read-only scope."


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """A token that is unknown, revoked or expired is a 401 (one message for all three); a
    read-only token is refused (403) on every method that is not a read, whatever the view."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        result = super().authenticate(request)
        if result is not None and result[1].read_only and request.method not in permissions.SAFE_METHODS:
            raise exceptions.PermissionDenied(MSG_READ_ONLY_TOKEN)
        return result

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(MSG_INVALID_TOKEN)
        if must_enrol_mfa(token.user):
            raise exceptions.AuthenticationFailed(MSG_MFA_REQUIRED)
        now = timezone.now()
        # Only touch the row once a minute so busy clients don't write on every request.
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Personal token from your profile page, sent as `Token <key>`.",
        }
