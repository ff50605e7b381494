"""/api/v1/ for the metrics ledger: introductions, assists, hires, the assist scale, program costs
and legacy baselines. Who may read and write which pilot's rows, bad input, query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent, Role
from accounts.services import api_token_create
from metrics import services
from metrics.models import Assist, AssistType, Hire, Introduction, LegacyCostBaseline, ProgramCost, Win
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory, SponsorFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def intro(actor, pilot, alumna, contact, **kw) -> Introduction:
    return services.introduction_record(actor=actor, pilot=pilot, on_behalf_of=alumna, to_person=contact, **kw)


def assist(actor, pilot, person, **kw) -> Assist:
    kw.setdefault("assist_type", "introduction")
    kw.setdefault("direction", "received")
    return services.assist_record(actor=actor, pilot=pilot, person=person, **kw)


def hire(actor, pilot, person, **kw) -> Hire:
    kw.setdefault("opening_title", "Backend engineer")
    kw.setdefault("source", "alumni_referral")
    kw.setdefault("first_contact_date", TODAY - 30 * DAY)
    kw.setdefault("date", TODAY - DAY)
    return services.hire_record(actor=actor, pilot=pilot, person=person, **kw)


def cost(actor, pilot, **kw) -> ProgramCost:
    kw.setdefault("category", "tools")
    kw.setdefault("description", "Scheduling tool")
    kw.setdefault("amount", "100")
    return services.program_cost_record(actor=actor, pilot=pilot, **kw)


def baseline(actor, sponsor, **kw) -> LegacyCostBaseline:
    kw.setdefault("valid_from", dt.date(2025, 1, 1))
    kw.setdefault("valid_to", dt.date(2025, 12, 31))
    kw.setdefault("travel_per_hire", "1000")
    kw.setdefault("source_note", "Finance, FY2025")
    return services.baseline_save(actor=actor, sponsor=sponsor, **kw)


LISTS = [
    "/api/v1/introductions/",
    "/api/v1/assists/",
    "/api/v1/hires/",
    "/api/v1/assist-types/",
    "/api/v1/program-costs/",
    "/api/v1/baselines/",
]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_gets_401(api_client_for, url):
    response = api_client_for(None).get(url)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_personal_token_logs_an_introduction(contributor_a, pilot_a, alumna, contact):
    _, key = api_token_create(user=contributor_a, name="phone")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = client.post(
        "/api/v1/introductions/", {"on_behalf_of": alumna.pk, "to_person": contact.pk}, format="json"
    )

    assert response.status_code == 201, response.json()
    row = Introduction.objects.get()
    assert (row.made_by, row.created_by, row.pilot) == (contributor_a, contributor_a, pilot_a)


# --- Introductions ----------------------------------------------------------------------------


def test_contributor_logs_an_introduction_in_their_only_pilot_by_default(
    api_client_for, contributor_a, pilot_a, alumna, contact
):
    response = api_client_for(contributor_a).post(
        "/api/v1/introductions/",
        {"on_behalf_of": alumna.pk, "to_person": contact.pk, "purpose": "client", "outcome": " Met twice "},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    row = Introduction.objects.get()
    assert body["id"] == row.pk
    assert body["pilot"] == pilot_a.pk and body["pilot_name"] == pilot_a.name
    assert body["stage"] == 1 and body["date"] == TODAY.isoformat()
    assert body["made_by_name"] == contributor_a.full_name
    assert body["on_behalf_of_name"] == "Ada Alumna" and body["to_person_name"] == "Carl Contact"
    assert body["to_company_name"] is None and body["meaningful"] is False
    assert (row.purpose, row.outcome, row.made_by) == ("client", "Met twice", contributor_a)
    assert AuditEvent.objects.filter(verb="introduction.recorded").count() == 1


def test_a_contributor_in_two_pilots_must_name_one(api_client_for, contributor_a, alumna, contact):
    MembershipFactory(pilot=PilotFactory(), user=contributor_a)

    response = api_client_for(contributor_a).post(
        "/api/v1/introductions/", {"on_behalf_of": alumna.pk, "to_person": contact.pk}, format="json"
    )

    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    assert not Introduction.objects.exists()


def test_contributor_cannot_log_an_introduction_to_another_pilot(
    api_client_for, contributor_a, pilot_b, alumna, contact
):
    response = api_client_for(contributor_a).post(
        "/api/v1/introductions/",
        {"pilot": pilot_b.pk, "on_behalf_of": alumna.pk, "to_person": contact.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["pilot"] == [services.MSG_PILOT]
    assert not Introduction.objects.exists()


def test_contributor_without_a_pilot_cannot_log(api_client_for, outsider, alumna, contact):
    # Refused before the body is read (programs.access.can_log), so the answer cannot tell which
    # person ids exist: the same 403 for a real person and a made-up one.
    client = api_client_for(outsider)
    real = client.post("/api/v1/introductions/", {"on_behalf_of": alumna.pk, "to_person": contact.pk}, format="json")
    made_up = client.post("/api/v1/introductions/", {"on_behalf_of": 999_999, "to_person": contact.pk}, format="json")

    assert real.status_code == made_up.status_code == 403
    assert real.json() == made_up.json()
    assert not Introduction.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": (TODAY + DAY).isoformat()}, "date"),
        ({"to_person": None}, "to_person"),
        ({"purpose": "gossip"}, "purpose"),
        ({"on_behalf_of": 999_999}, "on_behalf_of"),
    ],
    ids=["future-date", "no-target", "unknown-purpose", "unknown-person"],
)
def test_bad_introduction_is_a_400_naming_the_field(api_client_for, contributor_a, alumna, contact, body, field):
    payload = {"on_behalf_of": alumna.pk, "to_person": contact.pk, **body}

    response = api_client_for(contributor_a).post("/api/v1/introductions/", payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Introduction.objects.exists()


def test_contributor_b_cannot_read_pilot_a_introductions(
    api_client_for, contributor_a, contributor_b, pilot_a, pilot_b, alumna, contact
):
    mine = intro(contributor_b, pilot_b, alumna, contact)
    theirs = intro(contributor_a, pilot_a, alumna, contact)
    client = api_client_for(contributor_b)

    assert ids(client.get("/api/v1/introductions/")) == {mine.pk}
    assert client.get(f"/api/v1/introductions/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/introductions/{mine.pk}/").status_code == 200


def test_contributor_b_cannot_change_or_delete_pilot_a_introductions(
    api_client_for, contributor_a, contributor_b, pilot_a, alumna, contact
):
    row = intro(contributor_a, pilot_a, alumna, contact)
    client = api_client_for(contributor_b)

    assert client.patch(f"/api/v1/introductions/{row.pk}/", {"outcome": "x"}, format="json").status_code == 404
    assert client.delete(f"/api/v1/introductions/{row.pk}/").status_code == 404
    assert client.post(f"/api/v1/introductions/{row.pk}/confirm/", {}, format="json").status_code == 404
    row.refresh_from_db()
    assert (row.outcome, row.meaningful) == ("", False)


def test_manager_reads_introductions_but_cannot_write(api_client_for, manager, contributor_a, pilot_a, alumna, contact):
    row = intro(contributor_a, pilot_a, alumna, contact)
    client = api_client_for(manager)

    assert ids(client.get("/api/v1/introductions/")) == {row.pk}
    assert client.get(f"/api/v1/introductions/{row.pk}/").status_code == 200
    created = client.post(
        "/api/v1/introductions/", {"pilot": pilot_a.pk, "on_behalf_of": alumna.pk, "to_person": contact.pk}
    )
    assert created.status_code == 403
    assert created.json()["error"]["code"] == "permission_denied"
    assert client.patch(f"/api/v1/introductions/{row.pk}/", {"outcome": "x"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/introductions/{row.pk}/").status_code == 403
    assert client.post(f"/api/v1/introductions/{row.pk}/confirm/", {}, format="json").status_code == 403
    assert Introduction.objects.count() == 1
    row.refresh_from_db()
    assert (row.outcome, row.meaningful) == ("", False)


def test_contributor_corrects_and_deletes_their_own_introduction(
    api_client_for, contributor_a, pilot_a, alumna, contact
):
    row = intro(contributor_a, pilot_a, alumna, contact)
    company = CompanyFactory(name="Acme")
    client = api_client_for(contributor_a)

    response = client.patch(
        f"/api/v1/introductions/{row.pk}/",
        {"to_company": company.pk, "purpose": "partnership", "date": (TODAY - DAY).isoformat()},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["to_company_name"] == "Acme"
    row.refresh_from_db()
    assert (row.to_company, row.purpose, row.date, row.to_person) == (company, "partnership", TODAY - DAY, contact)

    assert client.delete(f"/api/v1/introductions/{row.pk}/").status_code == 204
    assert not Introduction.objects.exists()


def test_contributor_cannot_correct_a_colleagues_introduction(api_client_for, contributor_a, pilot_a, alumna, contact):
    colleague = UserFactory(role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=colleague)
    row = intro(colleague, pilot_a, alumna, contact)

    response = api_client_for(contributor_a).patch(
        f"/api/v1/introductions/{row.pk}/", {"outcome": "mine now"}, format="json"
    )

    assert response.status_code == 403
    row.refresh_from_db()
    assert row.outcome == ""


def test_contributor_cannot_move_an_introduction_to_another_pilot(
    api_client_for, contributor_a, pilot_a, pilot_b, alumna, contact
):
    row = intro(contributor_a, pilot_a, alumna, contact)

    response = api_client_for(contributor_a).patch(
        f"/api/v1/introductions/{row.pk}/", {"pilot": pilot_b.pk}, format="json"
    )

    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    row.refresh_from_db()
    assert row.pilot == pilot_a


def test_hr_lead_confirms_an_introduction_as_meaningful_and_takes_it_back(
    api_client_for, hr_lead, contributor_a, pilot_a, alumna, contact
):
    row = intro(contributor_a, pilot_a, alumna, contact)
    client = api_client_for(hr_lead)

    response = client.post(f"/api/v1/introductions/{row.pk}/confirm/", {"meaningful": True}, format="json")

    assert response.status_code == 200
    assert response.json()["meaningful"] is True and response.json()["confirmed_by"] == hr_lead.pk
    assert Win.objects.filter(introduction=row).exists()

    response = client.post(f"/api/v1/introductions/{row.pk}/confirm/", {"meaningful": False}, format="json")

    assert response.status_code == 200 and response.json()["meaningful"] is False
    assert not Win.objects.filter(introduction=row).exists()


def test_only_a_champion_contributor_confirms(api_client_for, contributor_a, pilot_a, alumna, contact):
    row = intro(contributor_a, pilot_a, alumna, contact)
    client = api_client_for(contributor_a)

    assert client.post(f"/api/v1/introductions/{row.pk}/confirm/", {}, format="json").status_code == 403
    row.refresh_from_db()
    assert row.meaningful is False

    Membership.objects.filter(user=contributor_a, pilot=pilot_a).update(role=Membership.Role.CHAMPION)
    assert client.post(f"/api/v1/introductions/{row.pk}/confirm/", {}, format="json").status_code == 200
    row.refresh_from_db()
    assert row.meaningful is True and row.confirmed_by == contributor_a


def test_introduction_filters(api_client_for, hr_lead, contributor_a, pilot_a, pilot_b, alumna, contact):
    old = intro(contributor_a, pilot_a, alumna, contact, date=TODAY - 40 * DAY, purpose="client")
    recent = intro(contributor_a, pilot_a, alumna, contact, date=TODAY - 2 * DAY)
    other = intro(hr_lead, pilot_b, alumna, contact, date=TODAY - 2 * DAY)
    services.introduction_confirm(actor=hr_lead, introduction=recent)
    client = api_client_for(hr_lead)
    url = "/api/v1/introductions/"

    assert ids(client.get(url)) == {old.pk, recent.pk, other.pk}
    assert ids(client.get(url, {"pilot": pilot_b.pk})) == {other.pk}
    assert ids(client.get(url, {"stage": 1})) == {old.pk, recent.pk}
    assert ids(client.get(url, {"date_from": (TODAY - 10 * DAY).isoformat()})) == {recent.pk, other.pk}
    assert ids(client.get(url, {"date_to": (TODAY - 10 * DAY).isoformat()})) == {old.pk}
    assert ids(client.get(url, {"purpose": "client"})) == {old.pk}
    assert ids(client.get(url, {"meaningful": "true"})) == {recent.pk}
    assert ids(client.get(url, {"made_by": "me"})) == {other.pk}
    assert ids(api_client_for(contributor_a).get(url, {"made_by": "me"})) == {old.pk, recent.pk}
    bad = client.get(url, {"date_from": "yesterday"})
    assert bad.status_code == 400 and "date_from" in bad.json()["error"]["fields"]


# --- Assists ----------------------------------------------------------------------------------


def test_contributor_logs_an_assist_by_type_key(api_client_for, contributor_a, pilot_a, alumna):
    response = api_client_for(contributor_a).post(
        "/api/v1/assists/",
        {"person": alumna.pk, "assist_type": "decision-maker-introduction", "direction": "received"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["points"] == 10 and body["assist_type_key"] == "decision-maker-introduction"
    assert body["pilot"] == pilot_a.pk and body["employee"] == contributor_a.pk
    row = Assist.objects.get()
    assert (row.points, row.direction, row.pilot) == (10, "received", pilot_a)
    assert Win.objects.filter(assist=row).exists()  # 10 points is a big assist


def test_an_assist_type_may_be_given_by_id(api_client_for, contributor_a, alumna):
    insight = AssistType.objects.get(key="prospect-insight")

    response = api_client_for(contributor_a).post(
        "/api/v1/assists/", {"person": alumna.pk, "assist_type": insight.pk, "direction": "given"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert Assist.objects.get().assist_type == insight


@pytest.mark.parametrize("value", ["bogus", "999999", "²", ""])
def test_an_unknown_assist_type_is_a_400_on_assist_type(api_client_for, contributor_a, alumna, value):
    response = api_client_for(contributor_a).post(
        "/api/v1/assists/", {"person": alumna.pk, "assist_type": value, "direction": "given"}, format="json"
    )

    assert response.status_code == 400
    assert "assist_type" in response.json()["error"]["fields"]
    assert not Assist.objects.exists()


def test_contributor_cannot_log_an_assist_to_another_pilot(api_client_for, contributor_a, pilot_b, alumna):
    response = api_client_for(contributor_a).post(
        "/api/v1/assists/",
        {"pilot": pilot_b.pk, "person": alumna.pk, "assist_type": "introduction", "direction": "given"},
        format="json",
    )

    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    assert not Assist.objects.exists()


def test_assist_with_a_future_date_is_refused(api_client_for, contributor_a, alumna):
    response = api_client_for(contributor_a).post(
        "/api/v1/assists/",
        {"person": alumna.pk, "assist_type": "introduction", "direction": "given", "date": (TODAY + DAY).isoformat()},
        format="json",
    )

    assert response.status_code == 400
    assert "date" in response.json()["error"]["fields"]
    assert not Assist.objects.exists()


def test_contributor_retypes_and_deletes_their_assist(api_client_for, contributor_a, pilot_a, alumna):
    row = assist(contributor_a, pilot_a, alumna, assist_type="general-information")
    client = api_client_for(contributor_a)

    response = client.patch(f"/api/v1/assists/{row.pk}/", {"assist_type": "introduction"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["points"] == 5
    row.refresh_from_db()
    assert (row.assist_type.key, row.points) == ("introduction", 5)
    bad = client.patch(f"/api/v1/assists/{row.pk}/", {"assist_type": "bogus"}, format="json")
    assert bad.status_code == 400 and "assist_type" in bad.json()["error"]["fields"]

    assert client.delete(f"/api/v1/assists/{row.pk}/").status_code == 204
    assert not Assist.objects.exists()


def test_assists_of_other_pilots_are_invisible_and_managers_only_read(
    api_client_for, contributor_a, contributor_b, manager, pilot_a, alumna
):
    row = assist(contributor_a, pilot_a, alumna)

    assert ids(api_client_for(contributor_b).get("/api/v1/assists/")) == set()
    assert api_client_for(contributor_b).get(f"/api/v1/assists/{row.pk}/").status_code == 404
    assert ids(api_client_for(manager).get("/api/v1/assists/")) == {row.pk}
    assert api_client_for(manager).patch(f"/api/v1/assists/{row.pk}/", {"note": "x"}, format="json").status_code == 403
    assert api_client_for(manager).delete(f"/api/v1/assists/{row.pk}/").status_code == 403
    assert Assist.objects.filter(pk=row.pk, note="").exists()


# --- Hires ------------------------------------------------------------------------------------

HIRE = {
    "opening_title": "Platform engineer",
    "source": "alumni_referral",
    "first_contact_date": (TODAY - 45 * DAY).isoformat(),
    "date": (TODAY - 5 * DAY).isoformat(),
    "cost_travel": "300.50",
    "cost_video_tooling": "99.50",
    "staff_hours": "4",
    "staff_hour_rate": "50",
}


def test_contributor_records_a_hire_with_its_costs(api_client_for, contributor_a, pilot_a, sponsor_a, alumna):
    response = api_client_for(contributor_a).post("/api/v1/hires/", {**HIRE, "person": alumna.pk}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["time_to_hire_days"] == 40
    assert body["total_cost"] == "600.00" and body["staff_cost"] == "200.00"
    assert body["cost_travel"] == "300.50" and body["cost_recruiter_fee"] == "0.00"
    assert body["sponsor"] == sponsor_a.pk and body["pilot"] == pilot_a.pk
    row = Hire.objects.get()
    assert (row.total_cost, row.time_to_hire_days, row.sponsor) == (Decimal("600.00"), 40, sponsor_a)
    assert Win.objects.filter(hire=row).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cost_travel": "-5"}, "cost_travel"),
        ({"cost_job_ads": "lots"}, "cost_job_ads"),
        ({"staff_hour_rate": "-1"}, "staff_hour_rate"),
        ({"date": (TODAY - 50 * DAY).isoformat()}, "date"),
        ({"date": (TODAY + DAY).isoformat()}, "date"),
        ({"source": "carrier_pigeon"}, "source"),
        ({"opening_title": " "}, "opening_title"),
        ({"cost_travel": "9999999999", "cost_job_ads": "9999999999"}, "total_cost"),
        ({"staff_hours": "999999", "staff_hour_rate": "999999"}, "total_cost"),
    ],
    ids=[
        "negative-cost",
        "non-numeric",
        "negative-rate",
        "before-first-contact",
        "future",
        "unknown-source",
        "blank-title",
        "total-too-large",
        "staff-cost-too-large",
    ],
)
def test_bad_hire_is_a_400_naming_the_field(api_client_for, contributor_a, alumna, body, field):
    response = api_client_for(contributor_a).post(
        "/api/v1/hires/", {**HIRE, "person": alumna.pk, **body}, format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"], error
    assert not Hire.objects.exists()


def test_negative_cost_message_is_the_services(api_client_for, contributor_a, alumna):
    response = api_client_for(contributor_a).post(
        "/api/v1/hires/", {**HIRE, "person": alumna.pk, "cost_travel": "-5"}, format="json"
    )

    assert response.json()["error"]["fields"]["cost_travel"] == [services.MSG_NEGATIVE]


def test_contributor_cannot_record_a_hire_in_another_pilot(api_client_for, contributor_a, pilot_b, alumna):
    response = api_client_for(contributor_a).post(
        "/api/v1/hires/", {**HIRE, "person": alumna.pk, "pilot": pilot_b.pk}, format="json"
    )

    assert response.status_code == 400
    assert "pilot" in response.json()["error"]["fields"]
    assert not Hire.objects.exists()


def test_correcting_a_hire_recomputes_its_total_and_time(api_client_for, contributor_a, pilot_a, alumna):
    row = hire(contributor_a, pilot_a, alumna, cost_travel="100")
    client = api_client_for(contributor_a)

    response = client.patch(
        f"/api/v1/hires/{row.pk}/",
        {"cost_recruiter_fee": "1000", "first_contact_date": (TODAY - 11 * DAY).isoformat()},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["total_cost"] == "1100.00" and response.json()["time_to_hire_days"] == 10
    row.refresh_from_db()
    assert (row.total_cost, row.time_to_hire_days) == (Decimal("1100.00"), 10)

    bad = client.patch(f"/api/v1/hires/{row.pk}/", {"date": (TODAY - 20 * DAY).isoformat()}, format="json")
    assert bad.status_code == 400 and "date" in bad.json()["error"]["fields"]
    row.refresh_from_db()
    assert row.date == TODAY - DAY

    assert client.delete(f"/api/v1/hires/{row.pk}/").status_code == 204
    assert not Hire.objects.exists()


def test_hires_of_other_pilots_are_invisible_and_managers_only_read(
    api_client_for, contributor_a, contributor_b, manager, pilot_a, alumna
):
    row = hire(contributor_a, pilot_a, alumna)

    assert ids(api_client_for(contributor_b).get("/api/v1/hires/")) == set()
    assert api_client_for(contributor_b).get(f"/api/v1/hires/{row.pk}/").status_code == 404
    assert api_client_for(manager).get(f"/api/v1/hires/{row.pk}/").status_code == 200
    response = api_client_for(manager).post("/api/v1/hires/", {**HIRE, "person": alumna.pk}, format="json")
    assert response.status_code == 403
    assert Hire.objects.count() == 1


def test_hire_filters_by_source_and_sponsor(api_client_for, hr_lead, pilot_a, pilot_b, sponsor_b, alumna):
    a = hire(hr_lead, pilot_a, alumna, source="recruiter")
    b = hire(hr_lead, pilot_b, alumna)
    client = api_client_for(hr_lead)

    assert ids(client.get("/api/v1/hires/", {"source": "recruiter"})) == {a.pk}
    assert ids(client.get("/api/v1/hires/", {"sponsor": sponsor_b.pk})) == {b.pk}


# --- Query counts do not grow with rows -------------------------------------------------------


def _colleague(ctx: dict):
    user = UserFactory(role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=ctx["pilot_a"], user=user)
    return user


def _add_introductions(n: int, ctx: dict) -> None:
    for _ in range(n):
        user = _colleague(ctx)
        row = intro(user, ctx["pilot_a"], PersonFactory(), PersonFactory(), to_company=CompanyFactory())
        services.introduction_confirm(actor=ctx["hr_lead"], introduction=row)


def _add_assists(n: int, ctx: dict) -> None:
    for i in range(n):
        kind = AssistType.objects.create(key=f"kind-{ctx['seq']}-{i}", name=f"Kind {ctx['seq']}-{i}", points=2)
        assist(_colleague(ctx), ctx["pilot_a"], PersonFactory(), assist_type=kind)
    ctx["seq"] += 1


def _add_hires(n: int, ctx: dict) -> None:
    for _ in range(n):
        # A new sponsor each time (only an HR lead may book a hire to another sponsor than its pilot's).
        hire(ctx["hr_lead"], ctx["pilot_a"], PersonFactory(), sponsor=SponsorFactory())


def _add_costs(n: int, ctx: dict) -> None:
    for _ in range(n):
        pilot = PilotFactory(sponsor=SponsorFactory())
        MembershipFactory(pilot=pilot, user=ctx["contributor_a"])
        cost(ctx["hr_lead"], pilot)


LEDGER_LISTS: list[tuple[str, Callable[[int, dict], None]]] = [
    ("/api/v1/introductions/", _add_introductions),
    ("/api/v1/assists/", _add_assists),
    ("/api/v1/hires/", _add_hires),
    ("/api/v1/program-costs/", _add_costs),
]


@pytest.mark.parametrize(("url", "add_rows"), LEDGER_LISTS, ids=[u for u, _ in LEDGER_LISTS])
def test_ledger_list_query_count_does_not_grow_with_rows(
    api_client_for, hr_lead, contributor_a, pilot_a, django_assert_max_num_queries, url, add_rows
):
    ctx = {"hr_lead": hr_lead, "contributor_a": contributor_a, "pilot_a": pilot_a, "seq": 0}
    client = api_client_for(contributor_a)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page_size": 500})
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    add_rows(2, ctx)
    few_queries, few_rows = measure()
    add_rows(10, ctx)
    _, many_rows = measure()

    assert many_rows == few_rows + 10
    with django_assert_max_num_queries(few_queries):
        assert client.get(url, {"page_size": 500}).status_code == 200


def test_baseline_list_query_count_does_not_grow_with_rows(api_client_for, hr_lead, django_assert_max_num_queries):
    client = api_client_for(hr_lead)
    for _ in range(2):
        baseline(hr_lead, SponsorFactory())
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/api/v1/baselines/").json()["results"]) == 2
    for _ in range(10):
        baseline(hr_lead, SponsorFactory())

    with django_assert_max_num_queries(len(queries)):
        assert len(client.get("/api/v1/baselines/").json()["results"]) == 12
