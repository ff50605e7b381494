"""Alumni (Stage 2) pages, mounted at /alumni/. Each area's module declares its own urlpatterns."""

from __future__ import annotations

from .views import coaching, directory, events, home, imports, introductions, outplacement, referrals, segments, surveys

app_name = "alumni"

urlpatterns = [
    *home.urlpatterns,
    *directory.urlpatterns,
    *segments.urlpatterns,
    *imports.urlpatterns,
    *introductions.urlpatterns,
    *referrals.urlpatterns,
    *events.urlpatterns,
    *outplacement.urlpatterns,
    *coaching.urlpatterns,
    *surveys.urlpatterns,
]
