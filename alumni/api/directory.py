"""The alumni directory in the API, under /api/v1/alumni/:

- ``alumni/``: the alumni you may see, with the list page's filters and its search (``q``: name,
  company or email, any case and accent), in the same order (segment importance, then name);
  make someone an alumnus (``POST``: a ``person`` from the directory or a ``new_person``), correct
  the record (``PATCH``), remove it (``DELETE``, HR leads; the person stays).
- ``goodwill-changes/``: the dated goodwill history (``?alumnus=``), and a new assessment
  (``POST``; the newest by date becomes the alumnus's goodwill).
- ``group-memberships/``: private-group membership per venue; ``POST`` records it (one row per
  alumnus and venue), ``PATCH`` changes its status.

Who: HR leads and contributors of a pilot (alumni.access.can_work); managers and outsiders get
403, another pilot's alumnus 404. Every write is one alumni.services.directory function. Lists and
reads name alumni: each request is audited once.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import ReadViewSet, VisibleField, error_responses, listing_audit_data
from people.models import Person
from people.search import MAX_SEARCH_LENGTH, validate_search
from people.services import DuplicatePersonError, PersonData
from programs.models import Pilot, Venue
from recruiting.api.common import MAX_ID, audit_listing, given, schema_only, user_of

from ..access import can_work, stage_pilots, visible_alumni, visible_segments, work_pilots
from ..models import AlumniSegment, Alumnus, ExitType, Goodwill, GoodwillChange, GroupMembership, GroupStatus
from ..selectors.directory import AlumniFilters, alumni_directory
from ..services import directory as services

MSG_NO_ACCESS = "Only HR leads and contributors in a pilot work with alumni."
MSG_ALUMNUS = "No such alumnus among those you may see; choose one of /api/v1/alumni/alumni/."
MSG_PILOT = "Choose one of the Stage 2 pilots you work in."
MSG_SEGMENT = "No such segment among those you may see."
MSG_PERSON = "No such person in the directory; choose one of /api/v1/people/."
MSG_VENUE = "No such venue; choose one of /api/v1/venues/."
AUDIT_GOODWILL_LISTED = "goodwill_changes.api_listed"
AUDIT_MEMBERSHIPS_LISTED = "group_memberships.api_listed"


class CanWork(permissions.BasePermission):
    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_work(request.user))


def alumnus_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=Alumnus, visible=visible_alumni, message=MSG_ALUMNUS, **kwargs)


# --- serializers ------------------------------------------------------------------------------


class AlumnusSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    company = serializers.CharField(
        source="person.company.name", read_only=True, default=None, allow_null=True, help_text="Their current company."
    )
    title = serializers.CharField(source="person.title", read_only=True, help_text="Their current title.")
    city = serializers.CharField(source="person.city", read_only=True)
    country = serializers.CharField(source="person.country", read_only=True)
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    segment_name = serializers.CharField(source="segment.name", read_only=True, default=None, allow_null=True)
    segment_rank = serializers.IntegerField(source="segment.rank", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Alumnus
        fields = [
            "id",
            "person",
            "person_name",
            "company",
            "title",
            "city",
            "country",
            "pilot",
            "pilot_name",
            "segment",
            "segment_name",
            "segment_rank",
            "former_department",
            "former_role",
            "started_on",
            "left_on",
            "exit_type",
            "rehire_eligible",
            "goodwill",
            "goodwill_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AlumnusQuerySerializer(serializers.Serializer):
    """The list's filters (the page's)."""

    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_SEARCH_LENGTH,
        validators=[validate_search],
        help_text="Name, company or email: every word must match, any case, with or without accents.",
    )
    pilot = VisibleField(model=Pilot, visible=work_pilots, message=MSG_PILOT, required=False)
    segment = VisibleField(model=AlumniSegment, visible=visible_segments, message=MSG_SEGMENT, required=False)
    exit_type = serializers.ChoiceField(choices=ExitType.choices, required=False)
    goodwill = serializers.ChoiceField(choices=Goodwill.choices, required=False)
    rehire = serializers.ChoiceField(
        choices=[("yes", "Eligible"), ("no", "Not eligible"), ("unknown", "Not decided")], required=False
    )
    country = serializers.CharField(required=False, allow_blank=True, max_length=2)
    left_from = serializers.DateField(required=False, help_text="Left on or after this day.")
    left_to = serializers.DateField(required=False, help_text="Left on or before this day.")


class AlumnusNewPersonSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False, default="")


class AlumnusUpdateSerializer(serializers.Serializer):
    pilot = VisibleField(model=Pilot, visible=stage_pilots, message=MSG_PILOT, help_text="A Stage 2 pilot of yours.")
    former_department = serializers.CharField(max_length=150, allow_blank=True, required=False)
    former_role = serializers.CharField(max_length=200, allow_blank=True, required=False)
    started_on = serializers.DateField(allow_null=True, required=False)
    left_on = serializers.DateField(allow_null=True, required=False)
    exit_type = serializers.ChoiceField(choices=ExitType.choices, required=False)
    rehire_eligible = serializers.BooleanField(allow_null=True, required=False, help_text="null: not decided.")
    segment = VisibleField(
        model=AlumniSegment, visible=visible_segments, message=MSG_SEGMENT, allow_null=True, required=False
    )


class AlumnusInputSerializer(AlumnusUpdateSerializer):
    person = VisibleField(
        model=Person,
        visible=lambda user: Person.objects.not_erased(),
        message=MSG_PERSON,
        allow_null=True,
        required=False,
        default=None,
        help_text="Someone in the directory; or give new_person.",
    )
    new_person = AlumnusNewPersonSerializer(required=False, allow_null=True, default=None)
    confirm_duplicate_name = serializers.BooleanField(required=False, default=False)


class GoodwillChangeSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = GoodwillChange
        fields = ["id", "alumnus", "from_level", "to_level", "on", "note", "by", "by_name", "recorded_at"]
        read_only_fields = fields


class GoodwillInputSerializer(serializers.Serializer):
    alumnus = alumnus_field()
    level = serializers.ChoiceField(
        choices=[c for c in Goodwill.choices if c[0] != Goodwill.UNKNOWN], help_text="How they feel about us."
    )
    on = serializers.DateField(help_text="The day of the assessment (not in the future).")
    note = serializers.CharField(max_length=services.NOTE_MAX, allow_blank=True, required=False, default="")


class GroupMembershipSerializer(serializers.ModelSerializer):
    venue_name = serializers.CharField(source="venue.name", read_only=True)

    class Meta:
        model = GroupMembership
        fields = ["id", "alumnus", "venue", "venue_name", "status", "changed_on", "by"]
        read_only_fields = fields


class GroupMembershipUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=GroupStatus.choices)
    on = serializers.DateField(required=False, allow_null=True, default=None, help_text="Today when left out.")


class GroupMembershipInputSerializer(GroupMembershipUpdateSerializer):
    alumnus = alumnus_field()
    venue = VisibleField(model=Venue, visible=lambda user: Venue.objects.all(), message=MSG_VENUE)


# --- viewsets ---------------------------------------------------------------------------------


def _new_person(values: dict[str, Any] | None) -> PersonData | None:
    if values is None:
        return None
    email = values["email"].strip()
    return PersonData(
        first_name=values["first_name"].strip(),
        last_name=values["last_name"].strip(),
        emails=[email] if email else [],
        source=Person.Source.HRIS,
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[AlumnusQuerySerializer],
        responses={200: AlumnusSerializer(many=True), **error_responses(400, 403, 404)},
        description="The alumni you may see, most important segment first, then by name. Audited once per request.",
    ),
    retrieve=extend_schema(responses={200: AlumnusSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class AlumnusViewSet(ReadViewSet):
    serializer_class = AlumnusSerializer
    permission_classes = [CanWork]
    filter_backends: list[Any] = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Alumnus]:
        if schema_only(self):
            return Alumnus.objects.none()
        return visible_alumni(user_of(self)).order_by("id")

    def _respond(self, alumnus: Alumnus, code: int = status.HTTP_200_OK) -> Response:
        return Response(AlumnusSerializer(self.get_queryset().get(pk=alumnus.pk)).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = AlumnusQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        qs = alumni_directory(user_of(self), AlumniFilters.from_data(dict(query.validated_data)))
        page = self.paginate_queryset(qs)
        rows = AlumnusSerializer(page if page is not None else qs, many=True).data
        response = self.get_paginated_response(rows) if page is not None else Response(rows)
        count = response.data.get("count") if isinstance(response.data, dict) else len(rows)
        services.alumni_listed(actor=user_of(self), data={**listing_audit_data(request, count), "via": "api"})
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        alumnus = self.get_object()
        services.alumnus_viewed(actor=user_of(self), alumnus=alumnus, via="api")
        return Response(AlumnusSerializer(alumnus).data)

    @extend_schema(
        request=AlumnusInputSerializer,
        responses={201: AlumnusSerializer, **error_responses(400, 403, 409)},
        description="Make someone an alumnus: ``person`` from the directory, or ``new_person``. A person who "
        "is an alumnus already is a 409 (code duplicate_alumnus, ``error.fields.alumnus``: that record); a new "
        "person whose name or email someone has is a 409 whose ``error.fields.matches`` lists them.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = AlumnusInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person, new_person = values.pop("person"), values.pop("new_person")
        allow_same_name = values.pop("confirm_duplicate_name")
        try:
            alumnus = services.alumnus_create(
                actor=request.user,
                person=person,
                new_person=None if person is not None else _new_person(new_person),
                allow_same_name=allow_same_name,
                **values,
            )
        except DuplicatePersonError as exc:
            exc.fields = {**exc.fields, "matches": [p.pk for p in exc.matches]}
            raise
        return self._respond(alumnus, status.HTTP_201_CREATED)

    @extend_schema(
        request=AlumnusUpdateSerializer,
        responses={200: AlumnusSerializer, **error_responses(400, 403, 404)},
        description="Correct the record: only the fields sent change.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        alumnus = self.get_object()
        data = AlumnusUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.alumnus_update(actor=request.user, alumnus=alumnus, **dict(data.validated_data))
        return self._respond(alumnus)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Remove the alumnus record (HR leads); the person stays in the directory.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.alumnus_delete(actor=request.user, alumnus=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AlumnusIdQuerySerializer(serializers.Serializer):
    alumnus = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _listed(request: Request, verb: str, response: Response) -> Response:
    """One audit event for a list request that named alumni: the filters and the rows matched."""
    audit_listing(request, verb, response)
    return response


def _by_alumnus(request: Request, qs: QuerySet[Any]) -> QuerySet[Any]:
    query = AlumnusIdQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    if (pk := query.validated_data.get("alumnus")) is not None:
        qs = qs.filter(alumnus_id=pk)
    return qs


@extend_schema_view(
    list=extend_schema(
        parameters=[AlumnusIdQuerySerializer],
        responses={200: GoodwillChangeSerializer(many=True), **error_responses(400, 403, 404)},
        description="Goodwill assessments of the alumni you may see, newest first. Audited once per request.",
    ),
)
@extend_schema(tags=["alumni"])
class GoodwillChangeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = GoodwillChangeSerializer
    permission_classes = [CanWork]
    filter_backends: list[Any] = []
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[GoodwillChange]:
        if schema_only(self):
            return GoodwillChange.objects.none()
        visible = visible_alumni(user_of(self)).values("pk")
        return GoodwillChange.objects.filter(alumnus__in=visible).select_related("by").order_by("-on", "-id")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return _by_alumnus(self.request, queryset)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _listed(request, AUDIT_GOODWILL_LISTED, super().list(request, *args, **kwargs))

    @extend_schema(
        request=GoodwillInputSerializer,
        responses={201: GoodwillChangeSerializer, **error_responses(400, 403)},
        description="Record an assessment. The newest by date becomes the alumnus's goodwill; a back-dated one "
        "is history only.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = GoodwillInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        change = services.goodwill_record(actor=request.user, **dict(data.validated_data))
        return Response(GoodwillChangeSerializer(change).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[AlumnusIdQuerySerializer],
        responses={200: GroupMembershipSerializer(many=True), **error_responses(400, 403, 404)},
        description="Private-group memberships of the alumni you may see. Audited once per request.",
    ),
)
@extend_schema(tags=["alumni"])
class GroupMembershipViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = GroupMembershipSerializer
    permission_classes = [CanWork]
    filter_backends: list[Any] = []
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[GroupMembership]:
        if schema_only(self):
            return GroupMembership.objects.none()
        visible = visible_alumni(user_of(self)).values("pk")
        return (
            GroupMembership.objects.filter(alumnus__in=visible)
            .select_related("venue", "alumnus")
            .order_by("alumnus_id", "venue__name")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action == "list":
            return _by_alumnus(self.request, queryset)
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _listed(request, AUDIT_MEMBERSHIPS_LISTED, super().list(request, *args, **kwargs))

    @extend_schema(
        request=GroupMembershipInputSerializer,
        responses={201: GroupMembershipSerializer, **error_responses(400, 403)},
        description="Record the alumnus's membership of the private group on a venue (one per alumnus and venue: "
        "recording it again changes its status).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = GroupMembershipInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        membership = services.group_membership_set(actor=request.user, **dict(data.validated_data))
        return Response(GroupMembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=GroupMembershipUpdateSerializer,
        responses={200: GroupMembershipSerializer, **error_responses(400, 403, 404)},
        description="Change the membership's status (invited, joined, declined, left).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        membership = self.get_object()
        data = GroupMembershipUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = given(dict(data.validated_data), ["status", "on"])
        updated = services.group_membership_set(
            actor=request.user, alumnus=membership.alumnus, venue=membership.venue, **values
        )
        return Response(GroupMembershipSerializer(updated).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("alumni", AlumnusViewSet, "api-alumni-alumnus"),
    ("goodwill-changes", GoodwillChangeViewSet, "api-alumni-goodwill-change"),
    ("group-memberships", GroupMembershipViewSet, "api-alumni-group-membership"),
]
