"""What a careful person checks before a hire counts, through the hire form and the API:

- refused: a hire dated before its pilot started; the same person, opening and day twice;
- saved only once confirmed on the form, and answered with ``warnings`` by the API: no costs at
  all (the report would count the whole legacy cost as saved), a pilot still in planning, the
  same person hired for the same opening on another day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from metrics import services
from metrics.models import Hire, HireSource, Win
from programs.models import Pilot
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

FIRST = dt.date(2025, 1, 1)
HIRED = dt.date(2025, 1, 31)
CREATE = reverse("metrics:hire_create")
API = "/api/v1/hires/"


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Petra", last_name="Placed")


@pytest.fixture
def running(pilot_a):
    """pilot_a active since 1 Jan 2025 (the tests' pilots are in planning otherwise)."""
    Pilot.objects.filter(pk=pilot_a.pk).update(status=Pilot.Status.ACTIVE, start_date=dt.date(2025, 1, 1))
    pilot_a.refresh_from_db()
    return pilot_a


def form_post(person, pilot, **overrides):
    data = {
        "person": person.pk,
        "opening_title": "Backend engineer",
        "pilot": pilot.pk,
        "sponsor": "",
        "source": HireSource.ALUMNI_REFERRAL,
        "first_contact_date": FIRST.isoformat(),
        "date": HIRED.isoformat(),
        "cost_travel": "100",
        "cost_recruiter_fee": "0",
        "cost_job_ads": "0",
        "cost_video_tooling": "0",
        "staff_hours": "0",
        "staff_hour_rate": "0",
        "note": "",
    }
    data.update(overrides)
    return data


def api_body(person, pilot, **overrides):
    body = {
        "person": person.pk,
        "pilot": pilot.pk,
        "opening_title": "Backend engineer",
        "source": HireSource.ALUMNI_REFERRAL,
        "first_contact_date": FIRST.isoformat(),
        "date": HIRED.isoformat(),
        "cost_travel": "100.00",
    }
    body.update(overrides)
    return body


NO_COSTS = {"cost_travel": "0"}


# --- no costs ---------------------------------------------------------------------------------


def test_hire_form_asks_to_confirm_a_hire_without_costs(client_for, contributor_a, running, person):
    response = client_for(contributor_a).post(CREATE, form_post(person, running, **NO_COSTS))

    assert response.status_code == 400
    assert services.MSG_NO_COSTS in response.content.decode()
    assert 'name="confirm_warnings"' in response.content.decode()
    assert not Hire.objects.exists()


def test_a_confirmed_hire_without_costs_is_saved_with_a_notice(client_for, contributor_a, running, person):
    client = client_for(contributor_a)
    response = client.post(CREATE, form_post(person, running, confirm_warnings="on", **NO_COSTS), follow=True)

    hire = Hire.objects.get()
    assert hire.total_cost == Decimal("0.00")
    assert "No costs are recorded for it" in response.content.decode()


def test_a_hire_with_costs_on_a_running_pilot_needs_no_confirmation(client_for, contributor_a, running, person):
    response = client_for(contributor_a).post(CREATE, form_post(person, running))

    assert response.status_code == 302
    assert Hire.objects.get().total_cost == Decimal("100.00")


def test_api_records_a_hire_without_costs_and_warns(api_client_for, contributor_a, running, person):
    response = api_client_for(contributor_a).post(API, api_body(person, running, **NO_COSTS), format="json")

    assert response.status_code == 201, response.json()
    assert [w["code"] for w in response.json()["warnings"]] == ["no_costs"]
    assert response.json()["warnings"][0]["message"] == services.MSG_NO_COSTS
    assert Hire.objects.get().total_cost == Decimal("0.00")


def test_api_answers_no_warnings_for_a_plain_hire(api_client_for, contributor_a, running, person):
    response = api_client_for(contributor_a).post(API, api_body(person, running), format="json")

    assert response.status_code == 201
    assert response.json()["warnings"] == []


def test_api_schema_documents_the_warnings(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/", {"format": "json"}).json()
    written = schema["components"]["schemas"]["HireWritten"]

    assert "warnings" in written["properties"]
    create = schema["paths"]["/api/v1/hires/"]["post"]["responses"]["201"]
    assert create["content"]["application/json"]["schema"]["$ref"].endswith("/HireWritten")


# --- the pilot --------------------------------------------------------------------------------


def test_hire_before_its_pilot_started_is_refused_on_the_form(client_for, contributor_a, running, person):
    response = client_for(contributor_a).post(
        CREATE, form_post(person, running, first_contact_date="2024-11-01", date="2024-12-20", confirm_warnings="on")
    )

    assert response.status_code == 400
    assert "is before Engineers on Mastodon started (2025-01-01)" in " ".join(response.context["form"].errors["date"])
    assert not Hire.objects.exists()


def test_hire_before_its_pilot_started_is_refused_by_the_api(api_client_for, contributor_a, running, person):
    response = api_client_for(contributor_a).post(
        API, api_body(person, running, first_contact_date="2024-11-01", date="2024-12-20"), format="json"
    )

    assert response.status_code == 400
    assert "started (2025-01-01)" in response.json()["error"]["fields"]["date"][0]
    assert not Hire.objects.exists()


def test_moving_a_hire_before_its_pilot_started_is_refused(api_client_for, contributor_a, running, person):
    hire = services.hire_record(
        actor=contributor_a, **_kwargs(person, running, first_contact_date=dt.date(2024, 11, 1))
    )

    response = api_client_for(contributor_a).patch(f"{API}{hire.pk}/", {"date": "2024-12-31"}, format="json")

    assert response.status_code == 400
    assert "started (2025-01-01)" in response.json()["error"]["fields"]["date"][0]
    hire.refresh_from_db()
    assert hire.date == HIRED


def test_hire_on_a_pilot_in_planning_asks_for_confirmation(client_for, contributor_a, pilot_a, person):
    assert pilot_a.status == Pilot.Status.PLANNING
    client = client_for(contributor_a)

    asked = client.post(CREATE, form_post(person, pilot_a))
    assert asked.status_code == 400
    assert "Engineers on Mastodon is still in planning" in asked.content.decode()
    assert not Hire.objects.exists()

    confirmed = client.post(CREATE, form_post(person, pilot_a, confirm_warnings="on"))
    assert confirmed.status_code == 302
    assert Hire.objects.count() == 1


def test_api_warns_about_a_pilot_in_planning(api_client_for, contributor_a, pilot_a, person):
    response = api_client_for(contributor_a).post(API, api_body(person, pilot_a), format="json")

    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["pilot_planning"]


# --- the same opening -------------------------------------------------------------------------


def _kwargs(person, pilot, **overrides):
    values = {
        "pilot": pilot,
        "person": person,
        "opening_title": "Backend engineer",
        "source": HireSource.ALUMNI_REFERRAL,
        "first_contact_date": FIRST,
        "date": HIRED,
        "cost_travel": "100",
    }
    values.update(overrides)
    return values


def test_the_same_hire_twice_is_refused_by_the_api(api_client_for, contributor_a, running, person):
    services.hire_record(actor=contributor_a, **_kwargs(person, running))

    response = api_client_for(contributor_a).post(
        API, api_body(person, running, opening_title="backend ENGINEER "), format="json"
    )

    assert response.status_code == 409
    assert "already recorded as hired for" in response.json()["error"]["message"]
    assert Hire.objects.count() == 1
    assert Win.objects.count() == 1


def test_the_same_hire_twice_is_refused_on_the_form(client_for, contributor_a, running, person):
    services.hire_record(actor=contributor_a, **_kwargs(person, running))

    response = client_for(contributor_a).post(CREATE, form_post(person, running, confirm_warnings="on"))

    assert response.status_code == 400
    assert "already recorded as hired" in " ".join(response.context["form"].errors["person"])
    assert Hire.objects.count() == 1


def test_a_rehire_for_the_same_opening_asks_for_confirmation(client_for, contributor_a, running, person):
    services.hire_record(actor=contributor_a, **_kwargs(person, running))
    later = form_post(person, running, first_contact_date="2025-02-01", date="2025-03-01")
    client = client_for(contributor_a)

    asked = client.post(CREATE, later)
    assert asked.status_code == 400
    assert "was already recorded as hired for “Backend engineer” on 2025-01-31" in asked.content.decode()
    assert Hire.objects.count() == 1

    assert client.post(CREATE, {**later, "confirm_warnings": "on"}).status_code == 302
    assert Hire.objects.count() == 2


def test_api_warns_about_the_same_opening_on_another_day(api_client_for, contributor_a, running, person):
    services.hire_record(actor=contributor_a, **_kwargs(person, running))

    response = api_client_for(contributor_a).post(
        API, api_body(person, running, first_contact_date="2025-02-01", date="2025-03-01"), format="json"
    )

    assert response.status_code == 201
    assert [w["code"] for w in response.json()["warnings"]] == ["same_opening"]


def test_correcting_a_hire_asks_only_about_new_warnings(client_for, contributor_a, pilot_a, person):
    """A hire saved on a planning pilot is not asked about again when its note is corrected."""
    hire = services.hire_record(actor=contributor_a, **_kwargs(person, pilot_a))
    client = client_for(contributor_a)
    edit = reverse("metrics:hire_edit", args=[hire.pk])

    noted = client.post(edit, form_post(person, pilot_a, note="Starts in March"))
    assert noted.status_code == 302

    emptied = client.post(edit, form_post(person, pilot_a, note="Starts in March", **NO_COSTS))
    assert emptied.status_code == 400
    assert services.MSG_NO_COSTS in emptied.content.decode()
    hire.refresh_from_db()
    assert (hire.note, hire.total_cost) == ("Starts in March", Decimal("100.00"))
