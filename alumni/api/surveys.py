"""Surveys in the API: "how would you like us to help?".

- ``surveys/``: list, retrieve (with the questions nested, read-only), create (a draft with the
  default questions, or with ``questions`` given), PATCH and DELETE while a draft;
  ``GET surveys/{id}/audience/`` (who would get it, who is skipped and why, the warnings against
  asking too early), ``POST surveys/{id}/send/`` (``acknowledge_warnings``),
  ``POST surveys/{id}/send-pending/`` (the emails not sent yet), ``POST surveys/{id}/close/``,
  ``POST surveys/{id}/reorder/`` and ``GET surveys/{id}/results/`` (``?segment=``).
- ``survey-questions/``: a draft's questions, one at a time (create, PATCH, DELETE).

Who: surveys name nobody, so whoever reads the pilot's Stage 2 figures may read them
(alumni.selectors.surveys.visible_surveys: HR leads all, contributors their pilots', managers
their sponsors' pilots'); writes are for HR leads (403). Text answers in the results are given to
HR leads and the pilot's contributors only (``null`` for managers); a results request that
returns text answers is audited once ("survey.results_api_viewed").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api import AuthedRequest
from accounts.services import audit_record
from core.api import ReadViewSet, VisibleField, error_responses
from programs.models import Pilot
from recruiting.api.common import NO_INPUT, given, no_input, require_manager, schema_only, user_of

from ..access import can_read_figures, stage_pilots, visible_segments
from ..models import AlumniSegment, Survey, SurveyQuestion
from ..models.surveys import SurveyQuestionKind, SurveyStatus
from ..selectors.surveys import (
    can_read_answers,
    segment_choices,
    survey_results,
    survey_rows,
    visible_surveys,
)
from ..services import survey_delivery as delivery
from ..services import surveys as services

MSG_NO_ACCESS = "Only HR leads, the pilots' contributors and their sponsors' managers read surveys."
MSG_PILOT = "Choose a Stage 2 pilot you work in."
MSG_SEGMENT = "Choose segments of the survey's pilot."
MSG_SURVEY = "Choose a survey you can see."
MSG_SEGMENT_FILTER = "Choose a segment the survey was sent to, “none”, or leave it out."
AUDIT_RESULTS = "survey.results_api_viewed"


class CanReadSurveys(permissions.BasePermission):
    message = MSG_NO_ACCESS

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_read_figures(request.user))


# --- Serializers ---------------------------------------------------------------------------------


class SurveyQuestionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=SurveyQuestionKind.choices, read_only=True)
    options = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The answers offered (choice questions)."
    )

    class Meta:
        model = SurveyQuestion
        fields = ["id", "survey", "order", "text", "kind", "options"]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    pilot_name = serializers.CharField(source="pilot.name", read_only=True)
    status = serializers.ChoiceField(choices=SurveyStatus.choices, read_only=True)
    segments: serializers.Field = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Empty: all the pilot's alumni."
    )
    questions = SurveyQuestionSerializer(many=True, read_only=True)
    invited = serializers.IntegerField(read_only=True, help_text="Alumni invited when it was sent.")
    sent = serializers.IntegerField(source="sent_count", read_only=True, help_text="Emails sent.")
    answered = serializers.IntegerField(source="answered_count", read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "pilot",
            "pilot_name",
            "title",
            "introduction",
            "segments",
            "status",
            "closes_on",
            "sent_at",
            "created_at",
            "questions",
            "invited",
            "sent",
            "answered",
        ]
        read_only_fields = fields


def _segments_field() -> serializers.ListField:
    child = VisibleField(model=AlumniSegment, visible=visible_segments, message=MSG_SEGMENT)
    return serializers.ListField(
        child=child, max_length=100, required=False, default=list, help_text="Empty: all the pilot's alumni."
    )


class SurveyQuestionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_QUESTION_TEXT)
    kind = serializers.ChoiceField(choices=SurveyQuestionKind.choices)
    options = serializers.ListField(
        child=serializers.CharField(max_length=services.MAX_OPTION, allow_blank=True),
        max_length=50,
        required=False,
        default=list,
        help_text=f"Choice questions: 2 to {services.MAX_OPTIONS} distinct answers; ignored for the other kinds.",
    )


class SurveyUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=services.MAX_TITLE)
    introduction = serializers.CharField(
        max_length=services.MAX_INTRODUCTION, allow_blank=True, required=False, default=""
    )
    segments = _segments_field()
    closes_on = serializers.DateField(allow_null=True, required=False, default=None)


class SurveyCreateSerializer(SurveyUpdateSerializer):
    pilot = VisibleField(model=Pilot, visible=stage_pilots, message=MSG_PILOT)
    title = serializers.CharField(max_length=services.MAX_TITLE, required=False, default=services.DEFAULT_TITLE)
    questions = SurveyQuestionInputSerializer(
        many=True,
        required=False,
        allow_null=True,
        default=None,
        help_text=f"At most {services.MAX_QUESTIONS}. Left out: the default questions.",
    )


class SurveyQuestionCreateSerializer(SurveyQuestionInputSerializer):
    survey = VisibleField(model=Survey, visible=visible_surveys, message=MSG_SURVEY)


class SurveySendInputSerializer(serializers.Serializer):
    acknowledge_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Send although the pilot is young or few meaningful introductions were made "
        "(see audience/); recorded in the audit log.",
    )


class SurveyReorderInputSerializer(serializers.Serializer):
    question_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        max_length=services.MAX_QUESTIONS,
        help_text="Each of the survey's question ids once, in the new order.",
    )


class SurveyWarningSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="young_pilot or few_introductions.")
    message = serializers.CharField()


class SurveyAudienceSerializer(serializers.Serializer):
    eligible = serializers.IntegerField(help_text="Alumni who would get the survey.")
    skipped = serializers.IntegerField()
    no_consent = serializers.IntegerField()
    do_not_contact = serializers.IntegerField()
    no_email = serializers.IntegerField()
    warnings = SurveyWarningSerializer(many=True)
    advice = serializers.CharField(help_text="The seed's advice on when to ask.")


class SurveySendResultSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Alumni invited; each gets one email with their own link.")
    survey = SurveySerializer()


class SurveyPendingSerializer(serializers.Serializer):
    pending = serializers.IntegerField(help_text="Invites not emailed yet, being sent now.")


class SurveyAnswerCountSerializer(serializers.Serializer):
    # The metaclass moves declared fields off the class, so this does not shadow Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    share = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True, help_text="Percent.")


class SurveyQuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="question.pk")
    text = serializers.CharField(source="question.text")
    kind = serializers.ChoiceField(source="question.kind", choices=SurveyQuestionKind.choices)
    answers = serializers.IntegerField()
    counts = SurveyAnswerCountSerializer(many=True)
    mean = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    texts = serializers.SerializerMethodField(help_text="Text answers (newest first); null when not yours to read.")

    def get_texts(self, result: Any) -> list[str] | None:
        if not self.context.get("with_text") or result.question.kind != SurveyQuestionKind.TEXT:
            return None
        return list(result.texts)


class SurveySegmentResultSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="A segment id, or “none”.")
    name = serializers.CharField()
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    response_rate = serializers.DecimalField(source="rate", max_digits=4, decimal_places=1, allow_null=True)
    means = serializers.ListField(
        child=serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True),
        help_text="The mean of each scale question, in question order.",
    )


class SurveyResultsSerializer(serializers.Serializer):
    segment = serializers.CharField(help_text="The filter: empty for everyone.")
    sent = serializers.IntegerField()
    answered = serializers.IntegerField()
    response_rate = serializers.DecimalField(source="rate", max_digits=4, decimal_places=1, allow_null=True)
    questions = SurveyQuestionResultSerializer(many=True)
    segments = SurveySegmentResultSerializer(many=True)


# --- Views ---------------------------------------------------------------------------------------

SURVEY_FIELDS = ["title", "introduction", "segments", "closes_on"]


def _surveys(user: Any) -> QuerySet[Survey]:
    return survey_rows(user).prefetch_related(
        "segments", Prefetch("questions", queryset=SurveyQuestion.objects.order_by("order", "pk"))
    )


@extend_schema_view(
    list=extend_schema(responses={200: SurveySerializer(many=True), **error_responses(400, 403, 404)}),
    retrieve=extend_schema(responses={200: SurveySerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class SurveyViewSet(mixins.DestroyModelMixin, ReadViewSet):
    """Surveys, newest first, with their questions and how many were invited, emailed and answered."""

    serializer_class = SurveySerializer
    permission_classes = [CanReadSurveys]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Survey]:
        if schema_only(self):
            return Survey.objects.none()
        return _surveys(user_of(self)).order_by("-created_at", "-id")

    def _respond(self, survey: Survey, code: int = status.HTTP_200_OK) -> Response:
        return Response(SurveySerializer(self.get_queryset().get(pk=survey.pk)).data, status=code)

    @extend_schema(
        request=SurveyCreateSerializer,
        responses={201: SurveySerializer, **error_responses(400, 403)},
        description="Create a draft survey (HR leads), with the default questions unless ``questions`` is given.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveyCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        questions = values.pop("questions")
        if questions is not None and len(questions) > services.MAX_QUESTIONS:
            raise serializers.ValidationError({"questions": [services.MSG_TOO_MANY_QUESTIONS]})
        survey = services.survey_create(actor=request.user, questions=questions, **values)
        return self._respond(survey, status.HTTP_201_CREATED)

    @extend_schema(
        request=SurveyUpdateSerializer,
        responses={200: SurveySerializer, **error_responses(400, 403, 404, 409)},
        description="Correct a draft's title, introduction, segments or closing day (HR leads). A sent survey is a 409.",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveyUpdateSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        current = {
            "title": survey.title,
            "introduction": survey.introduction,
            "segments": list(survey.segments.all()),
            "closes_on": survey.closes_on,
        }
        values = {**current, **given(data.validated_data, SURVEY_FIELDS)}
        services.survey_update(actor=request.user, survey=survey, **values)
        return self._respond(survey)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description="Delete a draft (HR leads); a sent survey is a 409 (close it instead).",
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        survey = self.get_object()
        services.survey_delete(actor=user_of(self), survey=survey)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={200: SurveyAudienceSerializer, **error_responses(403, 404)},
        description="Who would get the survey, who is skipped and why, and the warnings against asking too early.",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def audience(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        reach = delivery.audience(survey)
        body = {
            "eligible": reach.eligible,
            "skipped": reach.skipped,
            "no_consent": reach.no_consent,
            "do_not_contact": reach.do_not_contact,
            "no_email": reach.no_email,
            "warnings": delivery.send_warnings(survey),
            "advice": services.SEED_ADVICE,
        }
        return Response(SurveyAudienceSerializer(body).data)

    @extend_schema(
        request=SurveySendInputSerializer,
        responses={200: SurveySendResultSerializer, **error_responses(400, 403, 404, 409)},
        description="Send the draft (HR leads): invites the eligible alumni and emails each one link, once. "
        "With warnings (see audience/) and without ``acknowledge_warnings`` it is a 400 "
        "(code warnings_not_acknowledged); nobody eligible is a 400 (code nobody_to_ask); a sent survey a 409.",
    )
    @action(detail=True, methods=["post"])
    def send(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveySendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invited = delivery.survey_send(
            actor=request.user, survey=survey, acknowledge_warnings=data.validated_data["acknowledge_warnings"]
        )
        fresh = self.get_queryset().get(pk=survey.pk)
        return Response(SurveySendResultSerializer({"invited": invited, "survey": fresh}).data)

    @extend_schema(
        request=NO_INPUT,
        responses={200: SurveyPendingSerializer, **error_responses(400, 403, 404, 409)},
        description="Send the emails of a sent survey that have not gone out yet (HR leads), e.g. after a "
        "mail or queue outage. Nobody gets a second email; consent is checked again.",
    )
    @action(detail=True, methods=["post"], url_path="send-pending")
    def send_pending(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        no_input(request)
        pending = delivery.survey_send_pending(actor=request.user, survey=survey)
        return Response(SurveyPendingSerializer({"pending": pending}).data)

    @extend_schema(
        request=NO_INPUT,
        responses={200: SurveySerializer, **error_responses(400, 403, 404, 409)},
        description="Close a sent survey (HR leads): its links take no more answers.",
    )
    @action(detail=True, methods=["post"])
    def close(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        no_input(request)
        delivery.survey_close(actor=request.user, survey=survey)
        return self._respond(survey)

    @extend_schema(
        request=SurveyReorderInputSerializer,
        responses={200: SurveySerializer, **error_responses(400, 403, 404, 409)},
        description="Put a draft's questions in a new order (HR leads).",
    )
    @action(detail=True, methods=["post"])
    def reorder(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveyReorderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.survey_reorder(actor=request.user, survey=survey, question_ids=data.validated_data["question_ids"])
        return self._respond(survey)

    @extend_schema(
        parameters=[
            OpenApiParameter("segment", OpenApiTypes.STR, description="A segment id the survey was sent to, or none.")
        ],
        responses={200: SurveyResultsSerializer, **error_responses(400, 403, 404)},
        description="Response rate, counts per question (choice shares, scale mean) and per segment. Text "
        "answers only for HR leads and the pilot's contributors (``texts`` is null otherwise).",
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request: AuthedRequest, pk: int) -> Response:
        survey = self.get_object()
        segment = str(request.query_params.get("segment", ""))
        if segment and segment not in dict(segment_choices(survey)):
            raise serializers.ValidationError({"segment": [MSG_SEGMENT_FILTER]})
        with_text = can_read_answers(request.user, survey)
        results = survey_results(survey, segment=segment, with_text=with_text)
        if with_text and any(r.texts for r in results.questions):
            audit_record(actor=request.user, verb=AUDIT_RESULTS, target=survey, data={"segment": segment})
        return Response(SurveyResultsSerializer(results, context={"with_text": with_text}).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("survey", OpenApiTypes.INT, description="Only this survey's questions.")],
        responses={200: SurveyQuestionSerializer(many=True), **error_responses(400, 403, 404)},
    ),
    retrieve=extend_schema(responses={200: SurveyQuestionSerializer, **error_responses(403, 404)}),
)
@extend_schema(tags=["alumni"])
class SurveyQuestionViewSet(mixins.DestroyModelMixin, ReadViewSet):
    """The questions of the surveys you may read, in survey and question order."""

    serializer_class = SurveyQuestionSerializer
    permission_classes = [CanReadSurveys]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[SurveyQuestion]:
        if schema_only(self):
            return SurveyQuestion.objects.none()
        qs = SurveyQuestion.objects.filter(survey__in=visible_surveys(user_of(self))).select_related("survey")
        raw = self.request.query_params.get("survey")
        if raw is not None and self.action == "list":
            field = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
            try:
                qs = qs.filter(survey_id=field.run_validation(raw))
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"survey": exc.detail}) from exc
        return qs.order_by("survey_id", "order", "pk")

    @extend_schema(
        request=SurveyQuestionCreateSerializer,
        responses={201: SurveyQuestionSerializer, **error_responses(400, 403, 409)},
        description="Add a question at the end of a draft (HR leads; at most "
        f"{services.MAX_QUESTIONS}). A sent survey is a 409.",
    )
    def create(self, request: AuthedRequest) -> Response:
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveyQuestionCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        question = services.question_add(actor=request.user, **data.validated_data)
        return Response(SurveyQuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=SurveyQuestionInputSerializer,
        responses={200: SurveyQuestionSerializer, **error_responses(400, 403, 404, 409)},
        description="Change a draft's question (HR leads).",
    )
    def partial_update(self, request: AuthedRequest, pk: int) -> Response:
        question = self.get_object()
        require_manager(request.user, services.MSG_MANAGE)
        data = SurveyQuestionInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {"text": question.text, "kind": question.kind, "options": question.options}
        values.update(given(data.validated_data, ["text", "kind", "options"]))
        services.question_update(actor=request.user, question=question, **values)
        return Response(SurveyQuestionSerializer(question).data)

    @extend_schema(
        responses={204: None, **error_responses(403, 404, 409)},
        description="Delete a draft's question (HR leads).",
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        question = self.get_object()
        services.question_delete(actor=user_of(self), question=question)
        return Response(status=status.HTTP_204_NO_CONTENT)


ROUTES: list[tuple[str, Any, str]] = [
    ("surveys", SurveyViewSet, "api-alumni-survey"),
    ("survey-questions", SurveyQuestionViewSet, "api-alumni-survey-question"),
]
