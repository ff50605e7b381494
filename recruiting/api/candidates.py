"""Candidates in the API: the people in the pipelines of the pilots you work in. Add one
(``POST``), move them (``POST {id}/move/``; the rules are recruiting.pipeline), hire one at
"Offer" (``POST {id}/hire/``: the hire lands on the ledger with the reference "candidate:<id>"),
correct the note or source, delete one added by mistake. Every write is one
recruiting.services.candidates function, so the refusals read as on the pages.

Candidates name people: every list request is audited once ("candidates.api_listed", with the
filters and the row count; about the person when ``?person=`` is given), and reading one is
audited ("candidate.api_viewed", about its person)."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import VisibleField, error_responses
from listening.access import visible_conversations
from listening.models import Conversation
from metrics import services as metrics_services
from metrics.api.common import MONEY_LIMIT, MSG_TOO_LARGE, MSG_UNKNOWN_PERSON, money_field
from metrics.api.hires import HireWrittenSerializer
from metrics.models import Hire, HireSource
from people.models import Person

from .. import services
from ..access import visible_candidates, visible_openings, visible_posts
from ..models import Candidate, CandidateMove, CandidateSource, JobOpening, SharedPost, Step
from ..pipeline import ACTIVE
from ..selectors.pipeline import card
from ..services.candidates import MSG_NOTE, NOTE_MAX
from .common import RecruitingViewSet, audit_listing, given, schema_only, user_of
from .filters import CandidateFilter

AUDIT_LISTED = "candidates.api_listed"
AUDIT_VIEWED = "candidate.api_viewed"
MSG_OPENING = "Choose an opening of one of your pilots."
MSG_CONVERSATION = "No such conversation among those you may see; choose one of /api/v1/conversations/."
MSG_POST = "No such shared post among those you may see; choose one of /api/v1/recruiting/posts/."


def person_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=Person, visible=lambda user: Person.objects.all(), message=MSG_UNKNOWN_PERSON, **kwargs)


def opening_field(**kwargs: Any) -> VisibleField:
    return VisibleField(model=JobOpening, visible=visible_openings, message=MSG_OPENING, **kwargs)


def note_field(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(
        max_length=NOTE_MAX, allow_blank=True, required=False, error_messages={"max_length": MSG_NOTE}, **kwargs
    )


class CandidateSerializer(serializers.ModelSerializer):
    opening_title = serializers.CharField(source="opening.title", read_only=True)
    pilot = serializers.IntegerField(source="opening.pilot_id", read_only=True)
    pilot_name = serializers.CharField(source="opening.pilot.name", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    referral = serializers.SerializerMethodField(help_text="The referral that brought them, if any (its id).")

    class Meta:
        model = Candidate
        fields = [
            "id",
            "opening",
            "opening_title",
            "pilot",
            "pilot_name",
            "person",
            "person_name",
            "step",
            "step_changed_at",
            "source",
            "conversation",
            "shared_post",
            "referred_by_person",
            "referral",
            "hire",
            "note",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_referral(self, candidate: Candidate) -> int | None:
        referral = getattr(candidate, "referral", None)
        return referral.pk if referral is not None else None


class MoveSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by.full_name", read_only=True, default=None, allow_null=True)
    from_step = serializers.ChoiceField(
        choices=[("", "Entered the pipeline"), *Step.choices],
        read_only=True,
        help_text="Empty on the first move: where they entered.",
    )

    class Meta:
        model = CandidateMove
        fields = ["id", "from_step", "to_step", "at", "by", "by_name", "note"]
        read_only_fields = fields


class CandidateDetailSerializer(CandidateSerializer):
    moves = MoveSerializer(many=True, read_only=True, help_text="Every dated step, the first where they entered.")
    next_steps = serializers.SerializerMethodField(help_text="The steps the pipeline rules allow from here.")

    class Meta(CandidateSerializer.Meta):
        fields = [*CandidateSerializer.Meta.fields, "next_steps", "moves"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=Step.choices)))
    def get_next_steps(self, candidate: Candidate) -> list[str]:
        return [step for step, _ in card(candidate).moves]


class CandidateUpdateSerializer(serializers.Serializer):
    # The metaclass moves declared fields off the class, so this does not shadow Field.source.
    source = serializers.ChoiceField(choices=CandidateSource.choices)  # type: ignore[assignment]
    note = note_field()


class CandidateInputSerializer(CandidateUpdateSerializer):
    opening = opening_field(help_text="An emerging or open opening of one of your pilots.")
    person = person_field(help_text="The person, from the directory (/api/v1/people/).")
    note = note_field(default="")
    step = serializers.ChoiceField(
        choices=[(s, Step(s).label) for s in ACTIVE], default=Step.FOUND, help_text="Where they enter the pipeline."
    )
    conversation = VisibleField(
        model=Conversation,
        visible=visible_conversations,
        message=MSG_CONVERSATION,
        allow_null=True,
        required=False,
        default=None,
        help_text="The listening conversation they were found in.",
    )
    shared_post = VisibleField(
        model=SharedPost,
        visible=visible_posts,
        message=MSG_POST,
        allow_null=True,
        required=False,
        default=None,
        help_text="The shared post they responded to.",
    )
    referred_by_person = person_field(
        allow_null=True, required=False, default=None, help_text="The alumnus who recommended them."
    )


class MoveInputSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices, help_text="The step to move to; see next_steps.")
    note = note_field(default="")


class CandidateHireInputSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The hire date; not before the first contact.")
    # The metaclass moves declared fields off the class, so this does not shadow Field.source.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=HireSource.choices, required=False, help_text="Defaults to the channel of the candidate's source."
    )
    first_contact_date = serializers.DateField(required=False, help_text="Defaults to the candidate's first step.")
    opening_title = serializers.CharField(max_length=200, required=False, help_text="Defaults to the opening's title.")
    cost_travel = money_field(default=Decimal("0"))
    cost_recruiter_fee = money_field(default=Decimal("0"))
    cost_job_ads = money_field(default=Decimal("0"))
    cost_video_tooling = money_field(default=Decimal("0"))
    staff_hours = money_field(max_digits=8, default=Decimal("0"))
    staff_hour_rate = money_field(max_digits=8, default=Decimal("0"))
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The total must fit the ledger's column (as the hires API checks)."""
        total = sum((attrs[name] for name in metrics_services.HIRE_COSTS[:4]), Decimal("0"))
        if total + attrs["staff_hours"] * attrs["staff_hour_rate"] >= MONEY_LIMIT:
            raise serializers.ValidationError({"total_cost": [MSG_TOO_LARGE]})
        return attrs


class HiredSerializer(serializers.Serializer):
    candidate = CandidateDetailSerializer()
    hire = HireWrittenSerializer(help_text="The hire as recorded on the ledger, with its warnings.")


def _candidates(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return queryset.select_related("opening__pilot", "person", "referral")


@extend_schema_view(
    list=extend_schema(
        responses={200: CandidateSerializer(many=True), **error_responses(400, 403, 404)},
        description="Each list request is audited once (who, the filters, how many rows): candidates are people. "
        "With ``person``, the event is about that person.",
    ),
    retrieve=extend_schema(
        responses={200: CandidateDetailSerializer, **error_responses(403, 404)},
        description="A candidate with every dated move and the steps allowed next. Audited (about the person).",
    ),
)
@extend_schema(tags=["recruiting"])
class CandidateViewSet(RecruitingViewSet):
    """Candidates of the pilots you work in, the latest moved first."""

    serializer_class = CandidateSerializer
    filterset_class = CandidateFilter
    ordering_fields = ["step_changed_at", "created_at"]

    def get_queryset(self) -> QuerySet[Candidate]:
        if schema_only(self):
            return Candidate.objects.none()
        return _candidates(visible_candidates(user_of(self))).order_by("-step_changed_at", "-id")

    def _detail(self, pk: int) -> Candidate:
        moves = CandidateMove.objects.select_related("by").order_by("at", "id")
        return self.get_queryset().prefetch_related(Prefetch("moves", queryset=moves)).get(pk=pk)

    def _respond(self, candidate: Candidate, code: int = status.HTTP_200_OK) -> Response:
        return Response(CandidateDetailSerializer(self._detail(candidate.pk)).data, status=code)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_listing(request, AUDIT_LISTED, response, person_param="person")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        candidate = self._detail(self.get_object().pk)
        audit_record(actor=user_of(self), verb=AUDIT_VIEWED, target=candidate, person_id=candidate.person_id)
        return Response(CandidateDetailSerializer(candidate).data)

    @extend_schema(
        request=CandidateInputSerializer,
        responses={201: CandidateDetailSerializer, **error_responses(400, 403, 409)},
        description="Put a person in an opening's pipeline. A person already there is a 409 (code "
        "duplicate_candidate) whose ``error.fields.candidate`` holds that candidacy's id; a filled or closed "
        "opening is a 400.",
    )
    def create(self, request: AuthedRequest) -> Response:
        data = CandidateInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        candidate = services.candidate_add(actor=request.user, **data.validated_data)
        return self._respond(candidate, status.HTTP_201_CREATED)

    @extend_schema(
        request=CandidateUpdateSerializer,
        responses={200: CandidateDetailSerializer, **error_responses(400, 403, 404)},
        description="Correct the note or where the candidate came from.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        candidate = self.get_object()
        data = CandidateUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = given(data.validated_data, ["note", "source"])
        services.candidate_update(actor=request.user, candidate=candidate, **values)
        return self._respond(candidate)

    @extend_schema(
        request=MoveInputSerializer,
        responses={200: CandidateDetailSerializer, **error_responses(400, 403, 404, 409)},
        description="Move the candidate to another step. A move the pipeline rules forbid is a 400 (code "
        "pipeline_move) saying which are allowed; \u201chired\u201d goes through ``hire``; someone moving them at "
        "the same moment is a 409.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request: AuthedRequest, pk: int) -> Response:
        candidate = self.get_object()
        data = MoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.candidate_move(actor=request.user, candidate=candidate, to=values["step"], note=values["note"])
        return self._respond(candidate)

    @extend_schema(
        request=CandidateHireInputSerializer,
        responses={201: HiredSerializer, **error_responses(400, 403, 404, 409)},
        description="Hire a candidate at \u201cOffer\u201d: records the hire on the ledger (person, pilot, "
        "sponsor and opening title from the candidacy; reference_id \u201ccandidate:<id>\u201d) and moves them to "
        "\u201cHired\u201d, both or neither. A candidate at another step is a 400; one already hired a 409.",
    )
    @action(detail=True, methods=["post"])
    def hire(self, request: AuthedRequest, pk: int) -> Response:
        candidate = self.get_object()
        data = CandidateHireInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hire = services.candidate_hire(actor=request.user, candidate=candidate, **data.validated_data)
        row = Hire.objects.select_related("person", "sponsor", "pilot").get(pk=hire.pk)
        row.warnings = [asdict(w) for w in metrics_services.hire_warnings(row)]  # type: ignore[attr-defined]
        body = {
            "candidate": CandidateDetailSerializer(self._detail(candidate.pk)).data,
            "hire": HireWrittenSerializer(row).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={204: None, **error_responses(400, 403, 404)},
        description="Delete a candidate added by mistake, with their moves and referral. A hired candidate "
        "is kept with their hire (400).",
    )
    def destroy(self, request: AuthedRequest, pk: int) -> Response:
        services.candidate_delete(actor=request.user, candidate=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
