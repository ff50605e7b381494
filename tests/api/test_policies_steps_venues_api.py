"""/api/v1/policies/ (draft, approve, acknowledge), /api/v1/playbook-steps/ and /api/v1/venues/."""

from __future__ import annotations

import pytest

from programs.access import MSG_NOT_AN_OWNER
from programs.models import PilotStep, PolicyAcknowledgement, SharingPolicy, Venue
from tests.programs.factories import PolicyFactory, VenueFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def policy_a(pilot_a):
    return PolicyFactory(pilot=pilot_a, version=1, status=SharingPolicy.Status.APPROVED)


@pytest.fixture
def draft_a(pilot_a):
    return PolicyFactory(pilot=pilot_a, version=2, status=SharingPolicy.Status.DRAFT)


@pytest.fixture
def policy_b(pilot_b):
    return PolicyFactory(pilot=pilot_b, version=1, status=SharingPolicy.Status.APPROVED)


# --- Policies: reads --------------------------------------------------------------------------


def test_anonymous_cannot_list_policies(api_client_for, policy_a):
    assert api_client_for(None).get("/api/v1/policies/").status_code == 401


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_lead", {"policy_a", "policy_b"}),
        ("contributor_a", {"policy_a"}),
        ("manager", {"policy_a"}),
        ("outsider", set()),
    ],
)
def test_policy_list_shows_policies_of_visible_pilots(api_client_for, request, persona, expected, policy_a, policy_b):
    response = api_client_for(request.getfixturevalue(persona)).get("/api/v1/policies/")

    assert response.status_code == 200
    assert ids(response) == {request.getfixturevalue(name).pk for name in expected}


def test_contributor_of_another_pilot_gets_404_on_its_policy(api_client_for, contributor_b, policy_a):
    assert api_client_for(contributor_b).get(f"/api/v1/policies/{policy_a.pk}/").status_code == 404


def test_policies_filter_by_pilot_and_status(api_client_for, hr_lead, policy_a, draft_a, policy_b):
    client = api_client_for(hr_lead)

    assert ids(client.get("/api/v1/policies/", {"pilot": policy_a.pilot_id})) == {policy_a.pk, draft_a.pk}
    assert ids(client.get("/api/v1/policies/", {"status": "draft"})) == {draft_a.pk}


def test_policy_says_whether_i_acknowledged_it(api_client_for, contributor_a, policy_a):
    client = api_client_for(contributor_a)
    assert client.get(f"/api/v1/policies/{policy_a.pk}/").json()["acknowledged_by_me"] is False

    PolicyAcknowledgement.objects.create(policy=policy_a, user=contributor_a)

    assert client.get(f"/api/v1/policies/{policy_a.pk}/").json()["acknowledged_by_me"] is True


# --- Policies: writes -------------------------------------------------------------------------


def test_hr_lead_drafts_a_new_policy_version(api_client_for, hr_lead, pilot_a, policy_a):
    response = api_client_for(hr_lead).post(
        "/api/v1/policies/", {"pilot": pilot_a.pk, "may_share": "Projects", "may_not_share": "Prices"}, format="json"
    )

    assert response.status_code == 201
    policy = SharingPolicy.objects.get(pk=response.json()["id"])
    assert (policy.pilot, policy.version, policy.status, policy.created_by) == (pilot_a, 2, "draft", hr_lead)


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_draft_policies(api_client_for, request, persona, pilot_a):
    response = api_client_for(request.getfixturevalue(persona)).post(
        "/api/v1/policies/", {"pilot": pilot_a.pk, "may_share": "x", "may_not_share": "y"}, format="json"
    )

    assert response.status_code == 403
    assert not SharingPolicy.objects.exists()


def test_hr_lead_edits_a_draft(api_client_for, hr_lead, draft_a):
    response = api_client_for(hr_lead).patch(
        f"/api/v1/policies/{draft_a.pk}/", {"may_share": "Only team life."}, format="json"
    )

    assert response.status_code == 200
    draft_a.refresh_from_db()
    assert draft_a.may_share == "Only team life."
    assert draft_a.may_not_share == "Client names, prices, unreleased products."


def test_an_approved_policy_cannot_be_edited(api_client_for, hr_lead, policy_a):
    response = api_client_for(hr_lead).patch(f"/api/v1/policies/{policy_a.pk}/", {"may_share": "All"}, format="json")

    assert response.status_code == 400
    policy_a.refresh_from_db()
    assert policy_a.may_share != "All"


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_edit_or_approve_a_draft(api_client_for, request, persona, code, draft_a):
    client = api_client_for(request.getfixturevalue(persona))

    assert client.patch(f"/api/v1/policies/{draft_a.pk}/", {"may_share": "All"}, format="json").status_code == code
    assert client.post(f"/api/v1/policies/{draft_a.pk}/approve/").status_code == code
    draft_a.refresh_from_db()
    assert draft_a.status == "draft"
    assert draft_a.may_share != "All"


def test_approving_a_draft_supersedes_the_current_policy(api_client_for, hr_lead, policy_a, draft_a):
    response = api_client_for(hr_lead).post(f"/api/v1/policies/{draft_a.pk}/approve/")

    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    policy_a.refresh_from_db()
    draft_a.refresh_from_db()
    assert (policy_a.status, draft_a.status, draft_a.approved_by) == ("superseded", "approved", hr_lead)


def test_member_acknowledges_the_current_policy(api_client_for, contributor_a, policy_a):
    response = api_client_for(contributor_a).post(f"/api/v1/policies/{policy_a.pk}/acknowledge/")

    assert response.status_code == 200
    assert response.json()["user"] == contributor_a.pk
    assert PolicyAcknowledgement.objects.filter(policy=policy_a, user=contributor_a).count() == 1


def test_a_non_member_who_sees_the_policy_gets_403_on_acknowledge(api_client_for, manager, hr_lead, policy_a):
    for user in (manager, hr_lead):
        response = api_client_for(user).post(f"/api/v1/policies/{policy_a.pk}/acknowledge/")

        assert response.status_code == 403
        assert response.json()["error"]["message"] == "Only members of this pilot can acknowledge its policy."
    assert not PolicyAcknowledgement.objects.exists()


def test_contributor_of_another_pilot_gets_404_on_acknowledge(api_client_for, contributor_b, policy_a):
    assert api_client_for(contributor_b).post(f"/api/v1/policies/{policy_a.pk}/acknowledge/").status_code == 404
    assert not PolicyAcknowledgement.objects.exists()


def test_a_draft_cannot_be_acknowledged(api_client_for, contributor_a, draft_a):
    response = api_client_for(contributor_a).post(f"/api/v1/policies/{draft_a.pk}/acknowledge/")

    assert response.status_code == 400
    assert not PolicyAcknowledgement.objects.exists()


# --- Playbook steps ---------------------------------------------------------------------------


def test_anonymous_cannot_list_playbook_steps(api_client_for, pilot_a):
    assert api_client_for(None).get("/api/v1/playbook-steps/").status_code == 401


@pytest.mark.parametrize(
    ("persona", "pilots"),
    [
        ("hr_lead", {"pilot_a", "pilot_b"}),
        ("contributor_a", {"pilot_a"}),
        ("manager", {"pilot_a"}),
        ("outsider", set()),
    ],
)
def test_playbook_steps_list_only_visible_pilots(api_client_for, request, persona, pilots, pilot_a, pilot_b):
    response = api_client_for(request.getfixturevalue(persona)).get("/api/v1/playbook-steps/", {"page_size": 500})

    assert response.status_code == 200
    expected = PilotStep.objects.filter(pilot__in=[request.getfixturevalue(p) for p in pilots])
    assert ids(response) == set(expected.values_list("pk", flat=True))


def test_playbook_steps_filter_by_pilot_done_and_owner(api_client_for, hr_lead, contributor_a, pilot_a, pilot_b):
    step = PilotStep.objects.filter(pilot=pilot_a).first()
    client = api_client_for(hr_lead)
    client.patch(f"/api/v1/playbook-steps/{step.pk}/", {"done": True, "owner": contributor_a.pk}, format="json")

    assert ids(client.get("/api/v1/playbook-steps/", {"done": "true"})) == {step.pk}
    assert ids(client.get("/api/v1/playbook-steps/", {"owner": contributor_a.pk})) == {step.pk}
    not_done = client.get("/api/v1/playbook-steps/", {"done": "false", "pilot": pilot_a.pk, "page_size": 500})
    assert ids(not_done) == set(
        PilotStep.objects.filter(pilot=pilot_a).exclude(pk=step.pk).values_list("pk", flat=True)
    )


def test_member_ticks_off_a_step_of_their_pilot(api_client_for, contributor_a, pilot_a):
    step = PilotStep.objects.filter(pilot=pilot_a).first()

    response = api_client_for(contributor_a).patch(
        f"/api/v1/playbook-steps/{step.pk}/",
        {"owner": contributor_a.pk, "due_date": "2025-06-30", "done": True, "note": "Shared the first post"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["done"] is True
    step.refresh_from_db()
    assert (step.owner, str(step.due_date), step.done_by, step.note) == (
        contributor_a,
        "2025-06-30",
        contributor_a,
        "Shared the first post",
    )


def test_patching_a_step_keeps_fields_not_sent(api_client_for, hr_lead, contributor_a, pilot_a):
    step = PilotStep.objects.filter(pilot=pilot_a).first()
    step.owner, step.note = contributor_a, "Keep"
    step.save()

    response = api_client_for(hr_lead).patch(f"/api/v1/playbook-steps/{step.pk}/", {"done": True}, format="json")

    assert response.status_code == 200
    step.refresh_from_db()
    assert (step.owner, step.note, step.done) == (contributor_a, "Keep", True)


@pytest.mark.parametrize(("persona", "code"), [("manager", 403), ("contributor_b", 404), ("outsider", 404)])
def test_non_members_cannot_update_a_step(api_client_for, request, persona, code, pilot_a):
    step = PilotStep.objects.filter(pilot=pilot_a).first()

    response = api_client_for(request.getfixturevalue(persona)).patch(
        f"/api/v1/playbook-steps/{step.pk}/", {"done": True}, format="json"
    )

    assert response.status_code == code
    step.refresh_from_db()
    assert step.done_at is None


# --- Venues -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "outsider"])
def test_hr_and_contributors_read_venues(api_client_for, request, persona):
    venue = VenueFactory(name="Fosstodon", kind="mastodon")
    client = api_client_for(request.getfixturevalue(persona))

    assert ids(client.get("/api/v1/venues/")) == {venue.pk}
    assert client.get(f"/api/v1/venues/{venue.pk}/").json()["kind"] == "mastodon"


def test_managers_and_anonymous_cannot_read_venues(api_client_for, manager):
    venue = VenueFactory()

    assert api_client_for(manager).get("/api/v1/venues/").status_code == 403
    assert api_client_for(manager).get(f"/api/v1/venues/{venue.pk}/").status_code == 403
    assert api_client_for(None).get("/api/v1/venues/").status_code == 401


def test_hr_lead_creates_updates_and_deletes_a_venue(api_client_for, hr_lead):
    client = api_client_for(hr_lead)

    created = client.post(
        "/api/v1/venues/", {"name": "r/cscareers", "kind": "reddit", "url": "https://reddit.example/r/x"}, format="json"
    )
    assert created.status_code == 201
    venue = Venue.objects.get(pk=created.json()["id"])
    assert (venue.kind, venue.visibility) == ("reddit", "public")

    patched = client.patch(f"/api/v1/venues/{venue.pk}/", {"visibility": "private"}, format="json")
    assert patched.status_code == 200
    venue.refresh_from_db()
    assert (venue.name, venue.visibility) == ("r/cscareers", "private")

    put = client.put(f"/api/v1/venues/{venue.pk}/", {"name": "Alumni group", "kind": "linkedin"}, format="json")
    assert put.status_code == 200
    venue.refresh_from_db()
    assert (venue.name, venue.kind, venue.visibility, venue.url) == ("Alumni group", "linkedin", "public", "")

    assert client.delete(f"/api/v1/venues/{venue.pk}/").status_code == 204
    assert not Venue.objects.filter(pk=venue.pk).exists()


def test_a_venue_name_taken_is_a_409(api_client_for, hr_lead):
    VenueFactory(name="Fosstodon")

    response = api_client_for(hr_lead).post("/api/v1/venues/", {"name": "fosstodon", "kind": "mastodon"}, format="json")

    assert response.status_code == 409
    assert Venue.objects.count() == 1


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_non_hr_cannot_write_venues(api_client_for, request, persona):
    venue = VenueFactory(name="Fosstodon")
    client = api_client_for(request.getfixturevalue(persona))

    assert client.post("/api/v1/venues/", {"name": "New", "kind": "blog"}, format="json").status_code == 403
    assert client.patch(f"/api/v1/venues/{venue.pk}/", {"name": "Renamed"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/venues/{venue.pk}/").status_code == 403
    assert list(Venue.objects.values_list("name", flat=True)) == ["Fosstodon"]


@pytest.mark.parametrize("who", ["stranger", "missing"])
def test_a_step_owner_outside_the_pilot_reads_the_same_as_a_missing_user(
    api_client_for, contributor_a, contributor_b, pilot_a, who
):
    """A contributor probing user ids learns nothing: someone in another pilot and an id that
    does not exist get the same 400 and message, without the other person's name."""
    step = PilotStep.objects.filter(pilot=pilot_a).first()
    owner_id = contributor_b.pk if who == "stranger" else 987_654
    response = api_client_for(contributor_a).patch(
        f"/api/v1/playbook-steps/{step.pk}/", {"owner": owner_id}, format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["owner"] == [MSG_NOT_AN_OWNER]
    assert "Bob" not in str(error)
    step.refresh_from_db()
    assert step.owner_id is None
