"""Survey pages: the list, creating and editing a survey and its questions (drafts, HR leads), the
send page (audience, skipped alumni and why, the seed's warning against asking too early), closing,
the results (per question and segment, CSV of the counts), and the public answer page opened from
the emailed link (no account).

Who: alumni.selectors.surveys.visible_surveys (HR leads all, contributors their pilots', managers
their sponsors' pilots'; anyone else 404). Writes are for HR leads (403 for others who see the
survey). Text answers are shown to HR leads and the pilot's contributors only.
"""

from __future__ import annotations

import contextlib
import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.services import audit_record
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.links import LinkRefused, link_refused_page
from core.web import add_domain_error, delete_page, form_status, paginate, raise_if_forbidden, submit

from ..access import can_manage, can_read_figures, stage_pilots
from ..forms.surveys import AnswerForm, QuestionForm, SegmentFilterForm, SendForm, SurveyCreateForm, SurveyForm
from ..models import AlumniSegment, Survey, SurveyQuestion
from ..models.surveys import SurveyStatus
from ..selectors.surveys import (
    can_read_answers,
    get_survey,
    results_csv_rows,
    segment_choices,
    survey_results,
    survey_rows,
    visible_surveys,
)
from ..services import survey_delivery as delivery
from ..services import surveys as services

# --- Helpers -------------------------------------------------------------------------------------


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 2" (when the alumni home page exists) and "Surveys"."""
    head: list[tuple[str, str]] = []
    with contextlib.suppress(NoReverseMatch):
        head.append(("Stage 2", reverse("alumni:index")))
    return [*head, ("Surveys", reverse("alumni:survey_list")), *pairs]


def _survey_crumbs(survey: Survey) -> list[tuple[str, str]]:
    return _crumbs((survey.title, reverse("alumni:survey_detail", args=[survey.pk])))


def _managed_survey(request: AuthedRequest, pk: int) -> Survey:
    survey = get_survey(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied(services.MSG_MANAGE)
    return survey


def _segments(request: AuthedRequest, survey: Survey | None = None) -> Any:
    pilots = stage_pilots(request.user) if survey is None else [survey.pilot_id]
    return AlumniSegment.objects.filter(pilot__in=pilots).select_related("pilot").order_by("pilot__name", "rank")


def _question(request: AuthedRequest, pk: int) -> SurveyQuestion:
    question = (
        SurveyQuestion.objects.select_related("survey__pilot")
        .filter(pk=pk, survey__in=visible_surveys(request.user))
        .first()
    )
    if question is None:
        raise Http404
    if not can_manage(request.user):
        raise PermissionDenied(services.MSG_MANAGE)
    return question


def _detail_url(survey: Survey, anchor: str = "") -> str:
    return reverse("alumni:survey_detail", args=[survey.pk]) + (f"#{anchor}" if anchor else "")


# --- List, create, edit, delete ------------------------------------------------------------------


@login_required
@require_safe
def survey_list(request: AuthedRequest) -> HttpResponse:
    if not can_read_figures(request.user):
        raise Http404
    page_obj, query_string = paginate(request, survey_rows(request.user))
    return render(
        request,
        "alumni/surveys/survey_list.html",
        {
            "page_obj": page_obj,
            "surveys": page_obj.object_list,
            "query_string": query_string,
            "can_manage": can_manage(request.user),
            "seed_advice": services.SEED_ADVICE,
            "breadcrumbs": _crumbs()[:-1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not can_read_figures(user):
        raise Http404
    if not can_manage(user):
        raise PermissionDenied(services.MSG_MANAGE)
    form = SurveyCreateForm(
        request.POST or None,
        initial={"title": services.DEFAULT_TITLE},
        pilots=stage_pilots(user).order_by("name"),
        segments=_segments(request),
    )
    survey = submit(request, form, lambda data: services.survey_create(actor=user, **data))
    if survey is not None:
        messages.success(
            request, f"Survey “{survey.title}” created with the default questions: adjust them, then send it."
        )
        return redirect("alumni:survey_detail", pk=survey.pk)
    return render(
        request,
        "alumni/surveys/survey_form.html",
        {
            "form": form,
            "title": "Create a survey",
            "survey": None,
            "cancel_url": reverse("alumni:survey_list"),
            "seed_advice": services.SEED_ADVICE,
            "breadcrumbs": _crumbs(),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    if survey.status != SurveyStatus.DRAFT:
        messages.error(request, services.MSG_NOT_DRAFT)
        return redirect("alumni:survey_detail", pk=survey.pk)
    initial = {
        "title": survey.title,
        "introduction": survey.introduction,
        "segments": list(survey.segments.all()),
        "closes_on": survey.closes_on,
    }
    form = SurveyForm(request.POST or None, initial=initial, segments=_segments(request, survey))
    changes = submit(request, form, lambda data: services.survey_update(actor=request.user, survey=survey, **data))
    if changes is not None:
        messages.success(request, "Survey saved." if changes else "Nothing changed.")
        return redirect("alumni:survey_detail", pk=survey.pk)
    return render(
        request,
        "alumni/surveys/survey_form.html",
        {
            "form": form,
            "title": f"Edit “{survey.title}”",
            "survey": survey,
            "cancel_url": _detail_url(survey),
            "breadcrumbs": _survey_crumbs(survey),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    return delete_page(
        request,
        thing=survey,
        delete=lambda: services.survey_delete(actor=request.user, survey=survey),
        done=f"Survey “{survey.title}” deleted.",
        list_url=reverse("alumni:survey_list"),
        list_label="Surveys",
        refused_url=_detail_url(survey),
        cancel_url=_detail_url(survey),
        kind="survey",
    )


@login_required
@require_safe
def survey_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = get_survey(request.user, pk)
    manage = can_manage(request.user)
    draft = survey.status == SurveyStatus.DRAFT
    questions = list(survey.questions.order_by("order", "pk"))
    row = survey_rows(request.user).filter(pk=survey.pk).first()
    counts = {name: getattr(row, name, 0) for name in ("invited", "sent_count", "answered_count")}
    return render(
        request,
        "alumni/surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
            "segments": list(survey.segments.order_by("rank", "name")),
            "counts": counts,
            "can_edit": manage and draft,
            "can_send": manage and draft and bool(questions),
            "can_close": manage and survey.status == SurveyStatus.SENT,
            "can_send_pending": manage
            and survey.status == SurveyStatus.SENT
            and counts["sent_count"] < counts["invited"],
            "can_add_question": manage and draft and len(questions) < services.MAX_QUESTIONS,
            "question_form": QuestionForm() if manage and draft else None,
            "max_questions": services.MAX_QUESTIONS,
            "breadcrumbs": _crumbs(),
        },
    )


# --- Questions -----------------------------------------------------------------------------------


def _question_page(
    request: AuthedRequest, form: QuestionForm, survey: Survey, question: SurveyQuestion | None
) -> HttpResponse:
    return render(
        request,
        "alumni/surveys/question_form.html",
        {
            "form": form,
            "survey": survey,
            "question": question,
            "title": "Edit the question" if question else "Add a question",
            "cancel_url": _detail_url(survey, "questions"),
            "breadcrumbs": _survey_crumbs(survey),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_create(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    form = QuestionForm(request.POST or None)
    question = submit(request, form, lambda data: services.question_add(actor=request.user, survey=survey, **data))
    if question is not None:
        messages.success(request, "Question added.")
        return redirect(_detail_url(survey, f"question-{question.pk}"))
    return _question_page(request, form, survey, None)


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    initial = {"text": question.text, "kind": question.kind, "options": "\n".join(question.options)}
    form = QuestionForm(request.POST or None, initial=initial)
    changes = submit(
        request, form, lambda data: services.question_update(actor=request.user, question=question, **data)
    )
    if changes is not None:
        messages.success(request, "Question saved." if changes else "Nothing changed.")
        return redirect(_detail_url(question.survey, f"question-{question.pk}"))
    return _question_page(request, form, question.survey, question)


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    survey = question.survey
    return delete_page(
        request,
        thing=question,
        delete=lambda: services.question_delete(actor=request.user, question=question),
        done="Question deleted.",
        list_url=_detail_url(survey, "questions"),
        list_label=survey.title,
        cancel_url=_detail_url(survey, "questions"),
        kind="question",
    )


@login_required
@require_POST
def survey_question_move(request: AuthedRequest, pk: int) -> HttpResponse:
    question = _question(request, pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Move the question up or down.")
    else:
        try:
            services.question_move(actor=request.user, question=question, up=direction == "up")
        except DomainError as e:
            raise_if_forbidden(e)
            messages.error(request, e.message)
    return redirect(_detail_url(question.survey, f"question-{question.pk}"))


# --- Send and close ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_send(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    if survey.status != SurveyStatus.DRAFT:
        messages.error(request, services.MSG_NOT_DRAFT)
        return redirect("alumni:survey_detail", pk=survey.pk)
    form = SendForm(request.POST if request.method == "POST" else None)
    sent = submit(
        request,
        form,
        lambda data: delivery.survey_send(
            actor=request.user, survey=survey, acknowledge_warnings=data["acknowledge_warnings"]
        ),
    )
    if sent is not None:
        messages.success(
            request,
            f"Survey sent to {sent} alumn{'i' if sent != 1 else 'us'}: each gets one email with their own link.",
        )
        return redirect("alumni:survey_detail", pk=survey.pk)
    return render(
        request,
        "alumni/surveys/survey_send.html",
        {
            "survey": survey,
            "form": form,
            "audience": delivery.audience(survey),
            "warnings": delivery.send_warnings(survey),
            "seed_advice": services.SEED_ADVICE,
            "question_count": survey.questions.count(),
            "breadcrumbs": _survey_crumbs(survey),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def survey_close(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    try:
        delivery.survey_close(actor=request.user, survey=survey)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, f"“{survey.title}” is closed: its links no longer take answers.")
    return redirect("alumni:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_send_pending(request: AuthedRequest, pk: int) -> HttpResponse:
    survey = _managed_survey(request, pk)
    try:
        pending = delivery.survey_send_pending(actor=request.user, survey=survey)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            f"Sending the {pending} email{'s' if pending != 1 else ''} not sent yet; "
            "nobody gets a second one, and consent is checked again.",
        )
    return redirect("alumni:survey_detail", pk=survey.pk)


# --- Results -------------------------------------------------------------------------------------


def _results(request: AuthedRequest, pk: int) -> tuple[Survey, Any, bool]:
    survey = get_survey(request.user, pk)
    filters = SegmentFilterForm(request.GET or None, choices=segment_choices(survey))
    segment = filters.cleaned_data["segment"] if filters.is_valid() else ""
    with_text = can_read_answers(request.user, survey)
    return survey, (filters, survey_results(survey, segment=segment, with_text=with_text)), with_text


@login_required
@require_safe
def survey_results_page(request: AuthedRequest, pk: int) -> HttpResponse:
    survey, (filters, results), with_text = _results(request, pk)
    if with_text and any(r.texts for r in results.questions):
        audit_record(actor=request.user, verb="survey.results_viewed", target=survey, data={"segment": results.segment})
    return render(
        request,
        "alumni/surveys/survey_results.html",
        {
            "survey": survey,
            "filters": filters,
            "results": results,
            "scale_questions": [r.question for r in results.questions if r.question.kind == "scale"],
            "with_text": with_text,
            "breadcrumbs": _survey_crumbs(survey),
        },
    )


@login_required
@require_safe
def survey_results_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    survey, (_filters, results), _with_text = _results(request, pk)
    audit_record(actor=request.user, verb="survey.results_exported", target=survey, data={"segment": results.segment})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    writer = csv.writer(response)
    for row in results_csv_rows(results):
        writer.writerow([_csv_safe(cell) for cell in row])
    return response


def _csv_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# --- Answering (public, through the emailed link) ------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The alumnus's page: GET shows the questions, POST records the answers once."""
    try:
        invite = delivery.invite_for_link(token)
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    survey = invite.survey
    if not delivery.survey_is_open(survey):
        return _closed_page(request, survey)
    questions = list(survey.questions.all())
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            delivery.survey_answer(token=token, answers=form.cleaned_data)
        except LinkRefused as refused:
            return link_refused_page(request, refused)
        except services.SurveyClosedError:
            return _closed_page(request, survey)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return redirect("alumni:survey_thanks")
    return render(
        request,
        "alumni/surveys/answer.html",
        {"survey": survey, "form": form, "person": invite.alumnus.person},
        status=400 if request.method == "POST" else 200,
    )


def _closed_page(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(
        request,
        "alumni/surveys/answer_closed.html",
        {"survey": survey, "message": services.MSG_CLOSED, "today": timezone.localdate()},
        status=410,
    )


@require_safe
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "alumni/surveys/answer_thanks.html")


urlpatterns: list[URLPattern] = [
    path("surveys/", survey_list, name="survey_list"),
    path("surveys/new/", survey_create, name="survey_create"),
    path("surveys/<int:pk>/", survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/delete/", survey_delete, name="survey_delete"),
    path("surveys/<int:pk>/questions/new/", survey_question_create, name="survey_question_create"),
    path("surveys/questions/<int:pk>/edit/", survey_question_edit, name="survey_question_edit"),
    path("surveys/questions/<int:pk>/delete/", survey_question_delete, name="survey_question_delete"),
    path("surveys/questions/<int:pk>/move/", survey_question_move, name="survey_question_move"),
    path("surveys/<int:pk>/send/", survey_send, name="survey_send"),
    path("surveys/<int:pk>/close/", survey_close, name="survey_close"),
    path("surveys/<int:pk>/send-pending/", survey_send_pending, name="survey_send_pending"),
    path("surveys/<int:pk>/results/", survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/results.csv", survey_results_csv, name="survey_results_csv"),
    path("survey/thanks/", survey_thanks, name="survey_thanks"),
    path("survey/<str:token>/", survey_answer, name="survey_answer"),
]
