"""Admin mixins shared by every app's admin.py.

The admin is an escape hatch for operators. Rows whose rules live in a service are view-only
(``ViewOnlyMixin``); plain reference data stays editable, and every admin save or delete still
leaves an AuditEvent (``AuditedAdminMixin``), so the audit log has no blind spot.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from .services import audit_record


class ViewOnlyMixin:
    """Rows that only services may write: the admin lists and shows them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdminMixin:
    """Record an audit event for every save and delete made in the admin."""

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        audit_record(
            actor=request.user,  # type: ignore[arg-type]
            verb="admin.changed" if change else "admin.created",
            target=obj,
            data={"fields": sorted(form.changed_data)},
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        for formset in formsets:
            if formset.has_changed():
                audit_record(
                    actor=request.user,  # type: ignore[arg-type]
                    verb="admin.changed",
                    target=form.instance,
                    data={"inline": formset.model._meta.label_lower},
                )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit_record(actor=request.user, verb="admin.deleted", target=obj)  # type: ignore[arg-type]
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            audit_record(actor=request.user, verb="admin.deleted", target=obj)  # type: ignore[arg-type]
        super().delete_queryset(request, queryset)  # type: ignore[misc]
