"""Listening pages, mounted at /listening/. Each area's module declares its own urlpatterns."""

from __future__ import annotations

from .views import families, inbox, runs, searches, sources

app_name = "listening"

urlpatterns = [
    *inbox.urlpatterns,
    *families.urlpatterns,
    *searches.urlpatterns,
    *runs.urlpatterns,
    *sources.urlpatterns,
]
