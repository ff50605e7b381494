"""The inbox, a conversation's page (triage, assignee, link to a person) and the venue ranking.
listening/urls.py joins these urlpatterns with the setup pages'.

Who may do what (listening.access and listening.services hold the rules):
- HR leads and contributors see the conversations listening.access.visible_conversations gives
  them, triage and assign them. A conversation they may not see is a 404; a bulk action naming one
  is refused as a whole.
- Linking to a person also needs the people directory (people.access.can_use_directory): 403 without.
- Managers have no listening pages (403). Anonymous users are sent to log in.

Harvested text is untrusted: templates escape it; only listening.matcher.highlight's output
(escaped text with <mark> around matches) is marked safe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.access import role_required
from accounts.models import Role
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import link_url, paginate, safe_next
from people import services as people_services
from people.access import can_use_directory, get_person_for_user
from people.models import Person
from people.selectors import person_lookup

from .. import selectors, services
from ..access import can_set_up, get_conversation_for_user, visible_conversations, visible_searches
from ..forms.inbox import (
    AssigneeSelectForm,
    AssignForm,
    InboxFilterForm,
    LinkForm,
    NewPersonForm,
    PersonLookupForm,
    RankingForm,
    TriageForm,
)
from ..models import Conversation, ConversationMatch, Purpose
from ..selectors.people import author_initial

triager_required = role_required(Role.HR_LEAD, Role.CONTRIBUTOR)

MSG_NOT_VISIBLE = "Some of the selected conversations are not yours to change; nothing was changed."
PEOPLE_SHOWN = 10
TRIAGE_DONE = {
    "relevant": "Marked relevant",
    "engaged": "Marked engaged",
    "not_relevant": "Marked not relevant",
    "new": "Moved back to new",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _chosen_conversations(request: AuthedRequest, ids: list[int]) -> list[Conversation] | None:
    """The conversations named by ``ids`` if the user may see every one: a single unseen one is a
    404, a bulk selection with any unseen one gives None (the whole action is refused)."""
    if len(ids) == 1:
        return [get_conversation_for_user(request.user, ids[0])]
    found = list(visible_conversations(request.user).filter(pk__in=ids))
    return found if len(found) == len(ids) else None


# --- the inbox --------------------------------------------------------------------------------


@triager_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    page, query_string = paginate(request, selectors.inbox_conversations(request.user, filters))
    rows = selectors.inbox_rows(page.object_list, search=filters.search)
    return render(
        request,
        "listening/index.html",
        {
            "form": form,
            "filters": filters,
            # Folded behind their button on a phone, unless they narrow the list or have an error.
            "filters_open": filters.active or bool(form.errors),
            "page_obj": page,
            "rows": rows,
            "query_string": query_string,
            "next_url": request.get_full_path(),
            "spikes": selectors.spikes_for_user(request.user),
            "assignable": AssigneeSelectForm().fields["assignee"].choices,  # type: ignore[attr-defined]
            "statuses": Conversation.Status,
            "has_any": filters.active or visible_conversations(request.user).exists(),
            "has_searches": visible_searches(request.user).exists(),
            "can_setup": can_set_up(request.user),
            # A contributor in no pilot triages the program's conversations but has no directory.
            "can_open_people": can_use_directory(request.user),
        },
    )


def _row_response(request: AuthedRequest, conversation: Conversation, next_url: str, done: str) -> HttpResponse:
    """The inbox row of one conversation, re-rendered after an in-place (htmx) action, saying
    what was done (a status message for screen readers too)."""
    qs = selectors.inbox_conversations(request.user, selectors.InboxFilters(status="")).filter(pk=conversation.pk)
    rows = selectors.inbox_rows(qs)
    return render(
        request,
        "listening/partials/inbox_row.html",
        {
            "row": rows[0],
            "next_url": next_url,
            "statuses": Conversation.Status,
            "done": done,
            "can_open_people": can_use_directory(request.user),
        },
    )


def _refused(request: AuthedRequest, message: str, next_url: str) -> HttpResponse:
    """Back to the inbox with the message. An in-place (htmx) action asks the browser to go there
    itself: following the redirect inside the request would swap the whole page into the row."""
    messages.error(request, message)
    return HttpResponseClientRedirect(next_url) if request.htmx else redirect(next_url)


def _bulk_action(
    request: AuthedRequest, form: TriageForm | AssignForm, act: Callable[[list[Conversation], dict[str, Any]], str]
) -> HttpResponse:
    """Triage or assign the chosen conversations (one or many): every id must be visible or
    nothing changes. ``act`` calls the service and returns the success message."""
    next_url = safe_next(request, request.POST.get("next")) or reverse("listening:index")
    if not form.is_valid():
        return _refused(request, " ".join(str(e) for errors in form.errors.values() for e in errors), next_url)
    conversations = _chosen_conversations(request, form.cleaned_data["ids"])
    if conversations is None:
        return _refused(request, MSG_NOT_VISIBLE, next_url)
    try:
        message = act(conversations, form.cleaned_data)
    except DomainError as e:
        return _refused(request, e.message, next_url)
    if request.htmx and len(conversations) == 1:
        return _row_response(request, conversations[0], next_url, done=message)
    messages.success(request, message)
    return redirect(next_url)


@triager_required
@require_POST
def conversation_triage(request: AuthedRequest) -> HttpResponse:
    def act(conversations: list[Conversation], data: dict[str, Any]) -> str:
        status = data["status"]
        count = services.conversations_triage(actor=request.user, conversations=conversations, status=status)
        return f"{TRIAGE_DONE.get(status, 'Changed')}: {_plural(count, 'conversation')}."

    return _bulk_action(request, TriageForm(request.POST), act)


@triager_required
@require_POST
def conversation_assign(request: AuthedRequest) -> HttpResponse:
    def act(conversations: list[Conversation], data: dict[str, Any]) -> str:
        assignee = data["assignee"]
        count = services.conversations_assign(actor=request.user, conversations=conversations, assignee=assignee)
        who = "you" if assignee == request.user else (str(assignee) if assignee else "nobody")
        return f"{_plural(count, 'conversation')} assigned to {who}."

    return _bulk_action(request, AssignForm(request.POST, user=request.user), act)


# --- a conversation ---------------------------------------------------------------------------


def _detail(request: AuthedRequest, conversation: Conversation, *, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    matches = list(
        ConversationMatch.objects.filter(
            conversation=conversation, search__in=visible_searches(user).values("pk")
        ).select_related("search")
    )
    spans = [span for m in matches for span in m.spans]
    may_link = can_use_directory(user)
    lookup = PersonLookupForm(request.GET or None)
    who = lookup.cleaned_data.get("who", "") if lookup.is_valid() else ""
    found: list[Person] = []
    if may_link and who.strip():
        found = list(person_lookup(who)[:PEOPLE_SHOWN])
    matched = selectors.person_matching_author(conversation) if may_link else None
    if matched is not None and matched.pk == conversation.person_id:
        matched = None
    context = {
        "conversation": conversation,
        "shown": selectors.highlighted(conversation, spans),
        "matches": matches,
        "original_url": link_url(conversation.url),
        "author_url": link_url(conversation.author_url),
        "statuses": Conversation.Status,
        "assignee_form": AssigneeSelectForm(initial={"assignee": str(conversation.assignee_id or "")}),
        "may_link": may_link,
        "matched_person": matched,
        "lookup_form": lookup,
        "who": who,
        "found_people": found,
        "new_person_form": NewPersonForm(initial=author_initial(conversation)),
        "next_url": reverse("listening:conversation_detail", args=[conversation.pk]),
        "back_url": safe_next(request, request.GET.get("next")) or reverse("listening:index"),
        **extra,
    }
    return render(request, "listening/conversation_detail.html", context, status=status)


@triager_required
@require_GET
def conversation_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail(request, get_conversation_for_user(request.user, pk))


@triager_required
@require_POST
def conversation_link(request: AuthedRequest, pk: int) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, pk)
    if not can_use_directory(request.user):
        raise PermissionDenied
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _detail(request, conversation, status=400, link_form=form)
    action = form.cleaned_data["action"]
    if action == "unlink":
        services.conversation_link_person(actor=request.user, conversation=conversation, person=None)
        messages.success(request, "The conversation is no longer linked to a person.")
        return redirect("listening:conversation_detail", pk=conversation.pk)
    if action == "existing":
        person = get_person_for_user(request.user, form.cleaned_data["person"])
    else:
        new_form = NewPersonForm(request.POST)
        if not new_form.is_valid():
            return _detail(request, conversation, status=400, new_person_form=new_form)
        person_or_page = _create_person(request, conversation, new_form, confirm=form.cleaned_data["confirm"])
        if isinstance(person_or_page, HttpResponse):
            return person_or_page
        messages.success(
            request, f"Added {person_or_page.full_name} to the directory. Linked to {person_or_page.full_name}."
        )
        return redirect("listening:conversation_detail", pk=conversation.pk)
    services.conversation_link_person(actor=request.user, conversation=conversation, person=person)
    messages.success(request, f"Linked to {person.full_name}.")
    return redirect("listening:conversation_detail", pk=conversation.pk)


def _create_person(
    request: AuthedRequest, conversation: Conversation, form: NewPersonForm, *, confirm: bool
) -> Person | HttpResponse:
    """A new person from the author, linked to the conversation (one service, one transaction); a
    duplicate re-renders the page offering the people found (and "create anyway" when only the
    name is the same)."""
    data = form.cleaned_data
    handles = []
    if data["handle"] or data["profile_url"]:
        handles.append(
            people_services.HandleData(
                venue_kind=data["venue_kind"], handle=data["handle"].lstrip("@"), profile_url=data["profile_url"]
            )
        )
    person_data = people_services.PersonData(
        first_name=data["first_name"],
        last_name=data["last_name"],
        handles=handles,
        source=Person.Source.LISTENING,
        source_detail=(conversation.url or f"Conversation {conversation.pk}")[:255],
    )
    try:
        return services.conversation_link_new_person(
            actor=request.user, conversation=conversation, data=person_data, allow_same_name=confirm
        )
    except people_services.DuplicatePersonError as e:
        same_name_only = not people_services.find_duplicates(emails=[], handles=person_data.handles)
        return _detail(
            request,
            conversation,
            status=400,
            new_person_form=form,
            create_error=e.message,
            duplicates=e.matches,
            show_confirm=same_name_only,
        )
    except DomainError as e:
        return _detail(request, conversation, status=400, new_person_form=form, create_error=e.message)


# --- the venue ranking ------------------------------------------------------------------------


def _ranking_values(request: HttpRequest) -> tuple[RankingForm, str, int]:
    form = RankingForm(request.GET or None)
    purpose, weeks = form.values()
    return form, purpose, weeks


@triager_required
@require_GET
def ranking(request: AuthedRequest) -> HttpResponse:
    form, purpose, weeks = _ranking_values(request)
    result = selectors.venue_ranking(request.user, purpose=purpose, weeks=weeks)
    query = f"purpose={purpose}&weeks={weeks}"
    return render(
        request,
        "listening/ranking.html",
        {
            "form": form,
            "ranking": result,
            "score_explanation": selectors.SCORE_EXPLANATION,
            "data_url": f"{reverse('listening:ranking_data')}?{query}",
            "purposes": Purpose.choices,
            "spikes": selectors.spikes_for_user(request.user),
            "can_setup": can_set_up(request.user),
        },
    )


@triager_required
@require_GET
def ranking_data(request: AuthedRequest) -> JsonResponse:
    _, purpose, weeks = _ranking_values(request)
    result = selectors.venue_ranking(request.user, purpose=purpose, weeks=weeks)
    return JsonResponse(result.as_json())


urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("conversations/triage/", conversation_triage, name="conversation_triage"),
    path("conversations/assign/", conversation_assign, name="conversation_assign"),
    path("conversations/<int:pk>/", conversation_detail, name="conversation_detail"),
    path("conversations/<int:pk>/link/", conversation_link, name="conversation_link"),
    path("ranking/", ranking, name="ranking"),
    path("ranking/data/", ranking_data, name="ranking_data"),
]
