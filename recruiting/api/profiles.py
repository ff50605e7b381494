"""Candidate profiles in the API: the ranked kinds of people each pilot's sponsor wants. The
pilot's contributors read them; HR leads add, change and delete them (recruiting.services.profiles)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.api import AuthedRequest
from core.api import VisibleField, error_responses
from listening.models import KeywordFamily, Search
from programs.models import Pilot

from .. import services
from ..access import work_pilots
from ..models import CandidateProfile
from ..selectors.openings import visible_profiles
from ..services.profiles import MAX_PRIORITY, MSG_MANAGE, MSG_PRIORITY
from .common import RecruitingViewSet, given, require_manager, schema_only, user_of
from .filters import ProfileFilter

MSG_PILOT = "Choose one of your pilots."
MSG_FAMILY = "No such keyword family; choose one of /api/v1/keyword-families/."
MSG_SEARCH = "No such search; choose one of /api/v1/searches/."
MAX_LINKS = 50


def pilot_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=Pilot, visible=work_pilots, message=MSG_PILOT, **kwargs)


def _links(model: type[Any], message: str, help_text: str) -> serializers.ListField:
    child = VisibleField(model=model, visible=lambda user: model._default_manager.all(), message=message)
    return serializers.ListField(child=child, max_length=MAX_LINKS, required=False, default=list, help_text=help_text)


class ProfileSerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    families: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    searches: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    opening_count = serializers.IntegerField(read_only=True, help_text="Openings of this profile.")

    class Meta:
        model = CandidateProfile
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "name",
            "description",
            "priority",
            "families",
            "searches",
            "opening_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProfileUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    priority = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PRIORITY,
        default=1,
        help_text="1 is the highest; profiles of the same priority are listed by name.",
        error_messages={"min_value": MSG_PRIORITY, "max_value": MSG_PRIORITY, "invalid": MSG_PRIORITY},
    )
    families = _links(KeywordFamily, MSG_FAMILY, "Keyword families of the pilot or of the whole program.")
    searches = _links(Search, MSG_SEARCH, "Searches of the pilot or of the whole program: how to find them.")


class ProfileInputSerializer(ProfileUpdateSerializer):
    pilot = pilot_field(help_text="The pilot whose sponsor wants these people (cannot change later).")


PROFILE_FIELDS = ["name", "description", "priority", "families", "searches"]


@extend_schema_view(
    list=extend_schema(responses={200: ProfileSerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: ProfileSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class ProfileViewSet(RecruitingViewSet):
    """Candidate profiles of the pilots you work in, ranked within each pilot (priority, then name)."""

    serializer_class = ProfileSerializer
    filterset_class = ProfileFilter
    search_fields = ["name", "description"]
    ordering_fields = ["priority", "name", "created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[CandidateProfile]:
        if schema_only(self):
            return CandidateProfile.objects.none()
        return visible_profiles(user_of(self))

    def _respond(self, profile: CandidateProfile, code: int = status.HTTP_200_OK) -> Response:
        return Response(ProfileSerializer(self.get_queryset().get(pk=profile.pk)).data, status=code)

    @extend_schema(
        request=ProfileInputSerializer,
        responses={201: ProfileSerializer, **error_responses(400, 403, 409)},
        description="Add a profile (HR leads). A name the pilot already has is a 409.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, MSG_MANAGE)
        data = ProfileInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        profile = services.profile_create(actor=request.user, **data.validated_data)
        return self._respond(profile, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, **error_responses(400, 403, 404, 409)},
        description="Correct a profile (HR leads); the fields left out keep their values. "
        "``families`` and ``searches``, when sent, replace the lists.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        profile = self.get_object()
        require_manager(request.user, MSG_MANAGE)
        data = ProfileUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        services.profile_update(actor=request.user, profile=profile, **given(data.validated_data, PROFILE_FIELDS))
        return self._respond(profile)

    @extend_schema(
        responses={204: None, **error_responses(403, 404)},
        description="Delete a profile (HR leads); its openings stay, without a profile.",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        profile = self.get_object()
        require_manager(request.user, MSG_MANAGE)
        services.profile_delete(actor=request.user, profile=profile)
        return Response(status=status.HTTP_204_NO_CONTENT)
