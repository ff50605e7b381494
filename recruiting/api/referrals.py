"""Referrals in the API: a contributor suggests someone (from the directory, or a new person) for
an opening; they enter the pipeline as a candidate with source "employee referral", and the
referrer follows what became of it. HR leads thank the referrer once (``POST {id}/thank/``).
Every write is one recruiting.services.referrals function.

Referrals name people: each list request is audited once ("referrals.api_listed")."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import error_responses
from people.models import Person
from people.services import DuplicatePersonError, PersonData

from .. import services
from ..access import visible_candidates
from ..models import Referral, Step
from ..services.referrals import MSG_THANK_MANAGE, MSG_THANK_NOTE, MSG_WHY_LONG, THANK_NOTE_MAX, WHY_MAX
from .candidates import opening_field, person_field
from .common import RecruitingViewSet, audit_listing, require_manager, schema_only, user_of
from .filters import ReferralFilter

AUDIT_LISTED = "referrals.api_listed"
AUDIT_VIEWED = "referral.api_viewed"


class ReferralSerializer(serializers.ModelSerializer):
    opening = serializers.IntegerField(source="candidate.opening_id", read_only=True)
    opening_title = serializers.CharField(source="candidate.opening.title", read_only=True)
    person = serializers.IntegerField(source="candidate.person_id", read_only=True)
    person_name = serializers.CharField(source="candidate.person.full_name", read_only=True)
    step = serializers.ChoiceField(
        source="candidate.step",
        choices=Step.choices,
        read_only=True,
        help_text="Where the candidate is now.",
    )
    referrer_name = serializers.CharField(source="referrer.full_name", read_only=True, default=None, allow_null=True)
    thanked = serializers.SerializerMethodField(help_text="Whether the referrer was thanked.")

    class Meta:
        model = Referral
        fields = [
            "id",
            "candidate",
            "opening",
            "opening_title",
            "person",
            "person_name",
            "step",
            "referrer",
            "referrer_name",
            "why",
            "thanked",
            "thanked_at",
            "thank_note",
            "created_at",
        ]
        read_only_fields = fields

    def get_thanked(self, referral: Referral) -> bool:
        return referral.thanked_at is not None


class NewPersonSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    email = serializers.EmailField(max_length=254, allow_blank=True, required=False, default="")


class ReferralInputSerializer(serializers.Serializer):
    opening = opening_field(help_text="An emerging or open opening of one of your pilots.")
    why = serializers.CharField(
        max_length=WHY_MAX,
        error_messages={"max_length": MSG_WHY_LONG},
        help_text="In a sentence or two, why they would fit.",
    )
    person = person_field(
        allow_null=True, required=False, default=None, help_text="Someone in the directory; or give new_person."
    )
    new_person = NewPersonSerializer(
        required=False, allow_null=True, default=None, help_text="Someone not in the directory yet."
    )
    confirm_duplicate_name = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Create the new person even though people with the same name exist.",
    )


class ThankInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=THANK_NOTE_MAX,
        allow_blank=True,
        required=False,
        default="",
        error_messages={"max_length": MSG_THANK_NOTE},
        help_text="Sent with the thank-you.",
    )


def _new_person(values: dict[str, Any] | None) -> PersonData | None:
    if values is None:
        return None
    email = values["email"].strip()
    return PersonData(
        first_name=values["first_name"].strip(),
        last_name=values["last_name"].strip(),
        emails=[email] if email else [],
        source=Person.Source.REFERRAL,
    )


@extend_schema_view(
    list=extend_schema(
        responses={200: ReferralSerializer(many=True), **error_responses(400, 403, 404)},
        description="Referrals of the candidates you may see (``mine=true``: the ones you made). "
        "Each list request is audited once.",
    ),
    retrieve=extend_schema(responses={200: ReferralSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["recruiting"])
class ReferralViewSet(RecruitingViewSet):
    """Referrals, newest first, with where each candidate is now."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["created_at", "thanked_at"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Referral]:
        if schema_only(self):
            return Referral.objects.none()
        return (
            Referral.objects.filter(candidate__in=visible_candidates(user_of(self)).values("pk"))
            .select_related("candidate__opening", "candidate__person", "referrer")
            .order_by("-created_at", "-id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_LISTED, response)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        referral = self.get_object()
        person_id = referral.candidate.person_id
        audit_record(actor=user_of(self), verb=AUDIT_VIEWED, target=referral, person_id=person_id)
        return Response(self.get_serializer(referral).data)

    def _respond(self, referral: Referral, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReferralSerializer(self.get_queryset().get(pk=referral.pk)).data, status=code)

    @extend_schema(
        request=ReferralInputSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 403, 409)},
        description="Refer someone for an opening: ``person`` from the directory, or ``new_person``. "
        "Someone already in that opening's pipeline is a 409 (code duplicate_candidate, "
        "``error.fields.candidate``: that candidacy); a new person whose name or email someone has is a 409 "
        "whose ``error.fields.matches`` lists them (resend with ``confirm_duplicate_name`` for a same name).",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = ReferralInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            referral = services.referral_create(
                actor=request.user,
                opening=values["opening"],
                why=values["why"],
                person=values["person"],
                new_person=None if values["person"] is not None else _new_person(values["new_person"]),
                allow_same_name=values["confirm_duplicate_name"],
            )
        except DuplicatePersonError as exc:
            exc.fields = {**exc.fields, "matches": [p.pk for p in exc.matches]}
            raise
        return self._respond(referral, status.HTTP_201_CREATED)

    @extend_schema(
        request=ThankInputSerializer,
        responses={200: ReferralSerializer, **error_responses(400, 403, 404, 409)},
        description="Thank the referrer (HR leads), whatever became of the referral; emailed once. "
        "A referral already thanked is a 409.",
    )
    @action(detail=True, methods=["post"])
    def thank(self, request: AuthedRequest, pk: int) -> Response:
        referral = self.get_object()
        require_manager(request.user, MSG_THANK_MANAGE)
        data = ThankInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.referral_thank(actor=request.user, referral=referral, note=data.validated_data["note"])
        return self._respond(referral)
