"""Outplacement in the API: cases of employees whose jobs are eliminated (list, read, open,
change, delete), closing and reopening them, and the alumni at a case's target companies
(``GET {id}/alumni/``, warmest goodwill first). Every write is one
alumni.services.outplacement function.

Who, as on the pages: HR leads see and change every case; a contributor sees (and changes, closes
and reopens) the cases they own in their pilots, and gets an empty list otherwise; another case is
a 404; opening and deleting are for HR leads (403). Managers and contributors without a pilot get
403 on every endpoint. Each list request and each read of a case is audited once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.models import User
from core.api import IdFilter, ReadViewSet, VisibleField, error_responses, listing_audit_data
from people.models import Company, Person
from people.services import DuplicatePersonError, PersonData
from programs.models import Pilot
from recruiting.api.common import NO_INPUT, no_input, schema_only, user_of

from ..access import can_work, stage_pilots, work_pilots
from ..forms.outplacement import pilot_members
from ..models import Alumnus, Goodwill, OutplacementCase, OutplacementStatus
from ..selectors.outplacement import CLOSED_STATUSES, alumni_at_targets, visible_cases
from ..services import outplacement as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot use Stage 2."
MSG_PILOT = services.MSG_PILOT
MSG_PERSON = "Unknown person: pick someone from the directory."
MSG_COMPANY = "Unknown company: give the id of a company in the directory, or its name in new_companies."
MSG_OWNER = "Unknown user: the owner must be a member of one of your pilots."
SURFACED_LIMIT = 200


class CanWork(permissions.BasePermission):
    """HR leads and contributors in at least one pilot (alumni.access.can_work)."""

    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


class CompanyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class OutplacementSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    target_companies = CompanyRefSerializer(many=True, read_only=True)
    owner_name = serializers.CharField(source="owner", read_only=True, default=None, allow_null=True)

    class Meta:
        model = OutplacementCase
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "person",
            "person_name",
            "current_role",
            "eliminated_on",
            "target_roles",
            "target_companies",
            "status",
            "outcome",
            "closed_on",
            "owner",
            "owner_name",
            "created_at",
        ]
        read_only_fields = fields


class SurfacedAlumnusSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    company = serializers.IntegerField(source="person.company_id", read_only=True)
    company_name = serializers.CharField(source="person.company.name", read_only=True)
    title = serializers.CharField(source="person.title", read_only=True)
    do_not_contact = serializers.BooleanField(source="person.do_not_contact", read_only=True)
    segment_name = serializers.CharField(source="segment.name", read_only=True, default=None, allow_null=True)
    segment_rank = serializers.IntegerField(source="segment.rank", read_only=True, default=None, allow_null=True)
    goodwill = serializers.ChoiceField(choices=Goodwill.choices, read_only=True)

    class Meta:
        model = Alumnus
        fields = [
            "id",
            "person",
            "person_name",
            "company",
            "company_name",
            "title",
            "do_not_contact",
            "former_department",
            "former_role",
            "segment",
            "segment_name",
            "segment_rank",
            "goodwill",
        ]
        read_only_fields = fields


def _owner_field(**kwargs: Any) -> VisibleField:
    return VisibleField(
        model=User,
        visible=lambda user: pilot_members(work_pilots(user)),
        message=MSG_OWNER,
        allow_null=True,
        required=False,
        **kwargs,
    )


def _companies_field() -> serializers.ListField:
    return serializers.ListField(
        child=VisibleField(model=Company, visible=lambda user: Company.objects.all(), message=MSG_COMPANY),
        required=False,
        max_length=services.MAX_TARGET_COMPANIES,
        help_text="Ids of directory companies the employee aims for.",
    )


def _new_companies_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=services.COMPANY_NAME_MAX),
        required=False,
        max_length=services.MAX_TARGET_COMPANIES,
        help_text="Company names: the directory's company of that name, else a new company.",
    )


class OutplacementNewPersonSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False, default="")


class OutplacementInputSerializer(serializers.Serializer):
    pilot = VisibleField(model=Pilot, visible=stage_pilots, message=MSG_PILOT)
    person = VisibleField(
        model=Person,
        visible=lambda user: Person.objects.not_erased(),
        message=MSG_PERSON,
        allow_null=True,
        required=False,
        default=None,
        help_text="The employee, from the directory; or give new_person.",
    )
    new_person = OutplacementNewPersonSerializer(required=False, allow_null=True, default=None)
    confirm_duplicate_name = serializers.BooleanField(required=False, default=False)
    current_role = serializers.CharField(max_length=services.ROLE_MAX, allow_blank=True, required=False, default="")
    eliminated_on = serializers.DateField()
    target_roles = serializers.CharField(max_length=services.TARGET_ROLES_MAX)
    target_companies = _companies_field()
    new_companies = _new_companies_field()
    owner = _owner_field(default=None)


class OutplacementUpdateSerializer(serializers.Serializer):
    current_role = serializers.CharField(max_length=services.ROLE_MAX, allow_blank=True, required=False)
    eliminated_on = serializers.DateField(required=False)
    target_roles = serializers.CharField(max_length=services.TARGET_ROLES_MAX, required=False)
    target_companies = _companies_field()
    new_companies = _new_companies_field()
    owner = _owner_field()


class CloseInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in OutplacementStatus if s in CLOSED_STATUSES])
    outcome = serializers.CharField(max_length=services.OUTCOME_MAX, allow_blank=True, required=False, default="")
    closed_on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: today.")


class OutplacementFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    status = filters.ChoiceFilter(choices=OutplacementStatus.choices)

    class Meta:
        model = OutplacementCase
        fields = ["pilot", "status"]


def _new_person(values: dict[str, Any] | None) -> PersonData | None:
    if values is None:
        return None
    email = values["email"].strip()
    return PersonData(
        first_name=values["first_name"].strip(), last_name=values["last_name"].strip(), emails=[email] if email else []
    )


@extend_schema_view(
    list=extend_schema(
        responses={200: OutplacementSerializer(many=True), **error_responses(400, 403, 404)},
        description="The cases you may see (HR leads: all; contributors: the ones they own). Audited once.",
    ),
    retrieve=extend_schema(responses={200: OutplacementSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class OutplacementViewSet(ReadViewSet):
    """Outplacement cases: open ones first, then the most recent eliminations."""

    permission_classes = [CanWork]
    serializer_class = OutplacementSerializer
    filterset_class = OutplacementFilter
    ordering_fields = ["eliminated_on", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[OutplacementCase]:
        if schema_only(self):
            return OutplacementCase.objects.none()
        return (
            visible_cases(user_of(self))
            .prefetch_related("target_companies")
            .order_by("status", "-eliminated_on", "-id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        if response.status_code == status.HTTP_200_OK:
            data = response.data
            rows = data.get("count") if isinstance(data, dict) else len(data)
            services.outplacement_listed(actor=user_of(self), data=listing_audit_data(request, rows))
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        services.outplacement_viewed(actor=user_of(self), case=case, via="api")
        return Response(self.get_serializer(case).data)

    def _respond(self, case: OutplacementCase, code: int = status.HTTP_200_OK) -> Response:
        return Response(OutplacementSerializer(self.get_queryset().get(pk=case.pk)).data, status=code)

    @extend_schema(
        request=OutplacementInputSerializer,
        responses={201: OutplacementSerializer, **error_responses(400, 403, 409)},
        description="Open a case (HR leads): ``person`` from the directory, or ``new_person``. A second "
        "open case for the same person in the pilot is a 409; so is a new person whose name or email "
        "someone has (``error.fields.matches``; resend with ``confirm_duplicate_name`` for a same name).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = OutplacementInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person, new_person = values.pop("person"), _new_person(values.pop("new_person"))
        try:
            case = services.outplacement_create(
                actor=request.user,
                person=person,
                new_person=None if person is not None else new_person,
                allow_same_name=values.pop("confirm_duplicate_name"),
                **values,
            )
        except DuplicatePersonError as exc:
            exc.fields = {**exc.fields, "matches": [p.pk for p in exc.matches]}
            raise
        return self._respond(case, status.HTTP_201_CREATED)

    @extend_schema(
        request=OutplacementUpdateSerializer,
        responses={200: OutplacementSerializer, **error_responses(400, 403, 404)},
        description="Change a case (HR leads, its owner; reassigning it is for HR leads). Fields left "
        "out keep their value; ``target_companies`` and ``new_companies`` together replace the targets.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        case = self.get_object()
        data = OutplacementUpdateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        replace = "target_companies" in values or "new_companies" in values
        services.outplacement_update(
            actor=request.user,
            case=case,
            current_role=values.get("current_role", case.current_role),
            eliminated_on=values.get("eliminated_on", case.eliminated_on),
            target_roles=values.get("target_roles", case.target_roles),
            target_companies=values.get("target_companies", []) if replace else list(case.target_companies.all()),
            new_companies=values.get("new_companies", []),
            owner=values.get("owner", case.owner),
        )
        return self._respond(case)

    @extend_schema(responses={204: None, **error_responses(403, 404)}, description="Delete a case (HR leads).")
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        case = self.get_object()
        services.outplacement_delete(actor=request.user, case=case)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=CloseInputSerializer,
        responses={200: OutplacementSerializer, **error_responses(400, 403, 404)},
        description="Close the case as placed, stayed or closed (a closed case: correct its closing).",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: AuthedRequest, pk: int) -> Response:
        case = self.get_object()
        data = CloseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.outplacement_close(actor=request.user, case=case, **data.validated_data)
        return self._respond(case)

    @extend_schema(
        request=NO_INPUT,
        responses={200: OutplacementSerializer, **error_responses(400, 403, 404, 409)},
        description="Reopen a closed case (an open case is a 409).",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: AuthedRequest, pk: int) -> Response:
        case = self.get_object()
        no_input(request)
        services.outplacement_reopen(actor=request.user, case=case)
        return self._respond(case)

    @extend_schema(
        responses={200: SurfacedAlumnusSerializer(many=True), **error_responses(403, 404)},
        description=f"The alumni you may see who work at the case's target companies: warmest goodwill "
        f"first, then the best-ranked segment; at most {SURFACED_LIMIT}. Audited as a read of the case.",
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def alumni(self, request: AuthedRequest, pk: int) -> Response:
        case = self.get_object()
        services.outplacement_viewed(actor=request.user, case=case, via="api_alumni")
        rows = alumni_at_targets(request.user, case)[:SURFACED_LIMIT]
        return Response(SurfacedAlumnusSerializer(rows, many=True).data)


ROUTES: list[tuple[str, Any, str]] = [("outplacement", OutplacementViewSet, "api-alumni-outplacement")]
