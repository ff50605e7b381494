"""Downloading a table of the ROI report is audited: one event per download (not per row), with
the table and the filters, and the audit log reads it as words. A refused download writes none.
The CSV is private and never cached."""

from __future__ import annotations

from django.urls import reverse

from accounts.audit import describe
from accounts.models import AuditEvent

CSV_URL = reverse("metrics:report_csv")
YEAR = {"period": "year", "start": "2026-01-01"}


def test_each_csv_download_writes_one_audit_event(client_for, hr_lead, ledger, pilot_a):
    before = AuditEvent.objects.count()
    response = client_for(hr_lead).get(CSV_URL, {"table": "pilots", **YEAR, "stage": "1"})

    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(verb="report.csv_exported")
    assert event.actor == hr_lead
    assert event.data["table"] == "pilots"
    assert event.data["filters"] == {"period": "year", "start": "2026-01-01", "stage": "1"}
    assert event.data["rows"] == 1  # pilot A, the one stage 1 pilot
    assert describe(event) == f"ROI report table downloaded as CSV by {hr_lead}"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_refused_downloads_write_no_audit_event(client_for, hr_lead, contributor_a, ledger):
    before = AuditEvent.objects.count()
    assert client_for(hr_lead).get(CSV_URL, {"table": "people", **YEAR}).status_code == 400
    assert client_for(hr_lead).get(CSV_URL, {"table": "pilots", "period": "week"}).status_code == 400
    assert client_for(contributor_a).get(CSV_URL, {"table": "baselines", **YEAR}).status_code == 403
    assert AuditEvent.objects.count() == before


def test_the_report_page_and_its_chart_data_are_not_audited_as_downloads(client_for, hr_lead, ledger):
    client = client_for(hr_lead)
    client.get(reverse("metrics:index"), YEAR)
    client.get(reverse("metrics:report_data"), YEAR)
    assert not AuditEvent.objects.filter(verb="report.csv_exported").exists()
