"""Admin for accounts. Rules live in accounts.services, so the admin mostly reads.

- Users: created here only to bootstrap (normally by invitation); role and active status change on
  the Users page, which keeps "at least one HR lead" and the audit log.
- Invitations, API tokens: read-only, no add (they need a secret that only the services generate).
- Audit events: read-only, no add or delete.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.http import HttpRequest

from . import services
from .admin_mixins import AuditedAdminMixin
from .models import ApiToken, AuditEvent, Invitation, Role, User


class UserCreateForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


MSG_ADMIN_FLAGS_NEED_HR_LEAD = "Only an active HR lead may have access to the admin site."


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        # The same rule as accounts.services.user_update_role: admin flags only with the HR lead role.
        cleaned = super().clean() or {}
        wants_admin = cleaned.get("is_staff") or cleaned.get("is_superuser")
        if wants_admin and not (self.instance.role == Role.HR_LEAD and self.instance.is_active):
            raise forms.ValidationError(MSG_ADMIN_FLAGS_NEED_HR_LEAD)
        return cleaned


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ("email",)
    list_display = ("email", "full_name", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name", "title")
    readonly_fields = ("role", "is_active", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("full_name", "title")}),
        (
            "Role and status",
            {
                "fields": ("role", "is_active"),
                "description": "Change these on the Users page of the app (it keeps at least one HR lead).",
            },
        ),
        ("Admin site permissions", {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "password1", "password2"),
            },
        ),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else ()

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        """An operator sets someone's password here: their API tokens are revoked with the old one,
        as accounts.services.user_password_set does for the app's own password pages."""
        user = self.get_object(request, unquote(id))
        before = user.password if user is not None else None
        response = super().user_change_password(request, id, form_url)
        if user is not None and request.method == "POST":
            user.refresh_from_db(fields=["password"])
            if user.password != before:
                services.api_tokens_revoke_all(
                    user=user,
                    actor=request.user,  # type: ignore[arg-type]
                    reason=services.REASON_PASSWORD_CHANGED,
                )
        return response


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by services; the admin shows them (tokens may still be revoked in bulk)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("email", "role", "status_display", "send_count", "last_sent_at", "expires_at", "invited_by")
    list_filter = ("role",)
    search_fields = ("email", "full_name")
    readonly_fields = [f.name for f in Invitation._meta.fields]
    list_select_related = ("invited_by",)

    @admin.display(description="status")
    def status_display(self, obj: Invitation) -> str:
        return obj.status()


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__email")
    readonly_fields = [f.name for f in ApiToken._meta.fields]
    list_select_related = ("user",)
    actions = ["revoke_tokens"]

    @admin.action(description="Revoke selected tokens")
    def revoke_tokens(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.active().select_related("user"):
            services.api_token_revoke(user=token.user, token=token, actor=request.user)  # type: ignore[arg-type]
        self.message_user(request, "The selected tokens were revoked.")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "verb", "target_type", "target_id", "target_repr")
    list_filter = ("target_type",)
    search_fields = ("verb", "target_repr", "target_id", "actor__email")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    list_select_related = ("actor",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
