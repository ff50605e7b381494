"""Reference conversation pages: the searchable list, add (optionally from a harvested
conversation: ``?conversation=<pk>`` prefills the form when the user may see it), detail with the
help requests that cite it, edit and delete.

Who: HR leads and contributors in a pilot (bizdev.access.require_work; a manager or outsider gets
a 404, another pilot's reference is a 404). Editing and deleting are for HR leads and whoever added
the reference (others: 403). Rules are in bizdev.services.references.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, form_status, paginate, submit
from listening.access import visible_conversations
from listening.models import Conversation

from ..access import get_reference, require_work, stage_pilots
from ..forms.references import ReferenceFilterForm, ReferenceForm
from ..models import ReferenceConversation
from ..navigation import crumbs
from ..selectors.references import (
    citing_requests,
    filter_references,
    reference_client_kinds,
    reference_row,
    reference_topics,
    search_references,
)
from ..services import references as services
from ..services.references import can_change_reference

MSG_CONVERSATION_HIDDEN = "That conversation is not one you may see: fill in the reference yourself."


def _crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 3" and the reference list."""
    return crumbs(("Reference conversations", reverse("bizdev:reference_list")), *pairs)


@login_required
@require_safe
def reference_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = stage_pilots(user).order_by("name")
    filters = ReferenceFilterForm(
        request.GET or None, pilots=pilots, topics=reference_topics(user), client_kinds=reference_client_kinds(user)
    )
    filtered = any(request.GET.get(name) for name in filters.fields)
    if filters.is_valid():
        data = filters.cleaned_data
        references = filter_references(
            user, q=data["q"], pilot=data["pilot"], topic=data["topic"], client_kind=data["client_kind"]
        )
    elif filtered:
        references = search_references(user).none()
    else:
        references = search_references(user)
    page_obj, query_string = paginate(request, references.select_related("pilot", "created_by"))
    return render(
        request,
        "bizdev/references/list.html",
        {
            "filters": filters,
            "filtered": filtered,
            "page_obj": page_obj,
            "rows": [reference_row(r) for r in page_obj.object_list],
            "query_string": query_string,
            "can_create": pilots.exists(),
            "breadcrumbs": _crumbs()[:-1],
        },
    )


def _form(
    request: AuthedRequest, initial: dict[str, Any], reference: ReferenceConversation | None = None
) -> ReferenceForm:
    user = request.user
    conversations = visible_conversations(user)
    if reference is not None and reference.conversation_id:
        # The conversation it came from stays valid on edit, even if the user no longer sees it.
        conversations = Conversation.objects.filter(
            Q(pk__in=conversations.values("pk")) | Q(pk=reference.conversation_id)
        )
    return ReferenceForm(
        request.POST or None,
        pilots=stage_pilots(user).order_by("name"),
        conversations=conversations,
        initial=initial,
    )


def _form_page(request: AuthedRequest, form: ReferenceForm, *, reference: ReferenceConversation | None) -> HttpResponse:
    title = f"Edit “{reference.title}”" if reference else "Add a reference conversation"
    cancel = reverse("bizdev:reference_detail", args=[reference.pk]) if reference else reverse("bizdev:reference_list")
    return render(
        request,
        "bizdev/references/form.html",
        {
            "form": form,
            "title": title,
            "reference": reference,
            "cancel_url": cancel,
            "breadcrumbs": _crumbs(),
        },
        status=form_status(form),
    )


def _conversation_initial(request: AuthedRequest) -> dict[str, Any]:
    """The form's prefill from ``?conversation=<pk>``, when the user may see that conversation."""
    if "conversation" not in request.GET:
        return {}
    pk = as_pk(request.GET.get("conversation"))
    conversation: Conversation | None = (
        visible_conversations(request.user).filter(pk=pk).first() if pk is not None else None
    )
    if conversation is None:
        messages.warning(request, MSG_CONVERSATION_HIDDEN)
        return {}
    return services.initial_from_conversation(conversation)


@login_required
@require_http_methods(["GET", "POST"])
def reference_create(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    pilots = list(stage_pilots(request.user)[:2])
    if not pilots:
        raise Http404
    initial: dict[str, Any] = {"pilot": pilots[0].pk} if len(pilots) == 1 else {}
    if request.method == "GET":
        initial.update(_conversation_initial(request))
    form = _form(request, initial)
    reference = submit(request, form, lambda data: services.reference_create(actor=request.user, **data))
    if reference is not None:
        messages.success(request, f"“{reference.title}” added: cite it in your requests to alumni.")
        return redirect("bizdev:reference_detail", pk=reference.pk)
    return _form_page(request, form, reference=None)


@login_required
@require_safe
def reference_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    reference = get_reference(user, pk)
    citing = [(r, reverse("bizdev:request_detail", args=[r.pk])) for r in citing_requests(user, reference)]
    conversation_url = ""
    if reference.conversation_id and visible_conversations(user).filter(pk=reference.conversation_id).exists():
        conversation_url = reverse("listening:conversation_detail", args=[reference.conversation_id])
    return render(
        request,
        "bizdev/references/detail.html",
        {
            "row": reference_row(reference),
            "reference": reference,
            "citing": citing,
            "conversation_url": conversation_url,
            "can_change": can_change_reference(user, reference),
            "breadcrumbs": _crumbs(),
        },
    )


def _changeable(request: AuthedRequest, pk: int) -> ReferenceConversation:
    require_work(request.user)
    reference = get_reference(request.user, pk)
    if not can_change_reference(request.user, reference):
        raise PermissionDenied(services.MSG_CHANGE)
    return reference


@login_required
@require_http_methods(["GET", "POST"])
def reference_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    reference = _changeable(request, pk)
    form = _form(request, ReferenceForm.initial_for(reference), reference)
    changed = submit(
        request, form, lambda data: services.reference_update(actor=request.user, reference=reference, **data)
    )
    if changed is not None:
        messages.success(request, "Reference saved." if changed else "Nothing changed.")
        return redirect("bizdev:reference_detail", pk=reference.pk)
    return _form_page(request, form, reference=reference)


@login_required
@require_http_methods(["GET", "POST"])
def reference_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    reference = _changeable(request, pk)
    detail = reverse("bizdev:reference_detail", args=[reference.pk])
    return delete_page(
        request,
        thing=reference,
        delete=lambda: services.reference_delete(actor=request.user, reference=reference),
        done=f"“{reference.title}” deleted; the requests that cited it stay.",
        template="bizdev/references/confirm_delete.html",
        list_url=reverse("bizdev:reference_list"),
        list_label="Reference conversations",
        refused_url=detail,
        cancel_url=detail,
        kind="reference conversation",
        cited=reference.help_requests.count(),
    )


urlpatterns: list[URLPattern] = [
    path("references/", reference_list, name="reference_list"),
    path("references/new/", reference_create, name="reference_create"),
    path("references/<int:pk>/", reference_detail, name="reference_detail"),
    path("references/<int:pk>/edit/", reference_edit, name="reference_edit"),
    path("references/<int:pk>/delete/", reference_delete, name="reference_delete"),
]
