"""Django admin for support staff. Day-to-day changes go through the directory pages, which call
people.services (duplicate detection, audit); the admin is for repairs, and every save or delete
here still leaves an audit event."""

from django.contrib import admin
from django.db import models

from accounts.admin_mixins import AuditedAdminMixin

from .models import Company, Person, PersonEmail, SocialHandle, Tag


@admin.register(Company)
class CompanyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "domain", "industry", "relationship", "updated_at")
    list_filter = ("relationship",)
    search_fields = ("name", "domain", "industry")
    ordering = ("name",)


@admin.register(Tag)
class TagAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


class PersonEmailInline(admin.TabularInline):
    model = PersonEmail
    extra = 0


class SocialHandleInline(admin.TabularInline):
    model = SocialHandle
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "title", "company", "country", "city", "source", "consent_to_contact", "created_at")
    list_filter = ("source", "consent_to_contact", "country", "company__relationship", "tags")
    search_fields = ("first_name", "last_name", "emails__email", "handles__handle", "company__name", "city")
    list_select_related = ("company",)
    autocomplete_fields = ("company", "tags")
    raw_id_fields = ("created_by",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (PersonEmailInline, SocialHandleInline)
