"""Shared-post pages: the list (filters, engagement totals), logging, correcting and deleting a
post, its page with the responses (and the form to add one), the engagement upload (CSV), and
"What resonates" with its CSV.

Who: the post pages name the people who responded, so they are for HR leads and the pilots'
contributors (recruiting.access.work_pilots); anyone else, managers included, gets a 404, as does a
post of a pilot the user does not work in. A contributor corrects only the posts they logged
(403 on the others). "What resonates" holds counts only (kinds of content and venues, no names):
whoever may read the pilot's figures reads it (recruiting.access.figure_pilots), managers of the
sponsor included.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet, Sum
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import delete_page, filter_by, form_status, link_url, paginate, raise_if_forbidden, safe_next, submit
from metrics.exports import csv_response
from metrics.forms.hires import PERSON_MATCHES, PersonSearchForm
from metrics.forms.ledger import picked_object, picker_matches
from people.access import can_use_directory
from people.models import Person

from .. import services
from ..access import (
    can_edit_post,
    can_read_resonance,
    can_work,
    figure_pilots,
    get_post,
    require_work,
    visible_posts,
    work_pilots,
)
from ..forms.posts import EngagementUploadForm, PostFilterForm, PostForm, ResonanceFilterForm, ResponseForm
from ..models import CandidateProfile, JobOpening, PostResponse, SharedPost, engagement_of
from ..selectors.resonance import (
    HIGH_PRIORITY_DEFINITION,
    MIN_POSTS,
    Resonance,
    ResonanceRow,
    chart_bars,
    default_range,
    resonance,
)
from ..services.posts import COUNTS, MAX_COUNT, MSG_DELETE_RESPONSE, MSG_EDIT_OWN
from .common import crumbs

FILTERS = ("pilot", "kind", "venue", "date_from", "date_to", "mine")
LOOKUPS = {
    "pilot": "pilot",
    "kind": "kind",
    "venue": "venue",
    "date_from": "shared_on__gte",
    "date_to": "shared_on__lte",
}
ENGAGEMENT = F("likes") + F("comments") + F("shares") + F("clicks")
UPLOAD_EXAMPLE = "post_id,likes,comments,shares,clicks\n12,48,6,3,120\n15,17,2,0,35\n"
UPLOAD_EXAMPLE_URL = "url,likes,comments,shares,clicks\nhttps://www.linkedin.com/posts/ann-streaming,48,6,3,120\n"


def _posts_crumb() -> tuple[str, str]:
    return ("Shared posts", reverse("recruiting:post_list"))


def _post_for_edit(user: User, pk: int) -> SharedPost:
    post = get_post(user, pk)
    if not can_edit_post(user, post):
        raise PermissionDenied(MSG_EDIT_OWN)
    return post


def _filtered_posts(request: AuthedRequest) -> tuple[PostFilterForm, QuerySet[SharedPost]]:
    user = request.user
    filters = PostFilterForm(request.GET or None, pilots=work_pilots(user).order_by("name"))
    posts = visible_posts(user)
    if filters.is_valid():
        posts = filter_by(posts, filters.cleaned_data, LOOKUPS)
        if filters.cleaned_data["mine"]:
            posts = posts.filter(author=user)
    return filters, posts


@login_required
@require_safe
def post_list(request: AuthedRequest) -> HttpResponse:
    require_work(request.user)
    filters, posts = _filtered_posts(request)
    totals = posts.aggregate(n=Count("id"), engagement=Sum(ENGAGEMENT), **{name: Sum(name) for name in COUNTS})
    rows = posts.annotate(engagement=ENGAGEMENT, n_responses=Count("responses")).order_by("-shared_on", "-id")
    page_obj, query_string = paginate(request, rows)
    return render(
        request,
        "recruiting/post_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "posts": page_obj.object_list,
            "query_string": query_string,
            "totals": totals,
            "filtered": any(request.GET.get(name) for name in FILTERS),
            "breadcrumbs": crumbs(),
        },
    )


def _open_openings(user: User) -> QuerySet[JobOpening]:
    active = (JobOpening.Status.EMERGING, JobOpening.Status.OPEN)
    return JobOpening.objects.filter(pilot__in=work_pilots(user), status__in=active).select_related("pilot")


def _post_form_page(request: AuthedRequest, context: dict[str, Any], form: PostForm) -> HttpResponse:
    context = {"form": form, "max_count": MAX_COUNT, **context}
    return render(request, "recruiting/post_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = work_pilots(user).order_by("name")
    initial: dict[str, Any] = {"shared_on": timezone.localdate(), **{name: 0 for name in COUNTS}}
    pilot_list = list(pilots[:2])
    if len(pilot_list) == 1:
        initial["pilot"] = pilot_list[0]
    form = PostForm(request.POST or None, initial=initial, pilots=pilots, openings=_open_openings(user))
    post = submit(request, form, lambda data: services.post_record(actor=user, **data))
    if post is not None:
        messages.success(request, f"Post logged: “{post.summary}”. Add the people who respond to it on its page.")
        return redirect(safe_next(request) or reverse("recruiting:post_detail", args=[post.pk]))
    context = {
        "title": "Log a shared post",
        "post": None,
        "next": safe_next(request),
        "cancel_url": safe_next(request) or reverse("recruiting:post_list"),
        "breadcrumbs": crumbs(_posts_crumb()),
    }
    return _post_form_page(request, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    post = _post_for_edit(user, pk)
    initial = {name: getattr(post, name) for name in (*PostForm.DETAILS, *COUNTS)}
    pilots = work_pilots(user).order_by("name")
    form = PostForm(request.POST or None, initial=initial, pilots=pilots, openings=_open_openings(user))
    if submit(request, form, lambda data: services.post_update(actor=user, post=post, **data)) is not None:
        messages.success(request, "Post saved.")
        return redirect("recruiting:post_detail", pk=post.pk)
    detail_url = reverse("recruiting:post_detail", args=[post.pk])
    context = {
        "title": "Edit the shared post",
        "post": post,
        "cancel_url": detail_url,
        "breadcrumbs": crumbs(_posts_crumb(), (str(post), detail_url)),
    }
    return _post_form_page(request, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    post = _post_for_edit(request.user, pk)
    detail_url = reverse("recruiting:post_detail", args=[post.pk])
    return delete_page(
        request,
        thing=post,
        delete=lambda: services.post_delete(actor=request.user, post=post),
        done=f"The post “{post.summary}” was deleted.",
        list_url=reverse("recruiting:post_list"),
        list_label="Shared posts",
        template="recruiting/post_confirm_delete.html",
        refused_url=detail_url,
        cancel_url=detail_url,
        responses=post.responses.count(),
    )


def _response_matches(request: AuthedRequest) -> tuple[PersonSearchForm, list[Person]]:
    """The person search and the people it lists (the one already chosen first)."""
    search = PersonSearchForm(request.GET)
    if not can_use_directory(request.user):
        return search, []
    wanted = picked_object("person", request.POST.get("person") or request.GET.get("person"))
    chosen = [wanted] if isinstance(wanted, Person) else []
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    matches, _more = picker_matches("person", q.strip(), picked=chosen, limit=PERSON_MATCHES)
    return search, matches


def _response_form(request: AuthedRequest, post: SharedPost, matches: list[Person]) -> ResponseForm:
    return ResponseForm(
        request.POST or None,
        initial={"responded_on": timezone.localdate()},
        profiles=CandidateProfile.objects.filter(pilot=post.pilot_id),
        matches=matches,
    )


def _detail_context(request: AuthedRequest, post: SharedPost) -> dict[str, Any]:
    user = request.user
    responses = list(post.responses.select_related("person", "profile", "created_by"))
    return {
        "post": post,
        "link": link_url(post.url),
        "engagement": engagement_of(post),
        "responses": services.responses_deletable(user, post, responses),
        "can_edit": can_edit_post(user, post),
        "can_see_person": can_use_directory(user),
        "breadcrumbs": crumbs(_posts_crumb()),
    }


@login_required
@require_safe
def post_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    post = get_post(request.user, pk)
    search, matches = _response_matches(request)
    context = _detail_context(request, post)
    context.update(search=search, form=_response_form(request, post, matches))
    return render(request, "recruiting/post_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def response_create(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record who responded to a post; a refused or invalid form is shown again with its errors."""
    user = request.user
    post = get_post(user, pk)
    search, matches = _response_matches(request)
    form = _response_form(request, post, matches)
    response = submit(request, form, lambda _: services.response_record(actor=user, post=post, **form.values()))
    if response is not None:
        messages.success(request, f"Response of {response.person} recorded.")
        return redirect("recruiting:post_detail", pk=post.pk)
    detail_url = reverse("recruiting:post_detail", args=[post.pk])
    context = {
        "post": post,
        "form": form,
        "search": search,
        "cancel_url": detail_url,
        "breadcrumbs": crumbs(_posts_crumb(), (str(post), detail_url)),
    }
    return render(request, "recruiting/response_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def response_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    try:
        response = (
            PostResponse.objects.filter(post__in=visible_posts(user).values("pk"))
            .select_related("post__pilot", "person")
            .get(pk=pk)
        )
    except PostResponse.DoesNotExist as exc:
        raise Http404 from exc
    if not services.can_delete_response(user, response):
        raise PermissionDenied(MSG_DELETE_RESPONSE)
    detail_url = reverse("recruiting:post_detail", args=[response.post_id])
    return delete_page(
        request,
        thing=response,
        delete=lambda: services.response_delete(actor=user, response=response),
        done=f"The response of {response.person} was deleted.",
        list_url=detail_url,
        list_label=str(response.post),
        template="recruiting/response_confirm_delete.html",
        cancel_url=detail_url,
        label=f"the response of {response.person}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_upload(request: AuthedRequest) -> HttpResponse:
    """Set posts' counts from a CSV: every row checked first; one bad row refuses the file."""
    user = request.user
    require_work(user)
    form = EngagementUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.post_engagement_upload(
                actor=user, data=upload.read(), filename=upload.name or "", now=timezone.now()
            )
        except DomainError as e:
            raise_if_forbidden(e)
            summary = getattr(e, "summary", e.message)
            problems = list(getattr(e, "problems", []))
            form.add_error("file", summary)
        else:
            messages.success(
                request,
                f"Engagement updated for {result.updated} post{'s' if result.updated != 1 else ''} "
                f"({result.rows} row{'s' if result.rows != 1 else ''} read, {result.unchanged} already up to date).",
            )
            return redirect("recruiting:post_list")
    context = {
        "form": form,
        "problems": problems,
        "example": UPLOAD_EXAMPLE,
        "example_url": UPLOAD_EXAMPLE_URL,
        "max_count": MAX_COUNT,
        "breadcrumbs": crumbs(_posts_crumb()),
    }
    return render(request, "recruiting/post_upload.html", context, status=form_status(form))


def _resonance(request: AuthedRequest) -> tuple[ResonanceFilterForm, Resonance]:
    user = request.user
    if not can_read_resonance(user):
        raise Http404
    pilots = figure_pilots(user).order_by("name")
    start, end = default_range(timezone.localdate())
    filters = ResonanceFilterForm(request.GET or None, pilots=pilots, initial={"date_from": start, "date_to": end})
    chosen: Any = pilots
    if filters.is_valid():
        data = filters.cleaned_data
        start, end = data.get("date_from") or start, data.get("date_to") or end
        if end < start:
            start = end
        if data.get("pilot") is not None:
            chosen = [data["pilot"]]
    return filters, resonance(pilots=chosen, start=start, end=end)


@login_required
@require_safe
def resonance_page(request: AuthedRequest) -> HttpResponse:
    filters, figures = _resonance(request)
    return render(
        request,
        "recruiting/resonance.html",
        {
            "filters": filters,
            "figures": figures,
            "kind_bars": chart_bars(figures.by_kind),
            "venue_bars": chart_bars(figures.by_venue),
            "definition": HIGH_PRIORITY_DEFINITION,
            "min_posts": MIN_POSTS,
            "filtered": any(request.GET.get(name) for name in ("pilot", "date_from", "date_to")),
            "can_log": can_work(request.user),
            "breadcrumbs": crumbs(),
        },
    )


RESONANCE_HEADER = [
    "Grouped by",
    "Kind or venue",
    "Posts",
    "Likes",
    "Comments",
    "Shares",
    "Clicks",
    "Engagement",
    "Engagement per post",
    "Responses",
    "High-priority responses",
    "Responses per post",
    "Too few posts to conclude",
]


def _csv_line(group: str, row: ResonanceRow) -> list[Any]:
    per_post = [str(v) if v is not None else "" for v in (row.avg_engagement, row.responses_per_post)]
    counts = [row.posts, row.likes, row.comments, row.shares, row.clicks, row.engagement]
    return [group, row.label, *counts, per_post[0], row.responses, row.top_responses, per_post[1], row.too_few]


@login_required
@require_safe
def resonance_csv(request: AuthedRequest) -> StreamingHttpResponse:
    """The table of "What resonates" as CSV. Not audited: it holds counts, no names."""
    _filters, figures = _resonance(request)
    lines = [
        *(_csv_line("Kind of content", row) for row in figures.by_kind),
        *(_csv_line("Venue", row) for row in figures.by_venue),
        _csv_line("All", figures.total),
    ]
    name = f"what-resonates-{figures.start.isoformat()}-{figures.end.isoformat()}.csv"
    return csv_response(name, RESONANCE_HEADER, lines)


urlpatterns: list[URLPattern] = [
    path("posts/", post_list, name="post_list"),
    path("posts/new/", post_create, name="post_create"),
    path("posts/upload/", post_upload, name="post_upload"),
    path("posts/<int:pk>/", post_detail, name="post_detail"),
    path("posts/<int:pk>/edit/", post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", post_delete, name="post_delete"),
    path("posts/<int:pk>/responses/new/", response_create, name="response_create"),
    path("responses/<int:pk>/delete/", response_delete, name="response_delete"),
    path("resonance/", resonance_page, name="resonance"),
    path("resonance.csv", resonance_csv, name="resonance_csv"),
]
