"""What every endpoint shares: the error format, pagination, filters, query counts, the OpenAPI
schema and the offline Swagger UI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from bizdev.models import RequestDirection
from metrics import services as ledger
from people.models import Tag
from programs.models import Pilot, PilotStep, SharingPolicy
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.bizdev.factories import HelpRequestFactory, OpportunityFactory, ReferenceFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory, SocialHandleFactory
from tests.programs.factories import MembershipFactory, PilotFactory, PolicyFactory, SponsorFactory, VenueFactory

pytestmark = pytest.mark.django_db


# --- One error format -------------------------------------------------------------------------


def test_a_validation_error_has_the_error_shape_with_fields(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post("/api/v1/pilots/", {"stage": 7}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert isinstance(error["message"], str) and error["message"]
    assert set(error["fields"]) == {"name", "stage", "sponsor"}
    assert not Pilot.objects.exists()


def test_a_404_has_the_error_shape(api_client_for, hr_lead):
    response = api_client_for(hr_lead).get("/api/v1/pilots/999999/")

    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]


def test_a_service_domain_error_has_the_error_shape_with_its_code(api_client_for, hr_lead, pilot_b):
    response = api_client_for(hr_lead).post(
        f"/api/v1/pilots/{pilot_b.pk}/transition/", {"status": "active"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "policy_required",
            "message": (
                "A Stage 2 pilot cannot become active without an approved sharing policy. "
                "Write the policy and approve it first."
            ),
        }
    }


def test_a_forbidden_refusal_is_a_403_with_the_error_shape(api_client_for, contributor_a, pilot_a):
    response = api_client_for(contributor_a).post(
        "/api/v1/pilots/", {"name": "x", "stage": 1, "sponsor": pilot_a.sponsor_id}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


# --- Pagination and filters -------------------------------------------------------------------


def test_lists_are_paginated_with_page_size(api_client_for, hr_lead):
    for name in ("Alpha", "Bravo", "Charlie"):
        VenueFactory(name=name)
    client = api_client_for(hr_lead)

    first = client.get("/api/v1/venues/", {"page_size": 2}).json()
    second = client.get("/api/v1/venues/", {"page_size": 2, "page": 2}).json()

    assert first["count"] == 3
    assert [v["name"] for v in first["results"]] == ["Alpha", "Bravo"]
    assert first["next"] is not None and first["previous"] is None
    assert [v["name"] for v in second["results"]] == ["Charlie"]
    assert second["next"] is None


def test_a_page_past_the_end_is_a_404_in_the_error_shape(api_client_for, hr_lead):
    VenueFactory()

    response = api_client_for(hr_lead).get("/api/v1/venues/", {"page": 5})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_filter_narrows_the_list(api_client_for, hr_lead, pilot_a, pilot_b):
    response = api_client_for(hr_lead).get("/api/v1/pilots/", {"stage": 1})

    assert [p["id"] for p in response.json()["results"]] == [pilot_a.pk]


# --- Query counts do not grow with rows -------------------------------------------------------


def _add_pilots(n: int, ctx: dict) -> None:
    for _ in range(n):
        pilot = PilotFactory(sponsor=SponsorFactory())
        MembershipFactory(pilot=pilot, user=ctx["contributor_a"])


def _add_policies(n: int, ctx: dict) -> None:
    for _ in range(n):
        pilot = PilotFactory(sponsor=SponsorFactory())
        MembershipFactory(pilot=pilot, user=ctx["contributor_a"])
        PolicyFactory(pilot=pilot, status=SharingPolicy.Status.APPROVED)


def _add_people(n: int, ctx: dict) -> None:
    tag = Tag.objects.get_or_create(name="python")[0]
    for _ in range(n):
        person = PersonFactory(company=CompanyFactory())
        PersonEmailFactory(person=person)
        SocialHandleFactory(person=person)
        person.tags.add(tag)


def _add_companies(n: int, ctx: dict) -> None:
    for _ in range(n):
        PersonFactory(company=CompanyFactory())


def _add_members(n: int, ctx: dict) -> None:
    for _ in range(n):
        MembershipFactory(pilot=ctx["pilot_a"], user=UserFactory(role=Role.CONTRIBUTOR))


def _add_sponsors(n: int, ctx: dict) -> None:
    for _ in range(n):
        sponsor = SponsorFactory()
        sponsor.managers.add(UserFactory(role=Role.MANAGER))
        MembershipFactory(pilot=PilotFactory(sponsor=sponsor), user=ctx["contributor_a"])


def _add_steps(n: int, ctx: dict) -> None:
    for _ in range(n):
        pilot = PilotFactory(sponsor=SponsorFactory())
        MembershipFactory(pilot=pilot, user=ctx["contributor_a"])
        PilotStep.objects.filter(pilot=pilot).update(owner=ctx["contributor_a"])


def _add_venues(n: int, ctx: dict) -> None:
    for _ in range(n):
        VenueFactory()


def _stage_3_pilot(ctx: dict) -> Pilot:
    """A Stage 3 pilot contributor A works in (made once per test)."""
    if "pilot3" not in ctx:
        ctx["pilot3"] = PilotFactory(stage=3, sponsor=SponsorFactory())
        MembershipFactory(pilot=ctx["pilot3"], user=ctx["contributor_a"])
    return ctx["pilot3"]


def _linked_assist(ctx: dict, kind: str, pk: int, label: str) -> None:
    ledger.assist_record(
        actor=ctx["contributor_a"],
        pilot=_stage_3_pilot(ctx),
        person=PersonFactory(),
        assist_type="introduction",
        direction="received",
        reference_kind=kind,
        reference_id=str(pk),
        reference_label=label,
    )


def _add_opportunities(n: int, ctx: dict) -> None:
    """Deals of different companies and owners, each assisted (the list says so)."""
    pilot = _stage_3_pilot(ctx)
    for _ in range(n):
        deal = OpportunityFactory(pilot=pilot, company=CompanyFactory(), owner=UserFactory(role=Role.CONTRIBUTOR))
        _linked_assist(ctx, "opportunity", deal.pk, deal.name)


def _add_help_requests(n: int, ctx: dict) -> None:
    """Requests of ours to chosen alumni about a deal, citing a reference; alumni's asks."""
    pilot = _stage_3_pilot(ctx)
    for _ in range(n):
        alumnus = AlumnusFactory(pilot=pilot)
        ours = HelpRequestFactory(
            pilot=pilot, asked_by=ctx["contributor_a"], audience="chosen", opportunity=OpportunityFactory(pilot=pilot)
        )
        ours.chosen_alumni.add(alumnus)
        ours.references.add(ReferenceFactory(pilot=pilot))
        HelpRequestFactory(pilot=pilot, direction=RequestDirection.ALUMNI, alumnus=alumnus, audience="")


def _add_references(n: int, ctx: dict) -> None:
    pilot = _stage_3_pilot(ctx)
    for _ in range(n):
        reference = ReferenceFactory(pilot=pilot, created_by=UserFactory(role=Role.CONTRIBUTOR))
        reference.help_requests.add(HelpRequestFactory(pilot=pilot))


def _add_linked_assists(n: int, ctx: dict) -> None:
    pilot = _stage_3_pilot(ctx)
    for _ in range(n):
        deal = OpportunityFactory(pilot=pilot)
        _linked_assist(ctx, "opportunity", deal.pk, deal.name)
        request = HelpRequestFactory(pilot=pilot, opportunity=deal)
        _linked_assist(ctx, "help_request", request.pk, request.title)


LISTS: list[tuple[str, Callable[[dict], str], Callable[[int, dict], None]]] = [
    ("pilots", lambda ctx: "/api/v1/pilots/", _add_pilots),
    ("policies", lambda ctx: "/api/v1/policies/", _add_policies),
    ("playbook-steps", lambda ctx: "/api/v1/playbook-steps/", _add_steps),
    ("people", lambda ctx: "/api/v1/people/", _add_people),
    ("companies", lambda ctx: "/api/v1/companies/", _add_companies),
    ("members", lambda ctx: f"/api/v1/pilots/{ctx['pilot_a'].pk}/members/", _add_members),
    ("sponsors", lambda ctx: "/api/v1/sponsors/", _add_sponsors),
    ("venues", lambda ctx: "/api/v1/venues/", _add_venues),
    ("bizdev-opportunities", lambda ctx: "/api/v1/bizdev/opportunities/", _add_opportunities),
    ("bizdev-requests", lambda ctx: "/api/v1/bizdev/requests/", _add_help_requests),
    ("bizdev-references", lambda ctx: "/api/v1/bizdev/references/", _add_references),
    ("bizdev-assists", lambda ctx: "/api/v1/bizdev/assists/", _add_linked_assists),
]


@pytest.mark.parametrize(("name", "url", "add_rows"), LISTS, ids=[row[0] for row in LISTS])
def test_list_query_count_does_not_grow_with_rows(
    api_client_for, contributor_a, pilot_a, django_assert_max_num_queries, name, url, add_rows
):
    ctx = {"contributor_a": contributor_a, "pilot_a": pilot_a}
    client = api_client_for(contributor_a)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(ctx), {"page_size": 500})
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    add_rows(2, ctx)
    few_queries, few_rows = measure()
    add_rows(10, ctx)
    _, many_rows = measure()

    assert many_rows > few_rows
    with django_assert_max_num_queries(few_queries):
        assert client.get(url(ctx), {"page_size": 500}).status_code == 200


# --- Schema and docs --------------------------------------------------------------------------

EVERY_PATH = [
    "/api/v1/me/",
    "/api/v1/sponsors/",
    "/api/v1/sponsors/{id}/",
    "/api/v1/pilots/",
    "/api/v1/pilots/{id}/",
    "/api/v1/pilots/{id}/transition/",
    "/api/v1/pilots/{id}/scale/",
    "/api/v1/pilots/{pilot_pk}/members/",
    "/api/v1/pilots/{pilot_pk}/members/{id}/",
    "/api/v1/pilots/{pilot_pk}/goals/",
    "/api/v1/pilots/{pilot_pk}/goals/{id}/",
    "/api/v1/policies/",
    "/api/v1/policies/{id}/",
    "/api/v1/policies/{id}/approve/",
    "/api/v1/policies/{id}/acknowledge/",
    "/api/v1/playbook-steps/",
    "/api/v1/playbook-steps/{id}/",
    "/api/v1/venues/",
    "/api/v1/venues/{id}/",
    "/api/v1/people/",
    "/api/v1/people/{id}/",
    "/api/v1/companies/",
    "/api/v1/companies/{id}/",
    "/api/v1/tokens/",
    "/api/v1/tokens/{id}/",
    "/api/v1/introductions/",
    "/api/v1/introductions/{id}/",
    "/api/v1/introductions/{id}/confirm/",
    "/api/v1/assists/",
    "/api/v1/assists/{id}/",
    "/api/v1/hires/",
    "/api/v1/hires/{id}/",
    "/api/v1/assist-types/",
    "/api/v1/assist-types/{id}/",
    "/api/v1/program-costs/",
    "/api/v1/program-costs/{id}/",
    "/api/v1/baselines/",
    "/api/v1/baselines/{id}/",
    "/api/v1/keyword-families/",
    "/api/v1/keyword-families/{id}/",
    "/api/v1/searches/",
    "/api/v1/searches/{id}/",
    "/api/v1/searches/{id}/run/",
    "/api/v1/sources/",
    "/api/v1/sources/{id}/",
    "/api/v1/sources/{id}/resume/",
    "/api/v1/sources/{id}/upload/",
    "/api/v1/runs/",
    "/api/v1/runs/{id}/",
    "/api/v1/conversations/",
    "/api/v1/conversations/{id}/",
    "/api/v1/conversations/{id}/link/",
    "/api/v1/conversations/triage/",
    "/api/v1/conversations/assign/",
    "/api/v1/recruiting/candidates/",
    "/api/v1/recruiting/candidates/{id}/",
    "/api/v1/recruiting/candidates/{id}/hire/",
    "/api/v1/recruiting/candidates/{id}/move/",
    "/api/v1/recruiting/feedback/",
    "/api/v1/recruiting/feedback/{id}/",
    "/api/v1/recruiting/feedback/{id}/decide/",
    "/api/v1/recruiting/interviews/",
    "/api/v1/recruiting/interviews/{id}/",
    "/api/v1/recruiting/openings/",
    "/api/v1/recruiting/openings/{id}/",
    "/api/v1/recruiting/openings/{id}/ask/",
    "/api/v1/recruiting/openings/{id}/revisions/",
    "/api/v1/recruiting/openings/{id}/status/",
    "/api/v1/recruiting/post-responses/",
    "/api/v1/recruiting/post-responses/{id}/",
    "/api/v1/recruiting/posts/",
    "/api/v1/recruiting/posts/{id}/",
    "/api/v1/recruiting/posts/upload/",
    "/api/v1/recruiting/profiles/",
    "/api/v1/recruiting/profiles/{id}/",
    "/api/v1/recruiting/referrals/",
    "/api/v1/recruiting/referrals/{id}/",
    "/api/v1/recruiting/referrals/{id}/thank/",
    "/api/v1/recruiting/video-pointers/",
    "/api/v1/recruiting/video-pointers/{id}/",
    "/api/v1/recruiting/videos/",
    "/api/v1/recruiting/videos/{id}/",
    "/api/v1/alumni/alumni/",
    "/api/v1/alumni/alumni/{id}/",
    "/api/v1/alumni/coaching/",
    "/api/v1/alumni/coaching/{id}/",
    "/api/v1/alumni/coaching/{id}/follow-up-done/",
    "/api/v1/alumni/density/",
    "/api/v1/alumni/events/",
    "/api/v1/alumni/events/{id}/",
    "/api/v1/alumni/events/{id}/introductions/",
    "/api/v1/alumni/goodwill-changes/",
    "/api/v1/alumni/group-memberships/",
    "/api/v1/alumni/group-memberships/{id}/",
    "/api/v1/alumni/imports/",
    "/api/v1/alumni/imports/{id}/",
    "/api/v1/alumni/imports/{id}/confirm/",
    "/api/v1/alumni/imports/{id}/matches/",
    "/api/v1/alumni/imports/{id}/matches/{row}/resolve/",
    "/api/v1/alumni/introductions/",
    "/api/v1/alumni/introductions/{id}/",
    "/api/v1/alumni/introductions/{id}/ask-confirmation/",
    "/api/v1/alumni/outplacement/",
    "/api/v1/alumni/outplacement/{id}/",
    "/api/v1/alumni/outplacement/{id}/alumni/",
    "/api/v1/alumni/outplacement/{id}/close/",
    "/api/v1/alumni/outplacement/{id}/reopen/",
    "/api/v1/alumni/recommendations/",
    "/api/v1/alumni/recommendations/{id}/",
    "/api/v1/alumni/segments/",
    "/api/v1/alumni/segments/assign/",
    "/api/v1/alumni/segments/{id}/",
    "/api/v1/alumni/segments/{id}/move/",
    "/api/v1/alumni/shares/",
    "/api/v1/alumni/shares/{id}/",
    "/api/v1/alumni/survey-questions/",
    "/api/v1/alumni/survey-questions/{id}/",
    "/api/v1/alumni/surveys/",
    "/api/v1/alumni/surveys/{id}/",
    "/api/v1/alumni/surveys/{id}/audience/",
    "/api/v1/alumni/surveys/{id}/close/",
    "/api/v1/alumni/surveys/{id}/reorder/",
    "/api/v1/alumni/surveys/{id}/results/",
    "/api/v1/alumni/surveys/{id}/send-pending/",
    "/api/v1/alumni/surveys/{id}/send/",
    "/api/v1/bizdev/assists/",
    "/api/v1/bizdev/assists/{id}/",
    "/api/v1/bizdev/balance/",
    "/api/v1/bizdev/competitors/",
    "/api/v1/bizdev/competitors/{id}/",
    "/api/v1/bizdev/guardrail-terms/",
    "/api/v1/bizdev/guardrail-terms/{id}/",
    "/api/v1/bizdev/opportunities/",
    "/api/v1/bizdev/opportunities/{id}/",
    "/api/v1/bizdev/opportunities/{id}/move/",
    "/api/v1/bizdev/references/",
    "/api/v1/bizdev/references/{id}/",
    "/api/v1/bizdev/requests/",
    "/api/v1/bizdev/requests/{id}/",
    "/api/v1/bizdev/requests/{id}/answered/",
    "/api/v1/bizdev/requests/{id}/close/",
    "/api/v1/bizdev/requests/{id}/reopen/",
    "/api/v1/bizdev/requests/{id}/responses/",
    "/api/v1/bizdev/velocity/",
]


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_openapi_3_with_every_path(schema):
    assert schema["openapi"].startswith("3.")
    missing = [p for p in EVERY_PATH if p not in schema["paths"]]
    assert missing == []


def test_every_operation_documents_its_errors_and_write_bodies(schema):
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses, (method, path)
            error_ref = responses["401"]["content"]["application/json"]["schema"]["$ref"]
            assert error_ref == "#/components/schemas/Error"
            if "{" in path:
                assert "404" in responses, (method, path)
            if method in ("post", "put", "patch") and not path.endswith(("/approve/", "/acknowledge/")):
                assert "requestBody" in operation, (method, path)
                assert "400" in responses, (method, path)


def test_schema_documents_the_duplicate_person_409_and_token_auth(schema):
    create = schema["paths"]["/api/v1/people/"]["post"]
    assert "409" in create["responses"]
    assert "confirm_duplicate_name" in schema["components"]["schemas"]["PersonCreateInputRequest"]["properties"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_swagger_ui_loads_everything_from_this_server(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    external = [url for url in re.findall(r"(?:https?:)?//[^\s\"'<>)]+", html) if not url.startswith("//testserver")]
    assert external == []
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
