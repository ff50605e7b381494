"""Listening pages, mounted at /listening/. Each area's module declares its own urlpatterns."""

from __future__ import annotations

from .views import inbox, setup

app_name = "listening"

urlpatterns = [*inbox.urlpatterns, *setup.urlpatterns]
