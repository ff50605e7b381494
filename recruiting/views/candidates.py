"""Pipeline pages: an opening's board (moves in place with htmx, plain forms without JavaScript),
the filtered list across openings, a candidate's page, adding, correcting, moving, deleting,
hiring through the ledger's hire form, and promoting a listening conversation.

Who may do what (recruiting.access): HR leads and the pilot's contributors see and act on its
candidates; anyone else gets a 404 (managers included: they read counts, never names).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, delete_page, form_status, link_url, paginate, raise_if_forbidden, safe_next, submit
from listening.access import get_conversation_for_user, visible_conversations
from listening.selectors.people import author_initial
from metrics.forms.hires import HireForm
from metrics.forms.ledger import Picker as PeoplePicker
from metrics.forms.ledger import PickerError, PickerOption, PickerSpec, picked_object, picker_matches
from people.access import can_use_directory
from people.models import Person
from people.selectors import person_for_detail
from people.services import DuplicatePersonError, find_duplicates
from programs.access import visible_sponsors
from programs.models import Pilot

from .. import services
from ..access import can_manage, can_work, get_candidate, get_opening, require_work, visible_candidates
from ..forms.candidates import (
    CandidateEditForm,
    CandidateFilterForm,
    CandidateForm,
    MoveForm,
    PromoteForm,
    ThankForm,
    open_openings,
)
from ..models import HIRE_CHANNEL, Candidate, Step
from ..pipeline import label
from ..selectors.interviews import candidate_interviews, candidate_pointers
from ..selectors.pipeline import board, candidate_rows, card
from .common import crumbs

T = TypeVar("T")
# What the candidate page shows besides the person and the opening.
PAGE_RELATED = (
    "opening__pilot__sponsor",
    "conversation",
    "shared_post",
    "referred_by_person",
    "referral__referrer",
    "referral__thanked_by",
    "created_by",
)
LIST_FILTERS = ("q", "opening", "pilot", "step", "source")


def opening_crumbs(opening: Any) -> list[tuple[str, str]]:
    return crumbs((opening.title, reverse("recruiting:opening_detail", args=[opening.pk])))


# --- people picker (metrics' ledger picker: a search box and a short list of radios) ----------


def people_picker(request: AuthedRequest, *, label: str, help: str, required: bool, nobody: str = "") -> PeoplePicker:
    """The picker named "person": what the user typed (``person_search``), the person picked
    first and checked, then up to 20 matches (metrics.forms.ledger.picker_matches)."""
    data = request.POST if request.method == "POST" else request.GET
    query = (data.get("person_search") or "").strip()[:200]
    selected = picked_object("person", data.get("person"))
    spec = PickerSpec("person", label, required, help, nobody)
    picker = PeoplePicker(name="person", spec=spec, query=query)
    picker.too_short = 0 < len(query) < 2
    picked = [selected] if isinstance(selected, Person) else []
    matches, picker.more = picker_matches("person", query if len(query) >= 2 else "", picked=picked)
    picker.options = [
        PickerOption(
            p.pk,
            p.full_name or f"Person {p.pk}",
            " · ".join(x for x in (p.title, p.company.name if p.company_id and p.company else "") if x),
            selected is not None and p.pk == selected.pk,
        )
        for p in matches
    ]
    picker.nobody_checked = bool(nobody) and selected is None and data.get("person") == ""
    return picker


def looking_up(request: AuthedRequest) -> bool:
    """The picker's "Find" button posted the form back: show the matches, save nothing."""
    return request.method == "POST" and "_lookup" in request.POST


# --- board ------------------------------------------------------------------------------------


def _board_context(request: AuthedRequest, opening: Any, **extra: Any) -> dict[str, Any]:
    return {
        "opening": opening,
        "columns": board(opening, keep=extra.get("focus")),
        "next_url": reverse("recruiting:opening_board", args=[opening.pk]),
        "can_add": opening.status in ("emerging", "open"),
        **extra,
    }


@login_required
def opening_board(request: AuthedRequest, pk: int) -> HttpResponse:
    opening = get_opening(request.user, pk)
    context = _board_context(request, opening)
    context["breadcrumbs"] = opening_crumbs(opening)
    return render(request, "recruiting/board.html", context)


@login_required
@require_POST
def candidate_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a candidate (the board's card or the candidate page). Moving to "Hired" opens the hire
    form. htmx: the board comes back with the card in its new column and focus on its control."""
    user = request.user
    candidate = get_candidate(user, pk)
    back = safe_next(request) or reverse("recruiting:candidate_detail", args=[candidate.pk])
    form = MoveForm(request.POST)
    error, done = "", ""
    if not form.is_valid():
        error = "Choose the step to move the candidate to."
    elif form.cleaned_data["to"] == Step.HIRED and candidate.step == Step.OFFER and candidate.hire_id is None:
        hire_url = reverse("recruiting:candidate_hire", args=[candidate.pk])
        return HttpResponseClientRedirect(hire_url) if request.htmx else redirect(hire_url)
    else:
        try:
            services.candidate_move(
                actor=user, candidate=candidate, to=form.cleaned_data["to"], note=form.cleaned_data["note"]
            )
            done = f"{candidate.person.full_name} moved to “{label(candidate.step)}”."
        except DomainError as e:
            raise_if_forbidden(e)
            error = e.message
    if request.htmx:
        context = _board_context(request, candidate.opening, done=done, error=error, focus=candidate.pk)
        return render(request, "recruiting/partials/board_columns.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(back)


# --- list -------------------------------------------------------------------------------------


@login_required
def candidate_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    filters = CandidateFilterForm(request.GET or None, user=user)
    data = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    page_obj, query_string = paginate(request, candidate_rows(visible_candidates(user), data))
    return render(
        request,
        "recruiting/candidate_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "candidates": page_obj.object_list,
            "query_string": query_string,
            "filtered": any(request.GET.get(name) for name in LIST_FILTERS),
            "breadcrumbs": crumbs(),
        },
    )


# --- a candidate ------------------------------------------------------------------------------


@login_required
def candidate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        candidate = visible_candidates(user).select_related(*PAGE_RELATED).get(pk=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc
    services.candidate_viewed(actor=user, candidate=candidate)
    person = person_for_detail(candidate.person)
    referral = getattr(candidate, "referral", None)
    conversation = candidate.conversation
    may_see_conversation = conversation is not None and visible_conversations(user).filter(pk=conversation.pk).exists()
    return render(
        request,
        "recruiting/candidate_detail.html",
        {
            "candidate": candidate,
            "person": person,
            "handles": [(h, link_url(h.profile_url)) for h in person.handles.all()],
            "moves": candidate.moves.select_related("by").order_by("at", "id"),
            "card": card(candidate),
            "referral": referral,
            "may_see_conversation": may_see_conversation,
            "interviews": candidate_interviews(candidate),
            "pointers": candidate_pointers(candidate),
            "can_open_people": can_use_directory(user),
            "can_thank": bool(referral and referral.thanked_at is None and can_manage(user)),
            "thank_form": ThankForm(),
            "can_hire": candidate.step == Step.OFFER and candidate.hire_id is None,
            "can_delete": candidate.step != Step.HIRED,
            "next_url": request.path,
            "breadcrumbs": opening_crumbs(candidate.opening),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    picker = people_picker(request, label="Person", help="Type part of a name, an email or a company.", required=True)
    opening_pk = as_pk(request.GET.get("opening"))
    initial = {"opening": opening_pk} if opening_pk else {}
    if looking_up(request):
        form = CandidateForm(initial={**initial, **request.POST.dict()}, user=user)
    else:
        form = CandidateForm(request.POST or None, initial=initial, user=user)
    caught: dict[str, Any] = {}
    if not looking_up(request):
        candidate = submit(request, form, keep_error(caught, lambda data: services.candidate_add(actor=user, **data)))
        if candidate is not None:
            messages.success(request, f"{candidate.person.full_name} added to “{candidate.opening.title}”.")
            return redirect("recruiting:candidate_detail", pk=candidate.pk)
    error = caught.get("error")
    existing = error.candidate if isinstance(error, services.DuplicateCandidateError) else None
    if form.is_bound and not looking_up(request):
        picker.errors = [PickerError(str(e)) for e in form.errors.get("person", [])]
    return render(
        request,
        "recruiting/candidate_form.html",
        {"form": form, "picker": picker, "existing": existing, "title": "Add a candidate", "breadcrumbs": crumbs()},
        status=form_status(form) if not looking_up(request) else 200,
    )


def keep_error(caught: dict[str, Any], save: Callable[[dict[str, Any]], T]) -> Callable[[dict[str, Any]], T]:
    """``save``, remembering the refusal it raised in ``caught["error"]`` (core.web.submit then
    puts it on the form): a duplicate's page links to what it duplicates."""

    def run(data: dict[str, Any]) -> T:
        try:
            return save(data)
        except DomainError as e:
            caught["error"] = e
            raise

    return run


@login_required
@require_http_methods(["GET", "POST"])
def candidate_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    candidate = get_candidate(user, pk)
    form = CandidateEditForm(request.POST or None, initial={"source": candidate.source, "note": candidate.note})
    if submit(request, form, lambda data: services.candidate_update(actor=user, candidate=candidate, **data)):
        messages.success(request, "Candidate saved.")
        return redirect("recruiting:candidate_detail", pk=candidate.pk)
    detail_url = reverse("recruiting:candidate_detail", args=[candidate.pk])
    return render(
        request,
        "recruiting/candidate_edit.html",
        {
            "form": form,
            "candidate": candidate,
            "cancel_url": detail_url,
            "breadcrumbs": [*opening_crumbs(candidate.opening), (candidate.person.full_name, detail_url)],
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    candidate = get_candidate(request.user, pk)
    detail_url = reverse("recruiting:candidate_detail", args=[candidate.pk])
    board_url = reverse("recruiting:opening_board", args=[candidate.opening_id])
    return delete_page(
        request,
        thing=candidate,
        delete=lambda: services.candidate_delete(actor=request.user, candidate=candidate),
        done=f"{candidate.person.full_name} is no longer a candidate for “{candidate.opening.title}”.",
        list_url=board_url,
        list_label=candidate.opening.title,
        refused_url=detail_url,
        cancel_url=detail_url,
        label=f"the candidacy of {candidate.person.full_name} for “{candidate.opening.title}”",
    )


# --- hire -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidate_hire(request: AuthedRequest, pk: int) -> HttpResponse:
    """The ledger's hire form, prefilled from the candidate; person, pilot and sponsor are the
    candidacy's. Saving records the hire (metrics.services.hire_record) and moves them to "Hired"."""
    user = request.user
    candidate = get_candidate(user, pk)
    detail_url = reverse("recruiting:candidate_detail", args=[candidate.pk])
    if candidate.hire_id is not None or candidate.step != Step.OFFER:
        messages.error(request, services.MSG_HIRE_NOT_AT_OFFER.format(step=label(candidate.step)))
        return redirect(detail_url)
    opening = candidate.opening
    pilot = opening.pilot
    initial = {
        "person": candidate.person_id,
        "opening_title": opening.title,
        "pilot": pilot.pk,
        "sponsor": pilot.sponsor_id,
        "source": HIRE_CHANNEL[candidate.source],
        "first_contact_date": services.first_contact(candidate),
        "date": timezone.localdate(),
    }
    form = HireForm(
        request.POST or None,
        initial=initial,
        pilots=Pilot.objects.filter(pk=pilot.pk),
        sponsors=visible_sponsors(user),
        matches=[candidate.person],
    )
    for name in ("person", "pilot", "sponsor"):
        form.fields[name].disabled = True

    def save(_: dict[str, Any]) -> Any:
        values = form.values()
        for name in ("person", "pilot", "sponsor"):
            values.pop(name, None)
        return services.candidate_hire(actor=user, candidate=candidate, **values)

    if submit(request, form, save) is not None:
        messages.success(request, f"{candidate.person.full_name} is hired: the hire is on the ledger.")
        return redirect(detail_url)
    return render(
        request,
        "recruiting/candidate_hire.html",
        {
            "form": form,
            "candidate": candidate,
            "cancel_url": detail_url,
            "breadcrumbs": [*opening_crumbs(opening), (candidate.person.full_name, detail_url)],
        },
        status=form_status(form),
    )


# --- promote a conversation ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conversation_promote(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    conversation = get_conversation_for_user(user, pk)
    if not can_work(user):  # they see the conversation in the inbox: the action, not the page, is refused
        raise PermissionDenied
    linked = conversation.person
    initial: dict[str, Any] = {**author_initial(conversation), "who": "linked" if linked else "new"}
    if (opening_pk := as_pk(request.GET.get("opening"))) is not None:
        initial["opening"] = opening_pk
    elif len(only := list(open_openings(user)[:2])) == 1:
        initial["opening"] = only[0].pk
    source_detail = conversation.url or f"Conversation {conversation.pk}"
    form = PromoteForm(request.POST or None, initial=initial, user=user, linked=linked, source_detail=source_detail)
    extra: dict[str, Any] = {}
    chosen = picked_object("person", request.POST.get("person")) if request.method == "POST" else None

    def promote(data: dict[str, Any]) -> Any:
        common = {"actor": user, "conversation": conversation, "opening": data["opening"], "note": data["note"]}
        if isinstance(chosen, Person):  # "promote this one" next to a duplicate the directory found
            return services.candidate_promote(person=chosen, **common)
        if data["who"] == "new":
            return services.candidate_promote(new_person=form.new_person(), allow_same_name=data["confirm"], **common)
        return services.candidate_promote(person=linked, **common)

    caught: dict[str, Any] = {}
    candidate = submit(request, form, keep_error(caught, promote))
    if candidate is not None:
        messages.success(
            request, f"{candidate.person.full_name} is now a candidate for “{candidate.opening.title}” (found here)."
        )
        return redirect("recruiting:candidate_detail", pk=candidate.pk)
    error = caught.get("error")
    if isinstance(error, DuplicatePersonError):
        data = form.new_person()
        extra = {"duplicates": error.matches, "show_confirm": not find_duplicates(emails=[], handles=data.handles)}
    return render(
        request,
        "recruiting/candidate_promote.html",
        {
            "form": form,
            "conversation": conversation,
            "linked": linked,
            "existing": error.candidate if isinstance(error, services.DuplicateCandidateError) else None,
            "conversation_url": reverse("listening:conversation_detail", args=[conversation.pk]),
            # Back where the promote link was (the inbox row or the conversation page: its ?next=).
            "cancel_url": safe_next(request) or reverse("listening:conversation_detail", args=[conversation.pk]),
            "breadcrumbs": [
                ("Listening inbox", reverse("listening:index")),
                ("Conversation", reverse("listening:conversation_detail", args=[conversation.pk])),
            ],
            **extra,
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("openings/<int:pk>/board/", opening_board, name="opening_board"),
    path("candidates/", candidate_list, name="candidate_list"),
    path("candidates/new/", candidate_create, name="candidate_create"),
    path("candidates/<int:pk>/", candidate_detail, name="candidate_detail"),
    path("candidates/<int:pk>/edit/", candidate_edit, name="candidate_edit"),
    path("candidates/<int:pk>/delete/", candidate_delete, name="candidate_delete"),
    path("candidates/<int:pk>/move/", candidate_move, name="candidate_move"),
    path("candidates/<int:pk>/hire/", candidate_hire, name="candidate_hire"),
    path("conversations/<int:pk>/promote/", conversation_promote, name="conversation_promote"),
]
