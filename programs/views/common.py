"""What the programs pages share: the one-form page, the pilot breadcrumbs and anchors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..models import Pilot


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    breadcrumbs: list[tuple[str, str]] | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "title": title,
        "submit": submit,
        "cancel_url": cancel_url,
        "intro": intro,
        "breadcrumbs": breadcrumbs or [],
        **(extra or {}),
    }
    return render(request, "programs/form_page.html", context, status=status)


def pilot_crumbs(pilot: Pilot) -> list[tuple[str, str]]:
    return [("Pilots", reverse("programs:pilot_list")), (pilot.name, reverse("programs:pilot_detail", args=[pilot.pk]))]


def detail_url(pilot_id: int, anchor: str = "") -> str:
    url = reverse("programs:pilot_detail", args=[pilot_id])
    return f"{url}#{anchor}" if anchor else url
