"""Surveys: "toward the end of the pilot … ask alumni how they would like you to help them. Don't do
this at the beginning, only after you have begun to develop trust in-venue."

Rules (HR leads write; the pages and the API call these functions):
- A survey is created with the seed's default questions and edited while it is a draft: at most
  ``MAX_QUESTIONS`` questions, each at most ``MAX_QUESTION_TEXT`` characters; a choice question
  offers 2 to ``MAX_OPTIONS`` distinct answers. Choice and scale questions must be answered; text
  questions are optional.
- Sending (``survey_send``) is once per survey: it creates one ``SurveyInvite`` per eligible
  alumnus (the pilot's alumni, narrowed to the survey's segments when it has any; with consent to
  be contacted, not marked do-not-contact, with an email address), keeping each one's segment at
  send time. When the pilot is young or few meaningful introductions were made for its alumni
  (``send_warnings``), sending needs ``acknowledge_warnings``, recorded in the audit event.
- The task "alumni.send_survey_invites" emails each invite a signed link, at most once per person
  and survey (core.jobs.claim_once), re-checking consent at send time: someone who withdrew
  consent meanwhile gets nothing and their invite stays unsent.
- Answering goes through the link (no account): the answers are validated first (nothing is
  written on a bad answer), then the link is used once and the answers are written together.
  A closed survey (closed by an HR lead, or past ``closes_on``) takes no answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from programs.models import Pilot, Stage

from ..access import can_manage
from ..models import AlumniSegment, Survey, SurveyQuestion
from ..models.surveys import SurveyQuestionKind, SurveyStatus

DEFAULT_TITLE = "How would you like us to help?"
DEFAULT_QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "What would help you most right now?",
        SurveyQuestionKind.CHOICE,
        (
            "Introductions to companies",
            "Job leads",
            "Contract work",
            "Advice from former colleagues",
            "Events in my city",
            "Nothing at the moment",
        ),
    ),
    ("How likely are you to recommend working with us? (1–5)", SurveyQuestionKind.SCALE, ()),
    ("Anything else we could do for you?", SurveyQuestionKind.TEXT, ()),
)
MAX_TITLE = 200
MAX_INTRODUCTION = 2000
MAX_QUESTIONS = 20
MAX_QUESTION_TEXT = 300
MAX_OPTIONS = 12
MAX_OPTION = 200
MAX_ANSWER = 2000
SCALE_VALUES = ("1", "2", "3", "4", "5")
REQUIRED_KINDS = (SurveyQuestionKind.CHOICE, SurveyQuestionKind.SCALE)

# The send page warns below these (the seed: "Don't do this at the beginning").
YOUNG_PILOT_DAYS = 90
MIN_MEANINGFUL_INTRODUCTIONS = 10
SEED_ADVICE = (
    "Toward the end of the pilot, use private LinkedIn Answers or a Group to ask alumni how they would "
    "like you to help them. Don't do this at the beginning, only after you have begun to develop trust "
    "in-venue."
)

SEND_TASK = "alumni.send_survey_invites"
INVITE_KIND = "alumni.survey_invite"
LINK_PURPOSE = "alumni.survey"

MSG_MANAGE = "Only an HR lead can create, change, send and close surveys."
MSG_PILOT = "Choose a Stage 2 (alumni) pilot."
MSG_TITLE = "Give the survey a title, e.g. “How would you like us to help?”."
MSG_TITLE_LONG = f"Keep the title under {MAX_TITLE} characters."
MSG_INTRODUCTION_LONG = f"Keep the introduction under {MAX_INTRODUCTION:,} characters."
MSG_SEGMENTS = "Choose segments of the survey's pilot, or none for all its alumni."
MSG_CLOSES_PAST = "The closing date is in the past: choose today or a later day, or leave it empty."
MSG_NOT_DRAFT = "This survey was sent: its questions and audience can no longer change."
MSG_QUESTION_TEXT = "Write the question."
MSG_QUESTION_LONG = f"Keep the question under {MAX_QUESTION_TEXT} characters."
MSG_KIND = "Choose one of the kinds of question offered."
MSG_OPTIONS_FEW = "A choice question needs at least two answers to choose from, one per line."
MSG_OPTIONS_MANY = f"Offer at most {MAX_OPTIONS} answers."
MSG_OPTION_LONG = f"Keep each answer under {MAX_OPTION} characters."
MSG_OPTION_TWICE = "“{option}” is offered twice: each answer once."
MSG_TOO_MANY_QUESTIONS = f"A survey has at most {MAX_QUESTIONS} questions: keep it short, alumni answer short surveys."
MSG_REORDER = "List each of the survey's questions once, in the new order."
MSG_NO_QUESTIONS = "Add at least one question before sending."
MSG_NOBODY = (
    "Nobody would receive this survey: no alumnus of its audience has given consent to be contacted "
    "and has an email address."
)
MSG_ACKNOWLEDGE = "Tick “I understand” to send anyway, or wait until trust has grown in the venue."
MSG_SEND_RACE = "Someone sent or changed this survey meanwhile; reload the page."
MSG_CLOSE_NOT_SENT = "Only a sent survey can be closed (delete a draft instead)."
MSG_CLOSED = "This survey is closed: thank you, but it no longer takes answers."
MSG_CHOOSE = "Choose one of the answers."
MSG_SCALE = "Choose a number from 1 to 5."
MSG_ANSWER_LONG = f"Keep your answer under {MAX_ANSWER:,} characters."

PHRASES: dict[str, str] = {
    "survey.created": "Created the survey {target}",
    "survey.changed": "Changed the survey {target}",
    "survey.deleted": "Deleted the survey {target}",
    "survey.question_added": "Added a question to the survey {target}",
    "survey.question_changed": "Changed a question of the survey {target}",
    "survey.question_deleted": "Deleted a question of the survey {target}",
    "survey.questions_reordered": "Reordered the questions of the survey {target}",
    "survey.sent": "Sent the survey {target}",
    "survey.closed": "Closed the survey {target}",
    "survey.resent": "Sent the pending emails of the survey {target} again",
    "survey.invited": "Emailed the survey {target}",
    "survey.answered": "Answered the survey {target}",
    "survey.results_viewed": "Read the answers to the survey {target}",
    "survey.results_exported": "Downloaded the results of the survey {target}",
    "survey.results_api_viewed": "Read the answers to the survey {target} through the API",
}


class SurveyClosedError(DomainError):
    """The survey takes no more answers (closed, or past its closing day)."""

    code = "survey_closed"
    status_code = 410


def question_field(question: SurveyQuestion | int) -> str:
    """The form (and error) field of a question's answer: "q_<id>"."""
    return f"q_{question if isinstance(question, int) else question.pk}"


def check_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)


def _check_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ConflictError(MSG_NOT_DRAFT, code="survey_not_draft")


def refuse(message: str, field: str, code: str | None = None) -> DomainError:
    return DomainError(message, code=code, fields={field: [message]})


# --- The survey ----------------------------------------------------------------------------------


def _clean_survey(
    *,
    pilot: Pilot,
    title: str,
    introduction: str,
    segments: Iterable[AlumniSegment],
    closes_on: dt.date | None,
    today: dt.date,
) -> dict[str, Any]:
    if pilot.stage != Stage.ALUMNI:
        raise refuse(MSG_PILOT, "pilot")
    title = " ".join(title.split())
    if not title:
        raise refuse(MSG_TITLE, "title")
    if len(title) > MAX_TITLE:
        raise refuse(MSG_TITLE_LONG, "title")
    introduction = introduction.replace("\r\n", "\n").strip()
    if len(introduction) > MAX_INTRODUCTION:
        raise refuse(MSG_INTRODUCTION_LONG, "introduction")
    chosen = list(segments)
    if any(segment.pilot_id != pilot.pk for segment in chosen):
        raise refuse(MSG_SEGMENTS, "segments")
    if closes_on is not None and closes_on < today:
        raise refuse(MSG_CLOSES_PAST, "closes_on")
    return {"title": title, "introduction": introduction, "segments": chosen, "closes_on": closes_on}


@transaction.atomic
def survey_create(
    *,
    actor: User,
    pilot: Pilot,
    title: str = DEFAULT_TITLE,
    introduction: str = "",
    segments: Iterable[AlumniSegment] = (),
    closes_on: dt.date | None = None,
    questions: Iterable[Mapping[str, Any]] | None = None,
    now: dt.datetime | None = None,
) -> Survey:
    """A draft survey of ``pilot`` with ``questions`` (each a mapping of text, kind and options;
    problems are reported on the field "questions"), or the default questions when None."""
    check_manager(actor)
    now = now or timezone.now()
    values = _clean_survey(
        pilot=pilot,
        title=title,
        introduction=introduction,
        segments=segments,
        closes_on=closes_on,
        today=timezone.localdate(now),
    )
    chosen = values.pop("segments")
    if questions is None:
        rows = [{"text": text, "kind": kind, "options": list(options)} for text, kind, options in DEFAULT_QUESTIONS]
    else:
        rows = _clean_questions(questions)
    survey = Survey.objects.create(pilot=pilot, created_by=actor, created_at=now, **values)
    survey.segments.set(chosen)
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(survey=survey, order=number, **row) for number, row in enumerate(rows, start=1)
    )
    audit_record(
        actor=actor,
        verb="survey.created",
        target=survey,
        data={"pilot": pilot.pk, "segments": sorted(s.pk for s in chosen), "questions": len(rows)},
        now=now,
    )
    return survey


@transaction.atomic
def survey_update(
    *,
    actor: User,
    survey: Survey,
    title: str,
    introduction: str,
    segments: Iterable[AlumniSegment],
    closes_on: dt.date | None,
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    """Correct a draft's title, introduction, audience and closing day; returns the diff."""
    check_manager(actor)
    _check_draft(survey)
    now = now or timezone.now()
    values = _clean_survey(
        pilot=survey.pilot,
        title=title,
        introduction=introduction,
        segments=segments,
        closes_on=closes_on,
        today=timezone.localdate(now),
    )
    chosen = values.pop("segments")
    changes = changed_fields(survey, values)
    if changes:
        survey.save(update_fields=list(changes))
    old_ids = sorted(survey.segments.values_list("pk", flat=True))
    new_ids = sorted(s.pk for s in chosen)
    if old_ids != new_ids:
        survey.segments.set(chosen)
        changes["segments"] = [old_ids, new_ids]
    if changes:
        audit_record(actor=actor, verb="survey.changed", target=survey, data={"changes": changes}, now=now)
    return changes


@transaction.atomic
def survey_delete(*, actor: User, survey: Survey, now: dt.datetime | None = None) -> None:
    """Delete a draft (a sent survey has invites and answers: close it instead)."""
    check_manager(actor)
    _check_draft(survey)
    audit_record(actor=actor, verb="survey.deleted", target=survey, data={"pilot": survey.pilot_id}, now=now)
    survey.delete()


# --- Questions -----------------------------------------------------------------------------------


def clean_options(kind: str, options: Iterable[str]) -> list[str]:
    """The answers a question offers as stored: for a choice question 2 to MAX_OPTIONS distinct
    non-blank lines; other kinds offer none (anything given is dropped)."""
    if kind != SurveyQuestionKind.CHOICE:
        return []
    cleaned: list[str] = []
    seen: set[str] = set()
    for option in options:
        text = " ".join(str(option).split())
        if not text:
            continue
        if len(text) > MAX_OPTION:
            raise refuse(MSG_OPTION_LONG, "options")
        if text.casefold() in seen:
            raise refuse(MSG_OPTION_TWICE.format(option=text), "options")
        seen.add(text.casefold())
        cleaned.append(text)
    if len(cleaned) < 2:
        raise refuse(MSG_OPTIONS_FEW, "options")
    if len(cleaned) > MAX_OPTIONS:
        raise refuse(MSG_OPTIONS_MANY, "options")
    return cleaned


def _clean_question(text: str, kind: str, options: Iterable[str]) -> dict[str, Any]:
    text = " ".join(text.split())
    if not text:
        raise refuse(MSG_QUESTION_TEXT, "text")
    if len(text) > MAX_QUESTION_TEXT:
        raise refuse(MSG_QUESTION_LONG, "text")
    if kind not in SurveyQuestionKind.values:
        raise refuse(MSG_KIND, "kind")
    return {"text": text, "kind": kind, "options": clean_options(kind, options)}


def _clean_questions(questions: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = list(questions)
    if len(rows) > MAX_QUESTIONS:
        raise refuse(MSG_TOO_MANY_QUESTIONS, "questions", code="too_many_questions")
    cleaned = []
    for number, row in enumerate(rows, start=1):
        try:
            cleaned.append(
                _clean_question(str(row.get("text", "")), str(row.get("kind", "")), row.get("options") or ())
            )
        except DomainError as exc:
            message = f"Question {number}: {exc.message}"
            raise refuse(message, "questions") from exc
    return cleaned


def lock_survey(survey: Survey) -> None:
    """Lock the survey row: two question edits at once must not both pass the count or order check."""
    Survey.objects.select_for_update().filter(pk=survey.pk).first()


@transaction.atomic
def question_add(
    *,
    actor: User,
    survey: Survey,
    text: str,
    kind: str,
    options: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> SurveyQuestion:
    """Add a question at the end of a draft (at most MAX_QUESTIONS)."""
    check_manager(actor)
    lock_survey(survey)
    _check_draft(survey)
    values = _clean_question(text, kind, options)
    stats = survey.questions.aggregate(n=Count("pk"), last=Max("order"))
    if stats["n"] >= MAX_QUESTIONS:
        raise DomainError(MSG_TOO_MANY_QUESTIONS, code="too_many_questions", fields={"text": [MSG_TOO_MANY_QUESTIONS]})
    question = SurveyQuestion.objects.create(survey=survey, order=(stats["last"] or 0) + 1, **values)
    audit_record(
        actor=actor, verb="survey.question_added", target=survey, data={"question": question.pk, **values}, now=now
    )
    return question


@transaction.atomic
def question_update(
    *,
    actor: User,
    question: SurveyQuestion,
    text: str,
    kind: str,
    options: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    check_manager(actor)
    survey = question.survey
    lock_survey(survey)
    _check_draft(survey)
    changes = changed_fields(question, _clean_question(text, kind, options))
    if changes:
        question.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            verb="survey.question_changed",
            target=survey,
            data={"question": question.pk, "changes": changes},
            now=now,
        )
    return changes


def _renumber(survey: Survey, ordered_ids: list[int]) -> None:
    questions = {q.pk: q for q in survey.questions.all()}
    for number, pk in enumerate(ordered_ids, start=1):
        questions[pk].order = number
    SurveyQuestion.objects.bulk_update(list(questions.values()), ["order"])


@transaction.atomic
def question_delete(*, actor: User, question: SurveyQuestion, now: dt.datetime | None = None) -> None:
    check_manager(actor)
    survey = question.survey
    lock_survey(survey)
    _check_draft(survey)
    audit_record(
        actor=actor,
        verb="survey.question_deleted",
        target=survey,
        data={"question": question.pk, "text": question.text},
        now=now,
    )
    question.delete()
    _renumber(survey, list(survey.questions.order_by("order", "pk").values_list("pk", flat=True)))


@transaction.atomic
def survey_reorder(*, actor: User, survey: Survey, question_ids: list[int], now: dt.datetime | None = None) -> None:
    """Put a draft's questions in the order of ``question_ids`` (each of its questions once)."""
    check_manager(actor)
    lock_survey(survey)
    _check_draft(survey)
    current = list(survey.questions.order_by("order", "pk").values_list("pk", flat=True))
    if sorted(question_ids) != sorted(current) or len(set(question_ids)) != len(question_ids):
        raise refuse(MSG_REORDER, "question_ids", code="bad_order")
    if question_ids != current:
        _renumber(survey, question_ids)
        audit_record(
            actor=actor,
            verb="survey.questions_reordered",
            target=survey,
            data={"from": current, "to": question_ids},
            now=now,
        )


def question_move(*, actor: User, question: SurveyQuestion, up: bool, now: dt.datetime | None = None) -> None:
    """Move a question one place up or down (at an end: nothing happens)."""
    ids = list(question.survey.questions.order_by("order", "pk").values_list("pk", flat=True))
    at = ids.index(question.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    survey_reorder(actor=actor, survey=question.survey, question_ids=ids, now=now)
