"""Referral pages: the one short form a contributor refers someone with (who, which opening, why),
and the HR lead's thank-you (POST from the candidate's page).

Who: HR leads and contributors in a pilot refer (recruiting.access.can_work), for their pilots'
emerging and open openings; only HR leads thank (recruiting.services.referral_thank).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, form_status, raise_if_forbidden, safe_next, submit
from metrics.forms.ledger import PickerError
from people.services import DuplicatePersonError

from .. import services
from ..access import require_work, visible_candidates
from ..forms.candidates import ReferralForm, ThankForm, open_openings
from ..models import Referral
from .candidates import keep_error, looking_up, people_picker
from .common import crumbs

PICKER_HELP = "Someone already in the directory: type part of their name, then pick them."


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    picker = people_picker(
        request, label="Who", help=PICKER_HELP, required=False, nobody="Someone new: give their details below"
    )
    initial: dict[str, Any] = {}
    if (opening_pk := as_pk(request.GET.get("opening"))) is not None:
        initial["opening"] = opening_pk
    elif len(only := list(open_openings(user)[:2])) == 1:
        initial["opening"] = only[0].pk
    if looking_up(request):
        form = ReferralForm(initial={**initial, **request.POST.dict()}, user=user)
    else:
        form = ReferralForm(request.POST or None, initial=initial, user=user)
    caught: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> Referral:
        person = data["person"]
        return services.referral_create(
            actor=user,
            opening=data["opening"],
            why=data["why"],
            person=person,
            new_person=None if person is not None else form.new_person(),
            allow_same_name=data["confirm"],
        )

    referral = None if looking_up(request) else submit(request, form, keep_error(caught, save))
    if referral is not None:
        candidate = referral.candidate
        messages.success(
            request,
            f"Thank you: {candidate.person.full_name} is referred for “{candidate.opening.title}”. "
            "You can follow what becomes of it on your recruiting page.",
        )
        return redirect(safe_next(request) or reverse("recruiting:candidate_detail", args=[candidate.pk]))
    error = caught.get("error")
    if form.is_bound and not looking_up(request):
        picker.errors = [PickerError(str(e)) for e in form.errors.get("person", [])]
    return render(
        request,
        "recruiting/referral_form.html",
        {
            "form": form,
            "picker": picker,
            "has_openings": open_openings(user).exists(),
            "existing": error.candidate if isinstance(error, services.DuplicateCandidateError) else None,
            "duplicates": error.matches if isinstance(error, DuplicatePersonError) else [],
            "show_confirm": isinstance(error, DuplicatePersonError) and not error.matches,
            "next_url": safe_next(request),
            "breadcrumbs": crumbs(),
        },
        status=200 if looking_up(request) else form_status(form),
    )


@login_required
@require_POST
def referral_thank(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    referral = (
        Referral.objects.select_related("candidate", "candidate__person", "candidate__opening", "referrer")
        .filter(pk=pk, candidate__in=visible_candidates(user).values("pk"))
        .first()
    )
    if referral is None:
        raise Http404
    back = safe_next(request) or reverse("recruiting:candidate_detail", args=[referral.candidate_id])
    form = ThankForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(back)
    try:
        services.referral_thank(actor=user, referral=referral, note=form.cleaned_data["note"])
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
        return redirect(back)
    who = referral.referrer or "The referrer"
    messages.success(request, f"Thank-you recorded; {who} will get it by email.")
    return redirect(back)


urlpatterns: list[URLPattern] = [
    path("referrals/new/", referral_create, name="referral_create"),
    path("referrals/<int:pk>/thank/", referral_thank, name="referral_thank"),
]
