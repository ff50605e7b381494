"""Signed links alumni use without an account, and the page employees make them on.

- ``ask_link_create`` (employees): for an alumnus they may see and one of their Stage 3 pilots,
  email an "Ask us for help" link (consent required) or show it to copy.
- ``ask`` (public, /bizdev/ask/<token>/): the alumnus picks a kind, writes a title and text →
  an alumni request (via_link) in the link's pilot. One request per link.
- ``respond`` (public, /bizdev/respond/<token>/): the alumnus answers one of our requests that
  was emailed to them. One answer per link.

Expired, tampered and used links get the friendly refused page (core.links).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.links import LinkRefused, link_refused_page, link_used
from core.web import add_domain_error, as_pk, raise_if_forbidden

from ..access import reachable_alumni, require_work, stage_pilots
from ..forms.requests import AskForm, AskLinkForm, RespondForm
from ..navigation import crumbs
from ..services import request_links
from ..services import requests as services


@login_required
@require_http_methods(["GET", "POST"])
def ask_link_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    pilots = stage_pilots(user).order_by("name")
    if not pilots.exists():
        raise Http404
    alumni = reachable_alumni(user).filter(person__erased_at__isnull=True).order_by("person__last_name", "id")
    initial: dict[str, Any] = {}
    if (pk := as_pk(request.GET.get("alumnus"))) is not None:
        initial["alumnus"] = pk
    form = AskLinkForm(request.POST or None, pilots=pilots, alumni=alumni, initial=initial)
    link = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            pilot, alumnus = form.cleaned_data["pilot"], form.cleaned_data["alumnus"]
            try:
                if request.POST.get("action") == "email":
                    request_links.ask_link_send(actor=user, pilot=pilot, alumnus=alumnus)
                    messages.success(
                        request, f"{alumnus.person.full_name} will get an email with a link to ask us for help."
                    )
                else:
                    link = request_links.ask_link_make(actor=user, pilot=pilot, alumnus=alumnus)
                status = 200
            except DomainError as e:
                raise_if_forbidden(e)
                add_domain_error(form, e)
    return render(
        request,
        "bizdev/ask/link.html",
        {"form": form, "link": link, "breadcrumbs": crumbs()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, token: str) -> HttpResponse:
    """The alumnus's "Ask us for help" page (public): GET shows the form, POST records the ask once."""
    try:
        pilot, alumnus = request_links.ask_of_link(token)
        if request.method == "GET" and link_used(token, services.ASK_PURPOSE):
            raise LinkRefused("used")
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = request_links.help_request_create_by_link(token=token, **form.cleaned_data)
        except LinkRefused as refused:
            return link_refused_page(request, refused)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return render(request, "bizdev/ask/thanks.html", {"pilot": pilot, "person": alumnus.person, "ask": created})
    return render(
        request,
        "bizdev/ask/ask.html",
        {"form": form, "pilot": pilot, "person": alumnus.person},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The alumnus's answer page for one of our requests (public): one answer per link."""
    try:
        help_request, alumnus = request_links.request_of_link(token)
        if request.method == "GET" and link_used(token, services.RESPOND_PURPOSE):
            raise LinkRefused("used")
    except LinkRefused as refused:
        return link_refused_page(request, refused)
    form = RespondForm(request.POST or None)
    closed = help_request.status == "closed"
    if request.method == "POST" and form.is_valid():
        try:
            request_links.help_response_add_by_link(token=token, body=form.cleaned_data["body"])
        except LinkRefused as refused:
            return link_refused_page(request, refused)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return render(request, "bizdev/ask/respond_thanks.html", {"person": alumnus.person, "req": help_request})
    return render(
        request,
        "bizdev/ask/respond.html",
        {"form": form, "req": help_request, "person": alumnus.person, "closed": closed},
        status=400 if form.is_bound else 200,
    )


urlpatterns: list[URLPattern] = [
    path("ask-link/", ask_link_create, name="ask_link_create"),
    path("ask/<str:token>/", ask, name="ask"),
    path("respond/<str:token>/", respond, name="request_respond"),
]
