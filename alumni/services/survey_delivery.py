"""Surveys, sending and answering (the editor is alumni.services.surveys, which also holds the
constants, messages and audit phrases): who a survey reaches and who is skipped and why, the
warnings against asking too early, sending (invites, then the emails from the task, once per
person and survey, consent re-checked at send time), closing, and recording an alumnus's answers
through their signed link."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError
from core.jobs import claim_once
from core.links import LinkRefused, link_token, read_link, use_link
from metrics.models import Introduction
from people.consent import contact_allowed
from people.models import Person, PersonEmail
from programs.models import Pilot
from recruiting.services.openings import email_url, enqueue

from ..models import Alumnus, Survey, SurveyAnswer, SurveyInvite, SurveyQuestion
from ..models.surveys import SurveyQuestionKind, SurveyStatus
from .surveys import (
    INVITE_KIND,
    LINK_PURPOSE,
    MAX_ANSWER,
    MIN_MEANINGFUL_INTRODUCTIONS,
    MSG_ACKNOWLEDGE,
    MSG_ANSWER_LONG,
    MSG_CHOOSE,
    MSG_CLOSE_NOT_SENT,
    MSG_CLOSED,
    MSG_CLOSES_PAST,
    MSG_NO_QUESTIONS,
    MSG_NOBODY,
    MSG_NOT_DRAFT,
    MSG_SCALE,
    MSG_SEND_RACE,
    SCALE_VALUES,
    SEND_TASK,
    YOUNG_PILOT_DAYS,
    SurveyClosedError,
    check_manager,
    lock_survey,
    question_field,
    refuse,
)

logger = logging.getLogger(__name__)

# --- Sending -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Who a survey reaches: ``eligible`` get it; the others are skipped, each for its first reason
    (do-not-contact, then no consent, then no email address)."""

    total: int
    eligible: int
    do_not_contact: int
    no_consent: int
    no_email: int

    @property
    def skipped(self) -> int:
        return self.do_not_contact + self.no_consent + self.no_email


@dataclass(frozen=True)
class SendWarning:
    code: str
    message: str


def audience_alumni(survey: Survey) -> QuerySet[Alumnus]:
    """Everyone the survey is about: its pilot's alumni, in its segments when it has any."""
    qs = Alumnus.objects.filter(pilot_id=survey.pilot_id)
    segment_ids = list(survey.segments.values_list("pk", flat=True))
    return qs.filter(segment_id__in=segment_ids) if segment_ids else qs


def _has_email() -> Exists:
    return Exists(PersonEmail.objects.filter(person_id=OuterRef("person_id")))


def audience(survey: Survey) -> Audience:
    """How many alumni the survey would reach and how many are skipped, and why (one query)."""
    counts = (
        audience_alumni(survey)
        .annotate(has_email=_has_email())
        .aggregate(
            total=Count("pk"),
            do_not_contact=Count("pk", filter=Q(person__do_not_contact=True)),
            no_consent=Count("pk", filter=Q(person__do_not_contact=False, person__consent_to_contact=False)),
            no_email=Count(
                "pk", filter=Q(person__do_not_contact=False, person__consent_to_contact=True, has_email=False)
            ),
        )
    )
    eligible = counts["total"] - counts["do_not_contact"] - counts["no_consent"] - counts["no_email"]
    return Audience(eligible=eligible, **counts)


def eligible_alumni(survey: Survey) -> QuerySet[Alumnus]:
    """The alumni who may be asked now: consent given, not do-not-contact, an email address."""
    return (
        audience_alumni(survey)
        .filter(person__consent_to_contact=True, person__do_not_contact=False)
        .filter(_has_email())
    )


def meaningful_introductions(pilot: Pilot) -> int:
    """Meaningful introductions made on behalf of ``pilot``'s alumni (any pilot logged them)."""
    return Introduction.objects.filter(meaningful=True, on_behalf_of__alumnus__pilot=pilot).count()


def send_warnings(survey: Survey, *, today: dt.date | None = None) -> list[SendWarning]:
    """Why it may be too early to ask: the pilot is young (or has no start date), or fewer than
    MIN_MEANINGFUL_INTRODUCTIONS meaningful introductions were made for its alumni."""
    today = today or timezone.localdate()
    pilot = survey.pilot
    found: list[SendWarning] = []
    if pilot.start_date is None:
        found.append(SendWarning("young_pilot", f"{pilot.name} has no start date: is it under way yet?"))
    elif (age := (today - pilot.start_date).days) < YOUNG_PILOT_DAYS:
        found.append(
            SendWarning(
                "young_pilot",
                f"{pilot.name} started {age} day{'s' if age != 1 else ''} ago, less than {YOUNG_PILOT_DAYS} days.",
            )
        )
    made = meaningful_introductions(pilot)
    if made < MIN_MEANINGFUL_INTRODUCTIONS:
        found.append(
            SendWarning(
                "few_introductions",
                f"Only {made} meaningful introduction{'s' if made != 1 else ''} "
                f"{'have' if made != 1 else 'has'} been made on behalf of {pilot.name}'s alumni "
                f"(fewer than {MIN_MEANINGFUL_INTRODUCTIONS}).",
            )
        )
    return found


def _check_sendable(survey: Survey, today: dt.date) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ConflictError(MSG_NOT_DRAFT, code="survey_not_draft")
    if not survey.questions.exists():
        raise DomainError(MSG_NO_QUESTIONS, code="no_questions")
    if survey.closes_on is not None and survey.closes_on < today:
        raise refuse(MSG_CLOSES_PAST, "closes_on")


@transaction.atomic
def survey_send(
    *, actor: User, survey: Survey, acknowledge_warnings: bool = False, now: dt.datetime | None = None
) -> int:
    """Invite the eligible alumni (one SurveyInvite each, with their segment now) and email them
    after the commit. Returns how many were invited."""
    check_manager(actor)
    now = now or timezone.now()
    today = timezone.localdate(now)
    lock_survey(survey)
    survey.refresh_from_db(fields=["status", "closes_on"])
    _check_sendable(survey, today)
    warnings = send_warnings(survey, today=today)
    if warnings and not acknowledge_warnings:
        message = f"{' '.join(w.message for w in warnings)} {MSG_ACKNOWLEDGE}"
        raise DomainError(message, code="warnings_not_acknowledged", fields={"acknowledge_warnings": [MSG_ACKNOWLEDGE]})
    reach = audience(survey)
    rows = list(eligible_alumni(survey).values_list("pk", "segment_id"))
    if not rows:
        raise DomainError(MSG_NOBODY, code="nobody_to_ask")
    SurveyInvite.objects.bulk_create(
        [SurveyInvite(survey=survey, alumnus_id=pk, segment_id=segment) for pk, segment in rows],
        ignore_conflicts=True,
    )
    if not Survey.objects.filter(pk=survey.pk, status=SurveyStatus.DRAFT).update(status=SurveyStatus.SENT, sent_at=now):
        raise ConflictError(MSG_SEND_RACE)
    survey.status, survey.sent_at = SurveyStatus.SENT, now
    audit_record(
        actor=actor,
        verb="survey.sent",
        target=survey,
        data={
            "invites": len(rows),
            "skipped": {
                "do_not_contact": reach.do_not_contact,
                "no_consent": reach.no_consent,
                "no_email": reach.no_email,
            },
            "warnings": [w.code for w in warnings],
            "warnings_acknowledged": bool(warnings) and acknowledge_warnings,
        },
        now=now,
    )
    enqueue(SEND_TASK, survey.pk)
    return len(rows)


@transaction.atomic
def survey_close(*, actor: User, survey: Survey, now: dt.datetime | None = None) -> Survey:
    """Stop taking answers (emails not sent yet are not sent either)."""
    check_manager(actor)
    now = now or timezone.now()
    if not Survey.objects.filter(pk=survey.pk, status=SurveyStatus.SENT).update(status=SurveyStatus.CLOSED):
        raise ConflictError(MSG_CLOSE_NOT_SENT, code="survey_not_sent")
    survey.status = SurveyStatus.CLOSED
    answered = survey.invites.filter(answered_at__isnull=False).count()
    audit_record(actor=actor, verb="survey.closed", target=survey, data={"answered": answered}, now=now)
    return survey


@transaction.atomic
def survey_send_pending(*, actor: User, survey: Survey, now: dt.datetime | None = None) -> int:
    """Enqueue the emails of a sent survey again (after a broker or mail outage): only invites not
    emailed yet go out, each still at most once and only with consent. Returns how many are pending."""
    check_manager(actor)
    if survey.status != SurveyStatus.SENT:
        raise ConflictError(MSG_CLOSE_NOT_SENT if survey.status == SurveyStatus.DRAFT else MSG_CLOSED)
    pending = survey.invites.filter(sent_at__isnull=True).count()
    audit_record(actor=actor, verb="survey.resent", target=survey, data={"pending": pending}, now=now)
    enqueue(SEND_TASK, survey.pk)
    return pending


def invite_token(invite: SurveyInvite) -> str:
    return link_token(LINK_PURPOSE, {"v": invite.pk})


def _invite_message(invite: SurveyInvite, email: str) -> EmailMultiAlternatives:
    survey = invite.survey
    context = {
        "survey": survey,
        "person": invite.alumnus.person,
        "pilot": survey.pilot,
        "questions": len(survey.questions.all()),
        "answer_url": email_url("alumni:survey_answer", invite_token(invite)),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string("alumni/email/survey_subject.txt", context).split()),
        body=render_to_string("alumni/email/survey_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(render_to_string("alumni/email/survey_body.html", context), "text/html")
    return message


def survey_invites_send(*, survey_id: int, now: dt.datetime | None = None) -> int:
    """The task's work: email each unsent invite of a sent survey, at most once per person and
    survey. Consent is read now: an alumnus who withdrew it (or is now do-not-contact, or has no
    email any more) is not emailed and their invite stays unsent. Each email is claimed in its own
    transaction with its send; a failed send is logged and rolled back, so running the task again
    retries it. Returns the emails sent (0 for a closed or missing survey)."""
    now = now or timezone.now()
    survey = (
        Survey.objects.select_related("pilot")
        .prefetch_related("questions")
        .filter(pk=survey_id, status=SurveyStatus.SENT)
        .first()
    )
    if survey is None:
        return 0
    invites = (
        survey.invites.filter(sent_at__isnull=True)
        .select_related("alumnus__person")
        .prefetch_related(
            Prefetch("alumnus__person__emails", queryset=PersonEmail.objects.order_by("-is_primary", "pk"))
        )
        .order_by("pk")
    )
    sent = 0
    for invite in invites.iterator(chunk_size=500):
        person = invite.alumnus.person
        emails = list(person.emails.all())
        if not (person.consent_to_contact and contact_allowed(person) and emails):
            continue
        invite.survey = survey
        try:
            with transaction.atomic():
                if not claim_once(INVITE_KIND, f"{survey.pk}:{person.pk}", now=now):
                    continue
                # Read consent again inside the claim: it may have been withdrawn since the list was read.
                if not Person.objects.filter(pk=person.pk, consent_to_contact=True, do_not_contact=False).exists():
                    transaction.set_rollback(True)
                    continue
                _invite_message(invite, emails[0].email).send()
                SurveyInvite.objects.filter(pk=invite.pk).update(sent_at=now)
                audit_record(actor=None, verb="survey.invited", target=survey, person_id=person.pk, now=now)
        except (smtplib.SMTPException, OSError):
            logger.exception("survey %s: the invite %s could not be emailed; it stays unsent", survey.pk, invite.pk)
            continue
        sent += 1
    return sent


# --- Answering -----------------------------------------------------------------------------------


def survey_is_open(survey: Survey, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return survey.status == SurveyStatus.SENT and (survey.closes_on is None or survey.closes_on >= today)


def invite_for_link(token: str) -> SurveyInvite:
    """The invite a survey link opens, with its survey, pilot and questions. LinkRefused when the
    link is tampered with, expired or already used (answered)."""
    payload = read_link(token, LINK_PURPOSE)
    pk = payload.get("v")
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise LinkRefused("invalid")
    invite = (
        SurveyInvite.objects.select_related("survey__pilot", "alumnus__person")
        .prefetch_related(Prefetch("survey__questions", queryset=SurveyQuestion.objects.order_by("order", "pk")))
        .filter(pk=pk)
        .first()
    )
    if invite is None:
        raise LinkRefused("invalid")
    if invite.answered_at is not None:
        raise LinkRefused("used")
    return invite


def clean_answers(questions: Iterable[SurveyQuestion], answers: Mapping[str, Any]) -> dict[int, str]:
    """The answers as stored, keyed by question id: a choice among the options, a scale "1" to "5",
    a text up to MAX_ANSWER characters. Choice and scale questions are required. Every problem is
    reported on its question's field ("q_<id>") at once."""
    cleaned: dict[int, str] = {}
    problems: dict[str, list[str]] = {}
    for question in questions:
        field = question_field(question)
        raw = answers.get(field)
        value = "" if raw is None else str(raw).replace("\r\n", "\n").strip()
        if question.kind == SurveyQuestionKind.TEXT:
            if len(value) > MAX_ANSWER:
                problems[field] = [MSG_ANSWER_LONG]
            elif value:
                cleaned[question.pk] = value
            continue
        allowed = question.options if question.kind == SurveyQuestionKind.CHOICE else SCALE_VALUES
        if value not in allowed:
            problems[field] = [MSG_CHOOSE if question.kind == SurveyQuestionKind.CHOICE else MSG_SCALE]
        else:
            cleaned[question.pk] = value
    if problems:
        count = len(problems)
        message = f"{count} answer{'s need' if count != 1 else ' needs'} your attention."
        raise DomainError(message, code="invalid_answers", fields=problems)
    return cleaned


@transaction.atomic
def survey_answer(*, token: str, answers: Mapping[str, Any], now: dt.datetime | None = None) -> SurveyInvite:
    """Record an alumnus's answers through their link: nothing is written unless every answer is
    valid; then the link is used (once) and the answers are written together."""
    now = now or timezone.now()
    invite = invite_for_link(token)
    survey = invite.survey
    if not survey_is_open(survey, today=timezone.localdate(now)):
        raise SurveyClosedError(MSG_CLOSED)
    values = clean_answers(survey.questions.all(), answers)
    use_link(token, LINK_PURPOSE)
    if not SurveyInvite.objects.filter(pk=invite.pk, answered_at__isnull=True).update(answered_at=now):
        raise LinkRefused("used")
    invite.answered_at = now
    SurveyAnswer.objects.bulk_create(
        [SurveyAnswer(invite=invite, question_id=pk, value=value) for pk, value in values.items()]
    )
    audit_record(
        actor=None,
        verb="survey.answered",
        target=survey,
        data={"answers": len(values)},
        person_id=invite.alumnus.person_id,
        now=now,
    )
    return invite
