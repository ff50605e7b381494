"""Metrics pages, mounted at /metrics/. Each area's module declares its own urlpatterns."""

from __future__ import annotations

from .views import costs, hires, ledger, report, wins

app_name = "metrics"

urlpatterns = [
    *report.urlpatterns,
    *ledger.urlpatterns,
    *hires.urlpatterns,
    *costs.urlpatterns,
    *wins.urlpatterns,
]
