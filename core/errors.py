"""The base of every service exception. Each app subclasses it with its own messages."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule refused a change. ``message`` is shown to the user as is."""

    code = "invalid"
    status_code = 400

    def __init__(self, message: str, *, code: str | None = None, fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class ConflictError(DomainError):
    code = "conflict"
    status_code = 409


class ForbiddenError(DomainError):
    """The actor's role or membership does not allow this change (403, not a validation error)."""

    code = "forbidden"
    status_code = 403
