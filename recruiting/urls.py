"""Recruiting (Stage 1) pages, mounted at /recruiting/. Each area's module declares its own urlpatterns."""

from __future__ import annotations

from .views import candidates, home, interviews, openings, posts, profiles, referrals, videos

app_name = "recruiting"

urlpatterns = [
    *home.urlpatterns,
    *profiles.urlpatterns,
    *openings.urlpatterns,
    *candidates.urlpatterns,
    *referrals.urlpatterns,
    *posts.urlpatterns,
    *interviews.urlpatterns,
    *videos.urlpatterns,
]
