"""Admin for the program spine: an escape hatch for HR staff and operators.

Admin writes do not go through programs.services, so the rules that services enforce (status
transitions, the Stage 2 policy gate, audit events) are protected here by making those fields
read-only: status changes belong to the pilot page.
"""

from __future__ import annotations

from django.contrib import admin

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
class SponsorOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name", "description"]
    list_filter = ["created_at"]
    filter_horizontal = ["managers"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PilotGoalInline(admin.TabularInline):
    model = PilotGoal
    extra = 0


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ["name", "stage", "sponsor", "status", "start_date", "end_date", "created_at"]
    list_filter = ["stage", "status", "sponsor"]
    search_fields = ["name", "description", "sponsor__name"]
    list_select_related = ["sponsor"]
    # Status changes go through programs.services.pilot_transition (the Stage 2 policy gate).
    readonly_fields = ["status", "scaled_from", "created_by", "created_at"]
    inlines = [MembershipInline, PilotGoalInline]
    date_hierarchy = "created_at"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "pilot", "role", "joined_at"]
    list_filter = ["role", "pilot__stage", "pilot"]
    search_fields = ["user__email", "user__full_name", "pilot__name"]
    list_select_related = ["user", "pilot"]
    autocomplete_fields = ["user", "pilot"]


@admin.register(PilotGoal)
class PilotGoalAdmin(admin.ModelAdmin):
    list_display = ["name", "pilot", "target", "unit", "due_date"]
    list_filter = ["pilot__stage", "pilot"]
    search_fields = ["name", "pilot__name"]
    list_select_related = ["pilot"]


@admin.register(SharingPolicy)
class SharingPolicyAdmin(admin.ModelAdmin):
    list_display = ["pilot", "version", "status", "created_at", "approved_by", "approved_at"]
    list_filter = ["status", "pilot__stage"]
    search_fields = ["pilot__name", "may_share", "may_not_share"]
    list_select_related = ["pilot", "approved_by"]
    # Approval supersedes the previous version and asks everyone to acknowledge again:
    # that happens on the pilot page (programs.services.policy_approve).
    readonly_fields = ["status", "version", "created_by", "created_at", "approved_by", "approved_at"]


@admin.register(PolicyAcknowledgement)
class PolicyAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["user", "policy", "acknowledged_at"]
    list_filter = ["acknowledged_at", "policy__pilot"]
    search_fields = ["user__email", "user__full_name", "policy__pilot__name"]
    list_select_related = ["user", "policy", "policy__pilot"]
    readonly_fields = ["policy", "user", "acknowledged_at"]


@admin.register(PlaybookStep)
class PlaybookStepAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "kind", "order", "key"]
    list_filter = ["stage", "kind"]
    search_fields = ["title", "guidance", "key"]


@admin.register(PilotStep)
class PilotStepAdmin(admin.ModelAdmin):
    list_display = ["step", "pilot", "owner", "due_date", "done_at"]
    list_filter = ["pilot__stage", "pilot", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["step__title", "pilot__name", "note"]
    list_select_related = ["step", "pilot", "owner"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["pilot", "step", "done_by"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "visibility", "url"]
    list_filter = ["kind", "visibility"]
    search_fields = ["name", "url", "description"]
