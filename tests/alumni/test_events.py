"""Networking events: the rules (place, date, attendees, recommenders), linking the introductions
exchanged there, the pages and who may use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.models import EventIntroduction, NetworkingEvent
from alumni.services import events as services
from core.errors import ConflictError, DomainError, ForbiddenError
from metrics import services as ledger
from metrics.models import Introduction
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def alumnus(pilot_b):
    return AlumnusFactory(pilot=pilot_b, person=PersonFactory(first_name="Rita", last_name="Recommender"))


@pytest.fixture
def event(contributor_b, pilot_b, alumnus):
    return services.event_create(
        actor=contributor_b,
        pilot=pilot_b,
        name="Berlin Tech Breakfast",
        city=" Berlin ",
        country="Germany",
        starts_on=TODAY - dt.timedelta(days=3),
        recommended_by=[alumnus],
        attendees=[contributor_b],
    )


def intro_of(actor, pilot, *, date=TODAY):
    return ledger.introduction_record(
        actor=actor, pilot=pilot, on_behalf_of=PersonFactory(), to_person=PersonFactory(), date=date
    )


def test_an_event_is_recorded_with_a_clean_place_and_audited(event, alumnus, contributor_b):
    assert (event.city, event.country) == ("Berlin", "DE")
    assert list(event.recommended_by.all()) == [alumnus]
    assert list(event.attendees.all()) == [contributor_b]
    assert AuditEvent.objects.filter(verb="networking_event.created", target_id=str(event.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "Atlantis"}, "country"),
        ({"country": "XX"}, "country"),
        ({"city": "   "}, "city"),
        ({"name": ""}, "name"),
        ({"starts_on": dt.date(1999, 12, 31)}, "starts_on"),
        ({"starts_on": TODAY + dt.timedelta(days=3 * 365)}, "starts_on"),
    ],
)
def test_bad_values_are_refused_on_their_field(contributor_b, pilot_b, changes, field):
    values = {"name": "Meetup", "city": "Paris", "country": "FR", "starts_on": TODAY, **changes}
    with pytest.raises(DomainError) as caught:
        services.event_create(actor=contributor_b, pilot=pilot_b, **values)
    assert field in caught.value.fields
    assert not NetworkingEvent.objects.exists()


def test_attendees_must_be_members_and_recommenders_alumni_of_the_pilot(contributor_b, contributor_a, pilot_b, pilot_a):
    other_pilot_alumnus = AlumnusFactory(pilot=PilotFactory(stage=2))
    base = {"name": "Meetup", "city": "Paris", "country": "FR", "starts_on": TODAY}
    with pytest.raises(DomainError) as caught:
        services.event_create(actor=contributor_b, pilot=pilot_b, attendees=[contributor_a], **base)
    assert "attendees" in caught.value.fields
    with pytest.raises(DomainError) as caught:
        services.event_create(actor=contributor_b, pilot=pilot_b, recommended_by=[other_pilot_alumnus], **base)
    assert "recommended_by" in caught.value.fields
    assert not NetworkingEvent.objects.exists()


def test_only_a_stage_2_pilot_the_actor_works_in(contributor_b, contributor_a, pilot_a, pilot_b):
    base = {"name": "Meetup", "city": "Paris", "country": "FR", "starts_on": TODAY}
    with pytest.raises(DomainError, match="Stage 2 pilots"):
        services.event_create(actor=contributor_a, pilot=pilot_a, **base)
    with pytest.raises(DomainError, match="Stage 2 pilots"):
        services.event_create(actor=contributor_a, pilot=pilot_b, **base)


def test_update_changes_only_what_is_given_and_rechecks_people(event, contributor_b, contributor_a):
    assert services.event_update(actor=contributor_b, event=event, city="Munich") == ["city"]
    assert services.event_update(actor=contributor_b, event=event, city="Munich") == []
    with pytest.raises(DomainError):
        services.event_update(actor=contributor_b, event=event, attendees=[contributor_a])
    event.refresh_from_db()
    assert event.city == "Munich"
    assert list(event.attendees.all()) == [contributor_b]


def test_linking_introductions(event, contributor_b, pilot_b, pilot_a, hr_lead):
    here = intro_of(contributor_b, pilot_b)
    services.event_link_introduction(actor=contributor_b, event=event, introduction=here)
    assert EventIntroduction.objects.get().introduction == here
    other_event = services.event_create(
        actor=contributor_b, pilot=pilot_b, name="Other", city="Rome", country="IT", starts_on=TODAY
    )
    with pytest.raises(ConflictError, match="already linked"):
        services.event_link_introduction(actor=contributor_b, event=other_event, introduction=here)
    elsewhere = intro_of(hr_lead, pilot_a)
    with pytest.raises(DomainError, match="event's pilot"):
        services.event_link_introduction(actor=contributor_b, event=event, introduction=elsewhere)
    services.event_unlink_introduction(actor=contributor_b, event=event, introduction=here)
    assert not EventIntroduction.objects.exists()
    assert Introduction.objects.filter(pk=here.pk).exists()  # the ledger row stays


def test_logging_an_introduction_made_at_the_event_links_it(event, contributor_b, client_for):
    who, to = PersonFactory(first_name="Olga"), PersonFactory(first_name="Tim")
    url = reverse("alumni:event_introduction_create", args=[event.pk])
    client = client_for(contributor_b)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "on_behalf_of": who.pk,
            "to_person": to.pk,
            "on_behalf_kind": "alumnus",
            "purpose": "job",
            "pilot": event.pilot_id,
            "date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    intro = Introduction.objects.get(on_behalf_of=who)
    assert intro.pilot_id == event.pilot_id
    assert intro.networking_event_link.event == event


def test_a_refused_introduction_at_the_event_writes_nothing(event, contributor_b, client_for):
    who = PersonFactory()
    response = client_for(contributor_b).post(
        reverse("alumni:event_introduction_create", args=[event.pk]),
        {"on_behalf_of": who.pk, "on_behalf_kind": "alumnus", "purpose": "job", "pilot": event.pilot_id, "date": TODAY},
    )
    assert response.status_code == 400  # no target
    assert not Introduction.objects.exists()


def test_delete_is_for_hr_leads_and_whoever_recorded_it(event, pilot_b, hr_lead):
    colleague = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_b, user=colleague)
    with pytest.raises(ForbiddenError):
        services.event_delete(actor=colleague, event=event)
    services.event_delete(actor=hr_lead, event=event)
    assert not NetworkingEvent.objects.exists()


def test_the_pages_create_show_edit_link_and_delete(contributor_b, pilot_b, alumnus, client_for):
    client = client_for(contributor_b)
    form = client.get(reverse("alumni:event_create"))
    assert form.status_code == 200
    assert "Rita Recommender" in form.content.decode()
    bad = client.post(
        reverse("alumni:event_create"),
        {"pilot": pilot_b.pk, "name": "X", "city": "Oslo", "country": "Nowhere", "starts_on": TODAY},
    )
    assert bad.status_code == 400
    assert "two-letter ISO code" in bad.content.decode()
    created = client.post(
        reverse("alumni:event_create"),
        {
            "pilot": pilot_b.pk,
            "name": "Oslo Founders",
            "city": "Oslo",
            "country": "no",
            "starts_on": TODAY,
            "recommended_by": [alumnus.pk],
            "attendees": [contributor_b.pk],
        },
    )
    event = NetworkingEvent.objects.get(name="Oslo Founders")
    assert created.url == reverse("alumni:event_detail", args=[event.pk])
    intro = intro_of(contributor_b, pilot_b)
    detail = client.get(created.url).content.decode()
    assert "Rita Recommender" in detail and "Bob Contributor" in detail
    assert client.post(reverse("alumni:event_link", args=[event.pk]), {"introduction": intro.pk}).status_code == 302
    assert event.event_introductions.count() == 1
    edit = client.post(
        reverse("alumni:event_edit", args=[event.pk]),
        {"pilot": pilot_b.pk, "name": "Oslo Founders", "city": "Bergen", "country": "NO", "starts_on": TODAY},
    )
    assert edit.status_code == 302
    event.refresh_from_db()
    assert event.city == "Bergen"
    unlink = reverse("alumni:event_unlink", args=[event.pk, intro.pk])
    assert client.post(unlink).status_code == 302
    assert client.post(reverse("alumni:event_delete", args=[event.pk])).status_code == 302
    assert not NetworkingEvent.objects.exists()


def test_the_list_filters_by_place_and_time(event, contributor_b, pilot_b, client_for):
    services.event_create(
        actor=contributor_b,
        pilot=pilot_b,
        name="Paris Later",
        city="Paris",
        country="FR",
        starts_on=TODAY + dt.timedelta(days=9),
    )
    client = client_for(contributor_b)

    def names(query: str) -> list[str]:
        return [e.name for e in client.get(f"/alumni/events/?{query}").context["events"]]

    assert names("") == ["Paris Later", "Berlin Tech Breakfast"]
    assert names("country=germany") == ["Berlin Tech Breakfast"]
    assert names("city=paris") == ["Paris Later"]
    assert names("when=upcoming") == ["Paris Later"]
    assert names("when=past") == ["Berlin Tech Breakfast"]


def test_other_pilots_contributors_managers_and_outsiders_get_404(
    event, client_for, contributor_a, manager, outsider, sponsor_b
):
    sponsor_b.managers.add(manager)
    for page in ("event_detail", "event_edit", "event_delete", "event_introduction_create"):
        assert client_for(contributor_a).get(reverse(f"alumni:{page}", args=[event.pk])).status_code == 404
    assert client_for(contributor_a).get("/alumni/events/").context["events"].__len__() == 0
    for user in (manager, outsider):
        assert client_for(user).get("/alumni/events/").status_code == 404
        assert client_for(user).get(reverse("alumni:event_detail", args=[event.pk])).status_code == 404


def test_the_detail_page_runs_a_bounded_number_of_queries(
    event, contributor_b, pilot_b, client_for, django_assert_max_num_queries
):
    for _ in range(6):
        services.event_link_introduction(
            actor=contributor_b, event=event, introduction=intro_of(contributor_b, pilot_b)
        )
    client = client_for(contributor_b)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("alumni:event_detail", args=[event.pk])).status_code == 200


def test_the_find_button_on_the_event_introduction_form_only_looks_up(event, contributor_b, client_for):
    PersonFactory(first_name="Zelda", last_name="Zebra")
    response = client_for(contributor_b).post(
        reverse("alumni:event_introduction_create", args=[event.pk]),
        {"_lookup": "on_behalf_of", "on_behalf_of_search": "Zelda"},
    )
    assert response.status_code == 200
    assert "Zelda Zebra" in response.content.decode()
    assert not Introduction.objects.exists()
