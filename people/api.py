"""API for the people directory: people (with emails, handles and tags) and companies.

Who may use it is ``people.access``: HR leads, and contributors who belong to a pilot; managers and
contributors without a pilot get 403. Contributors edit only the people they added; only HR leads
delete. Every write calls one ``people.services`` function.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Count, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import ReadViewSet, error_responses, listing_audit_data, merged
from programs.models import Venue

from . import services
from .access import can_erase_people, can_export_people, can_use_directory, get_company_for_user, get_person_for_user
from .filters import CompanyFilter, CompanySearchFilter, PersonFilter, PersonSearchFilter
from .models import Company, Person
from .services import DuplicatePersonError, HandleData, PersonData


class CanUseDirectory(permissions.BasePermission):
    message = "Only HR leads and contributors in a pilot can use the people directory."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_use_directory(request.user))


# --- People -----------------------------------------------------------------------------------


class HandleSerializer(serializers.Serializer):
    venue_kind = serializers.ChoiceField(choices=Venue.Kind.choices)
    handle = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    profile_url = serializers.URLField(max_length=500, allow_blank=True, required=False, default="")


class PersonSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True, default=None, allow_null=True)
    emails: serializers.Field = serializers.SlugRelatedField(many=True, read_only=True, slug_field="email")
    handles = HandleSerializer(many=True, read_only=True)
    tags: serializers.Field = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "title",
            "company",
            "company_name",
            "country",
            "city",
            "emails",
            "handles",
            "tags",
            "source",
            "source_detail",
            "consent_to_contact",
            "consent_date",
            "do_not_contact",
            "do_not_contact_since",
            "notes",
            "erased_at",
            "created_by",
            "created_at",
            "updated_at",
        ]


class PersonInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    title = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), allow_null=True, required=False, default=None
    )
    country = serializers.CharField(
        max_length=2, allow_blank=True, required=False, default="", help_text="ISO 3166 two-letter code."
    )
    city = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    emails = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        default=list,
        max_length=services.MAX_EMAILS,
        error_messages={"max_length": services.MSG_TOO_MANY.format(limit=services.MAX_EMAILS, what="email addresses")},
    )
    handles: serializers.ListSerializer = serializers.ListSerializer(
        child=HandleSerializer(),
        required=False,
        default=list,
        max_length=services.MAX_HANDLES,
        error_messages={"max_length": services.MSG_TOO_MANY.format(limit=services.MAX_HANDLES, what="handles")},
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        max_length=services.MAX_TAGS,
        error_messages={"max_length": services.MSG_TOO_MANY.format(limit=services.MAX_TAGS, what="tags")},
    )
    # The metaclass moves declared fields off the class, so this does not shadow Field.source.
    source = serializers.ChoiceField(choices=Person.Source.choices, default=Person.Source.MANUAL)  # type: ignore[assignment]
    source_detail = serializers.CharField(max_length=255, allow_blank=True, required=False, default="")
    consent_to_contact = serializers.BooleanField(required=False, default=False)
    consent_date = serializers.DateField(allow_null=True, required=False, default=None)
    notes = serializers.CharField(allow_blank=True, required=False, default="")
    do_not_contact = serializers.BooleanField(
        required=False,
        help_text="They asked not to be contacted (withdraws consent). Only HR leads clear it, with consent_note.",
    )
    consent_source = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default="", help_text="How a consent change reached us."
    )
    consent_note = serializers.CharField(
        max_length=1000,
        allow_blank=True,
        required=False,
        default="",
        help_text="Why (required to clear do_not_contact).",
    )


class PersonCreateInputSerializer(PersonInputSerializer):
    confirm_duplicate_name = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Create even though people with the same name exist (emails and profiles must still be new).",
    )


class PersonExportSerializer(serializers.Serializer):
    """The shape of a person's data export (documentation only)."""

    exported_at = serializers.DateTimeField()
    person = serializers.DictField(help_text="The profile's fields.")
    emails = serializers.ListField(child=serializers.DictField())
    handles = serializers.ListField(child=serializers.DictField())
    tags = serializers.ListField(child=serializers.CharField())
    consent_history = serializers.ListField(child=serializers.DictField())
    sections = serializers.DictField(
        help_text="Each app's personal-data section under its key: {label, rows}.", child=serializers.DictField()
    )


MSG_HR_ONLY = "Only HR leads erase or export a person's data."
MSG_CONFIRM_ERASE = 'Erasure cannot be undone: send {"confirm": true} to erase this person\'s data.'


class PersonEraseInputSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="Must be true: erasure cannot be undone.")

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(MSG_CONFIRM_ERASE)
        return value


def _person_data(values: dict[str, Any]) -> PersonData:
    return PersonData(
        **{name: values[name] for name in services.PERSON_FIELDS},
        emails=list(values["emails"]),
        handles=[HandleData(**h) for h in values["handles"]],
        tags=list(values["tags"]),
        do_not_contact=values.get("do_not_contact"),
        consent_source=values.get("consent_source", ""),
        consent_note=values.get("consent_note", ""),
    )


def _current(person: Person) -> dict[str, Any]:
    """A person's emails, handles and tags in the input serializer's shape (for partial updates)."""
    return {
        "emails": [e.email for e in person.emails.all()],
        "handles": [
            {"venue_kind": h.venue_kind, "handle": h.handle, "profile_url": h.profile_url} for h in person.handles.all()
        ],
        "tags": [t.name for t in person.tags.all()],
    }


def _with_match_ids(exc: DuplicatePersonError) -> DuplicatePersonError:
    exc.fields = {**exc.fields, "matches": [p.pk for p in exc.matches]}
    return exc


@extend_schema_view(
    list=extend_schema(responses={200: PersonSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: PersonSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["people"])
class PersonViewSet(ReadViewSet):
    """People the program talks to. Search covers names, emails, title, company, city and handles."""

    serializer_class = PersonSerializer
    permission_classes = [CanUseDirectory]
    filterset_class = PersonFilter
    filter_backends = [DjangoFilterBackend, PersonSearchFilter, OrderingFilter]
    ordering_fields = ["last_name", "first_name", "created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[Person]:
        qs = Person.objects.select_related("company").prefetch_related("emails", "handles", "tags")
        # Erased people stay retrievable by id (the ledger names them) but leave the directory.
        return qs.not_erased() if self.action == "list" else qs

    def _respond(self, person: Person, code: int = status.HTTP_200_OK) -> Response:
        return Response(PersonSerializer(self.get_queryset().get(pk=person.pk)).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data.get("count") if isinstance(response.data, dict) else len(response.data)
        services.people_listed(actor=cast(User, request.user), data=listing_audit_data(request, rows))
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        services.person_viewed(actor=cast(User, request.user), person=person, via="api")
        return Response(self.get_serializer(person).data)

    @extend_schema(
        request=PersonCreateInputSerializer,
        responses={201: PersonSerializer, **error_responses(400, 403, 409)},
        description=(
            "Add a person. An email, profile URL or handle someone already has is a 409 whose "
            "`error.fields.matches` lists those people's ids; so is an existing name unless "
            "`confirm_duplicate_name` is true."
        ),
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PersonCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        allow_same_name = values.pop("confirm_duplicate_name")
        try:
            person = services.person_create(
                actor=request.user, data=_person_data(values), allow_same_name=allow_same_name
            )
        except DuplicatePersonError as exc:
            raise _with_match_ids(exc) from exc
        return self._respond(person, status.HTTP_201_CREATED)

    @extend_schema(
        request=PersonInputSerializer, responses={200: PersonSerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        person = get_person_for_user(request.user, pk, write=True)
        data = PersonInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = {**_current(person), **merged(data.validated_data, person, list(services.PERSON_FIELDS))}
        keep = ("emails", "handles", "tags", "do_not_contact", "consent_source", "consent_note")
        values.update({k: data.validated_data[k] for k in keep if k in data.validated_data})
        try:
            services.person_update(actor=request.user, person=person, data=_person_data(values))
        except DuplicatePersonError as exc:
            raise _with_match_ids(exc) from exc
        return self._respond(person)

    @extend_schema(
        request=PersonInputSerializer, responses={200: PersonSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(
        request=PersonEraseInputSerializer,
        responses={200: PersonSerializer, **error_responses(400, 403, 404, 409)},
        description=(
            "Erase the person's personal data everywhere (HR leads): names become “Erased person”, "
            "emails, handles, tags and free text go, audit snapshots are scrubbed, every app erases "
            "what it copied; the row stays so the ledger's counts and money add up. A second erasure is a 409."
        ),
    )
    @action(detail=True, methods=["post"])
    def erase(self, request: AuthedRequest, pk: int) -> Response:
        person = get_person_for_user(request.user, pk)
        if not can_erase_people(request.user):
            raise PermissionDenied(MSG_HR_ONLY)
        PersonEraseInputSerializer(data=request.data).is_valid(raise_exception=True)
        services.person_erase(actor=request.user, person=person)
        return self._respond(person)

    @extend_schema(
        responses={200: PersonExportSerializer, **error_responses(403, 404)},
        description=(
            "Everything the program holds about the person (HR leads): profile, emails, handles, tags, "
            "consent history and every app's personal-data section under its key. Audited."
        ),
    )
    @action(detail=True, methods=["get"])
    def export(self, request: AuthedRequest, pk: int) -> Response:
        person = get_person_for_user(request.user, pk)
        if not can_export_people(request.user):
            raise PermissionDenied(MSG_HR_ONLY)
        return Response(services.person_export(actor=request.user, person=person))

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        person = get_person_for_user(request.user, pk, delete=True)
        services.person_delete(actor=request.user, person=person)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Companies --------------------------------------------------------------------------------


class CompanySerializer(serializers.ModelSerializer):
    people_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "domain",
            "industry",
            "relationship",
            "notes",
            "people_count",
            "created_at",
            "updated_at",
        ]


class CompanyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    domain = serializers.CharField(max_length=253, allow_blank=True, required=False, default="")
    industry = serializers.CharField(max_length=120, allow_blank=True, required=False, default="")
    relationship = serializers.ChoiceField(choices=Company.Relationship.choices, default=Company.Relationship.OTHER)
    notes = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema_view(
    list=extend_schema(responses={200: CompanySerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: CompanySerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["companies"])
class CompanyViewSet(ReadViewSet):
    """Companies: customers, prospects, partners, suppliers, competitors. A domain identifies one."""

    serializer_class = CompanySerializer
    permission_classes = [CanUseDirectory]
    filterset_class = CompanyFilter
    filter_backends = [DjangoFilterBackend, CompanySearchFilter, OrderingFilter]
    search_fields = ["name", "domain"]
    ordering_fields = ["name", "created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[Company]:
        # An aggregate drops Meta.ordering, so order explicitly for stable pages.
        return Company.objects.annotate(people_count=Count("people")).order_by("name", "id")

    def _respond(self, company: Company, code: int = status.HTTP_200_OK) -> Response:
        return Response(CompanySerializer(self.get_queryset().get(pk=company.pk)).data, status=code)

    @extend_schema(request=CompanyInputSerializer, responses={201: CompanySerializer, **error_responses(400, 403, 409)})
    def create(self, request: AuthedRequest) -> Response:
        data = CompanyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        company = services.company_save(actor=request.user, **data.validated_data)
        return self._respond(company, status.HTTP_201_CREATED)

    @extend_schema(
        request=CompanyInputSerializer, responses={200: CompanySerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        company = get_company_for_user(request.user, pk, write=True)
        data = CompanyInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, company, ["name", "domain", "industry", "relationship", "notes"])
        services.company_save(actor=request.user, company=company, **values)
        return self._respond(company)

    @extend_schema(
        request=CompanyInputSerializer, responses={200: CompanySerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        company = get_company_for_user(request.user, pk, delete=True)
        services.company_delete(actor=request.user, company=company)
        return Response(status=status.HTTP_204_NO_CONTENT)
