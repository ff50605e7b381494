"""The competitors page: the companies marked competitor of the firm, and the prospect ↔
competitor pairs the conflict-of-interest rule reads, with add and remove.

Who: HR leads only (bizdev.access.can_manage); anyone else gets a 404. Rules are in
bizdev.services.competitors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import paginate, raise_if_forbidden, submit
from people.models import Company

from ..access import can_manage
from ..forms.competitors import CompetitorPairForm
from ..models import ProspectCompetitor
from ..navigation import crumbs
from ..selectors.competitors import competitor_pairs, firm_competitors
from ..services import competitors as services


def _require_manager(user: User) -> None:
    if not can_manage(user):
        raise Http404


def _company_urls(companies: list[Company]) -> dict[int, str]:
    return {c.pk: reverse("people:company_detail", args=[c.pk]) for c in companies}


@login_required
@require_http_methods(["GET", "POST"])
def competitor_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    _require_manager(user)
    form = CompetitorPairForm(request.POST or None, companies=Company.objects.order_by("name", "id").only("id", "name"))
    pair = submit(request, form, lambda data: services.competitor_pair_add(actor=user, **data))
    if pair is not None:
        messages.success(request, f"{pair.competitor.name} listed as a competitor of {pair.prospect.name}.")
        return redirect("bizdev:competitor_list")
    page_obj, query_string = paginate(request, competitor_pairs())
    firm = list(firm_competitors()[:200])
    urls = _company_urls(firm)
    return render(
        request,
        "bizdev/competitors/list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "pairs": page_obj.object_list,
            "query_string": query_string,
            "firm_competitors": [(c, urls.get(c.pk, "")) for c in firm],
            "breadcrumbs": crumbs(),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def competitor_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_manager(user)
    pair = get_object_or_404(ProspectCompetitor.objects.select_related("prospect", "competitor"), pk=pk)
    try:
        services.competitor_pair_remove(actor=user, pair=pair)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"{pair.competitor.name} is no longer listed as a competitor of {pair.prospect.name}."
        )
    return redirect("bizdev:competitor_list")


urlpatterns: list[URLPattern] = [
    path("competitors/", competitor_list, name="competitor_list"),
    path("competitors/<int:pk>/remove/", competitor_remove, name="competitor_remove"),
]
