"""What DRF's settings name: the pagination class and the exception handler that gives every API
error one format. Kept apart from core.api, which imports DRF's generic views: those read these
settings when they load, so importing them from here would be circular.

Services refuse on grounds of role with ``ForbiddenError``, which the exception handler renders
as 403; token authentication comes first in the settings, so a missing or revoked token answers
401 with ``WWW-Authenticate: Token``. ``error_responses(...)`` documents the one error body.

Every error body is ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; services raise
``DomainError`` subclasses whose messages are written for the user, and they become 400 (or the
status the exception names) instead of a 500.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _error(code: str, message: str, status_code: int, fields: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    return Response(body, status=status_code)


def _first_message(detail: Any) -> str:
    """The first human-readable message in a (possibly nested) DRF error structure, prefixed
    with the field it belongs to, e.g. "handles: venue_kind: "xx" is not a valid choice."."""
    path: list[str] = []
    node = detail
    while isinstance(node, (dict, list)) and node:
        if isinstance(node, dict):
            key, node = next(iter(node.items()))
            if key not in ("non_field_errors", "__all__"):
                path.append(str(key))
        else:
            item = node[0]
            node = item if isinstance(item, (dict, list)) else str(item)
    message = str(node) if node not in ({}, [], None) else "Invalid input."
    # List positions ("0") say little to a person; keep only the field names.
    names = [p for p in path if not p.isdigit()]
    return f"{': '.join(names)}: {message}" if names else message


MSG_MALFORMED = "The request is malformed or too large (too many fields, or a body over the size limit)."


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _error(exc.code, exc.message, exc.status_code, exc.fields or None)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else None
        message = "; ".join(exc.messages)
        return _error("invalid", message, status.HTTP_400_BAD_REQUEST, fields)
    if isinstance(exc, SuspiciousOperation):
        # Too many form fields, an oversized body, a malformed multipart stream: Django would
        # answer with its HTML 400 page; the API answers in its own format.
        return _error("bad_request", MSG_MALFORMED, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = response.data
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        return _error("invalid", _first_message(fields), response.status_code, fields)
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, (list, dict)) else "Request failed."
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        out = _error(str(code), message, response.status_code)
        for header in ("WWW-Authenticate", "Retry-After", "Allow"):
            if header in response:
                out[header] = response[header]
        return out
    return response
