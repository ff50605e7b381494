"""“Log an assist” on a deal or a help request: /bizdev/assists/new/?opportunity=<pk> or
?request=<pk>. The ledger's assist form (person picker, kind of help with its points, direction,
date, note) in the target's pilot, with the people involved offered first; saved through
bizdev.services.assists.assist_log, then back to the deal or request with a message.

Who: whoever may see the target (bizdev.access: HR leads, the contributors of its pilot); anyone
else, managers included, gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import add_domain_error, as_pk, raise_if_forbidden
from metrics.access import can_manage_costs
from metrics.forms.ledger import PICKERS
from metrics.models import AssistDirection

from ..access import get_opportunity, get_request, require_work
from ..forms.assists import TargetAssistForm
from ..models import HelpRequest, Opportunity
from ..navigation import crumbs
from ..services.assists import assist_log


def _target(request: AuthedRequest) -> Opportunity | HelpRequest:
    """The deal or request named in the query string (or the posted form), if the user may see it."""
    params = request.GET
    if (pk := as_pk(params.get("opportunity"))) is not None:
        return get_opportunity(request.user, pk)
    if (pk := as_pk(params.get("request"))) is not None:
        return get_request(request.user, pk)
    raise Http404


def _target_url(target: Opportunity | HelpRequest) -> str:
    if isinstance(target, Opportunity):
        return reverse("bizdev:opportunity_detail", args=[target.pk])
    return reverse("bizdev:request_detail", args=[target.pk])


@login_required
@require_http_methods(["GET", "POST"])
def assist_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    target = _target(request)
    back = _target_url(target)
    status = 200
    if request.method != "POST":
        initial = {"date": timezone.localdate(), "direction": AssistDirection.RECEIVED}
        form = TargetAssistForm(user=user, target=target, initial=initial)
    elif "_lookup" in request.POST:  # the no-JavaScript "Find" button: show matches, save nothing
        searches = {name: str(request.POST.get(f"{name}_search", ""))[:200] for name in PICKERS}
        form = TargetAssistForm(user=user, target=target, initial=request.POST.dict(), searches=searches)
    else:
        form = TargetAssistForm(request.POST, user=user, target=target)
        status = 400
        if form.is_valid():
            try:
                row = assist_log(actor=user, target=target, **form.values())
            except DomainError as e:
                raise_if_forbidden(e)
                add_domain_error(form, e)
            else:
                what = "deal" if isinstance(target, Opportunity) else "request"
                messages.success(
                    request,
                    f"{row.assist_type.name} ({row.points} points) {row.get_direction_display().lower()} "
                    f"logged on this {what}.",
                )
                return redirect(back)
    is_deal = isinstance(target, Opportunity)
    label = target.name if isinstance(target, Opportunity) else target.title
    pairs = [("Opportunities", reverse("bizdev:opportunity_list"))] if is_deal else []
    return render(
        request,
        "bizdev/assists/form.html",
        {
            "form": form,
            "pickers": form.pickers(),
            "target": target,
            "target_label": label,
            "target_kind": "deal" if is_deal else "help request",
            "next_url": "",
            "cancel_url": back,
            "can_edit_scale": can_manage_costs(user),
            "breadcrumbs": crumbs(*pairs, (label, back)),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("assists/new/", assist_create, name="assist_create"),
]
