"""Stage 2 pages: coaching (filled in by its area)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
