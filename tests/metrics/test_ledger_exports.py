"""The ledger's CSV downloads and list APIs: money in two decimals in every database, cells that
cannot run as formulas, the list's filters and visibility, never cached, and one audit event per
request for the lists that name people."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from metrics import services
from metrics.exports import csv_cell
from metrics.money import money_cell, money_text
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 5)


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def column(rows: list[list[str]], header: str) -> list[str]:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def hires(hr_lead, pilot_a, pilot_b):
    """pilot_a: a hire with whole-number costs (3200 travel) and one with cents; pilot_b: one more."""
    common = {"opening_title": "Engineer", "first_contact_date": dt.date(2025, 2, 1), "date": DAY}
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(first_name="Wanda", last_name="Whole"),
        source="social",
        cost_travel="3200",
        **common,
    )
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(first_name="=HYPERLINK(1)", last_name="Cents"),
        source="alumni_referral",
        cost_travel="37799.99",
        staff_hours="1.5",
        staff_hour_rate="33.33",
        **common,
    )
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_b,
        person=PersonFactory(first_name="Bea", last_name="Other"),
        source="social",
        cost_travel="1",
        **common,
    )


# --- the one money format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Decimal("3200"), "3200.00"),
        (Decimal("37799.990000000000"), "37799.99"),  # what SQLite's Sum() hands back
        (37799.99, "37799.99"),  # a float, as SQLite aggregates give
        (Decimal("0.005"), "0.01"),  # half-up, once
        (Decimal("-12.345"), "-12.35"),
        (None, ""),
    ],
)
def test_money_cells_have_two_decimals(value, cell):
    assert money_cell(value) == cell
    assert csv_cell(value if not isinstance(value, float) else Decimal(repr(value))) == cell


def test_money_text_groups_thousands():
    assert money_text(Decimal("1234567.5"), "EUR") == "1,234,567.50 EUR"
    assert money_text(None, "EUR") == "—"


# --- CSV downloads ----------------------------------------------------------------------------


def test_hire_csv_has_two_decimal_money_and_safe_cells(client_for, hr_lead, hires):
    rows = rows_of(client_for(hr_lead).get(reverse("metrics:hire_csv"), {"pilot": ""}))

    assert rows[0][:3] == ["Hired on", "Person", "Opening"]
    assert len(rows) == 4
    assert sorted(column(rows, "Travel (EUR)")) == ["1.00", "3200.00", "37799.99"]
    assert sorted(column(rows, "Total cost (EUR)")) == [
        "1.00",
        "3200.00",
        "37849.99",
    ]  # 37799.99 + 1.5 h x 33.33 (49.995 -> 50.00)
    assert "'=HYPERLINK(1) Cents" in column(rows, "Person")


def test_hire_csv_follows_the_filters_and_visibility(client_for, contributor_a, manager, hires):
    mine = rows_of(client_for(contributor_a).get(reverse("metrics:hire_csv")))
    social = rows_of(client_for(manager).get(reverse("metrics:hire_csv"), {"source": "social"}))

    assert sorted(column(mine, "Person")) == ["'=HYPERLINK(1) Cents", "Wanda Whole"]
    assert column(social, "Person") == ["Wanda Whole"]


def test_csv_downloads_are_private_and_not_cached(client_for, hr_lead, hires):
    response = client_for(hr_lead).get(reverse("metrics:hire_csv"))

    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="hires-')


def test_hire_csv_download_is_audited_once_with_its_filters(client_for, manager, hires):
    rows_of(client_for(manager).get(reverse("metrics:hire_csv"), {"source": "social"}))

    [event] = AuditEvent.objects.filter(verb="hires.csv_exported")
    assert event.actor == manager
    assert event.data == {"filters": {"source": "social"}, "rows": 1}


def test_introduction_and_assist_csv_are_audited(client_for, hr_lead, pilot_a):
    alumna, contact = PersonFactory(), PersonFactory()
    services.introduction_record(actor=hr_lead, pilot=pilot_a, on_behalf_of=alumna, to_company=CompanyFactory())
    services.assist_record(actor=hr_lead, pilot=pilot_a, person=contact, assist_type="introduction", direction="given")
    client = client_for(hr_lead)

    intros = rows_of(client.get(reverse("metrics:introduction_csv")))
    assists = rows_of(client.get(reverse("metrics:assist_csv"), {"direction": "given"}))

    assert column(intros, "Introduced") == [alumna.full_name]
    assert column(assists, "With") == [contact.full_name] and column(assists, "Points") == ["5"]
    assert AuditEvent.objects.filter(verb="introductions.csv_exported").count() == 1
    assert AuditEvent.objects.get(verb="assists.csv_exported").data == {"filters": {"direction": "given"}, "rows": 1}


def test_cost_csv_has_two_decimal_money(client_for, manager, hr_lead, pilot_a):
    services.program_cost_record(actor=hr_lead, pilot=pilot_a, category="tools", description="Licence", amount="3200")
    services.program_cost_record(
        actor=hr_lead, pilot=pilot_a, category="staff_time", description="Hours", hours="2", hour_rate="12.5"
    )

    rows = rows_of(client_for(manager).get(reverse("metrics:cost_csv")))

    assert sorted(column(rows, "Amount (EUR)")) == ["25.00", "3200.00"]
    assert sorted(column(rows, "Hourly rate (EUR)")) == ["", "12.50"]


def test_list_pages_link_their_csv_with_the_filters(client_for, hr_lead, hires):
    html = client_for(hr_lead).get(reverse("metrics:hire_list"), {"source": "social"}).content.decode()

    assert f'href="{reverse("metrics:hire_csv")}?source=social"' in html


def test_hire_list_total_has_two_decimals(client_for, hr_lead, hires):
    response = client_for(hr_lead).get(reverse("metrics:hire_list"))

    assert response.context["totals"]["total_cost"] == Decimal("41050.99")
    assert "41,050.99 EUR" in response.content.decode()


# --- list APIs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "verb"),
    [
        ("/api/v1/hires/", "hires.api_listed"),
        ("/api/v1/introductions/", "introductions.api_listed"),
        ("/api/v1/assists/", "assists.api_listed"),
    ],
)
def test_each_list_api_request_naming_people_is_audited_once(api_client_for, manager, hires, url, verb):
    client = api_client_for(manager)

    client.get(url, {"stage": "1", "page_size": "1"})
    client.get(url)

    events = list(AuditEvent.objects.filter(verb=verb).order_by("id"))
    assert len(events) == 2
    assert events[0].actor == manager
    assert events[0].data["filters"] == {"stage": "1", "page_size": "1"}


def test_list_api_audit_counts_the_rows(api_client_for, manager, hires):
    api_client_for(manager).get("/api/v1/hires/", {"page_size": "1"})

    assert AuditEvent.objects.get(verb="hires.api_listed").data["rows"] == 2


def test_a_single_row_read_and_the_cost_list_are_not_list_audits(api_client_for, hr_lead, hires):
    api_client_for(hr_lead).get("/api/v1/program-costs/")

    assert not AuditEvent.objects.filter(verb__endswith=".api_listed").exists()
