"""The people directory's HTML pages: who may do what, what gets written, and what is shown."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from people.models import Company, Person, PersonEmail, SocialHandle, Tag
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory, SocialHandleFactory

pytestmark = pytest.mark.django_db

LIST = reverse("people:person_list")
CREATE = reverse("people:person_create")


def person_post(**overrides: Any) -> dict[str, Any]:
    """A valid create/edit form submission with three handle rows; override any field."""
    handles = overrides.pop("handles", [])
    data: dict[str, Any] = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "title": "Rear admiral",
        "company": "",
        "new_company": "",
        "country": "us",
        "city": "Arlington",
        "emails": "",
        "tags": "",
        "source": "manual",
        "source_detail": "",
        "notes": "",
        "handles-TOTAL_FORMS": str(max(3, len(handles))),
        "handles-INITIAL_FORMS": "0",
        "handles-MIN_NUM_FORMS": "0",
        "handles-MAX_NUM_FORMS": "50",
    }
    for i in range(max(3, len(handles))):
        kind, handle, url = handles[i] if i < len(handles) else ("", "", "")
        data[f"handles-{i}-venue_kind"] = kind
        data[f"handles-{i}-handle"] = handle
        data[f"handles-{i}-profile_url"] = url
    data.update(overrides)
    return data


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


# Access --------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_people_page(client_for):
    person = PersonFactory()
    client = client_for(None)
    for url in [
        LIST,
        CREATE,
        reverse("people:person_detail", args=[person.pk]),
        reverse("people:person_edit", args=[person.pk]),
        reverse("people:person_delete", args=[person.pk]),
    ]:
        assert is_login_redirect(client.get(url)), url
    assert is_login_redirect(client.post(reverse("people:person_consent", args=[person.pk]), {"consent": "yes"}))
    assert Person.objects.get(pk=person.pk).consent_to_contact is False


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_contributors_without_pilot_get_403_everywhere(request, client_for, persona):
    person = PersonFactory()
    client = client_for(request.getfixturevalue(persona))
    for url in [
        LIST,
        CREATE,
        reverse("people:person_detail", args=[person.pk]),
        reverse("people:person_edit", args=[person.pk]),
        reverse("people:person_delete", args=[person.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(CREATE, person_post()).status_code == 403
    assert client.post(reverse("people:person_delete", args=[person.pk])).status_code == 403
    assert client.post(reverse("people:person_consent", args=[person.pk]), {"consent": "yes"}).status_code == 403
    assert Person.objects.count() == 1
    assert Person.objects.get(pk=person.pk).consent_to_contact is False


def test_contributor_can_list_create_and_edit_own_person(client_for, contributor_a):
    client = client_for(contributor_a)
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, person_post())
    person = Person.objects.get(first_name="Grace")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.created_by == contributor_a

    edit = reverse("people:person_edit", args=[person.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, person_post(title="Computer scientist"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.title == "Computer scientist"
    assert AuditEvent.objects.filter(verb="person.updated", target_id=str(person.pk)).exists()


def test_contributor_cannot_edit_or_delete_someone_elses_person(client_for, contributor_a, hr_lead):
    other = PersonFactory(first_name="Other", created_by=hr_lead)
    client = client_for(contributor_a)
    detail = client.get(reverse("people:person_detail", args=[other.pk]))
    assert detail.status_code == 200
    assert reverse("people:person_edit", args=[other.pk]) not in detail.content.decode()
    assert reverse("people:person_delete", args=[other.pk]) not in detail.content.decode()
    edit = reverse("people:person_edit", args=[other.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, person_post(first_name="Hacked")).status_code == 403
    delete = reverse("people:person_delete", args=[other.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete).status_code == 403
    assert client.post(reverse("people:person_consent", args=[other.pk]), {"consent": "yes"}).status_code == 403
    other.refresh_from_db()
    assert other.first_name == "Other"
    assert other.consent_to_contact is False


def test_contributor_cannot_delete_even_own_person(client_for, contributor_a):
    own = PersonFactory(created_by=contributor_a)
    client = client_for(contributor_a)
    detail = client.get(reverse("people:person_detail", args=[own.pk])).content.decode()
    assert reverse("people:person_edit", args=[own.pk]) in detail
    assert reverse("people:person_delete", args=[own.pk]) not in detail
    assert client.post(reverse("people:person_delete", args=[own.pk])).status_code == 403
    assert Person.objects.filter(pk=own.pk).exists()


def test_contributor_of_other_pilot_also_uses_the_directory(client_for, contributor_b):
    person = PersonFactory(first_name="Shared")
    client = client_for(contributor_b)
    assert "Shared" in client.get(LIST).content.decode()
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 200


def test_hr_lead_can_edit_and_delete_anyone(client_for, hr_lead, contributor_a):
    person = PersonFactory(first_name="Ada", created_by=contributor_a)
    PersonEmailFactory(person=person, email="ada@mail.example")
    client = client_for(hr_lead)
    detail = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert reverse("people:person_edit", args=[person.pk]) in detail
    assert reverse("people:person_delete", args=[person.pk]) in detail

    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        person_post(first_name="Ada", last_name="Lovelace", emails="ada@mail.example"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Lovelace"

    confirm = client.get(reverse("people:person_delete", args=[person.pk]))
    assert confirm.status_code == 200
    assert "Delete Ada Lovelace?" in confirm.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()  # GET only asks

    response = client.post(reverse("people:person_delete", args=[person.pk]))
    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not PersonEmail.objects.filter(email="ada@mail.example").exists()
    assert AuditEvent.objects.filter(verb="person.deleted", target_id=str(person.pk), actor=hr_lead).exists()


def test_missing_person_is_404(client_for, hr_lead):
    assert client_for(hr_lead).get(reverse("people:person_detail", args=[999999])).status_code == 404


# Create --------------------------------------------------------------------------------------


def test_create_writes_emails_handles_tags_company_and_audit_event(client_for, contributor_a):
    company = CompanyFactory(name="Navy")
    response = client_for(contributor_a).post(
        CREATE,
        person_post(
            company=str(company.pk),
            emails="Grace@Navy.example\n\n  grace.h@mail.example  \n",
            tags="COBOL, compilers, cobol",
            handles=[
                ("mastodon", "@grace@hachyderm.io", "https://hachyderm.io/@grace"),
                ("linkedin", "", "https://www.linkedin.com/in/grace"),
                ("", "", ""),
            ],
            consent_to_contact="on",
            consent_date="2024-05-01",
        ),
    )
    assert response.status_code == 302
    person = Person.objects.get(first_name="Grace")
    assert person.company == company
    assert person.country == "US"
    assert person.consent_to_contact is True
    assert person.consent_date == dt.date(2024, 5, 1)
    assert list(person.emails.values_list("email", "is_primary")) == [
        ("grace@navy.example", True),
        ("grace.h@mail.example", False),
    ]
    assert sorted(person.handles.values_list("venue_kind", "handle", "profile_url")) == [
        ("linkedin", "", "https://linkedin.com/in/grace"),  # one spelling per profile
        ("mastodon", "@grace@hachyderm.io", "https://hachyderm.io/@grace"),
    ]
    assert sorted(person.tags.values_list("name", flat=True)) == ["cobol", "compilers"]
    event = AuditEvent.objects.get(verb="person.created", target_id=str(person.pk))
    assert event.actor == contributor_a
    assert event.data["emails"] == ["grace.h@mail.example", "grace@navy.example"]


def test_create_form_offers_three_empty_handle_rows_and_every_venue_kind(client_for, contributor_a):
    html = client_for(contributor_a).get(CREATE).content.decode()
    for i in range(3):
        assert f'name="handles-{i}-handle"' in html
        assert f'name="handles-{i}-profile_url"' in html
    assert 'name="handles-3-handle"' not in html
    assert '<option value="mastodon">Mastodon</option>' in html
    assert 'name="confirm_duplicate"' not in html  # only offered after a same-name match


def test_typing_a_new_company_name_creates_that_company(client_for, contributor_a):
    response = client_for(contributor_a).post(CREATE, person_post(new_company="  Univac Corp "))
    assert response.status_code == 302
    person = Person.objects.get(first_name="Grace")
    assert person.company is not None
    assert person.company.name == "Univac Corp"
    assert AuditEvent.objects.filter(verb="company.created", target_id=str(person.company.pk)).exists()


def test_typing_an_existing_company_name_reuses_it(client_for, contributor_a):
    company = CompanyFactory(name="Univac Corp")
    client_for(contributor_a).post(CREATE, person_post(new_company="univac corp"))
    assert Person.objects.get(first_name="Grace").company == company
    assert Company.objects.count() == 1


def test_choosing_and_typing_a_company_is_refused(client_for, contributor_a):
    company = CompanyFactory(name="Navy")
    response = client_for(contributor_a).post(CREATE, person_post(company=str(company.pk), new_company="Army"))
    assert response.status_code == 400
    assert "not both" in response.content.decode()
    assert not Person.objects.exists()
    assert Company.objects.count() == 1


def test_duplicate_email_is_refused_with_link_to_existing_person_and_nothing_written(client_for, contributor_a):
    existing = PersonFactory(first_name="Existing", last_name="Owner")
    PersonEmailFactory(person=existing, email="grace@navy.example")
    events_before = AuditEvent.objects.count()
    response = client_for(contributor_a).post(
        CREATE, person_post(emails="GRACE@navy.example", new_company="Brand New Co", tags="newtag")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "grace@navy.example already belongs to Existing Owner." in html
    assert f'href="{reverse("people:person_detail", args=[existing.pk])}"' in html
    assert 'name="confirm_duplicate"' not in html  # an email clash cannot be overridden
    assert 'value="Grace"' in html  # what was typed is kept
    assert list(Person.objects.all()) == [existing]
    assert not Company.objects.filter(name="Brand New Co").exists()
    assert not Tag.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_duplicate_email_cannot_be_overridden_with_create_anyway(client_for, contributor_a):
    existing = PersonFactory()
    PersonEmailFactory(person=existing, email="grace@navy.example")
    response = client_for(contributor_a).post(CREATE, person_post(emails="grace@navy.example", confirm_duplicate="on"))
    assert response.status_code == 400
    assert Person.objects.count() == 1


def test_duplicate_profile_url_is_refused_with_link_and_nothing_written(client_for, contributor_a):
    existing = PersonFactory(first_name="Url", last_name="Owner")
    SocialHandleFactory(
        person=existing, venue_kind="linkedin", handle="", profile_url="https://www.linkedin.com/in/grace"
    )
    response = client_for(contributor_a).post(
        CREATE,
        person_post(handles=[("linkedin", "", "https://www.LinkedIn.com/in/grace")], confirm_duplicate="on"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "already belongs to Url Owner" in html
    assert f'href="{reverse("people:person_detail", args=[existing.pk])}"' in html
    assert 'name="confirm_duplicate"' not in html
    assert Person.objects.count() == 1
    assert SocialHandle.objects.count() == 1


def test_same_name_asks_to_confirm_then_creates_when_confirmed(client_for, contributor_a):
    existing = PersonFactory(first_name="Grace", last_name="Hopper")
    client = client_for(contributor_a)
    response = client.post(CREATE, person_post(first_name="grace", last_name="HOPPER"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone called grace HOPPER is already in the directory" in html
    assert 'name="confirm_duplicate"' in html
    assert "Create anyway" in html
    assert f'href="{reverse("people:person_detail", args=[existing.pk])}"' in html
    assert Person.objects.count() == 1

    response = client.post(CREATE, person_post(first_name="grace", last_name="HOPPER", confirm_duplicate="on"))
    assert response.status_code == 302
    assert Person.objects.filter(first_name__iexact="grace", last_name__iexact="hopper").count() == 2


@pytest.mark.parametrize("country", ["1X", "D", "XX", "SW", "Atlantis"])
def test_something_that_is_not_a_country_is_a_field_error(client_for, contributor_a, country):
    response = client_for(contributor_a).post(CREATE, person_post(country=country))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["country"]
    assert f"“{country}” is not a country" in errors["country"][0]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"), [(" de ", "DE"), ("Sweden", "SE"), ("united kingdom", "GB"), ("USA", "US")]
)
def test_a_country_code_or_name_is_stored_as_its_code(client_for, contributor_a, typed, stored):
    response = client_for(contributor_a).post(CREATE, person_post(country=typed))
    assert response.status_code == 302
    assert Person.objects.get().country == stored


def test_bad_email_line_is_a_field_error(client_for, contributor_a):
    response = client_for(contributor_a).post(CREATE, person_post(emails="ok@mail.example\nnot-an-email"))
    assert response.status_code == 400
    assert "not-an-email" in response.context["form"].errors["emails"][0]
    assert not Person.objects.exists()


def test_handle_without_venue_is_a_row_error(client_for, contributor_a):
    response = client_for(contributor_a).post(CREATE, person_post(handles=[("", "gracehopper", "")]))
    assert response.status_code == 400
    assert response.context["handles"].forms[0].errors["venue_kind"] == ["Choose the venue for this handle."]
    assert not Person.objects.exists()


def test_edit_refuses_an_email_that_belongs_to_someone_else(client_for, hr_lead):
    mine = PersonFactory(first_name="Mine")
    theirs = PersonFactory(first_name="Theirs", last_name="Person")
    PersonEmailFactory(person=theirs, email="taken@mail.example")
    response = client_for(hr_lead).post(
        reverse("people:person_edit", args=[mine.pk]), person_post(first_name="Mine", emails="taken@mail.example")
    )
    assert response.status_code == 400
    assert f'href="{reverse("people:person_detail", args=[theirs.pk])}"' in response.content.decode()
    assert not mine.emails.exists()


def test_edit_form_is_prefilled_and_keeps_existing_handles(client_for, hr_lead):
    person = PersonFactory(first_name="Pre", last_name="Filled")
    PersonEmailFactory(person=person, email="pre@mail.example")
    SocialHandleFactory(person=person, venue_kind="bluesky", handle="pre.bsky.social", profile_url="")
    html = client_for(hr_lead).get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert "pre@mail.example" in html
    assert 'value="pre.bsky.social"' in html
    assert 'name="handles-3-handle"' in html  # one existing row + three empty rows


# Escaping ------------------------------------------------------------------------------------


def test_html_in_a_name_is_escaped_on_list_and_detail(client_for, hr_lead):
    person = PersonFactory(first_name="<script>alert(1)</script>", last_name="<b>x</b>")
    client = client_for(hr_lead)
    for url in [LIST, reverse("people:person_detail", args=[person.pk])]:
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
        assert "<b>x</b>" not in html, url


def test_only_http_profile_urls_become_links_with_nofollow(client_for, hr_lead):
    person = PersonFactory()
    SocialHandleFactory(person=person, venue_kind="blog", handle="good", profile_url="https://blog.example/me")
    SocialHandleFactory(person=person, venue_kind="other", handle="evil", profile_url="javascript:alert(1)")
    html = client_for(hr_lead).get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert '<a href="https://blog.example/me" rel="nofollow noopener">good</a>' in html
    assert 'href="javascript:' not in html


# Consent -------------------------------------------------------------------------------------


def test_recording_consent_sets_date_and_withdrawing_clears_it(client_for, contributor_a):
    person = PersonFactory(created_by=contributor_a)
    client = client_for(contributor_a)
    url = reverse("people:person_consent", args=[person.pk])
    assert "Record consent" in client.get(reverse("people:person_detail", args=[person.pk])).content.decode()

    response = client.post(url, {"consent": "yes", "consent_date": "2024-03-02"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.consent_to_contact is True
    assert person.consent_date == dt.date(2024, 3, 2)
    assert "Withdraw consent" in client.get(reverse("people:person_detail", args=[person.pk])).content.decode()

    client.post(url, {"consent": "no"})
    person.refresh_from_db()
    assert person.consent_to_contact is False
    assert person.consent_date is None
    assert AuditEvent.objects.filter(verb="person.consent_changed", target_id=str(person.pk)).count() == 2


def test_recording_consent_without_date_uses_today(client_for, hr_lead):
    person = PersonFactory()
    client_for(hr_lead).post(reverse("people:person_consent", args=[person.pk]), {"consent": "yes"})
    person.refresh_from_db()
    assert person.consent_to_contact is True
    assert person.consent_date is not None


def test_consent_toggle_refuses_get(client_for, hr_lead):
    person = PersonFactory()
    assert client_for(hr_lead).get(reverse("people:person_consent", args=[person.pk])).status_code == 405


# List: search, filters, pagination, empty states, queries --------------------------------------


def listed_names(response) -> list[str]:
    return [p.first_name for p in response.context["people"]]


def test_search_and_filters_return_the_right_people(client_for, hr_lead):
    acme = CompanyFactory(name="Acme", relationship=Company.Relationship.CUSTOMER)
    rival = CompanyFactory(name="Rival", relationship=Company.Relationship.COMPETITOR)
    python = Tag.objects.create(name="python")
    alice = PersonFactory(first_name="Alice", last_name="A", company=acme, country="DE", city="Berlin")
    alice.tags.add(python)
    PersonEmailFactory(person=alice, email="alice@wonder.example")
    PersonFactory(
        first_name="Bob",
        last_name="B",
        company=rival,
        country="FR",
        city="Paris",
        source=Person.Source.LISTENING,
        consent_to_contact=True,
        consent_date=dt.date(2024, 1, 1),
    )
    PersonFactory(first_name="Carol", last_name="C", company=None, country="DE", city="Munich")
    client = client_for(hr_lead)

    def names(**params: str) -> list[str]:
        return listed_names(client.get(LIST, params))

    assert names() == ["Alice", "Bob", "Carol"]
    assert names(q="wonder") == ["Alice"]
    assert names(q="rival") == ["Bob"]
    assert names(country="de") == ["Alice", "Carol"]
    assert names(city="par") == ["Bob"]
    assert names(company=str(acme.pk)) == ["Alice"]
    assert names(tag="python") == ["Alice"]
    assert names(source="listening") == ["Bob"]
    assert names(consent="yes") == ["Bob"]
    assert names(consent="no") == ["Alice", "Carol"]
    assert names(relationship="competitor") == ["Bob"]
    assert names(country="DE", city="mun") == ["Carol"]


def test_sort_newest_puts_latest_first(client_for, hr_lead):
    PersonFactory(first_name="Old", last_name="A", created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    PersonFactory(first_name="New", last_name="Z", created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    client = client_for(hr_lead)
    assert listed_names(client.get(LIST)) == ["Old", "New"]
    assert listed_names(client.get(LIST, {"sort": "newest"})) == ["New", "Old"]


def test_unknown_filter_values_are_ignored_not_an_error(client_for, hr_lead):
    PersonFactory(first_name="Only")
    response = client_for(hr_lead).get(LIST, {"company": "99999", "sort": "bogus", "consent": "maybe"})
    assert response.status_code == 200
    assert listed_names(response) == ["Only"]


def test_pagination_shows_25_and_keeps_filters_in_page_links(client_for, hr_lead):
    for i in range(30):
        PersonFactory(first_name=f"P{i:02d}", last_name="Same", country="DE")
    PersonFactory(first_name="Elsewhere", country="FR")
    client = client_for(hr_lead)
    response = client.get(LIST, {"country": "DE", "q": "same"})
    assert len(response.context["people"]) == 25
    html = response.content.decode()
    next_links = [part.split('"')[0] for part in html.split('href="?')[1:] if "page=2" in part.split('"')[0]]
    assert next_links, html
    params = parse_qs(urlparse("?" + next_links[0].replace("&amp;", "&")).query)
    assert params == {"country": ["DE"], "q": ["same"], "page": ["2"]}
    page2 = client.get(LIST, {"country": "DE", "q": "same", "page": "2"})
    assert len(page2.context["people"]) == 5
    assert "Elsewhere" not in listed_names(page2)


def test_empty_directory_invites_to_add_the_first_person(client_for, hr_lead):
    html = client_for(hr_lead).get(LIST).content.decode()
    assert "No people yet" in html
    assert f'href="{CREATE}"' in html


def test_no_match_offers_to_clear_filters(client_for, hr_lead):
    PersonFactory(country="DE")
    html = client_for(hr_lead).get(LIST, {"country": "JP"}).content.decode()
    assert "No one matches these filters" in html
    assert "No people yet" not in html
    assert f'href="{LIST}">clear filters' in html


def test_list_shows_the_columns(client_for, hr_lead):
    company = CompanyFactory(name="Acme")
    person = PersonFactory(first_name="Col", last_name="Umns", title="CTO", company=company, city="Lyon", country="FR")
    person.tags.add(Tag.objects.create(name="rust"))
    html = client_for(hr_lead).get(LIST).content.decode()
    for text in ["Col Umns", "CTO", "Acme", "Lyon, FR", "rust"]:
        assert text in html


def _make_people(n: int) -> None:
    tags = [Tag.objects.get_or_create(name=f"tag{i}")[0] for i in range(3)]
    for _ in range(n):
        person = PersonFactory(company=CompanyFactory())
        person.tags.add(*tags)
        PersonEmailFactory(person=person)
        SocialHandleFactory(person=person)


def test_list_query_count_does_not_grow_with_people(client_for, hr_lead, django_assert_max_num_queries):
    client = client_for(hr_lead)
    _make_people(5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(LIST, {"q": "e"}).status_code == 200
    _make_people(25)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(LIST, {"q": "e"})
    assert len(response.context["people"]) > 5


def test_consent_dated_in_the_future_is_refused_with_a_message(client_for, hr_lead):
    person = PersonFactory()
    client = client_for(hr_lead)
    response = client.post(
        reverse("people:person_consent", args=[person.pk]),
        {"consent": "yes", "consent_date": "2999-01-01"},
        follow=True,
    )
    assert "cannot be dated in the future" in response.content.decode()
    person.refresh_from_db()
    assert (person.consent_to_contact, person.consent_date) == (False, None)


def test_a_consent_date_without_consent_is_a_field_error_not_silently_dropped(client_for, hr_lead):
    response = client_for(hr_lead).post(CREATE, person_post(consent_date="2024-01-01"))
    assert response.status_code == 400
    assert "consent_date" in response.context["form"].errors
    assert not Person.objects.exists()
