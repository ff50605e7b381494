"""Candidate profile pages: the ranked list per pilot (with "Find them" links into the listening
inbox), adding, editing (the priority number reorders) and deleting a profile.

Who: HR leads manage (recruiting.access.can_manage); the pilot's contributors read. Anyone else
(managers, contributors in no pilot) gets a 404, as does a profile of a pilot the user does not
work in. A contributor trying to change a profile they can see gets a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.web import AuthedRequest
from core.web import as_pk, delete_page, filter_by, form_status, paginate, submit
from listening.models import Search

from .. import services
from ..access import can_manage, require_work, work_pilots
from ..forms.openings import ProfileFilterForm, ProfileForm
from ..models import CandidateProfile
from ..selectors.openings import visible_profiles
from .common import crumbs


def find_url(search: Search) -> str:
    """The listening inbox filtered to one search, every status (the inbox filters one search at a time)."""
    return f"{reverse('listening:index')}?search={search.pk}&status=all"


def _get_profile(request: AuthedRequest, pk: int, *, manage: bool = False) -> CandidateProfile:
    require_work(request.user)
    profile = (
        CandidateProfile.objects.select_related("pilot").filter(pilot__in=work_pilots(request.user), pk=pk).first()
    )
    if profile is None:
        raise Http404
    if manage and not can_manage(request.user):
        raise PermissionDenied(services.profiles.MSG_MANAGE)
    return profile


@login_required
@require_safe
def profile_list(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    user = request.user
    pilots = work_pilots(user).order_by("name")
    filters = ProfileFilterForm(request.GET or None, pilots=pilots)
    profiles = visible_profiles(user)
    if filters.is_valid():
        profiles = filter_by(profiles, filters.cleaned_data, {"pilot": "pilot"})
    page_obj, query_string = paginate(request, profiles)
    rows = [
        {"profile": p, "finds": [(s, find_url(s)) for s in p.searches.all()], "families": list(p.families.all())}
        for p in page_obj.object_list
    ]
    return render(
        request,
        "recruiting/profile_list.html",
        {
            "filters": filters,
            "filtered": bool(request.GET.get("pilot")),
            "page_obj": page_obj,
            "rows": rows,
            "query_string": query_string,
            "can_manage": can_manage(user),
            "breadcrumbs": crumbs(),
        },
    )


def _form_page(request: AuthedRequest, context: dict[str, Any], form: ProfileForm) -> HttpResponse:
    list_url = reverse("recruiting:profile_list")
    return render(
        request,
        "recruiting/profile_form.html",
        {"form": form, "cancel_url": list_url, "breadcrumbs": crumbs(("Candidate profiles", list_url)), **context},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    user = request.user
    if not can_manage(user):
        raise PermissionDenied(services.profiles.MSG_MANAGE)
    pilots = work_pilots(user).order_by("name")
    pilot_pk = as_pk(request.POST.get("pilot") or request.GET.get("pilot"))
    chosen = pilots.filter(pk=pilot_pk).first() if pilot_pk is not None else None
    form = ProfileForm(
        request.POST or None,
        initial={"pilot": chosen, "priority": 1},
        pilots=pilots,
        families=services.linkable_families(chosen),
        searches=services.linkable_searches(chosen),
    )
    profile = submit(request, form, lambda data: services.profile_create(actor=user, **data))
    if profile is not None:
        messages.success(
            request, f"Profile “{profile.name}” added to {profile.pilot.name}, priority {profile.priority}."
        )
        return redirect(f"{reverse('recruiting:profile_list')}?pilot={profile.pilot_id}")
    return _form_page(request, {"title": "Add a candidate profile", "profile": None}, form)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = _get_profile(request, pk, manage=True)
    initial = {
        "name": profile.name,
        "priority": profile.priority,
        "description": profile.description,
        "families": list(profile.families.all()),
        "searches": list(profile.searches.all()),
    }
    form = ProfileForm(
        request.POST or None,
        initial=initial,
        pilots=work_pilots(request.user),
        families=services.linkable_families(profile.pilot),
        searches=services.linkable_searches(profile.pilot),
        fixed_pilot=True,
    )
    changes = submit(request, form, lambda data: services.profile_update(actor=request.user, profile=profile, **data))
    if changes is not None:
        messages.success(request, f"Profile “{profile.name}” saved." if changes else "Nothing changed.")
        return redirect(f"{reverse('recruiting:profile_list')}?pilot={profile.pilot_id}")
    return _form_page(request, {"title": f"Edit the profile “{profile.name}”", "profile": profile}, form)


@login_required
@require_http_methods(["GET", "POST"])
def profile_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    profile = _get_profile(request, pk, manage=True)
    list_url = reverse("recruiting:profile_list")
    return delete_page(
        request,
        thing=profile,
        delete=lambda: services.profile_delete(actor=request.user, profile=profile),
        done=f"Profile “{profile.name}” deleted; its openings stay, without a profile.",
        list_url=list_url,
        list_label="Candidate profiles",
        template="recruiting/profile_confirm_delete.html",
        kind="candidate profile",
        openings=profile.openings.count(),
    )


urlpatterns: list[URLPattern] = [
    path("profiles/", profile_list, name="profile_list"),
    path("profiles/new/", profile_create, name="profile_create"),
    path("profiles/<int:pk>/edit/", profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/delete/", profile_delete, name="profile_delete"),
]
