"""/api/v1/sponsors/, /api/v1/pilots/ (transition, scale), and a pilot's members and goals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import AuditEvent
from programs import services
from programs.access import MSG_NOT_A_WORKER
from programs.models import Membership, Pilot, PilotGoal, PilotStep, SharingPolicy, SponsorOrganization
from tests.accounts.factories import UserFactory
from tests.programs.factories import GoalFactory, MembershipFactory, PolicyFactory, SponsorFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --- Sponsors ---------------------------------------------------------------------------------


def test_anonymous_cannot_list_sponsors(api_client_for):
    assert api_client_for(None).get("/api/v1/sponsors/").status_code == 401


def test_hr_lead_sees_every_sponsor(api_client_for, hr_lead, sponsor_a, sponsor_b):
    response = api_client_for(hr_lead).get("/api/v1/sponsors/")

    assert response.status_code == 200
    assert ids(response) == {sponsor_a.pk, sponsor_b.pk}


def test_contributor_sees_only_the_sponsor_of_their_pilot(api_client_for, contributor_a, sponsor_a, sponsor_b):
    client = api_client_for(contributor_a)

    assert ids(client.get("/api/v1/sponsors/")) == {sponsor_a.pk}
    assert client.get(f"/api/v1/sponsors/{sponsor_b.pk}/").status_code == 404


def test_manager_sees_the_sponsor_they_manage(api_client_for, manager, sponsor_a, sponsor_b):
    response = api_client_for(manager).get("/api/v1/sponsors/")

    assert ids(response) == {sponsor_a.pk}
    assert response.json()["results"][0]["managers"] == [manager.pk]


def test_outsider_sees_no_sponsor(api_client_for, outsider, sponsor_a):
    assert ids(api_client_for(outsider).get("/api/v1/sponsors/")) == set()


def test_hr_lead_creates_a_sponsor_with_managers(api_client_for, hr_lead, manager):
    response = api_client_for(hr_lead).post(
        "/api/v1/sponsors/", {"name": "Sales", "description": "EMEA", "managers": [manager.pk]}, format="json"
    )

    assert response.status_code == 201
    sponsor = SponsorOrganization.objects.get(name="Sales")
    assert response.json()["id"] == sponsor.pk
    assert list(sponsor.managers.all()) == [manager]
    assert AuditEvent.objects.filter(verb="sponsor.created", target_id=str(sponsor.pk)).exists()


@pytest.mark.parametrize("persona", ["contributor_a", "manager"])
def test_only_hr_leads_create_or_change_sponsors(api_client_for, request, persona, sponsor_a):
    client = api_client_for(request.getfixturevalue(persona))

    assert client.post("/api/v1/sponsors/", {"name": "Sales"}, format="json").status_code == 403
    assert client.patch(f"/api/v1/sponsors/{sponsor_a.pk}/", {"name": "Renamed"}, format="json").status_code == 403
    assert not SponsorOrganization.objects.filter(name__in=["Sales", "Renamed"]).exists()


def test_hr_lead_renames_a_sponsor_and_keeps_its_managers(api_client_for, hr_lead, manager, sponsor_a):
    response = api_client_for(hr_lead).patch(f"/api/v1/sponsors/{sponsor_a.pk}/", {"name": "R&D"}, format="json")

    assert response.status_code == 200
    sponsor_a.refresh_from_db()
    assert sponsor_a.name == "R&D"
    assert list(sponsor_a.managers.all()) == [manager]


def test_a_sponsor_name_taken_is_a_409(api_client_for, hr_lead, sponsor_a):
    response = api_client_for(hr_lead).post("/api/v1/sponsors/", {"name": "engineering"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert SponsorOrganization.objects.count() == 1


# --- Pilots: reads ----------------------------------------------------------------------------


def test_anonymous_cannot_list_pilots(api_client_for, pilot_a):
    assert api_client_for(None).get("/api/v1/pilots/").status_code == 401


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_lead", {"pilot_a", "pilot_b"}),
        ("contributor_a", {"pilot_a"}),
        ("contributor_b", {"pilot_b"}),
        ("manager", {"pilot_a"}),
        ("outsider", set()),
    ],
)
def test_pilot_list_shows_only_visible_pilots(api_client_for, request, pilot_a, pilot_b, persona, expected):
    response = api_client_for(request.getfixturevalue(persona)).get("/api/v1/pilots/")

    assert response.status_code == 200
    assert ids(response) == {request.getfixturevalue(name).pk for name in expected}


def test_contributor_of_another_pilot_gets_404_on_pilot_a(api_client_for, contributor_b, pilot_a):
    response = api_client_for(contributor_b).get(f"/api/v1/pilots/{pilot_a.pk}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_contributor_reads_their_pilot(api_client_for, contributor_a, pilot_a):
    response = api_client_for(contributor_a).get(f"/api/v1/pilots/{pilot_a.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Engineers on Mastodon"
    assert body["sponsor_name"] == "Engineering"
    assert body["status"] == "planning"
    assert set(body["allowed_transitions"]) == {"active", "closed"}


def test_pilots_filter_by_stage_status_and_sponsor_and_search_by_name(api_client_for, hr_lead, pilot_a, pilot_b):
    client = api_client_for(hr_lead)

    assert ids(client.get("/api/v1/pilots/", {"stage": 2})) == {pilot_b.pk}
    assert ids(client.get("/api/v1/pilots/", {"sponsor": pilot_a.sponsor_id})) == {pilot_a.pk}
    assert ids(client.get("/api/v1/pilots/", {"status": "active"})) == set()
    assert ids(client.get("/api/v1/pilots/", {"search": "mastodon"})) == {pilot_a.pk}


# --- Pilots: writes ---------------------------------------------------------------------------


def test_hr_lead_creates_a_pilot_with_its_checklist(api_client_for, hr_lead, sponsor_a):
    response = api_client_for(hr_lead).post(
        "/api/v1/pilots/",
        {"name": "Designers on Bluesky", "stage": 1, "sponsor": sponsor_a.pk, "start_date": "2025-03-01"},
        format="json",
    )

    assert response.status_code == 201
    pilot = Pilot.objects.get(name="Designers on Bluesky")
    assert response.json()["id"] == pilot.pk
    assert pilot.created_by == hr_lead
    assert PilotStep.objects.filter(pilot=pilot).exists()


@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_create_pilots(api_client_for, request, persona, sponsor_a):
    response = api_client_for(request.getfixturevalue(persona)).post(
        "/api/v1/pilots/", {"name": "Sneaky", "stage": 1, "sponsor": sponsor_a.pk}, format="json"
    )

    assert response.status_code == 403
    assert not Pilot.objects.filter(name="Sneaky").exists()


def test_pilot_dates_out_of_order_are_a_400_on_end_date(api_client_for, hr_lead, sponsor_a):
    response = api_client_for(hr_lead).post(
        "/api/v1/pilots/",
        {
            "name": "Backwards",
            "stage": 1,
            "sponsor": sponsor_a.pk,
            "start_date": "2025-03-01",
            "end_date": "2025-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "end_date" in response.json()["error"]["fields"]
    assert not Pilot.objects.filter(name="Backwards").exists()


def test_hr_lead_partially_updates_a_pilot(api_client_for, hr_lead, pilot_a):
    pilot_a.description = "Keep me"
    pilot_a.save()

    response = api_client_for(hr_lead).patch(f"/api/v1/pilots/{pilot_a.pk}/", {"name": "Renamed"}, format="json")

    assert response.status_code == 200
    pilot_a.refresh_from_db()
    assert (pilot_a.name, pilot_a.description) == ("Renamed", "Keep me")


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_update_a_pilot(api_client_for, request, persona, code, pilot_a):
    response = api_client_for(request.getfixturevalue(persona)).patch(
        f"/api/v1/pilots/{pilot_a.pk}/", {"name": "Hijacked"}, format="json"
    )

    assert response.status_code == code
    pilot_a.refresh_from_db()
    assert pilot_a.name == "Engineers on Mastodon"


def test_hr_lead_activates_a_stage_1_pilot(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/transition/", {"status": "active"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "active"
    pilot_a.refresh_from_db()
    assert pilot_a.status == "active"
    assert pilot_a.start_date is not None


def test_stage_2_pilot_cannot_go_active_without_an_approved_policy(api_client_for, hr_lead, pilot_b):
    client = api_client_for(hr_lead)

    response = client.post(f"/api/v1/pilots/{pilot_b.pk}/transition/", {"status": "active"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "policy_required"
    pilot_b.refresh_from_db()
    assert pilot_b.status == "planning"

    policy = client.post(
        "/api/v1/policies/",
        {"pilot": pilot_b.pk, "may_share": "Team life.", "may_not_share": "Client names."},
        format="json",
    ).json()
    assert client.post(f"/api/v1/policies/{policy['id']}/approve/").status_code == 200

    response = client.post(f"/api/v1/pilots/{pilot_b.pk}/transition/", {"status": "active"}, format="json")

    assert response.status_code == 200
    pilot_b.refresh_from_db()
    assert pilot_b.status == "active"


def test_a_transition_the_workflow_does_not_allow_is_a_400(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/transition/", {"status": "scaled"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_transition"
    pilot_a.refresh_from_db()
    assert pilot_a.status == "planning"


def test_an_unknown_status_is_a_validation_error(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/transition/", {"status": "done"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "status" in response.json()["error"]["fields"]


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_transition_a_pilot(api_client_for, request, persona, code, pilot_a):
    response = api_client_for(request.getfixturevalue(persona)).post(
        f"/api/v1/pilots/{pilot_a.pk}/transition/", {"status": "active"}, format="json"
    )

    assert response.status_code == code
    pilot_a.refresh_from_db()
    assert pilot_a.status == "planning"


def test_hr_lead_scales_a_pilot_to_another_sponsor(api_client_for, hr_lead, pilot_a, sponsor_b):
    GoalFactory(pilot=pilot_a, name="Hires", target=5)

    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/scale/",
        {"sponsor": sponsor_b.pk, "name": "Consultants on Mastodon"},
        format="json",
    )

    assert response.status_code == 201
    new = Pilot.objects.get(name="Consultants on Mastodon")
    assert response.json()["id"] == new.pk
    assert response.json()["scaled_from"] == pilot_a.pk
    assert (new.sponsor, new.stage, new.scaled_from) == (sponsor_b, 1, pilot_a)
    assert list(new.goals.values_list("name", flat=True)) == ["Hires"]


def test_scaling_to_the_same_sponsor_is_a_400(api_client_for, hr_lead, pilot_a, sponsor_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/scale/", {"sponsor": sponsor_a.pk, "name": "Copy"}, format="json"
    )

    assert response.status_code == 400
    assert "sponsor" in response.json()["error"]["fields"]
    assert not Pilot.objects.filter(name="Copy").exists()


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_scale_a_pilot(api_client_for, request, persona, code, pilot_a):
    other = SponsorFactory(name="Sales")

    response = api_client_for(request.getfixturevalue(persona)).post(
        f"/api/v1/pilots/{pilot_a.pk}/scale/", {"sponsor": other.pk, "name": "Copy"}, format="json"
    )

    assert response.status_code == code
    assert not Pilot.objects.filter(name="Copy").exists()


# --- Members ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "manager"])
def test_who_sees_a_pilot_lists_its_members(api_client_for, request, persona, contributor_a, pilot_a):
    response = api_client_for(request.getfixturevalue(persona)).get(f"/api/v1/pilots/{pilot_a.pk}/members/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["user"], r["user_email"], r["role"]) for r in rows] == [
        (contributor_a.pk, contributor_a.email, "contributor")
    ]


@pytest.mark.parametrize("persona", ["contributor_b", "outsider"])
def test_members_of_an_invisible_pilot_are_404(api_client_for, request, persona, contributor_a, pilot_a):
    response = api_client_for(request.getfixturevalue(persona)).get(f"/api/v1/pilots/{pilot_a.pk}/members/")

    assert response.status_code == 404


def test_hr_lead_adds_a_member(api_client_for, hr_lead, pilot_a, outsider):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/members/", {"user": outsider.pk, "role": "champion"}, format="json"
    )

    assert response.status_code == 201
    membership = Membership.objects.get(pilot=pilot_a, user=outsider)
    assert membership.role == "champion"
    assert response.json()["id"] == membership.pk


def test_adding_an_existing_member_is_a_409(api_client_for, hr_lead, pilot_a, contributor_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/members/", {"user": contributor_a.pk}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert Membership.objects.filter(pilot=pilot_a, user=contributor_a).count() == 1


def test_a_manager_cannot_be_made_a_member(api_client_for, hr_lead, pilot_a, manager):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/members/", {"user": manager.pk}, format="json"
    )

    assert response.status_code == 400
    assert "user" in response.json()["error"]["fields"]
    assert not Membership.objects.filter(user=manager).exists()


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_add_members(api_client_for, request, persona, code, pilot_a, outsider):
    response = api_client_for(request.getfixturevalue(persona)).post(
        f"/api/v1/pilots/{pilot_a.pk}/members/", {"user": outsider.pk}, format="json"
    )

    assert response.status_code == code
    assert not Membership.objects.filter(user=outsider).exists()


def test_hr_lead_removes_a_member(api_client_for, hr_lead, pilot_a, contributor_a):
    membership = Membership.objects.get(pilot=pilot_a, user=contributor_a)

    response = api_client_for(hr_lead).delete(f"/api/v1/pilots/{pilot_a.pk}/members/{membership.pk}/")

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_remove_members(api_client_for, request, persona, code, pilot_a, contributor_a):
    membership = Membership.objects.get(pilot=pilot_a, user=contributor_a)

    response = api_client_for(request.getfixturevalue(persona)).delete(
        f"/api/v1/pilots/{pilot_a.pk}/members/{membership.pk}/"
    )

    assert response.status_code == code
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_membership_of_another_pilot_is_404_under_this_pilot(api_client_for, hr_lead, pilot_a, contributor_b):
    other = Membership.objects.get(user=contributor_b)

    response = api_client_for(hr_lead).delete(f"/api/v1/pilots/{pilot_a.pk}/members/{other.pk}/")

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()


# --- Goals ------------------------------------------------------------------------------------


def test_contributor_lists_their_pilots_goals(api_client_for, contributor_a, pilot_a):
    goal = GoalFactory(pilot=pilot_a, target=10)

    response = api_client_for(contributor_a).get(f"/api/v1/pilots/{pilot_a.pk}/goals/")

    assert response.status_code == 200
    assert [(g["id"], g["target"]) for g in response.json()["results"]] == [(goal.pk, "10.00")]


def test_contributor_of_another_pilot_cannot_see_its_goals(api_client_for, contributor_b, pilot_a):
    GoalFactory(pilot=pilot_a)

    assert api_client_for(contributor_b).get(f"/api/v1/pilots/{pilot_a.pk}/goals/").status_code == 404


def test_hr_lead_adds_changes_and_removes_a_goal(api_client_for, hr_lead, pilot_a):
    client = api_client_for(hr_lead)

    created = client.post(
        f"/api/v1/pilots/{pilot_a.pk}/goals/", {"name": "Hires", "target": "12", "unit": "hires"}, format="json"
    )
    assert created.status_code == 201
    goal = PilotGoal.objects.get(pk=created.json()["id"])
    assert (goal.pilot, goal.target, goal.unit) == (pilot_a, Decimal("12"), "hires")

    changed = client.patch(f"/api/v1/pilots/{pilot_a.pk}/goals/{goal.pk}/", {"target": "20"}, format="json")
    assert changed.status_code == 200
    goal.refresh_from_db()
    assert (goal.name, goal.target) == ("Hires", Decimal("20"))

    assert client.delete(f"/api/v1/pilots/{pilot_a.pk}/goals/{goal.pk}/").status_code == 204
    assert not PilotGoal.objects.filter(pk=goal.pk).exists()


def test_a_negative_goal_target_is_a_400(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/goals/", {"name": "Hires", "target": "-1"}, format="json"
    )

    assert response.status_code == 400
    assert "target" in response.json()["error"]["fields"]
    assert not PilotGoal.objects.exists()


@pytest.mark.parametrize(("persona", "code"), [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_non_hr_cannot_write_goals(api_client_for, request, persona, code, pilot_a):
    goal = GoalFactory(pilot=pilot_a, target=10)
    client = api_client_for(request.getfixturevalue(persona))
    base = f"/api/v1/pilots/{pilot_a.pk}/goals/"

    assert client.post(base, {"name": "More", "target": "1"}, format="json").status_code == code
    assert client.patch(f"{base}{goal.pk}/", {"target": "99"}, format="json").status_code == code
    assert client.delete(f"{base}{goal.pk}/").status_code == code
    goal.refresh_from_db()
    assert goal.target == Decimal("10")
    assert PilotGoal.objects.count() == 1


# --- Goals measured by a figure -----------------------------------------------------------------


def test_hr_lead_creates_and_changes_a_measured_goal(api_client_for, hr_lead, pilot_a):
    client = api_client_for(hr_lead)
    base = f"/api/v1/pilots/{pilot_a.pk}/goals/"

    created = client.post(
        base, {"name": "Social hires", "measure": "ledger.social_hires", "target": "6", "unit": "x"}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["measure"], body["measure_label"], body["unit"]) == (
        "ledger.social_hires",
        "Hires from social channels",
        "hires",
    )
    assert body["progress"]["state"] == "measured" and body["progress"]["actual"] == "0"
    goal = PilotGoal.objects.get(pk=body["id"])
    assert (goal.measure, goal.unit) == ("ledger.social_hires", "hires")

    changed = client.patch(f"{base}{goal.pk}/", {"measure": "ledger.cost_per_hire"}, format="json")
    assert changed.status_code == 200
    goal.refresh_from_db()
    assert (goal.measure, goal.unit) == ("ledger.cost_per_hire", "EUR")
    assert changed.json()["progress"]["status"] == "no_cases"  # no hire yet: no cost per hire

    cleared = client.patch(f"{base}{goal.pk}/", {"measure": ""}, format="json").json()
    assert (cleared["measure"], cleared["progress"]["state"], cleared["progress"]["note"]) == (
        "",
        "free",
        "Not measured",
    )


@pytest.mark.parametrize("bad", ["recruiting.nope", "ledger.hires; DROP TABLE", "x" * 80])
def test_a_measure_the_pilot_does_not_offer_is_a_400_with_a_clear_message(api_client_for, hr_lead, pilot_a, bad):
    client = api_client_for(hr_lead)
    goal = GoalFactory(pilot=pilot_a, name="Hires", target=10, measure="ledger.hires")

    created = client.post(
        f"/api/v1/pilots/{pilot_a.pk}/goals/", {"name": "Leads", "measure": bad, "target": "6"}, format="json"
    )
    changed = client.patch(f"/api/v1/pilots/{pilot_a.pk}/goals/{goal.pk}/", {"measure": bad}, format="json")

    for response in (created, changed):
        assert response.status_code == 400
        error = response.json()["error"]
        assert (error["code"], error["fields"]["measure"]) == ("unknown_measure", [services.MSG_UNKNOWN_MEASURE])
    assert list(PilotGoal.objects.values_list("name", "measure")) == [("Hires", "ledger.hires")]


def test_a_measure_key_longer_than_the_column_is_a_400(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_a.pk}/goals/", {"name": "Leads", "measure": "x" * 81, "target": "6"}, format="json"
    )
    assert response.status_code == 400
    assert "measure" in response.json()["error"]["fields"]
    assert not PilotGoal.objects.exists()


def test_a_goal_whose_measure_has_gone_reads_so_and_can_be_renamed(api_client_for, hr_lead, pilot_a):
    goal = GoalFactory(pilot=pilot_a, name="Leads", target=10, unit="leads", measure="recruiting.retired_figure")
    client = api_client_for(hr_lead)

    listed = client.get(f"/api/v1/pilots/{pilot_a.pk}/goals/").json()["results"][0]
    assert (listed["measure_label"], listed["progress"]["state"]) == (None, "gone")
    renamed = client.patch(f"/api/v1/pilots/{pilot_a.pk}/goals/{goal.pk}/", {"name": "Leads found"}, format="json")
    assert renamed.status_code == 200
    goal.refresh_from_db()
    assert (goal.name, goal.measure) == ("Leads found", "recruiting.retired_figure")


def test_the_pilots_measures_are_listed_for_whoever_may_see_the_pilot(api_client_for, contributor_a, pilot_a):
    response = api_client_for(contributor_a).get(f"/api/v1/pilots/{pilot_a.pk}/measures/")

    assert response.status_code == 200
    measures = {m["key"]: m for m in response.json()}
    assert measures["ledger.hires"] == {
        "key": "ledger.hires",
        "label": "Hires",
        "unit": "hires",
        "group": "Ledger · Hires",
        "places": 0,
        "paced": True,
        "at_most": False,
    }
    assert measures["ledger.cost_per_hire"]["at_most"] is True


def test_the_measures_of_a_pilot_you_may_not_see_are_a_404(api_client_for, contributor_b, pilot_a):
    assert api_client_for(contributor_b).get(f"/api/v1/pilots/{pilot_a.pk}/measures/").status_code == 404


def test_scale_copies_the_current_policy_as_a_draft(api_client_for, hr_lead, pilot_b, sponsor_a):
    PolicyFactory(pilot=pilot_b, status=SharingPolicy.Status.APPROVED, may_share="Events")
    MembershipFactory(pilot=pilot_b)

    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_b.pk}/scale/", {"sponsor": sponsor_a.pk, "name": "Engineering alumni"}, format="json"
    )

    assert response.status_code == 201
    new = Pilot.objects.get(pk=response.json()["id"])
    assert list(new.policies.values_list("status", "may_share")) == [("draft", "Events")]


# --- Ids do not tell an existing user from a missing one ---------------------------------------


@pytest.mark.parametrize("who", ["manager", "inactive", "missing"])
def test_a_user_who_cannot_join_reads_the_same_as_a_missing_one(api_client_for, hr_lead, pilot_a, manager, who):
    user_id = {
        "manager": manager.pk,
        "inactive": UserFactory(email="gone@firm.example", is_active=False).pk,
        "missing": 987_654,
    }[who]
    response = api_client_for(hr_lead).post(f"/api/v1/pilots/{pilot_a.pk}/members/", {"user": user_id}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["user"] == [MSG_NOT_A_WORKER]
    assert "Mia" not in str(error) and "manager" not in str(error).lower()
    assert not Membership.objects.filter(pilot=pilot_a, user_id=user_id).exists()


@pytest.mark.parametrize("method", ["get", "patch"])
def test_a_pilot_you_may_not_use_reads_the_same_as_one_that_does_not_exist(
    api_client_for, contributor_a, pilot_b, method
):
    client = api_client_for(contributor_a)

    hidden = getattr(client, method)(f"/api/v1/pilots/{pilot_b.pk}/", {"name": "X"}, format="json")
    missing = getattr(client, method)("/api/v1/pilots/987654/", {"name": "X"}, format="json")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert Pilot.objects.get(pk=pilot_b.pk).name == "Consulting alumni"


def test_the_pilot_page_of_another_pilot_reads_the_same_as_a_missing_one(client_for, contributor_a, pilot_b):
    client = client_for(contributor_a)

    hidden, missing = client.get(f"/pilots/{pilot_b.pk}/"), client.get("/pilots/987654/")

    assert hidden.status_code == missing.status_code == 404

    def page(response) -> str:  # what the page says (the header repeats the requested path)
        html = response.content.decode()
        return html[html.index("<main") : html.index("</main>")]

    assert page(hidden) == page(missing)
