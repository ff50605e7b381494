"""Team → Audit log and /api/v1/audit-events/: events read as sentences with their details in
words, filtered by actor, person and kind (read, export, change, erasure, login-security)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import services
from accounts.audit import ACCOUNTS_PHRASES, kind_of, known_verbs
from accounts.models import AuditEvent, Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

AUDIT_URL = reverse("accounts:audit_log")
API_URL = "/api/v1/audit-events/"


def sentences(response) -> list[str]:
    return [row["sentence"] for row in response.context["rows"]]


# --- Words, not codes ----------------------------------------------------------------------------


def test_an_event_reads_as_a_sentence_naming_target_and_actor(client_for, hr_lead, pilot_a):
    services.audit_record(actor=hr_lead, verb="pilot.goal_added", target=pilot_a)

    response = client_for(hr_lead).get(AUDIT_URL)

    assert sentences(response) == ["Goal added to Engineers on Mastodon by Hanna Lead"]
    assert "Goal added to Engineers on Mastodon by Hanna Lead" in response.content.decode()


def test_accounts_own_events_read_as_words_with_choice_labels(client_for, hr_lead, contributor_a):
    client = client_for(hr_lead)
    services.invitation_create(actor=hr_lead, email="new@firm.example", role=Role.MANAGER)
    client.post(reverse("accounts:user_update", args=[contributor_a.pk]), {"role": Role.MANAGER, "is_active": "on"})

    response = client.get(AUDIT_URL)
    rows = {row["sentence"]: row["details"] for row in response.context["rows"]}

    assert rows["Role or status of Ann Contributor changed by Hanna Lead"] == [("Role", "Contributor → Manager")]
    assert rows["Invitation for new@firm.example sent by Hanna Lead"] == [("Role", "Manager")]


def test_ids_in_details_become_names(client_for, hr_lead, pilot_a, sponsor_b, contributor_a):
    services.audit_record(
        actor=hr_lead,
        verb="pilot.updated",
        target=pilot_a,
        data={"changes": {"sponsor": [pilot_a.sponsor_id, sponsor_b.pk], "status": ["planning", "active"]}},
    )
    token, _ = services.api_token_create(user=contributor_a, name="laptop")
    services.api_token_revoke(user=contributor_a, token=token, actor=hr_lead)

    response = client_for(hr_lead).get(AUDIT_URL)
    details = {row["event"].verb: row["details"] for row in response.context["rows"]}

    assert ("Sponsor", "Engineering → Consulting") in details["pilot.updated"]
    assert ("Status", "Planning → Active") in details["pilot.updated"]
    assert details["api_token.revoked"] == [("Owner", "Ann Contributor")]


def test_an_id_whose_row_is_gone_reads_as_a_number_not_an_error(client_for, hr_lead, pilot_a):
    services.audit_record(
        actor=hr_lead, verb="pilot.updated", target=pilot_a, data={"changes": {"sponsor": [999999, None]}}
    )

    response = client_for(hr_lead).get(AUDIT_URL)

    assert response.context["rows"][0]["details"] == [("Sponsor", "#999999 → —")]


def test_an_unregistered_verb_still_reads_as_words(client_for, hr_lead):
    services.audit_record(actor=None, verb="thing.got_done", target_type="x.y", target_id="3")

    assert sentences(client_for(hr_lead).get(AUDIT_URL)) == ["Thing got done by the system"]


def test_every_verb_accounts_writes_has_a_phrase():
    source = "\n".join(path.read_text() for path in Path("accounts").glob("*.py"))
    written = set(re.findall(r'verb="([a-z_.]+)"', source)) | set(re.findall(r'"(admin\.[a-z]+)" if', source))
    written |= {"admin.created", "admin.changed"}

    assert written, "no verbs found"
    assert written <= set(ACCOUNTS_PHRASES), written - set(ACCOUNTS_PHRASES)
    assert set(ACCOUNTS_PHRASES.items()) <= set(known_verbs().items())


# --- Kinds ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "kind"),
    [
        ("person.viewed", "read"),
        ("conversation.api_viewed", "read"),
        ("opening.candidate_viewed", "read"),
        ("people.api_listed", "read"),
        ("hires.csv_exported", "export"),
        ("person.exported", "export"),
        ("person.erased", "erasure"),
        ("user.updated", "login-security"),
        ("api_token.created", "login-security"),
        ("invitation.accepted", "login-security"),
        ("pilot.goal_added", "change"),
        ("policy.reviewed", "change"),
        ("admin.changed", "change"),
    ],
)
def test_kind_is_derived_from_the_verb(verb, kind):
    assert kind_of(verb) == kind


def test_every_registered_verb_that_views_something_is_a_read():
    viewed = [verb for verb in known_verbs() if verb.endswith((".viewed", "_viewed"))]

    assert "conversation.api_viewed" in viewed
    assert {verb: kind_of(verb) for verb in viewed} == dict.fromkeys(viewed, "read")


def test_an_api_view_is_filtered_as_a_read_on_the_page_and_in_the_api(client_for, api_client_for, hr_lead):
    for verb in ("conversation.api_viewed", "pilot.goal_added"):
        services.audit_record(actor=hr_lead, verb=verb, target_type="x.y", target_id="1")

    page = client_for(hr_lead).get(AUDIT_URL, {"kind": "read"})
    api = api_client_for(hr_lead).get(API_URL, {"kind": "read"})
    changes = api_client_for(hr_lead).get(API_URL, {"kind": "change"})

    assert [row["event"].verb for row in page.context["rows"]] == ["conversation.api_viewed"]
    assert [(event["verb"], event["kind"]) for event in api.json()["results"]] == [("conversation.api_viewed", "read")]
    assert [event["verb"] for event in changes.json()["results"]] == ["pilot.goal_added"]


@pytest.fixture
def mixed_log(hr_lead, contributor_a):
    for verb in ("person.viewed", "hires.csv_exported", "person.erased", "api_token.created", "pilot.goal_added"):
        services.audit_record(actor=hr_lead, verb=verb, target_type="x.y", target_id="1")
    services.audit_record(actor=contributor_a, verb="pilot.updated", target_type="x.y", target_id="2")


@pytest.mark.parametrize(
    ("kind", "verbs"),
    [
        ("read", ["person.viewed"]),
        ("export", ["hires.csv_exported"]),
        ("erasure", ["person.erased"]),
        ("login-security", ["api_token.created"]),
        ("change", ["pilot.goal_added", "pilot.updated"]),
    ],
)
def test_page_and_api_filter_by_kind(client_for, api_client_for, hr_lead, mixed_log, kind, verbs):
    page = client_for(hr_lead).get(AUDIT_URL, {"kind": kind})
    api = api_client_for(hr_lead).get(API_URL, {"kind": kind})

    assert sorted(row["event"].verb for row in page.context["rows"]) == verbs
    assert sorted(event["verb"] for event in api.json()["results"]) == verbs
    assert {event["kind"] for event in api.json()["results"]} == {kind}


def test_page_and_api_filter_by_actor(client_for, api_client_for, hr_lead, contributor_a, mixed_log):
    page = client_for(hr_lead).get(AUDIT_URL, {"actor": contributor_a.pk})
    api = api_client_for(hr_lead).get(API_URL, {"actor": contributor_a.pk})

    assert [row["event"].verb for row in page.context["rows"]] == ["pilot.updated"]
    assert [event["verb"] for event in api.json()["results"]] == ["pilot.updated"]
    assert api.json()["results"][0]["actor_name"] == "Ann Contributor"


# --- About one person ---------------------------------------------------------------------------------


@pytest.fixture
def ada_events(hr_lead):
    """Events about person 41 ("Ada Lovelace") with several targets, and one about someone else."""
    services.audit_record(
        actor=hr_lead, verb="person.created", target_type="people.person", target_id="41", person_id=41
    )
    AuditEvent.objects.filter(verb="person.created").update(target_repr="Ada Lovelace")
    services.audit_record(
        actor=hr_lead, verb="person.viewed", target_type="people.person", target_id="41", person_id=41
    )
    AuditEvent.objects.filter(verb="person.viewed").update(target_repr="Ada Lovelace")
    services.audit_record(
        actor=hr_lead, verb="introduction.recorded", target_type="metrics.introduction", target_id="9", person_id=41
    )
    services.audit_record(
        actor=hr_lead, verb="person.created", target_type="people.person", target_id="42", person_id=42
    )


def test_filter_by_person_shows_every_event_about_them_and_their_name(client_for, hr_lead, ada_events):
    response = client_for(hr_lead).get(AUDIT_URL, {"person": 41})

    assert sorted(row["event"].verb for row in response.context["rows"]) == [
        "introduction.recorded",
        "person.created",
        "person.viewed",
    ]
    assert "Showing what was recorded about <strong>Ada Lovelace</strong>" in response.content.decode()


def test_filter_by_person_finds_introductions_made_to_them(client_for, api_client_for, hr_lead, ada_events):
    # Person 42 is introduced to on behalf of 41: the event is filed under 41 and names 42 as
    # its second person, so both people's filters list it (page, API, and by name).
    services.audit_record(
        actor=hr_lead,
        verb="introduction.recorded",
        target_type="metrics.introduction",
        target_id="10",
        person_id=41,
        data={"related_person_id": 42},
    )
    AuditEvent.objects.filter(person_id=42).update(target_repr="Grace Hopper")
    page = client_for(hr_lead).get(AUDIT_URL, {"person": 42})
    api = api_client_for(hr_lead).get(API_URL, {"person": 42})
    by_name = client_for(hr_lead).get(AUDIT_URL, {"person_name": "hopper"})

    expected = [("introduction.recorded", "10"), ("person.created", "42")]
    assert sorted((r["event"].verb, r["event"].target_id) for r in page.context["rows"]) == expected
    assert sorted((e["verb"], e["target_id"]) for e in api.json()["results"]) == expected
    assert sorted((r["event"].verb, r["event"].target_id) for r in by_name.context["rows"]) == expected
    # Person 41's filter still lists it too, next to their own events.
    assert len(client_for(hr_lead).get(AUDIT_URL, {"person": 41}).context["rows"]) == 4


def test_filter_by_person_name(client_for, api_client_for, hr_lead, ada_events):
    page = client_for(hr_lead).get(AUDIT_URL, {"person_name": "lovelace"})
    api = api_client_for(hr_lead).get(API_URL, {"person_name": "lovelace"})

    assert len(page.context["rows"]) == 3
    assert {event["person_id"] for event in api.json()["results"]} == {41}


def test_a_person_with_no_named_event_is_called_by_number(client_for, hr_lead):
    services.audit_record(actor=hr_lead, verb="x.done", target_type="x.y", target_id="1", person_id=77)

    assert "about <strong>person #77</strong>" in client_for(hr_lead).get(AUDIT_URL, {"person": 77}).content.decode()


# --- The page -------------------------------------------------------------------------------------------


def test_empty_log_and_empty_filter_say_so(client_for, hr_lead):
    client = client_for(hr_lead)

    assert "Nothing has been recorded yet" in client.get(AUDIT_URL).content.decode()
    services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1")
    assert "No event matches these filters" in client.get(AUDIT_URL, {"kind": "erasure"}).content.decode()


def test_the_page_is_a_list_not_a_wide_table(client_for, hr_lead):
    services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1")

    body = client_for(hr_lead).get(AUDIT_URL).content.decode()

    assert 'class="card-list audit-list"' in body
    assert "<table" not in body


def test_an_unknown_kind_is_a_form_error(client_for, hr_lead):
    response = client_for(hr_lead).get(AUDIT_URL, {"kind": "everything"})

    assert response.status_code == 400
    assert response.context["filter_form"].errors["kind"]


def test_names_in_details_cost_the_same_queries_for_5_and_25_events(
    client_for, hr_lead, pilot_a, sponsor_b, django_assert_max_num_queries
):
    client = client_for(hr_lead)

    def add(n: int) -> None:
        for _ in range(n):
            services.audit_record(
                actor=hr_lead,
                verb="pilot.updated",
                target=pilot_a,
                data={"changes": {"sponsor": [pilot_a.sponsor_id, sponsor_b.pk]}},
            )

    add(5)
    client.get(AUDIT_URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as five:
        client.get(AUDIT_URL)
    add(20)
    with django_assert_max_num_queries(len(five.captured_queries)):
        client.get(AUDIT_URL)


# --- The API ---------------------------------------------------------------------------------------------


def test_api_gives_sentence_kind_and_details(api_client_for, hr_lead, pilot_a, sponsor_b):
    services.audit_record(
        actor=hr_lead,
        verb="pilot.updated",
        target=pilot_a,
        data={"changes": {"sponsor": [pilot_a.sponsor_id, sponsor_b.pk]}},
    )

    event = api_client_for(hr_lead).get(API_URL).json()["results"][0]

    assert event["description"] == "Pilot Engineers on Mastodon changed by Hanna Lead"
    assert event["kind"] == "change"
    assert event["details"] == [{"label": "Sponsor", "value": "Engineering → Consulting"}]
    assert event["data"] == {"changes": {"sponsor": [pilot_a.sponsor_id, sponsor_b.pk]}}


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_read_the_audit_api_and_ids_read_the_same(request, persona, hr_lead, api_client_for):
    event = services.audit_record(actor=hr_lead, verb="pilot.created", target_type="programs.pilot", target_id="1")
    client = api_client_for(request.getfixturevalue(persona))

    listed = client.get(API_URL)
    existing = client.get(f"{API_URL}{event.pk}/")
    missing = client.get(f"{API_URL}999999/")

    assert listed.status_code == existing.status_code == missing.status_code == 403
    assert existing.json() == missing.json()


@pytest.mark.parametrize("params", [{"kind": "everything"}, {"person": "abc"}, {"date_from": "yesterday"}])
def test_api_bad_filters_are_a_400_in_the_error_format(api_client_for, hr_lead, params):
    response = api_client_for(hr_lead).get(API_URL, params)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_the_audit_api_is_in_the_schema(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/audit-events/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"actor", "person", "person_name", "kind", "date_from", "date_to"} <= names


def test_the_audit_api_is_not_writable(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post(API_URL, {"verb": "forged"}, format="json")

    assert response.status_code == 405
    assert not AuditEvent.objects.filter(verb="forged").exists()


def test_another_hr_lead_is_an_actor_filter_choice(client_for, hr_lead):
    other = UserFactory(role=Role.HR_LEAD, full_name="Zoe Lead")

    body = client_for(hr_lead).get(AUDIT_URL).content.decode()

    assert f'<option value="{other.pk}">Zoe Lead</option>' in body
