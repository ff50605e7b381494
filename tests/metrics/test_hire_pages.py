"""The hire pages: who may see and record hires, the hand-checked costs on a hire, and bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from metrics import services
from metrics.models import Hire, HireSource
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory

FIRST = dt.date(2025, 1, 1)
HIRED = dt.date(2025, 1, 31)


def valid_post(person, pilot, **overrides):
    data = {
        "person": person.pk,
        "opening_title": "Backend engineer",
        "pilot": pilot.pk,
        "sponsor": "",
        "source": HireSource.ALUMNI_REFERRAL,
        "first_contact_date": FIRST.isoformat(),
        "date": HIRED.isoformat(),
        "cost_travel": "100",
        "cost_recruiter_fee": "2000",
        "cost_job_ads": "0",
        "cost_video_tooling": "50",
        "staff_hours": "10",
        "staff_hour_rate": "45",
        "note": "",
        # The test pilots are still in planning (PilotFactory's default), which the form asks to
        # confirm; the warnings have tests of their own (test_hire_checks.py).
        "confirm_warnings": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Petra", last_name="Placed")


@pytest.fixture
def hire_a(contributor_a, pilot_a, person):
    """travel 100 + fee 2000 + ads 0 + video 50 + 10 h x 45 = 2600.00; 30 days to hire."""
    return services.hire_record(
        actor=contributor_a,
        pilot=pilot_a,
        person=person,
        opening_title="Backend engineer",
        source=HireSource.ALUMNI_REFERRAL,
        first_contact_date=FIRST,
        date=HIRED,
        cost_travel=Decimal("100"),
        cost_recruiter_fee=Decimal("2000"),
        cost_job_ads=Decimal("0"),
        cost_video_tooling=Decimal("50"),
        staff_hours=Decimal("10"),
        staff_hour_rate=Decimal("45"),
    )


@pytest.fixture
def hire_b(contributor_b, pilot_b):
    return services.hire_record(
        actor=contributor_b,
        pilot=pilot_b,
        person=PersonFactory(first_name="Bruno", last_name="Elsewhere"),
        opening_title="Consultant",
        source=HireSource.SOCIAL,
        first_contact_date=FIRST,
        date=dt.date(2025, 2, 10),
        cost_travel=Decimal("300"),
    )


# --- list -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_hire_page(client_for, hire_a):
    client = client_for(None)
    for url in (
        reverse("metrics:hire_list"),
        reverse("metrics:hire_create"),
        reverse("metrics:hire_detail", args=[hire_a.pk]),
        reverse("metrics:hire_edit", args=[hire_a.pk]),
        reverse("metrics:hire_delete", args=[hire_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"], url


def test_hr_lead_sees_every_pilots_hires(client_for, hr_lead, hire_a, hire_b):
    response = client_for(hr_lead).get(reverse("metrics:hire_list"))
    assert response.status_code == 200
    assert list(response.context["hires"]) == [hire_b, hire_a]


def test_contributor_sees_only_own_pilots_hires(client_for, contributor_a, hire_a, hire_b):
    response = client_for(contributor_a).get(reverse("metrics:hire_list"))
    assert response.status_code == 200
    assert list(response.context["hires"]) == [hire_a]
    assert "Bruno Elsewhere" not in response.content.decode()


def test_manager_sees_hires_of_the_sponsor_they_manage(client_for, manager, hire_a, hire_b):
    response = client_for(manager).get(reverse("metrics:hire_list"))
    assert list(response.context["hires"]) == [hire_a]
    assert reverse("metrics:hire_create") not in response.content.decode()


def test_outsider_sees_an_empty_hire_list(client_for, outsider, hire_a, hire_b):
    response = client_for(outsider).get(reverse("metrics:hire_list"))
    assert response.status_code == 200
    assert list(response.context["hires"]) == []
    assert "No hires recorded yet" in response.content.decode()


def test_hire_list_totals_are_computed_over_the_filtered_hires(client_for, hr_lead, hire_a, hire_b, pilot_a):
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(),
        opening_title="Designer",
        source=HireSource.JOB_AD,
        first_contact_date=dt.date(2025, 3, 1),
        date=dt.date(2025, 3, 11),
        cost_job_ads=Decimal("400.50"),
    )
    client = client_for(hr_lead)
    everything = client.get(reverse("metrics:hire_list")).context["totals"]
    # 2600.00 + 300.00 + 400.50; (30 + 40 + 10) / 3 days
    assert everything == {"count": 3, "total_cost": Decimal("3300.50"), "avg_days": pytest.approx(80 / 3)}
    response = client.get(reverse("metrics:hire_list"), {"pilot": pilot_a.pk})
    assert response.context["totals"] == {"count": 2, "total_cost": Decimal("3000.50"), "avg_days": 20}
    html = response.content.decode()
    assert "3,000.50 EUR" in html and "average 20.0 days" in html and "2 hires" in html


def test_hire_list_filters_by_source_stage_sponsor_and_date(client_for, hr_lead, hire_a, hire_b, sponsor_b):
    client = client_for(hr_lead)
    url = reverse("metrics:hire_list")
    assert list(client.get(url, {"source": HireSource.SOCIAL}).context["hires"]) == [hire_b]
    assert list(client.get(url, {"stage": 1}).context["hires"]) == [hire_a]
    assert list(client.get(url, {"sponsor": sponsor_b.pk}).context["hires"]) == [hire_b]
    assert list(client.get(url, {"date_from": "2025-02-01"}).context["hires"]) == [hire_b]
    assert list(client.get(url, {"date_to": "2025-01-31"}).context["hires"]) == [hire_a]


def test_contributor_cannot_filter_on_another_pilot(client_for, contributor_a, hire_a, hire_b, pilot_b):
    response = client_for(contributor_a).get(reverse("metrics:hire_list"), {"pilot": pilot_b.pk})
    assert response.status_code == 200
    assert "pilot" in response.context["filters"].errors
    assert "Bruno Elsewhere" not in response.content.decode()


def test_hire_list_query_count_does_not_grow_with_rows(client_for, hr_lead, pilot_a, django_assert_max_num_queries):
    for i in range(30):
        services.hire_record(
            actor=hr_lead,
            pilot=pilot_a,
            person=PersonFactory(),
            opening_title=f"Opening {i}",
            source=HireSource.SOCIAL,
            first_contact_date=FIRST,
            date=HIRED,
        )
    client = client_for(hr_lead)
    # session + user, filter choices (pilots, sponsors), totals, count, one page of rows with
    # person, pilot and sponsor joined, the policy banner. One query per row would add 25+.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("metrics:hire_list"))
    assert len(response.context["hires"]) == 25


# --- detail -----------------------------------------------------------------------------------


def test_hire_detail_shows_every_cost_line_and_the_hand_checked_total(client_for, contributor_a, hire_a):
    response = client_for(contributor_a).get(reverse("metrics:hire_detail", args=[hire_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for line in ("100.00 EUR", "2,000.00 EUR", "0.00 EUR", "50.00 EUR", "10.00 h × 45.00 EUR/h", "450.00 EUR"):
        assert line in html, line
    assert "2,600.00 EUR" in html
    assert "30 days" in html
    assert hire_a.total_cost == Decimal("2600.00") and hire_a.time_to_hire_days == 30
    assert reverse("metrics:hire_edit", args=[hire_a.pk]) in html


def test_manager_reads_hire_detail_without_edit_links(client_for, manager, hire_a):
    response = client_for(manager).get(reverse("metrics:hire_detail", args=[hire_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2,600.00 EUR" in html
    assert reverse("metrics:hire_edit", args=[hire_a.pk]) not in html
    assert reverse("people:person_detail", args=[hire_a.person_id]) not in html


@pytest.mark.parametrize("persona", ["contributor_b", "outsider"])
def test_others_get_404_on_a_hire_they_cannot_see(client_for, request, persona, hire_a):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    for name in ("hire_detail", "hire_edit", "hire_delete"):
        assert client.get(reverse(f"metrics:{name}", args=[hire_a.pk])).status_code == 404, name


# --- create -----------------------------------------------------------------------------------


def test_contributor_records_a_hire_for_own_pilot(client_for, contributor_a, pilot_a, person):
    response = client_for(contributor_a).post(reverse("metrics:hire_create"), valid_post(person, pilot_a))
    hire = Hire.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:hire_detail", args=[hire.pk])
    assert hire.total_cost == Decimal("2600.00")
    assert hire.time_to_hire_days == 30
    assert hire.sponsor == pilot_a.sponsor  # defaults to the pilot's
    assert hire.created_by == contributor_a
    assert hire.stage == 1


def test_hire_sponsor_can_be_chosen(client_for, hr_lead, pilot_a, sponsor_b, person):
    client_for(hr_lead).post(reverse("metrics:hire_create"), valid_post(person, pilot_a, sponsor=sponsor_b.pk))
    assert Hire.objects.get().sponsor == sponsor_b


def test_hire_form_groups_costs_with_zero_defaults(client_for, contributor_a, pilot_a):
    response = client_for(contributor_a).get(reverse("metrics:hire_create"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend>What this hire actually cost</legend>" in html
    form = response.context["form"]
    for name in ("cost_travel", "cost_recruiter_fee", "cost_job_ads", "cost_video_tooling", "staff_hours"):
        assert form[name].value() == Decimal("0"), name
    assert form["pilot"].value() == pilot_a.pk  # the only pilot is preselected


def test_hire_form_offers_only_searched_people(client_for, contributor_a, person):
    PersonFactory(first_name="Other", last_name="Someone")
    client = client_for(contributor_a)
    blank = client.get(reverse("metrics:hire_create"))
    assert blank.context["form"].fields["person"].widget.choices == []
    searched = client.get(reverse("metrics:hire_create"), {"q": "Placed"})
    assert [pk for pk, _ in searched.context["form"].fields["person"].widget.choices] == [person.pk]
    assert "Other Someone" not in searched.content.decode()


def test_hire_form_preselects_person_from_query(client_for, contributor_a, person):
    response = client_for(contributor_a).get(reverse("metrics:hire_create"), {"person": person.pk})
    assert response.context["form"]["person"].value() == person.pk
    assert f'value="{person.pk}"' in response.content.decode()


def test_hire_form_without_person_asks_for_one(client_for, contributor_a, pilot_a, person):
    data = valid_post(person, pilot_a)
    del data["person"]
    response = client_for(contributor_a).post(reverse("metrics:hire_create"), data)
    assert response.status_code == 400
    assert "Choose the person who was hired" in response.content.decode()
    assert not Hire.objects.exists()


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_manager_and_outsider_cannot_record_hires(client_for, request, persona, pilot_a, person):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("metrics:hire_create")).status_code == 403
    assert client.post(reverse("metrics:hire_create"), valid_post(person, pilot_a)).status_code == 403
    assert not Hire.objects.exists()


def test_contributor_cannot_record_a_hire_for_another_pilot(client_for, contributor_a, pilot_b, person):
    response = client_for(contributor_a).post(reverse("metrics:hire_create"), valid_post(person, pilot_b))
    assert response.status_code == 400
    assert "pilot" in response.context["form"].errors
    assert not Hire.objects.exists()


def test_hr_lead_records_hires_for_any_pilot(client_for, hr_lead, pilot_b, person):
    response = client_for(hr_lead).post(reverse("metrics:hire_create"), valid_post(person, pilot_b))
    assert response.status_code == 302
    assert Hire.objects.get().pilot == pilot_b


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cost_travel": "-5"}, "cost_travel", "cannot be negative"),
        ({"staff_hour_rate": "-1"}, "staff_hour_rate", "cannot be negative"),
        ({"cost_recruiter_fee": "lots"}, "cost_recruiter_fee", "Enter a number"),
        ({"date": "2024-12-31"}, "date", "cannot be before the first contact"),
        ({"first_contact_date": "2999-01-01", "date": "2999-02-01"}, "first_contact_date", "future"),
        ({"date": "not a date"}, "date", "Enter a valid date"),
    ],
)
def test_bad_hire_input_is_refused_and_nothing_written(
    client_for, contributor_a, pilot_a, person, overrides, field, message
):
    response = client_for(contributor_a).post(reverse("metrics:hire_create"), valid_post(person, pilot_a, **overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert not Hire.objects.exists()


def test_future_hire_date_is_refused_by_the_service(client_for, contributor_a, pilot_a, person):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(contributor_a).post(
        reverse("metrics:hire_create"), valid_post(person, pilot_a, date=tomorrow.isoformat())
    )
    assert response.status_code == 400
    assert services.MSG_FUTURE in response.context["form"].errors["date"]
    assert not Hire.objects.exists()


# --- edit and delete --------------------------------------------------------------------------


def test_contributor_corrects_own_hire_and_costs_are_recomputed(client_for, contributor_a, pilot_a, hire_a):
    data = valid_post(hire_a.person, pilot_a, cost_recruiter_fee="0", date="2025-02-15")
    response = client_for(contributor_a).post(reverse("metrics:hire_edit", args=[hire_a.pk]), data)
    assert response.status_code == 302
    hire_a.refresh_from_db()
    assert hire_a.total_cost == Decimal("600.00")  # 100 + 0 + 0 + 50 + 450
    assert hire_a.time_to_hire_days == 45


def test_edit_form_starts_with_the_hire_values(client_for, contributor_a, hire_a):
    response = client_for(contributor_a).get(reverse("metrics:hire_edit", args=[hire_a.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["cost_recruiter_fee"].value() == Decimal("2000.00")
    assert form["person"].value() == hire_a.person_id
    assert [pk for pk, _ in form.fields["person"].widget.choices] == [hire_a.person_id]


def test_bad_correction_leaves_the_hire_unchanged(client_for, contributor_a, pilot_a, hire_a):
    data = valid_post(hire_a.person, pilot_a, cost_travel="-100")
    response = client_for(contributor_a).post(reverse("metrics:hire_edit", args=[hire_a.pk]), data)
    assert response.status_code == 400
    hire_a.refresh_from_db()
    assert hire_a.cost_travel == Decimal("100.00") and hire_a.total_cost == Decimal("2600.00")


def test_hire_edit_refuses_a_date_before_first_contact_and_keeps_the_row(client_for, hr_lead, pilot_a, hire_a):
    data = valid_post(hire_a.person, pilot_a, first_contact_date="2025-02-01")
    response = client_for(hr_lead).post(reverse("metrics:hire_edit", args=[hire_a.pk]), data)
    assert response.status_code == 400
    hire_a.refresh_from_db()
    assert hire_a.first_contact_date == FIRST


def test_other_contributor_of_the_pilot_cannot_correct_the_hire(client_for, pilot_a, hire_a):
    colleague = UserFactory(role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=colleague, role=Membership.Role.CONTRIBUTOR)
    client = client_for(colleague)
    assert client.get(reverse("metrics:hire_detail", args=[hire_a.pk])).status_code == 200
    assert client.get(reverse("metrics:hire_edit", args=[hire_a.pk])).status_code == 403
    data = valid_post(hire_a.person, pilot_a, cost_travel="1")
    assert client.post(reverse("metrics:hire_edit", args=[hire_a.pk]), data).status_code == 403
    assert client.post(reverse("metrics:hire_delete", args=[hire_a.pk])).status_code == 403
    hire_a.refresh_from_db()
    assert hire_a.cost_travel == Decimal("100.00")


def test_manager_cannot_edit_or_delete_hires(client_for, manager, pilot_a, hire_a):
    client = client_for(manager)
    assert client.get(reverse("metrics:hire_edit", args=[hire_a.pk])).status_code == 403
    assert client.post(reverse("metrics:hire_delete", args=[hire_a.pk])).status_code == 403
    assert Hire.objects.filter(pk=hire_a.pk).exists()


def test_hr_lead_corrects_any_hire(client_for, hr_lead, pilot_a, hire_a):
    data = valid_post(hire_a.person, pilot_a, opening_title="Staff engineer")
    assert client_for(hr_lead).post(reverse("metrics:hire_edit", args=[hire_a.pk]), data).status_code == 302
    hire_a.refresh_from_db()
    assert hire_a.opening_title == "Staff engineer"


def test_delete_asks_first_then_deletes(client_for, contributor_a, hire_a):
    client = client_for(contributor_a)
    confirm = client.get(reverse("metrics:hire_delete", args=[hire_a.pk]))
    assert confirm.status_code == 200
    assert "This cannot be undone" in confirm.content.decode()
    assert Hire.objects.filter(pk=hire_a.pk).exists()
    response = client.post(reverse("metrics:hire_delete", args=[hire_a.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:hire_list")
    assert not Hire.objects.filter(pk=hire_a.pk).exists()


def test_contributor_b_cannot_delete_pilot_a_hire(client_for, contributor_b, hire_a):
    assert client_for(contributor_b).post(reverse("metrics:hire_delete", args=[hire_a.pk])).status_code == 404
    assert Hire.objects.filter(pk=hire_a.pk).exists()
