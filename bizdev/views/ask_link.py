"""Stage 3 pages: ask_link (filled by its area)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
