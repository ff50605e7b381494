"""Admin for the program spine: an escape hatch for operators, not the way to run a pilot.

Admin writes do not go through programs.services, so whatever a service guards (status
transitions, the Stage 2 policy gate, who may be a member, policy versions and acknowledgements,
audit events) is read-only here; those changes belong to the pilot page or the API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from accounts.admin_mixins import AuditedAdminMixin, ViewOnlyMixin

from .models import (
    Membership,
    Pilot,
    PilotGoal,
    PilotStep,
    PlaybookStep,
    PolicyAcknowledgement,
    SharingPolicy,
    SponsorOrganization,
    Venue,
)


@admin.register(SponsorOrganization)
class SponsorOrganizationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "description"]
    list_filter = ["created_at"]
    filter_horizontal = ["managers"]
    readonly_fields = ["created_at"]


class MembershipInline(ViewOnlyMixin, admin.TabularInline):
    model = Membership
    extra = 0


class PilotGoalInline(ViewOnlyMixin, admin.TabularInline):
    model = PilotGoal
    extra = 0


@admin.register(Pilot)
class PilotAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "stage", "sponsor", "status", "start_date", "end_date", "created_at"]
    list_filter = ["stage", "status", "sponsor"]
    search_fields = ["name", "description", "sponsor__name"]
    list_select_related = ["sponsor"]
    # Status changes go through programs.services.pilot_transition (the Stage 2 policy gate);
    # stage and sponsor are fixed once a pilot exists (its checklist and policy depend on them).
    readonly_fields = ["status", "scaled_from", "created_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "stage", "sponsor"] if obj is not None else fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a new pilot needs its checklist: create it on the Pilots page

    inlines = [MembershipInline, PilotGoalInline]
    date_hierarchy = "created_at"


@admin.register(Membership)
class MembershipAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "pilot", "role", "joined_at"]
    list_filter = ["role", "pilot__stage", "pilot"]
    search_fields = ["user__email", "user__full_name", "pilot__name"]
    list_select_related = ["user", "pilot"]


@admin.register(PilotGoal)
class PilotGoalAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "pilot", "target", "unit", "due_date"]
    list_filter = ["pilot__stage", "pilot"]
    search_fields = ["name", "pilot__name"]
    list_select_related = ["pilot"]


@admin.register(SharingPolicy)
class SharingPolicyAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["pilot", "version", "status", "created_at", "approved_by", "approved_at"]
    list_filter = ["status", "pilot__stage"]
    search_fields = ["pilot__name", "may_share", "may_not_share"]
    list_select_related = ["pilot", "approved_by"]
    # Approval supersedes the previous version and asks everyone to acknowledge again:
    # that happens on the pilot page (programs.services.policy_approve).
    readonly_fields = ["status", "version", "created_by", "created_at", "approved_by", "approved_at"]


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "policy", "acknowledged_at"]
    list_filter = ["acknowledged_at", "policy__pilot"]
    search_fields = ["user__email", "user__full_name", "policy__pilot__name"]
    list_select_related = ["user", "policy", "policy__pilot"]
    readonly_fields = ["policy", "user", "acknowledged_at"]


@admin.register(PlaybookStep)
class PlaybookStepAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "stage", "kind", "order", "key"]
    list_filter = ["stage", "kind"]
    search_fields = ["title", "guidance", "key"]


@admin.register(PilotStep)
class PilotStepAdmin(ViewOnlyMixin, admin.ModelAdmin):
    list_display = ["step", "pilot", "owner", "due_date", "done_at"]
    list_filter = ["pilot__stage", "pilot", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["step__title", "pilot__name", "note"]
    list_select_related = ["step", "pilot", "owner"]
    readonly_fields = ["pilot", "step", "done_by"]


@admin.register(Venue)
class VenueAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "visibility", "url"]
    readonly_fields = ["created_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_filter = ["kind", "visibility"]
    search_fields = ["name", "url", "description"]
