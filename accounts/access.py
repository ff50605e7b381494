"""Role checks shared by every app: view decorators and DRF permission classes.

Object-level rules (which pilot, which person) live in each app's ``access.py``; this module only
answers "does this user's role allow this kind of page at all".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework import permissions

from .models import Role


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log-in required, then 403 unless the user's role is one of ``roles``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role not in roles:  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


hr_lead_required = role_required(Role.HR_LEAD)


class IsHRLead(permissions.BasePermission):
    message = "Only an HR lead can do this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_hr_lead)


class IsHRLeadOrReadOnly(permissions.BasePermission):
    """Anyone signed in may read (object access is filtered by the view); only HR leads write."""

    message = "Only an HR lead can change this."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or request.user.is_hr_lead


class HasRole(permissions.BasePermission):
    """Use as ``HasRole.of("hr_lead", "contributor")``."""

    roles: tuple[str, ...] = ()

    @classmethod
    def of(cls, *roles: str) -> type[HasRole]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.role in self.roles)
