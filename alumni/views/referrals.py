"""Alumni referral pages: share an opening (or a call for contractors and consultants) with a
segment, the shares and what they brought in, recommendations recorded by hand, and the public
page behind the signed link where an alumnus recommends someone without an account.

Who: HR leads and contributors of a Stage 2 pilot share and record (alumni.selectors.referrals.
can_share); whoever works in a pilot sees its shares and its alumni's recommendations; managers
and outsiders get a 404, as for every page that names alumni.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_http_methods

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.links import LinkRefused, link_refused_page, link_used, read_link, use_link
from core.web import add_domain_error, as_pk, form_status, paginate, submit
from people.models import Person
from programs.services import current_policy
from recruiting.access import visible_candidates
from recruiting.models import JobOpening

from ..access import require_work
from ..forms.referrals import RecommendationFilterForm, RecommendationForm, RecommendForm, ShareForm
from ..models import Alumnus, OpeningShare, ShareChannel
from ..selectors.referrals import (
    can_share,
    email_audience,
    get_share,
    policy_items,
    share_openings,
    share_segments,
    visible_recommendations,
    visible_shares,
)
from ..services import referrals as services


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 2" (the alumni home page, when it exists)."""
    try:
        home = [("Stage 2", reverse("alumni:index"))]
    except NoReverseMatch:
        home = []
    return [*home, *pairs]


def _require_share(user: Any) -> None:
    require_work(user)
    if not can_share(user):
        raise Http404


# --- shares ----------------------------------------------------------------------------------


@login_required
def share_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    page_obj, query_string = paginate(request, visible_shares(user))
    return render(
        request,
        "alumni/referrals/share_list.html",
        {
            "page_obj": page_obj,
            "shares": page_obj.object_list,
            "query_string": query_string,
            "can_share": can_share(user),
            "breadcrumbs": crumbs(),
        },
    )


def _policies(user: Any) -> list[dict[str, Any]]:
    """The sharing policy of each Stage 2 pilot the user may share with, split into the items a
    draft is checked for and the others."""
    pilots = {segment.pilot_id: segment.pilot for segment in share_segments(user)}
    panels = []
    for pilot in pilots.values():
        policy = current_policy(pilot)
        checked, unchecked = policy_items(policy) if policy else ([], [])
        panels.append({"pilot": pilot, "policy": policy, "checked": checked, "unchecked": unchecked})
    return panels


def _share_initial(request: AuthedRequest) -> dict[str, Any]:
    user = request.user
    opening = None
    if (opening_pk := as_pk(request.GET.get("opening"))) is not None:
        opening = share_openings(user).filter(pk=opening_pk).first()
        if opening is None:
            raise Http404
    initial: dict[str, Any] = {"message": services.share_prefill(opening)}
    if opening is not None:
        initial["opening"] = opening.pk
    if (segment_pk := as_pk(request.GET.get("segment"))) is not None:
        initial["segment"] = segment_pk
    if request.GET.get("channel") in ShareChannel.values:
        initial["channel"] = request.GET["channel"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def share_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    _require_share(user)
    form = ShareForm(request.POST or None, initial=_share_initial(request), user=user)

    def save(data: dict[str, Any]) -> OpeningShare:
        return services.share_create(
            actor=user,
            segment=data["segment"],
            channel=data["channel"],
            message=data["message"],
            opening=data["opening"],
            policy_confirmed=data["policy_confirmed"],
        )

    share = submit(request, form, save)
    if share is not None:
        if share.channel == ShareChannel.EMAIL:
            messages.success(request, "Shared: the emails are on their way to the alumni who agreed to hear from us.")
        else:
            messages.success(request, "Draft saved: copy it into the private group.")
        return redirect("alumni:share_detail", pk=share.pk)
    segments = list(share_segments(user))
    return render(
        request,
        "alumni/referrals/share_form.html",
        {
            "form": form,
            "audiences": [(segment, email_audience(segment)) for segment in segments],
            "policies": _policies(user),
            "has_segments": bool(segments),
            "breadcrumbs": crumbs(("Shares", reverse("alumni:share_list"))),
        },
        status=form_status(form),
    )


@login_required
def share_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    share = get_share(user, pk)
    recommendations = list(visible_recommendations(user).filter(share=share))
    services.share_viewed(actor=user, share=share)
    candidate_ids = [r.candidate_id for r in recommendations if r.candidate_id]
    linkable = set(visible_candidates(user).filter(pk__in=candidate_ids).values_list("pk", flat=True))
    policy = current_policy(share.segment.pilot) if share.channel == ShareChannel.GROUP_POST else None
    return render(
        request,
        "alumni/referrals/share_detail.html",
        {
            "share": share,
            "recommendations": recommendations,
            "linkable": linkable,
            "policy": policy,
            "policy_items": policy_items(policy) if policy else ([], []),
            "can_share": can_share(user),
            "breadcrumbs": crumbs(("Shares", reverse("alumni:share_list"))),
        },
    )


# --- recommendations -------------------------------------------------------------------------


def _filtered(user: Any, form: RecommendationFilterForm) -> Any:
    qs = visible_recommendations(user)
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["kind"]:
        qs = qs.filter(kind=data["kind"])
    if data["opening"]:
        qs = qs.filter(opening=data["opening"])
    if data["alumnus"].strip():
        qs = qs.filter(alumnus__person__in=Person.objects.search(data["alumnus"]))
    if data["date_from"]:
        qs = qs.filter(created_at__date__gte=data["date_from"])
    if data["date_to"]:
        qs = qs.filter(created_at__date__lte=data["date_to"])
    return qs


@login_required
def recommendation_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    filters = RecommendationFilterForm(request.GET or None, user=user)
    qs = _filtered(user, filters).select_related("candidate__hire__win", "candidate__opening")
    page_obj, query_string = paginate(request, qs)
    services.recommendations_listed(
        actor=user, data={"filters": dict(request.GET.items()), "rows": page_obj.paginator.count, "via": "page"}
    )
    rows = list(page_obj.object_list)
    ids = [r.candidate_id for r in rows if r.candidate_id]
    linkable = set(visible_candidates(user).filter(pk__in=ids).values_list("pk", flat=True))
    return render(
        request,
        "alumni/referrals/recommendation_list.html",
        {
            "page_obj": page_obj,
            "recommendations": rows,
            "query_string": query_string,
            "filters": filters,
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "linkable": linkable,
            "can_share": can_share(user),
            "breadcrumbs": crumbs(),
        },
    )


def _recommendation_initial(request: AuthedRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for name in ("alumnus", "opening"):
        if (pk := as_pk(request.GET.get(name))) is not None:
            initial[name] = pk
    if "opening" not in initial and request.GET.get("kind") in ("contractor", "consultant"):
        initial["kind"] = request.GET["kind"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    _require_share(user)
    form = RecommendationForm(request.POST or None, initial=_recommendation_initial(request), user=user)

    def save(data: dict[str, Any]) -> services.RecommendationResult:
        return services.recommendation_create(
            actor=user,
            alumnus=data["alumnus"],
            kind=data["kind"],
            why=data["why"],
            recommended=form.recommended(),
            opening=data["opening"],
            allow_same_name=data["allow_same_name"],
        )

    result = submit(request, form, save)
    if result is not None:
        rec = result.recommendation
        note = (
            " They were already a candidate for it: the recommendation is linked there."
            if result.already_candidate
            else ""
        )
        messages.success(
            request, f"Recommendation recorded: {rec.person.full_name}, recommended by {rec.alumnus}.{note}"
        )
        return redirect("alumni:recommendation_list")
    return render(
        request,
        "alumni/referrals/recommendation_form.html",
        {"form": form, "breadcrumbs": crumbs(("Recommendations", reverse("alumni:recommendation_list")))},
        status=form_status(form),
    )


# --- the public page behind the signed link --------------------------------------------------


def _link_objects(token: str) -> tuple[OpeningShare, Alumnus]:
    """The share and alumnus a valid link names; LinkRefused("invalid") when either is gone,
    "used" once a recommendation was sent with it (the thank-you page offers a fresh link)."""
    payload = read_link(token, services.LINK_PURPOSE)
    if link_used(token, services.LINK_PURPOSE):
        raise LinkRefused("used")
    share_pk, alumnus_pk = as_pk(payload.get("s")), as_pk(payload.get("a"))
    if share_pk is None or alumnus_pk is None:
        raise LinkRefused("invalid")
    share = (
        OpeningShare.objects.select_related("opening", "segment", "segment__pilot", "shared_by")
        .filter(pk=share_pk)
        .first()
    )
    alumnus = Alumnus.objects.select_related("person").filter(pk=alumnus_pk).first()
    if share is None or alumnus is None or alumnus.person.erased_at is not None:
        raise LinkRefused("invalid")
    return share, alumnus


def _recommend_page(
    request: HttpRequest, share: OpeningShare, form: RecommendForm | None, *, status: int = 200, **extra: Any
) -> HttpResponse:
    opening: JobOpening | None = share.opening
    context = {"share": share, "opening": opening, "form": form, "pilot": share.segment.pilot, **extra}
    return render(request, "alumni/referrals/recommend.html", context, status=status)


@require_http_methods(["GET", "POST"])
def recommend(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the signed link is the key. GET reads the link (as often as wanted); a valid POST
    uses it once and records the recommendation in the same transaction."""
    try:
        share, alumnus = _link_objects(token)
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    if services.share_closed(share):
        return _recommend_page(request, share, None, status=410, closed=services.MSG_CLOSED)
    form = RecommendForm(request.POST or None, for_opening=share.opening is not None)
    if request.method != "POST":
        return _recommend_page(request, share, form)
    if not form.is_valid():
        return _recommend_page(request, share, form, status=400)
    try:
        with transaction.atomic():
            use_link(token, services.LINK_PURPOSE)
            result = services.recommendation_create_by_link(
                share=share,
                alumnus=alumnus,
                kind=form.chosen_kind(),
                why=form.cleaned_data["why"],
                recommended=form.recommended(),
            )
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    except DomainError as error:  # nothing written: the link stays unused
        add_domain_error(form, error)
        return _recommend_page(request, share, form, status=400)
    again = reverse("alumni:recommend", args=[services.recommend_token(share, alumnus, nonce=get_random_string(8))])
    return render(
        request,
        "alumni/referrals/recommend_thanks.html",
        {"share": share, "opening": share.opening, "result": result, "again_url": again},
    )


urlpatterns: list[URLPattern] = [
    path("shares/", share_list, name="share_list"),
    path("shares/new/", share_create, name="share_create"),
    path("shares/<int:pk>/", share_detail, name="share_detail"),
    path("recommendations/", recommendation_list, name="recommendation_list"),
    path("recommendations/new/", recommendation_create, name="recommendation_create"),
    path("recommend/<str:token>/", recommend, name="recommend"),
]
