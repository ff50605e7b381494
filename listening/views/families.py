"""Keyword family pages (HR leads only): list, create, edit, delete (refused while searches use it)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse

from accounts.access import hr_lead_required
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, delete_page, form_status, paginate, raise_if_forbidden

from .. import selectors, services
from ..access import can_set_up
from ..forms.setup import FamilyForm, TextSearchForm
from ..models import KeywordFamily
from .common import crumbs, families_crumb

# --- keyword families -------------------------------------------------------------------------


@hr_lead_required
def family_list(request: AuthedRequest) -> HttpResponse:
    families = KeywordFamily.objects.select_related("pilot").order_by("name")
    search = TextSearchForm(request.GET or None, label="Name or description contains")
    text = search.text()
    if text:
        families = families.filter(Q(name__icontains=text.lstrip("@")) | Q(description__icontains=text))
    page_obj, query_string = paginate(request, families)
    users = selectors.searches_by_family()
    rows = [{"family": f, "term_count": len(f.terms or []), "searches": users.get(f.name, [])} for f in page_obj]
    return render(
        request,
        "listening/family_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
            "q": text,
            "search": search,
            "can_setup": can_set_up(request.user),
        },
    )


def _family_form_page(request: AuthedRequest, form: FamilyForm, *, family: KeywordFamily | None) -> HttpResponse:
    title = f"Edit @{family.name}" if family else "New keyword family"
    return render(
        request,
        "listening/family_form.html",
        {
            "form": form,
            "family": family,
            "title": title,
            "submit": "Save family" if family else "Create family",
            "cancel_url": reverse("listening:family_list"),
            "breadcrumbs": crumbs(families_crumb()),
            "searches_using": selectors.searches_using_family(family.name) if family else [],
        },
        status=form_status(form),
    )


def _save_family(request: AuthedRequest, form: FamilyForm, family: KeywordFamily | None) -> KeywordFamily | None:
    try:
        return services.family_save(
            actor=request.user,
            family=family,
            name=form.cleaned_data["name"],
            terms=form.terms_list(),
            purpose=form.cleaned_data["purpose"],
            description=form.cleaned_data["description"],
            pilot=form.cleaned_data["pilot"],
        )
    except DomainError as e:
        raise_if_forbidden(e)
        add_domain_error(form, e)
        return None


@hr_lead_required
def family_create(request: AuthedRequest) -> HttpResponse:
    form = FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = _save_family(request, form, None)
        if family is not None:
            messages.success(request, f"Keyword family @{family.name} created.")
            return redirect("listening:family_list")
    return _family_form_page(request, form, family=None)


@hr_lead_required
def family_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    family = get_object_or_404(KeywordFamily, pk=pk)
    initial = {
        "name": family.name,
        "purpose": family.purpose,
        "description": family.description,
        "terms": "\n".join(family.terms or []),
        "pilot": family.pilot_id,
    }
    form = FamilyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save_family(request, form, family)
        if saved is not None:
            messages.success(request, f"Keyword family @{saved.name} saved.")
            return redirect("listening:family_list")
    return _family_form_page(request, form, family=family)


@hr_lead_required
def family_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: confirm (or say which searches still use it). POST: delete, refused while in use."""
    family = get_object_or_404(KeywordFamily, pk=pk)
    return delete_page(
        request,
        thing=family,
        kind="keyword family",
        delete=lambda: services.family_delete(actor=request.user, family=family),
        done=f"Keyword family @{family.name} deleted.",
        list_url=reverse("listening:family_list"),
        list_label="Keyword families",
        template="listening/family_confirm_delete.html",
        searches_using=selectors.searches_using_family(family.name) if request.method != "POST" else [],
    )


urlpatterns: list[URLPattern] = [
    path("families/", family_list, name="family_list"),
    path("families/new/", family_create, name="family_create"),
    path("families/<int:pk>/edit/", family_edit, name="family_edit"),
    path("families/<int:pk>/delete/", family_delete, name="family_delete"),
]
