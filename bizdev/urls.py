"""Business development (Stage 3) pages, mounted at /bizdev/. Each area's module declares its own
urlpatterns."""

from __future__ import annotations

from .views import ask_link, assists, competitors, guardrails, home, opportunities, references, requests, velocity

app_name = "bizdev"

urlpatterns = [
    *home.urlpatterns,
    *opportunities.urlpatterns,
    *assists.urlpatterns,
    *competitors.urlpatterns,
    *requests.urlpatterns,
    *ask_link.urlpatterns,
    *guardrails.urlpatterns,
    *references.urlpatterns,
    *velocity.urlpatterns,
]
