"""API for the program spine: sponsors, pilots (members, goals), policies, playbook steps, venues.

Reads are generic list/retrieve views over the querysets of ``programs.access``; every write
validates an input serializer, calls one ``programs.services`` function and answers with the
output serializer. Object writes look the object up through the access helpers first, so a pilot
the user cannot see is a 404 and one they can see but may not change is a 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import HasRole, IsHRLead, IsHRLeadOrReadOnly
from accounts.api import AuthedRequest
from accounts.models import Role, User
from core.api import ReadViewSet, error_responses, merged

from . import services
from .access import get_pilot_for_user, get_pilot_step_for_user, get_policy_for_user, visible_pilots
from .filters import PilotFilter, PilotStepFilter, PolicyFilter
from .models import (
    Membership,
    Pilot,
    PilotGoal,
    PilotStep,
    PolicyAcknowledgement,
    SharingPolicy,
    SponsorOrganization,
    Stage,
    Venue,
)


def _fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def _user(view: Any) -> User:
    """The requesting user; the access helpers treat an anonymous one as seeing nothing."""
    return cast(User, view.request.user)


# --- Sponsors ---------------------------------------------------------------------------------


class SponsorSerializer(serializers.ModelSerializer):
    managers: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SponsorOrganization
        fields = ["id", "name", "description", "managers", "created_at"]


class SponsorInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(allow_blank=True, required=False, default="")
    managers = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=User.objects.filter(role=Role.MANAGER, is_active=True)
    )


@extend_schema_view(
    list=extend_schema(responses={200: SponsorSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SponsorSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["sponsors"])
class SponsorViewSet(ReadViewSet):
    """Sponsor organizations: HR leads see all; others see those of their pilots or that they manage."""

    serializer_class = SponsorSerializer
    permission_classes = [IsHRLeadOrReadOnly]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    search_fields = ["name"]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self) -> QuerySet[SponsorOrganization]:
        qs = SponsorOrganization.objects.prefetch_related("managers")
        user = _user(self)
        if _fake(self) or not user.is_authenticated:
            return qs.none()
        if user.is_hr_lead:
            return qs
        return qs.filter(Q(pk__in=visible_pilots(user).values("sponsor_id")) | Q(managers=user)).distinct()

    @extend_schema(request=SponsorInputSerializer, responses={201: SponsorSerializer, **error_responses(400, 403, 409)})
    def create(self, request: AuthedRequest) -> Response:
        data = SponsorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sponsor = services.sponsor_create(actor=request.user, **data.validated_data)
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SponsorInputSerializer, responses={200: SponsorSerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        sponsor = self.get_object()
        data = SponsorInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, sponsor, ["name", "description"])
        services.sponsor_update(
            actor=request.user, sponsor=sponsor, managers=data.validated_data.get("managers"), **values
        )
        return Response(SponsorSerializer(self.get_queryset().get(pk=sponsor.pk)).data)

    @extend_schema(
        request=SponsorInputSerializer, responses={200: SponsorSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        sponsor = self.get_object()
        services.sponsor_delete(actor=request.user, sponsor=sponsor)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Pilots -----------------------------------------------------------------------------------


class PilotSerializer(serializers.ModelSerializer):
    sponsor_name = serializers.CharField(source="sponsor.name", read_only=True)
    stage_label = serializers.CharField(read_only=True)
    allowed_transitions = serializers.ListField(
        child=serializers.ChoiceField(choices=Pilot.Status.choices),
        read_only=True,
        help_text="Statuses this pilot may move to next.",
    )

    class Meta:
        model = Pilot
        fields = [
            "id",
            "name",
            "stage",
            "stage_label",
            "sponsor",
            "sponsor_name",
            "description",
            "status",
            "allowed_transitions",
            "start_date",
            "end_date",
            "scaled_from",
            "created_at",
        ]


class PilotCreateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    stage = serializers.ChoiceField(choices=Stage.choices)
    sponsor = serializers.PrimaryKeyRelatedField(queryset=SponsorOrganization.objects.all())
    description = serializers.CharField(allow_blank=True, required=False, default="")
    start_date = serializers.DateField(allow_null=True, required=False, default=None)
    end_date = serializers.DateField(allow_null=True, required=False, default=None)


class PilotUpdateInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    description = serializers.CharField(allow_blank=True, required=False)
    start_date = serializers.DateField(allow_null=True, required=False)
    end_date = serializers.DateField(allow_null=True, required=False)


class PilotTransitionInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Pilot.Status.choices)


class PilotScaleInputSerializer(serializers.Serializer):
    sponsor = serializers.PrimaryKeyRelatedField(
        queryset=SponsorOrganization.objects.all(), help_text="The sponsor the new pilot serves."
    )
    name = serializers.CharField(max_length=150)


@extend_schema_view(
    list=extend_schema(responses={200: PilotSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PilotSerializer, **error_responses(404)}),
)
@extend_schema(tags=["pilots"])
class PilotViewSet(ReadViewSet):
    """Pilots the user may see: HR leads all, managers their sponsors', contributors their own."""

    serializer_class = PilotSerializer
    filterset_class = PilotFilter
    search_fields = ["name"]
    ordering_fields = ["name", "stage", "status", "start_date", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "create":
            return [IsHRLead()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Pilot]:
        if _fake(self):
            return Pilot.objects.none()
        return visible_pilots(_user(self))

    def _respond(self, pilot: Pilot, code: int = status.HTTP_200_OK) -> Response:
        return Response(PilotSerializer(self.get_queryset().get(pk=pilot.pk)).data, status=code)

    @extend_schema(
        request=PilotCreateInputSerializer, responses={201: PilotSerializer, **error_responses(400, 403, 409)}
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PilotCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pilot = services.pilot_create(actor=request.user, **data.validated_data)
        return self._respond(pilot, status.HTTP_201_CREATED)

    @extend_schema(
        request=PilotUpdateInputSerializer, responses={200: PilotSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, pilot, ["name", "description", "start_date", "end_date"])
        services.pilot_update(actor=request.user, pilot=pilot, **values)
        return self._respond(pilot)

    @extend_schema(
        request=PilotTransitionInputSerializer,
        responses={200: PilotSerializer, **error_responses(400, 403, 404, 409)},
        description=(
            "Move the pilot to another status. A Stage 2 pilot cannot become active without an "
            'approved sharing policy (400 with code "policy_required").'
        ),
    )
    @action(detail=True, methods=["post"])
    def transition(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotTransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_transition(actor=request.user, pilot=pilot, status=data.validated_data["status"])
        return self._respond(pilot)

    @extend_schema(
        request=PilotScaleInputSerializer,
        responses={201: PilotSerializer, **error_responses(400, 403, 404, 409)},
        description="Start a new pilot for another sponsor with this pilot's setup; answers with the new pilot.",
    )
    @action(detail=True, methods=["post"])
    def scale(self, request: AuthedRequest, pk: int) -> Response:
        pilot = get_pilot_for_user(request.user, pk, write=True)
        data = PilotScaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.pilot_scale(actor=request.user, pilot=pilot, **data.validated_data)
        return self._respond(new, status.HTTP_201_CREATED)


# --- Members ----------------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    user_email = serializers.EmailField(source="user.email", read_only=True)
    user_full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "pilot", "user", "user_email", "user_full_name", "role", "joined_at"]


class MembershipInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.CONTRIBUTOR)


class PilotChildViewSet(viewsets.GenericViewSet):
    """Views under /pilots/{pilot_pk}/: the pilot is looked up through the access helper."""

    filter_backends: Sequence[Any] = []

    def get_pilot(self, *, write: bool = False) -> Pilot:
        return get_pilot_for_user(_user(self), self.kwargs["pilot_pk"], write=write)


@extend_schema(tags=["pilots"])
class MembershipViewSet(mixins.ListModelMixin, PilotChildViewSet):
    """The members of one pilot (champions and contributors)."""

    serializer_class = MembershipSerializer

    def get_queryset(self) -> QuerySet[Membership]:
        if _fake(self):
            return Membership.objects.none()
        return Membership.objects.filter(pilot=self.get_pilot()).select_related("user")

    @extend_schema(responses={200: MembershipSerializer(many=True), **error_responses(404)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=MembershipInputSerializer,
        responses={201: MembershipSerializer, **error_responses(400, 403, 404, 409)},
        description="Add a user to the pilot (HR leads). Adding someone who is already a member is a 409.",
    )
    def create(self, request: AuthedRequest, pilot_pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        data = MembershipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_add(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        membership = get_object_or_404(Membership.objects.filter(pilot=pilot).select_related("pilot"), pk=pk)
        services.membership_remove(actor=request.user, membership=membership)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Goals ------------------------------------------------------------------------------------


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = PilotGoal
        fields = ["id", "pilot", "name", "target", "unit", "due_date"]


class GoalInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    due_date = serializers.DateField(allow_null=True, required=False, default=None)


@extend_schema(tags=["pilots"])
class GoalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PilotChildViewSet):
    """The goals of one pilot, each with a target number."""

    serializer_class = GoalSerializer

    def get_queryset(self) -> QuerySet[PilotGoal]:
        if _fake(self):
            return PilotGoal.objects.none()
        return PilotGoal.objects.filter(pilot=self.get_pilot())

    def _goal_for_write(self, pk: int) -> PilotGoal:
        pilot = self.get_pilot(write=True)
        return get_object_or_404(PilotGoal.objects.filter(pilot=pilot).select_related("pilot"), pk=pk)

    @extend_schema(responses={200: GoalSerializer(many=True), **error_responses(404)})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: GoalSerializer, **error_responses(404)})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=GoalInputSerializer, responses={201: GoalSerializer, **error_responses(400, 403, 404)})
    def create(self, request: AuthedRequest, pilot_pk: int) -> Response:
        pilot = self.get_pilot(write=True)
        data = GoalInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.goal_save(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalInputSerializer, responses={200: GoalSerializer, **error_responses(400, 403, 404)})
    def partial_update(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        data = GoalInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, goal, ["name", "target", "unit", "due_date"])
        goal = services.goal_save(actor=request.user, pilot=goal.pilot, goal=goal, **values)
        return Response(GoalSerializer(goal).data)

    @extend_schema(responses={204: None, **error_responses(403, 404)})
    def destroy(self, request: AuthedRequest, pilot_pk: int, pk: int) -> Response:
        goal = self._goal_for_write(pk)
        services.goal_delete(actor=request.user, goal=goal)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Sharing policies -------------------------------------------------------------------------


class PolicySerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    acknowledged_by_me = serializers.BooleanField(
        read_only=True, help_text="Whether the requesting user has acknowledged this version."
    )

    class Meta:
        model = SharingPolicy
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "version",
            "status",
            "may_share",
            "may_not_share",
            "created_by",
            "created_at",
            "approved_by",
            "approved_at",
            "acknowledged_by_me",
        ]


class PolicyCreateInputSerializer(serializers.Serializer):
    pilot = serializers.PrimaryKeyRelatedField(queryset=Pilot.objects.all())
    may_share = serializers.CharField()
    may_not_share = serializers.CharField()


class PolicyUpdateInputSerializer(serializers.Serializer):
    may_share = serializers.CharField(required=False)
    may_not_share = serializers.CharField(required=False)


class AcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyAcknowledgement
        fields = ["id", "policy", "user", "acknowledged_at"]


@extend_schema_view(
    list=extend_schema(responses={200: PolicySerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PolicySerializer, **error_responses(404)}),
)
@extend_schema(tags=["policies"])
class PolicyViewSet(ReadViewSet):
    """Sharing policies (every version) of the pilots the user may see."""

    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    ordering_fields = ["version", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action == "create":
            return [IsHRLead()]
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[SharingPolicy]:
        if _fake(self):
            return SharingPolicy.objects.none()
        user = _user(self)
        acknowledged = PolicyAcknowledgement.objects.filter(policy=OuterRef("pk"), user=user)
        return (
            SharingPolicy.objects.filter(pilot__in=visible_pilots(user))
            .select_related("pilot")
            .annotate(acknowledged_by_me=Exists(acknowledged))
        )

    def _respond(self, policy: SharingPolicy, code: int = status.HTTP_200_OK) -> Response:
        return Response(PolicySerializer(self.get_queryset().get(pk=policy.pk)).data, status=code)

    @extend_schema(
        request=PolicyCreateInputSerializer,
        responses={201: PolicySerializer, **error_responses(400, 403)},
        description="Write a new draft version of a pilot's policy (HR leads).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = PolicyCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        policy = services.policy_draft_save(actor=request.user, **data.validated_data)
        return self._respond(policy, status.HTTP_201_CREATED)

    @extend_schema(
        request=PolicyUpdateInputSerializer,
        responses={200: PolicySerializer, **error_responses(400, 403, 404)},
        description="Edit a draft (HR leads). Approved and superseded versions cannot change.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        data = PolicyUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, policy, ["may_share", "may_not_share"])
        services.policy_draft_save(actor=request.user, pilot=policy.pilot, policy=policy, **values)
        return self._respond(policy)

    @extend_schema(
        request=None,
        responses={200: PolicySerializer, **error_responses(400, 403, 404)},
        description="Make this draft the pilot's current policy (HR leads); the previous one is superseded.",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        services.policy_approve(actor=request.user, policy=policy)
        return self._respond(policy)

    @extend_schema(
        request=None,
        responses={200: AcknowledgementSerializer, **error_responses(400, 403, 404)},
        description="Record that you (a member of the pilot) have read its current policy. Repeating it is harmless.",
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: AuthedRequest, pk: int) -> Response:
        policy = get_policy_for_user(request.user, pk)
        ack = services.policy_acknowledge(user=request.user, policy=policy)
        return Response(AcknowledgementSerializer(ack).data)


# --- Playbook checklist -----------------------------------------------------------------------


class PilotStepSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    key = serializers.CharField(source="step.key", read_only=True)
    stage = serializers.IntegerField(source="step.stage", read_only=True)
    kind = serializers.CharField(source="step.kind", read_only=True)
    order = serializers.IntegerField(source="step.order", read_only=True)
    title = serializers.CharField(source="step.title", read_only=True)
    guidance = serializers.CharField(source="step.guidance", read_only=True)
    done = serializers.BooleanField(read_only=True)

    class Meta:
        model = PilotStep
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "key",
            "stage",
            "kind",
            "order",
            "title",
            "guidance",
            "owner",
            "due_date",
            "done",
            "done_at",
            "done_by",
            "note",
        ]


class PilotStepInputSerializer(serializers.Serializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
    )
    due_date = serializers.DateField(allow_null=True, required=False)
    done = serializers.BooleanField(required=False)
    note = serializers.CharField(allow_blank=True, required=False)


@extend_schema_view(
    list=extend_schema(responses={200: PilotStepSerializer(many=True), **error_responses(400, 404)}),
    retrieve=extend_schema(responses={200: PilotStepSerializer, **error_responses(404)}),
)
@extend_schema(tags=["playbook"])
class PilotStepViewSet(ReadViewSet):
    """The playbook checklists of the pilots the user may see."""

    serializer_class = PilotStepSerializer
    filterset_class = PilotStepFilter
    ordering_fields = ["due_date", "done_at"]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PilotStep]:
        if _fake(self):
            return PilotStep.objects.none()
        return PilotStep.objects.filter(pilot__in=visible_pilots(_user(self))).select_related("pilot", "step")

    @extend_schema(
        request=PilotStepInputSerializer,
        responses={200: PilotStepSerializer, **error_responses(400, 403, 404)},
        description="Update one step (HR leads and the pilot's members).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        step = get_pilot_step_for_user(request.user, pk)
        data = PilotStepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, step, ["owner", "due_date", "done", "note"])
        services.pilot_step_update(actor=request.user, pilot_step=step, **values)
        return Response(PilotStepSerializer(self.get_queryset().get(pk=step.pk)).data)


# --- Venues -----------------------------------------------------------------------------------


class VenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name", "kind", "visibility", "url", "description", "created_at"]


class VenueInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    kind = serializers.ChoiceField(choices=Venue.Kind.choices)
    visibility = serializers.ChoiceField(choices=Venue.Visibility.choices, default=Venue.Visibility.PUBLIC)
    url = serializers.URLField(allow_blank=True, required=False, default="")
    description = serializers.CharField(allow_blank=True, required=False, default="")


@extend_schema_view(
    list=extend_schema(responses={200: VenueSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: VenueSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["venues"])
class VenueViewSet(ReadViewSet):
    """Social venues: HR leads and contributors read them; HR leads change them."""

    serializer_class = VenueSerializer
    queryset = Venue.objects.all()
    search_fields = ["name"]
    filterset_fields = ["kind", "visibility"]
    ordering_fields = ["name", "created_at"]

    def get_permissions(self) -> Sequence[Any]:
        if self.action in ("list", "retrieve"):
            return [HasRole.of(Role.HR_LEAD, Role.CONTRIBUTOR)()]
        return [IsHRLead()]

    @extend_schema(request=VenueInputSerializer, responses={201: VenueSerializer, **error_responses(400, 403, 409)})
    def create(self, request: AuthedRequest) -> Response:
        data = VenueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        venue = services.venue_save(actor=request.user, **data.validated_data)
        return Response(VenueSerializer(venue).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=VenueInputSerializer, responses={200: VenueSerializer, **error_responses(400, 403, 404, 409)}
    )
    def update(self, request: AuthedRequest, pk: int, partial: bool = False) -> Response:
        venue = self.get_object()
        data = VenueInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = merged(data.validated_data, venue, ["name", "kind", "visibility", "url", "description"])
        venue = services.venue_save(actor=request.user, venue=venue, **values)
        return Response(VenueSerializer(venue).data)

    @extend_schema(
        request=VenueInputSerializer, responses={200: VenueSerializer, **error_responses(400, 403, 404, 409)}
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        return self.update(request, pk, partial=True)

    @extend_schema(responses={204: None, **error_responses(403, 404, 409)})
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        venue = self.get_object()
        services.venue_delete(actor=request.user, venue=venue)
        return Response(status=status.HTTP_204_NO_CONTENT)
