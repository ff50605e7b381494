"""Surveys: who may see which, and their results (response rate, per question, per segment).

Who (the rules alumni.access does not have, each written once here):
- ``visible_surveys``: the surveys of ``figure_pilots`` — HR leads all, contributors their
  pilots', managers their sponsors' pilots' (a survey names nobody). Anyone else: 404.
- ``can_read_answers``: the text answers (which may identify someone) are for HR leads and the
  survey pilot's contributors; managers read the counts only.

Results are computed in SQL with a constant number of queries, whatever the number of invites:
counts per invite status, per segment, and per question and answer value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User

from ..access import figure_pilots, work_pilots
from ..models import AlumniSegment, Survey, SurveyAnswer, SurveyInvite, SurveyQuestion
from ..models.surveys import SurveyQuestionKind
from ..services.surveys import SCALE_VALUES

# At most this many text answers are listed per question (newest first); the count says how many there are.
MAX_TEXT_ANSWERS = 200
NO_SEGMENT = "none"


def visible_surveys(user: User) -> QuerySet[Survey]:
    """Surveys whose questions and result counts ``user`` may read."""
    return Survey.objects.filter(pilot__in=figure_pilots(user)).select_related("pilot", "pilot__sponsor")


def get_survey(user: User, pk: int) -> Survey:
    try:
        return visible_surveys(user).get(pk=pk)
    except Survey.DoesNotExist as exc:
        raise Http404 from exc


def can_read_answers(user: User, survey: Survey) -> bool:
    """May read the text answers of ``survey``: HR leads and the members of its pilot (not managers)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or work_pilots(user).filter(pk=survey.pilot_id).exists())


def _count(rows: QuerySet[Any]) -> Coalesce:
    """How many ``rows`` (already narrowed to the outer survey) there are: a subquery, so the list
    does not multiply invites by questions."""
    counted = rows.order_by().values("survey_id").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def survey_rows(user: User) -> QuerySet[Survey]:
    """The survey list: visible surveys with their question, invited, sent and answered counts."""
    invites = SurveyInvite.objects.filter(survey_id=OuterRef("pk"))
    return (
        visible_surveys(user)
        .annotate(
            question_count=_count(SurveyQuestion.objects.filter(survey_id=OuterRef("pk"))),
            invited=_count(invites),
            sent_count=_count(invites.filter(sent_at__isnull=False)),
            answered_count=_count(invites.filter(answered_at__isnull=False)),
        )
        .order_by("-created_at", "-id")
    )


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, rounded once, half up, to one decimal (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class AnswerCount:
    label: str
    count: int
    share: Decimal | None


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answers: int = 0
    counts: list[AnswerCount] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SegmentRow:
    key: str  # a segment id, or NO_SEGMENT
    name: str
    sent: int
    answered: int
    rate: Decimal | None
    means: list[Decimal | None]  # per scale question, in question order


@dataclass
class SurveyResults:
    survey: Survey
    sent: int
    answered: int
    rate: Decimal | None
    questions: list[QuestionResult]
    segments: list[SegmentRow]
    segment: str  # the filter: "" (everyone), a segment id, or NO_SEGMENT
    segment_name: str
    with_text: bool


def _mean(counts: dict[str, int]) -> Decimal | None:
    total = sum(counts.get(v, 0) for v in SCALE_VALUES)
    if not total:
        return None
    score = sum(int(v) * counts.get(v, 0) for v in SCALE_VALUES)
    return (Decimal(score) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _segment_filter(segment: str) -> Q:
    if segment == NO_SEGMENT:
        return Q(invite__segment__isnull=True)
    if segment:
        return Q(invite__segment_id=int(segment))
    return Q()


def _question_result(question: SurveyQuestion, counts: dict[str, int]) -> QuestionResult:
    answers = sum(counts.values())
    result = QuestionResult(question=question, answers=answers)
    if question.kind == SurveyQuestionKind.CHOICE:
        labels = list(question.options) + sorted(set(counts) - set(question.options))
        result.counts = [
            AnswerCount(label, counts.get(label, 0), percent(counts.get(label, 0), answers)) for label in labels
        ]
    elif question.kind == SurveyQuestionKind.SCALE:
        result.counts = [AnswerCount(v, counts.get(v, 0), percent(counts.get(v, 0), answers)) for v in SCALE_VALUES]
        result.mean = _mean(counts)
    return result


def segment_choices(survey: Survey) -> list[tuple[str, str]]:
    """The segments the survey's invites were in (the filter's choices), plus "No segment" when some were in none."""
    keys = survey.invites.values_list("segment_id", "segment__name").distinct().order_by("segment__name")
    choices = [(str(pk), name) for pk, name in keys if pk is not None]
    if any(pk is None for pk, _ in keys):
        choices.append((NO_SEGMENT, "No segment"))
    return choices


def survey_results(survey: Survey, *, segment: str = "", with_text: bool = False) -> SurveyResults:
    """The results of ``survey`` for everyone or one segment (``segment``: a key of
    ``segment_choices``, checked by the caller). Text answers only ``with_text``. Six queries."""
    questions = list(survey.questions.order_by("order", "pk"))
    invites = survey.invites.all()
    if segment == NO_SEGMENT:
        invites = invites.filter(segment__isnull=True)
    elif segment:
        invites = invites.filter(segment_id=int(segment))
    totals = invites.aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    answers = SurveyAnswer.objects.filter(question__survey=survey).filter(_segment_filter(segment))
    by_question: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        answers.exclude(question__kind=SurveyQuestionKind.TEXT)
        .values_list("question_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question_id, value, n in rows:
        by_question[question_id][value] = n
    text_counts = dict(
        answers.filter(question__kind=SurveyQuestionKind.TEXT)
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("question_id", "n")
    )
    results = []
    for question in questions:
        if question.kind == SurveyQuestionKind.TEXT:
            results.append(QuestionResult(question=question, answers=text_counts.get(question.pk, 0)))
        else:
            results.append(_question_result(question, by_question[question.pk]))
    if with_text:
        _add_texts(results, answers)
    name = dict(segment_choices(survey)).get(segment, "") if segment else ""
    return SurveyResults(
        survey=survey,
        sent=totals["sent"],
        answered=totals["answered"],
        rate=percent(totals["answered"], totals["sent"]),
        questions=results,
        segments=segment_table(survey, questions),
        segment=segment,
        segment_name=name,
        with_text=with_text,
    )


def _add_texts(results: list[QuestionResult], answers: QuerySet[SurveyAnswer]) -> None:
    texts = {r.question.pk: r for r in results if r.question.kind == SurveyQuestionKind.TEXT}
    if not texts:
        return
    # One query per text question keeps each list bounded (usually one or two questions).
    for pk, result in texts.items():
        result.texts = list(
            answers.filter(question_id=pk)
            .order_by("-invite__answered_at", "-pk")
            .values_list("value", flat=True)[:MAX_TEXT_ANSWERS]
        )


def segment_table(survey: Survey, questions: list[SurveyQuestion]) -> list[SegmentRow]:
    """Per segment at send time: sent, answered, response rate and each scale question's mean (two queries)."""
    scale = [q for q in questions if q.kind == SurveyQuestionKind.SCALE]
    counts = (
        survey.invites.values_list("segment_id", "segment__name", "segment__rank")
        .annotate(
            sent=Count("pk", filter=Q(sent_at__isnull=False)), answered=Count("pk", filter=Q(answered_at__isnull=False))
        )
        .order_by("segment__rank", "segment__name")
    )
    scores: dict[tuple[int | None, int], dict[str, int]] = defaultdict(dict)
    if scale:
        rows = (
            SurveyAnswer.objects.filter(question__in=scale)
            .values_list("invite__segment_id", "question_id", "value")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for segment_id, question_id, value, n in rows:
            scores[(segment_id, question_id)][value] = n
    table = []
    for segment_id, name, _rank, sent, answered in counts:
        table.append(
            SegmentRow(
                key=str(segment_id) if segment_id is not None else NO_SEGMENT,
                name=name or "No segment",
                sent=sent,
                answered=answered,
                rate=percent(answered, sent),
                means=[_mean(scores[(segment_id, q.pk)]) for q in scale],
            )
        )
    return table


def results_csv_rows(results: SurveyResults) -> list[list[str]]:
    """The counts as CSV rows (no text answers): one row per question and answer, then the
    response rate per segment."""
    who = results.segment_name or "Everyone"
    rows = [["segment", "question", "answer", "count", "share_percent"]]
    rows.append(
        [
            who,
            "Response rate",
            f"{results.answered} answered of {results.sent} sent",
            str(results.answered),
            _text(results.rate),
        ]
    )
    for result in results.questions:
        if result.question.kind == SurveyQuestionKind.TEXT:
            rows.append([who, result.question.text, "(text answers)", str(result.answers), ""])
            continue
        for item in result.counts:
            rows.append([who, result.question.text, item.label, str(item.count), _text(item.share)])
        if result.mean is not None:
            rows.append([who, result.question.text, "mean", str(result.mean), ""])
    for row in results.segments:
        rows.append(
            [
                row.name,
                "Response rate",
                f"{row.answered} answered of {row.sent} sent",
                str(row.answered),
                _text(row.rate),
            ]
        )
    return rows


def _text(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def segments_of(survey: Survey) -> QuerySet[AlumniSegment]:
    return survey.segments.order_by("rank", "name")
