"""The quick log of introductions and assists: reachable from every page, filled in with the
user's defaults, a person picker that scales to the whole directory, and bad input refused with
a form error (400) and nothing written."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from metrics import services
from metrics.models import Assist, AssistType, Introduction
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

INTRO_NEW = reverse("metrics:introduction_create")
ASSIST_NEW = reverse("metrics:assist_create")
LOOKUP = reverse("metrics:person_lookup")
COMPANY_LOOKUP = reverse("metrics:company_lookup")


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def selected_option(html: str, name: str) -> str | None:
    """The value of the selected <option> of the <select name=...>."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return found.group(1) if found else None


def checked_radio(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="radio" name="{name}" value="([^"]*)"[^>]*checked', html)
    return found.group(1) if found else None


def intro_post(pilot, on_behalf_of, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "on_behalf_of": on_behalf_of.pk,
        "on_behalf_kind": "alumnus",
        "to_person": "",
        "to_company": "",
        "purpose": "job",
        "pilot": pilot.pk,
        "date": timezone.localdate().isoformat(),
        "outcome": "",
    }
    data.update(overrides)
    return data


def assist_post(pilot, person, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "person": person.pk,
        "direction": "received",
        "assist_type": "decision-maker-introduction",
        "pilot": pilot.pk,
        "date": timezone.localdate().isoformat(),
        "note": "",
    }
    data.update(overrides)
    return data


# Reachable from every page --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["contributor_a", "hr_lead"])
def test_quick_log_links_are_in_the_header_of_every_page(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in [reverse("dashboard"), reverse("programs:pilot_list"), reverse("people:person_list")]:
        html = client.get(url).content.decode()
        assert f'href="{INTRO_NEW}?next={url}' in html.replace("%2F", "/"), url
        assert f'href="{ASSIST_NEW}?next=' in html, url


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_people_who_cannot_log_see_no_quick_log_links(request, client_for, persona):
    html = client_for(request.getfixturevalue(persona)).get(reverse("dashboard")).content.decode()
    assert INTRO_NEW not in html
    assert ASSIST_NEW not in html


# Who may log ----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_the_log_forms_and_lookups(client_for):
    client = client_for(None)
    for url in [INTRO_NEW, ASSIST_NEW, LOOKUP + "?q=ann", COMPANY_LOOKUP + "?q=acme"]:
        assert is_login_redirect(client.get(url)), url
    assert is_login_redirect(client.post(INTRO_NEW, {}))


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_contributors_without_pilot_get_403_on_the_log_forms(request, client_for, persona, pilot_a):
    person = PersonFactory()
    client = client_for(request.getfixturevalue(persona))
    for url in [INTRO_NEW, ASSIST_NEW, LOOKUP + "?q=" + person.first_name, COMPANY_LOOKUP + "?q=co"]:
        assert client.get(url).status_code == 403, url
    assert client.post(INTRO_NEW, intro_post(pilot_a, person, to_company=CompanyFactory().pk)).status_code == 403
    assert client.post(ASSIST_NEW, assist_post(pilot_a, person)).status_code == 403
    assert not Introduction.objects.exists()
    assert not Assist.objects.exists()


# Defaults -------------------------------------------------------------------------------------


def test_introduction_form_preselects_the_only_pilot_today_job_and_focuses_the_first_field(client_for, contributor_a):
    response = client_for(contributor_a).get(INTRO_NEW)
    assert response.status_code == 200
    html = response.content.decode()
    pilot = contributor_a.memberships.get().pilot
    assert selected_option(html, "pilot") == str(pilot.pk)
    assert selected_option(html, "purpose") == "job"
    assert selected_option(html, "on_behalf_kind") == "alumnus"
    assert f'name="date" value="{timezone.localdate().isoformat()}"' in html
    assert re.search(r'<input type="search" id="id_on_behalf_of_search"[^<]*autofocus', html, re.S)
    assert '<select name="on_behalf_of"' not in html and '<select name="to_person"' not in html


def test_pilot_select_lists_only_the_users_pilots(client_for, contributor_a, pilot_b):
    html = client_for(contributor_a).get(INTRO_NEW).content.decode()
    assert f'<option value="{pilot_b.pk}"' not in html
    assert "Consulting alumni" not in html


def test_with_several_pilots_the_default_is_the_one_logged_in_most_recently(client_for, contributor_a, pilot_a):
    other = PilotFactory(name="Second pilot", stage=3)
    MembershipFactory(pilot=other, user=contributor_a)
    client = client_for(contributor_a)
    assert (
        selected_option(client.get(INTRO_NEW).content.decode(), "pilot") == ""
    )  # nothing logged yet: "Choose a pilot"
    person = PersonFactory()
    services.assist_record(
        actor=contributor_a, pilot=pilot_a, person=person, assist_type="introduction", direction="given"
    )
    services.introduction_record(
        actor=contributor_a, pilot=other, on_behalf_of=person, to_company=CompanyFactory(), now=timezone.now()
    )
    assert selected_option(client.get(INTRO_NEW).content.decode(), "pilot") == str(other.pk)
    html = client.get(ASSIST_NEW).content.decode()
    assert selected_option(html, "pilot") == str(other.pk)
    # The assist form remembers the direction and kind of help logged last time.
    assert checked_radio(html, "direction") == "given"
    assert checked_radio(html, "assist_type") == "introduction"


def test_a_link_from_a_persons_page_preselects_that_person(client_for, contributor_a):
    person = PersonFactory(first_name="Linus", last_name="Picked")
    html = client_for(contributor_a).get(f"{INTRO_NEW}?on_behalf_of={person.pk}").content.decode()
    assert checked_radio(html, "on_behalf_of") == str(person.pk)
    assert "Linus Picked" in html


# Happy paths ----------------------------------------------------------------------------------


def test_contributor_logs_an_introduction_and_returns_where_they_came_from(client_for, contributor_a, pilot_a):
    alumnus, contact = PersonFactory(), PersonFactory()
    company = CompanyFactory(name="Acme")
    client = client_for(contributor_a)
    response = client.post(
        INTRO_NEW,
        intro_post(pilot_a, alumnus, to_person=contact.pk, to_company=company.pk, purpose="client", next="/people/"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    intro = Introduction.objects.get()
    assert (intro.made_by, intro.created_by, intro.pilot, intro.stage) == (contributor_a, contributor_a, pilot_a, 1)
    assert (intro.on_behalf_of, intro.to_person, intro.to_company, intro.purpose) == (
        alumnus,
        contact,
        company,
        "client",
    )
    assert intro.date == timezone.localdate()
    assert AuditEvent.objects.filter(verb="introduction.recorded").count() == 1
    html = client.get("/people/").content.decode()
    assert "Introduction logged." in html
    assert f'href="{reverse("metrics:introduction_delete", args=[intro.pk])}">Undo</a>' in html
    assert f'href="{reverse("metrics:introduction_edit", args=[intro.pk])}">Correct it</a>' in html


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_url_off_the_site_is_ignored(client_for, contributor_a, pilot_a, next_url):
    response = client_for(contributor_a).post(
        INTRO_NEW, intro_post(pilot_a, PersonFactory(), to_company=CompanyFactory().pk, next=next_url)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:introduction_list")


def test_hr_lead_logs_an_assist_in_any_pilot(client_for, hr_lead, pilot_b):
    person = PersonFactory()
    response = client_for(hr_lead).post(ASSIST_NEW, assist_post(pilot_b, person, note="Met their CTO"))
    assert response.status_code == 302
    assist = Assist.objects.get()
    assert (assist.pilot, assist.stage, assist.employee, assist.person) == (pilot_b, 2, hr_lead, person)
    assert (assist.assist_type.key, assist.points, assist.direction) == ("decision-maker-introduction", 10, "received")
    assert assist.note == "Met their CTO"


def test_contributor_logs_an_assist_by_type_id_too(client_for, contributor_a, pilot_a):
    kind = AssistType.objects.get(key="general-information")
    response = client_for(contributor_a).post(ASSIST_NEW, assist_post(pilot_a, PersonFactory(), assist_type=kind.pk))
    assert response.status_code == 302
    assert Assist.objects.get().points == 1


# Bad input ------------------------------------------------------------------------------------


def test_contributor_cannot_log_into_another_pilot(client_for, contributor_a, pilot_b):
    client = client_for(contributor_a)
    person = PersonFactory()
    response = client.post(INTRO_NEW, intro_post(pilot_b, person, to_company=CompanyFactory().pk))
    assert response.status_code == 400
    assert "you can only log work for pilots you belong to" in response.content.decode()
    response = client.post(ASSIST_NEW, assist_post(pilot_b, person))
    assert response.status_code == 400
    assert "you can only log work for pilots you belong to" in response.content.decode()
    assert not Introduction.objects.exists()
    assert not Assist.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date": "2999-01-01", "to_company": "company"}, "The date cannot be in the future."),
        ({}, "Say whom the introduction was to"),
        ({"to_person": "self"}, "Someone cannot be introduced to themselves."),
        ({"on_behalf_of": "", "to_company": "company"}, "Choose a person"),
        ({"on_behalf_of": "999999", "to_company": "company"}, "no longer exists"),
        ({"purpose": "bribery", "to_company": "company"}, "Select a valid choice"),
        ({"date": "yesterday", "to_company": "company"}, "Enter a valid date"),
    ],
)
def test_bad_introductions_get_a_form_error_and_nothing_is_written(
    client_for, contributor_a, pilot_a, overrides, message
):
    alumnus = PersonFactory(first_name="Keep", last_name="Typed")
    company = CompanyFactory()
    data = intro_post(pilot_a, alumnus, outcome="Kept when the form comes back")
    for key, value in overrides.items():
        data[key] = {"company": company.pk, "self": alumnus.pk}.get(value, value)
    response = client_for(contributor_a).post(INTRO_NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Kept when the form comes back" in html
    assert not Introduction.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="introduction").exists()


@pytest.mark.parametrize("bogus", ["bogus-key", "999999", "", "<b>x</b>"])
def test_unknown_assist_types_get_a_form_error_and_nothing_is_written(client_for, contributor_a, pilot_a, bogus):
    response = client_for(contributor_a).post(ASSIST_NEW, assist_post(pilot_a, PersonFactory(), assist_type=bogus))
    assert response.status_code == 400
    html = response.content.decode()
    assert ("Unknown assist type" in html) or ("Choose the kind of help." in html)
    assert "<b>x</b>" not in html
    assert not Assist.objects.exists()


def test_a_retired_assist_type_cannot_be_logged(client_for, contributor_a, pilot_a):
    AssistType.objects.filter(key="introduction").update(is_active=False)
    response = client_for(contributor_a).post(
        ASSIST_NEW, assist_post(pilot_a, PersonFactory(), assist_type="introduction")
    )
    assert response.status_code == 400
    assert "is retired" in response.content.decode()
    assert not Assist.objects.exists()


def test_future_assist_date_is_refused(client_for, contributor_a, pilot_a):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client_for(contributor_a).post(ASSIST_NEW, assist_post(pilot_a, PersonFactory(), date=tomorrow))
    assert response.status_code == 400
    assert "The date cannot be in the future." in response.content.decode()
    assert not Assist.objects.exists()


# The person picker ----------------------------------------------------------------------------


def test_person_lookup_returns_escaped_matches_as_radio_buttons(client_for, contributor_a):
    evil = PersonFactory(first_name="<script>alert(1)</script>", last_name="Mallory", title="<img src=x>")
    response = client_for(contributor_a).get(LOOKUP, {"q": "Mallory", "field": "on_behalf_of"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mallory" in html
    assert "<img src=x>" not in html
    assert f'<input type="radio" name="on_behalf_of" value="{evil.pk}"' in html


def test_person_lookup_shows_at_most_20_matches_and_says_there_are_more(client_for, contributor_a):
    PersonFactory.create_batch(25, last_name="Manyfold")
    html = client_for(contributor_a).get(LOOKUP, {"person_search": "Manyfold", "field": "person"}).content.decode()
    assert html.count('type="radio" name="person"') == 20
    assert "type more to narrow them down" in html


def test_person_lookup_keeps_the_selected_person_and_ignores_unknown_field_names(client_for, contributor_a):
    chosen = PersonFactory(first_name="Chosen", last_name="One")
    PersonFactory(first_name="Other", last_name="Match")
    html = (
        client_for(contributor_a).get(LOOKUP, {"q": "Match", "field": "person", "person": chosen.pk}).content.decode()
    )
    assert checked_radio(html, "person") == str(chosen.pk)
    assert "Other Match" in html
    html = client_for(contributor_a).get(LOOKUP, {"q": "Match", "field": '"><script>'}).content.decode()
    assert 'name="person"' in html and "<script>" not in html


def test_company_lookup_finds_companies_for_the_introductions_target(client_for, contributor_a):
    acme = CompanyFactory(name="Acme Robotics")
    CompanyFactory(name="Globex")
    html = client_for(contributor_a).get(COMPANY_LOOKUP, {"q": "acme", "field": "to_company"}).content.decode()
    assert f'name="to_company" value="{acme.pk}"' in html
    assert "Globex" not in html


def test_without_javascript_the_find_button_shows_matches_and_saves_nothing(client_for, contributor_a, pilot_a):
    target = PersonFactory(first_name="Ada", last_name="Searchable")
    data = intro_post(pilot_a, target, on_behalf_of_search="Searchable", _lookup="on_behalf_of")
    data["on_behalf_of"] = ""
    response = client_for(contributor_a).post(INTRO_NEW, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="on_behalf_of" value="{target.pk}"' in html
    assert checked_radio(html, "on_behalf_of") is None  # listed, not picked for the user
    assert "Choose a person" not in html  # a lookup is not a failed save
    assert not Introduction.objects.exists()


def test_a_failed_save_shows_the_matches_for_what_was_typed(client_for, contributor_a, pilot_a):
    PersonFactory(first_name="Twin", last_name="Alpha")
    PersonFactory(first_name="Twin", last_name="Beta")
    data = intro_post(pilot_a, PersonFactory(), on_behalf_of_search="Twin", to_company=CompanyFactory().pk)
    data["on_behalf_of"] = ""
    response = client_for(contributor_a).post(INTRO_NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Twin Alpha" in html and "Twin Beta" in html
    assert "Choose a person" in html
    assert not Introduction.objects.exists()


def test_the_log_form_never_lists_the_whole_directory(client_for, hr_lead):
    PersonFactory.create_batch(30)
    UserFactory(role=Role.CONTRIBUTOR)
    html = client_for(hr_lead).get(INTRO_NEW).content.decode()
    assert html.count('type="radio"') == 0  # no search yet: nothing listed


# The picker never picks for the user; the error and the pick always agree ---------------------------


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', html)


def picker_html(html: str, name: str) -> str:
    found = re.search(rf'<fieldset[^>]*id="{name}-picker".*?</fieldset>', html, re.S)
    assert found, f"no picker {name}"
    return found.group(0)


def test_an_optional_picker_lists_no_one_last_and_checks_nothing_after_typing(client_for, contributor_a):
    ann = PersonFactory(first_name="Ann", last_name="Only")
    html = client_for(contributor_a).get(LOOKUP, {"q": "ann", "field": "to_person"}).content.decode()

    assert radios(html, "to_person") == [str(ann.pk), ""]  # the match, then "No one", last
    assert checked_radio(html, "to_person") is None
    assert "No one: a company only" in html


def test_a_required_picker_has_no_empty_row_and_checks_nothing(client_for, contributor_a):
    ann = PersonFactory(first_name="Ann", last_name="Only")
    html = client_for(contributor_a).get(LOOKUP, {"q": "ann", "field": "on_behalf_of"}).content.decode()

    assert radios(html, "on_behalf_of") == [str(ann.pk)]
    assert checked_radio(html, "on_behalf_of") is None
    assert 'role="radiogroup"' in html and 'aria-required="true"' in html


def test_a_search_typed_without_a_pick_is_refused_on_that_picker(client_for, contributor_a, pilot_a):
    PersonFactory(first_name="Ann", last_name="Typed")
    data = intro_post(pilot_a, PersonFactory(), to_person_search="ann")
    del data["to_person"]  # the user typed, saw the match and never picked it

    response = client_for(contributor_a).post(INTRO_NEW, data)

    assert response.status_code == 400
    html = response.content.decode()
    to_person = picker_html(html, "to_person")
    assert "Pick one of the matches for “ann”, or empty the search box." in to_person
    assert checked_radio(to_person, "to_person") is None  # the error says "pick", nothing is picked
    assert "Say whom the introduction was to" not in html
    assert not Introduction.objects.exists()


def test_no_one_picked_explicitly_saves_the_introduction_to_the_company_only(client_for, contributor_a, pilot_a):
    PersonFactory(first_name="Ann", last_name="Typed")
    company = CompanyFactory()
    data = intro_post(pilot_a, PersonFactory(), to_person_search="ann", to_person="", to_company=company.pk)

    response = client_for(contributor_a).post(INTRO_NEW, data)

    assert response.status_code == 302
    intro = Introduction.objects.get()
    assert (intro.to_person, intro.to_company) == (None, company)


def test_after_a_failed_save_what_was_picked_stays_picked_without_an_error(client_for, contributor_a, pilot_a):
    picked = PersonFactory(first_name="Kept", last_name="Pick")
    PersonFactory(first_name="Kept", last_name="Other")
    data = intro_post(pilot_a, picked, on_behalf_of_search="kept", to_person_search="kept", to_person="")

    response = client_for(contributor_a).post(INTRO_NEW, data)

    assert response.status_code == 400
    html = response.content.decode()
    on_behalf_of = picker_html(html, "on_behalf_of")
    assert checked_radio(on_behalf_of, "on_behalf_of") == str(picked.pk)
    assert radios(on_behalf_of, "on_behalf_of")[0] == str(picked.pk)  # first, whatever was typed since
    assert 'class="error' not in on_behalf_of and "field--error" not in on_behalf_of.split(">")[0]
    # The refusal sits on "To this person", and picking a company answers it as well.
    to_person = picker_html(html, "to_person")
    assert "Say whom the introduction was to" in to_person
    assert 'data-cleared-by="to_company"' in to_person
    assert checked_radio(to_person, "to_person") == ""  # "No one" was chosen: the error agrees
    assert not Introduction.objects.exists()


def test_a_refused_pick_stays_picked_next_to_its_error(client_for, contributor_a, pilot_a):
    same = PersonFactory(first_name="Self", last_name="Loop")
    data = intro_post(pilot_a, same, to_person=same.pk, to_person_search="self")

    response = client_for(contributor_a).post(INTRO_NEW, data)

    assert response.status_code == 400
    to_person = picker_html(response.content.decode(), "to_person")
    assert "Someone cannot be introduced to themselves." in to_person
    assert checked_radio(to_person, "to_person") == str(same.pk)
    assert 'aria-invalid="true"' in to_person


def test_the_error_path_then_a_pick_saves(client_for, contributor_a, pilot_a):
    client = client_for(contributor_a)
    alumnus = PersonFactory(first_name="Pia", last_name="Picked")
    data = intro_post(pilot_a, alumnus, on_behalf_of_search="pia", to_company=CompanyFactory().pk)
    data["on_behalf_of"] = ""
    first = client.post(INTRO_NEW, data)
    assert first.status_code == 400
    assert "Choose a person" in picker_html(first.content.decode(), "on_behalf_of")

    data["on_behalf_of"] = alumnus.pk  # the user picks the match; the search text is still there
    second = client.post(INTRO_NEW, data)

    assert second.status_code == 302
    assert Introduction.objects.get().on_behalf_of == alumnus


def test_the_log_forms_load_the_picker_script(client_for, contributor_a):
    client = client_for(contributor_a)
    for url in (INTRO_NEW, ASSIST_NEW):
        html = client.get(url).content.decode()
        assert re.search(r'<script src="/static/js/picker\.js" defer></script>', html), url


# The pilot of the page the user came from -----------------------------------------------------------


@pytest.fixture
def second_pilot(contributor_a):
    other = PilotFactory(name="Second pilot", stage=3)
    MembershipFactory(pilot=other, user=contributor_a)
    return other


@pytest.mark.parametrize("page", ["/pilots/{pk}/", "/pilots/{pk}/goals/add/", "/metrics/introductions/?pilot={pk}"])
def test_a_log_link_from_a_pilots_page_preselects_that_pilot(client_for, contributor_a, pilot_a, second_pilot, page):
    client = client_for(contributor_a)
    services.assist_record(
        actor=contributor_a, pilot=pilot_a, person=PersonFactory(), assist_type="introduction", direction="given"
    )
    came_from = page.format(pk=second_pilot.pk)

    for url in (INTRO_NEW, ASSIST_NEW):
        html = client.get(url, {"next": came_from}).content.decode()
        assert selected_option(html, "pilot") == str(second_pilot.pk), (url, came_from)
        assert f'name="next" value="{came_from}"' in html.replace("&amp;", "&")


@pytest.mark.parametrize(
    "page", ["/pilots/{other}/", "/pilots/999999/", "/people/", "https://evil.example/pilots/{mine}/"]
)
def test_a_pilot_page_the_user_cannot_log_for_falls_back_to_the_last_pilot_used(
    client_for, contributor_a, pilot_a, second_pilot, pilot_b, page
):
    services.assist_record(
        actor=contributor_a, pilot=pilot_a, person=PersonFactory(), assist_type="introduction", direction="given"
    )
    came_from = page.format(other=pilot_b.pk, mine=second_pilot.pk)

    html = client_for(contributor_a).get(INTRO_NEW, {"next": came_from}).content.decode()

    assert selected_option(html, "pilot") == str(pilot_a.pk)
