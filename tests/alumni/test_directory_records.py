"""An alumnus's page and record: making someone an alumnus (picked or new), a person is an alumnus
once, dates in order, editing, removing (HR leads; the person stays), goodwill with its dated
history (the newest by date wins), and private-group membership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.models import Alumnus, Goodwill, GoodwillChange, GroupMembership
from alumni.services import directory as services
from core.errors import DomainError, ForbiddenError
from people.models import Person
from programs.models import Venue
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory, VenueFactory

CREATE = reverse("alumni:alumnus_create")


def detail(alumnus: Alumnus) -> str:
    return reverse("alumni:alumnus_detail", args=[alumnus.pk])


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


@pytest.fixture
def alumnus(pilot_b, ada):
    return AlumnusFactory(person=ada, pilot=pilot_b, goodwill=Goodwill.UNKNOWN)


# --- the page ---------------------------------------------------------------------------------


def test_the_page_shows_the_record_and_is_audited(client_for, contributor_b, alumnus):
    response = client_for(contributor_b).get(detail(alumnus))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ada Lovelace" in body and "Advisory" in body and "Consultant" in body
    assert reverse("people:person_detail", args=[alumnus.person_id]) in body
    assert "Remove alumnus record" not in body  # contributors do not remove records
    event = AuditEvent.objects.get(verb="alumnus.viewed")
    assert event.person_id == alumnus.person_id and event.actor == contributor_b


def test_other_pilots_alumni_and_managers_get_404(client_for, contributor_a, manager, sponsor_b, alumnus):
    sponsor_b.managers.add(manager)
    for user in (contributor_a, manager):
        client = client_for(user)
        assert client.get(detail(alumnus)).status_code == 404
        assert client.get(reverse("alumni:alumnus_edit", args=[alumnus.pk])).status_code == 404
        assert client.post(reverse("alumni:alumnus_goodwill", args=[alumnus.pk]), {}).status_code == 404
    assert not AuditEvent.objects.filter(verb="alumnus.viewed").exists()


# --- make someone an alumnus ------------------------------------------------------------------


def test_a_contributor_makes_an_existing_person_an_alumnus(client_for, contributor_b, pilot_b, ada):
    response = client_for(contributor_b).post(
        CREATE,
        {
            "person": ada.pk,
            "pilot": pilot_b.pk,
            "former_role": "Analyst",
            "left_on": "2024-02-29",
            "exit_type": "retired",
        },
    )
    alumnus = Alumnus.objects.get(person=ada)
    assert response.status_code == 302 and response["Location"] == detail(alumnus)
    assert (alumnus.former_role, alumnus.left_on, alumnus.exit_type) == ("Analyst", dt.date(2024, 2, 29), "retired")
    assert AuditEvent.objects.get(verb="alumnus.created").person_id == ada.pk


def test_a_new_person_is_created_through_the_directory(client_for, hr_lead, pilot_b):
    response = client_for(hr_lead).post(
        CREATE,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@navy.example",
            "pilot": pilot_b.pk,
            "exit_type": "voluntary",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Hopper")
    assert person.emails.get().email == "grace@navy.example"
    assert Alumnus.objects.filter(person=person, pilot=pilot_b).exists()
    assert AuditEvent.objects.filter(verb="person.created", person_id=person.pk).exists()


def test_a_person_is_an_alumnus_once_and_the_refusal_links_the_record(client_for, contributor_b, pilot_b, alumnus, ada):
    response = client_for(contributor_b).post(CREATE, {"person": ada.pk, "pilot": pilot_b.pk, "exit_type": "voluntary"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "already an alumnus" in body
    assert detail(alumnus) in body
    assert Alumnus.objects.count() == 1


@pytest.mark.parametrize(
    "dates, field, message",
    [
        ({"started_on": "2022-01-01", "left_on": "2021-12-31"}, "left_on", services.MSG_DATES),
        ({"left_on": "2999-01-01"}, "left_on", services.MSG_FUTURE),
        ({"started_on": "2999-01-01"}, "started_on", services.MSG_FUTURE),
    ],
)
def test_dates_out_of_order_or_in_the_future_are_refused(
    client_for, contributor_b, pilot_b, ada, dates, field, message
):
    response = client_for(contributor_b).post(
        CREATE, {"person": ada.pk, "pilot": pilot_b.pk, "exit_type": "voluntary", **dates}
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not Alumnus.objects.exists()


def test_no_pilot_of_theirs_and_no_one_picked_are_refused(client_for, contributor_b, ada):
    other = PilotFactory(stage=2)
    client = client_for(contributor_b)
    response = client.post(CREATE, {"person": ada.pk, "pilot": other.pk, "exit_type": "voluntary"})
    assert response.status_code == 400 and "pilot" in response.context["form"].errors
    response = client.post(CREATE, {"pilot": other.pk, "exit_type": "voluntary"})
    assert response.status_code == 400 and services.MSG_WHO in response.context["form"].errors["person"]
    assert not Alumnus.objects.exists()


def test_a_contributor_cannot_create_in_a_stage_1_pilot_and_outsiders_are_forbidden(
    contributor_a, outsider, pilot_a, pilot_b, ada
):
    with pytest.raises(DomainError) as caught:
        services.alumnus_create(actor=contributor_a, pilot=pilot_a, person=ada)
    assert "pilot" in caught.value.fields
    with pytest.raises(ForbiddenError):
        services.alumnus_create(actor=outsider, pilot=pilot_b, person=ada)
    assert not Alumnus.objects.exists()


def test_the_segment_must_be_the_pilots(contributor_b, pilot_b, ada):
    foreign = SegmentFactory(pilot=PilotFactory(stage=2))
    with pytest.raises(DomainError) as caught:
        services.alumnus_create(actor=contributor_b, pilot=pilot_b, person=ada, segment=foreign)
    assert caught.value.fields == {"segment": [services.MSG_SEGMENT]}


# --- edit and remove --------------------------------------------------------------------------


def test_edit_saves_what_changed_and_audits_the_diff(client_for, contributor_b, pilot_b, alumnus):
    seg = SegmentFactory(pilot=pilot_b, rank=1)
    response = client_for(contributor_b).post(
        reverse("alumni:alumnus_edit", args=[alumnus.pk]),
        {
            "pilot": pilot_b.pk,
            "former_department": "Tax",
            "former_role": "Consultant",
            "started_on": "2018-03-01",
            "left_on": "2023-06-30",
            "exit_type": "voluntary",
            "rehire_eligible": "no",
            "segment": seg.pk,
        },
    )
    assert response.status_code == 302
    alumnus.refresh_from_db()
    assert (alumnus.former_department, alumnus.rehire_eligible, alumnus.segment) == ("Tax", False, seg)
    changes = AuditEvent.objects.get(verb="alumnus.changed").data["changes"]
    assert set(changes) == {"former_department", "rehire_eligible", "segment"}


def test_edit_with_dates_out_of_order_rerenders_with_400(client_for, contributor_b, pilot_b, alumnus):
    response = client_for(contributor_b).post(
        reverse("alumni:alumnus_edit", args=[alumnus.pk]),
        {"pilot": pilot_b.pk, "started_on": "2020-01-01", "left_on": "2019-01-01", "exit_type": "voluntary"},
    )
    assert response.status_code == 400
    alumnus.refresh_from_db()
    assert alumnus.left_on == dt.date(2023, 6, 30)


def test_only_hr_leads_remove_the_record_and_the_person_stays(client_for, hr_lead, contributor_b, alumnus, ada):
    url = reverse("alumni:alumnus_delete", args=[alumnus.pk])
    assert client_for(contributor_b).post(url).status_code == 403
    assert client_for(hr_lead).get(url).status_code == 200
    GoodwillChange.objects.create(alumnus=alumnus, from_level="unknown", to_level="positive", on=dt.date(2024, 1, 1))
    response = client_for(hr_lead).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("alumni:alumnus_list")
    assert not Alumnus.objects.exists() and not GoodwillChange.objects.exists()
    assert Person.objects.filter(pk=ada.pk).exists()
    assert AuditEvent.objects.get(verb="alumnus.deleted").person_id == ada.pk


# --- goodwill ---------------------------------------------------------------------------------


def test_goodwill_history_and_the_newest_by_date_wins(contributor_b, alumnus):
    first = services.goodwill_record(actor=contributor_b, alumnus=alumnus, level="neutral", on=dt.date(2024, 1, 10))
    assert (first.from_level, first.to_level) == ("unknown", "neutral")
    later = services.goodwill_record(
        actor=contributor_b, alumnus=alumnus, level="loves", on=dt.date(2024, 6, 1), note="Hosted our meetup"
    )
    assert (later.from_level, later.to_level) == ("neutral", "loves")
    # Back-dated: history only, from the level in effect then.
    back = services.goodwill_record(actor=contributor_b, alumnus=alumnus, level="negative", on=dt.date(2024, 3, 1))
    assert (back.from_level, back.to_level) == ("neutral", "negative")
    alumnus.refresh_from_db()
    assert (alumnus.goodwill, alumnus.goodwill_on) == ("loves", dt.date(2024, 6, 1))
    assert list(alumnus.goodwill_changes.order_by("on").values_list("to_level", flat=True)) == [
        "neutral",
        "negative",
        "loves",
    ]
    assert AuditEvent.objects.filter(verb="alumnus.goodwill_recorded").count() == 3


def test_goodwill_refuses_the_future_unknown_and_long_notes(contributor_b, alumnus):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for kwargs, field in (
        ({"level": "positive", "on": tomorrow}, "on"),
        ({"level": "unknown", "on": dt.date(2024, 1, 1)}, "level"),
        ({"level": "positive", "on": dt.date(2024, 1, 1), "note": "x" * 501}, "note"),
    ):
        with pytest.raises(DomainError) as caught:
            services.goodwill_record(actor=contributor_b, alumnus=alumnus, **kwargs)
        assert field in caught.value.fields
    assert not GoodwillChange.objects.exists()


def test_the_goodwill_form_on_the_page(client_for, contributor_b, alumnus):
    url = reverse("alumni:alumnus_goodwill", args=[alumnus.pk])
    client = client_for(contributor_b)
    response = client.post(url, {"level": "positive", "on": "2024-05-05", "note": "Warm reply"})
    assert response.status_code == 302
    page = client.get(detail(alumnus)).content.decode()
    assert "Warm reply" in page and "Goodwill: Positive" in page
    assert client.post(url, {"level": "", "on": "2024-05-05"}).status_code == 400


# --- group membership -------------------------------------------------------------------------


def test_membership_is_one_row_per_venue_and_private_venues_are_offered_first(client_for, contributor_b, alumnus):
    public = VenueFactory(name="Aardvark public")
    private = VenueFactory(name="Zeta alumni group", visibility=Venue.Visibility.PRIVATE)
    client = client_for(contributor_b)
    page = client.get(detail(alumnus))
    venues = list(page.context["membership_form"].fields["venue"].queryset)
    assert venues.index(private) < venues.index(public)
    url = reverse("alumni:alumnus_membership", args=[alumnus.pk])
    assert client.post(url, {"venue": private.pk, "status": "invited", "on": "2024-01-02"}).status_code == 302
    assert client.post(url, {"venue": private.pk, "status": "joined", "on": "2024-02-03"}).status_code == 302
    membership = GroupMembership.objects.get()
    assert (membership.status, membership.changed_on, membership.by) == ("joined", dt.date(2024, 2, 3), contributor_b)
    assert AuditEvent.objects.filter(verb="alumnus.membership_set").count() == 2
    assert client.post(url, {"venue": private.pk, "status": "bogus"}).status_code == 400
    assert "Joined" in client.get(detail(alumnus)).content.decode()


def test_the_forms_render_and_the_picker_finds_people_without_saving(client_for, contributor_b, pilot_b, alumnus):
    client = client_for(contributor_b)
    page = client.get(CREATE)
    assert page.status_code == 200
    assert page.context["form"].initial["pilot"] == pilot_b.pk  # their only Stage 2 pilot
    PersonFactory(first_name="Zoë", last_name="Ångström")
    found = client.post(CREATE, {"person_search": "zoe angstrom", "_lookup": "person", "pilot": pilot_b.pk})
    assert found.status_code == 200
    assert [o.label for o in found.context["picker"].options] == ["Zoë Ångström"]
    assert Alumnus.objects.count() == 1
    edit = client.get(reverse("alumni:alumnus_edit", args=[alumnus.pk]))
    assert edit.status_code == 200 and edit.context["form"].initial["former_role"] == "Consultant"


def test_people_without_a_stage_2_pilot_see_the_empty_state(client_for, contributor_a):
    response = client_for(contributor_a).get(CREATE)
    assert response.status_code == 200
    assert "No Stage 2 pilot to add alumni to" in response.content.decode()
