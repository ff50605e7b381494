"""/api/v1/bizdev/requests/: the same rules as the pages (a guardrail hit without confirm_guardrail
→ 400 guardrail_unconfirmed with the hits, nothing written; a conflict without a disclosure → 400
conflict_undisclosed with the conflicts), the actions, the filters and preset, and access
(managers 403, another pilot 404, a colleague 403 on changes)."""

from __future__ import annotations

import pytest

from accounts.models import AuditEvent
from bizdev.models import GuardrailCheck, HelpRequest
from bizdev.services import requests as services
from tests.bizdev.factories import HelpRequestFactory
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import ours

pytestmark = pytest.mark.django_db

URL = "/api/v1/bizdev/requests/"


def body(seg, **overrides):
    return {
        "pilot": seg.pilot_id,
        "direction": "ours",
        "kind": "insight",
        "title": "Orchard's expansion",
        "body": "Any general insight on Orchard?",
        "audience": "segment",
        "segment": seg.pk,
        **overrides,
    }


def test_an_unconfirmed_guardrail_hit_is_a_400_with_the_hits(api_client_for, cleo, segment, alma):
    client = api_client_for(cleo)
    response = client.post(URL, body(segment, body="Can you share their price list?"), format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "guardrail_unconfirmed"
    assert [h["term"] for h in error["fields"]["hits"]] == ["price"]
    assert not HelpRequest.objects.exists() and not GuardrailCheck.objects.exists()
    response = client.post(
        URL, body(segment, body="Can you share their price list?", confirm_guardrail=True), format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["guardrail_hits"][0]["term"] == "price" and data["guardrail_confirmed_by"] == cleo.pk
    assert GuardrailCheck.objects.get().confirmed is True


def test_an_undisclosed_conflict_is_a_400_with_the_conflicts(api_client_for, cleo, segment, deal, alma, rita):
    client = api_client_for(cleo)
    response = client.post(URL, body(segment, opportunity=deal.pk), format="json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "conflict_undisclosed"
    assert error["fields"]["conflicts"][0]["alumnus_id"] == rita.pk
    assert not HelpRequest.objects.exists()
    response = client.post(
        URL,
        body(segment, opportunity=deal.pk, disclosure="Rita works for Quarry & Finch, a competitor."),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["disclosure"].startswith("Rita works") and response.json()["conflicts"][0]["company"]


def test_a_patch_cannot_slip_a_hit_past_the_guardrail(api_client_for, cleo, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    client = api_client_for(cleo)
    response = client.patch(f"{URL}{request.pk}/", {"body": "Their bids, please"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "guardrail_unconfirmed"
    request.refresh_from_db()
    assert "bids" not in request.body


def test_bad_input_is_a_400_naming_the_field(api_client_for, cleo, segment, pilot_b):
    client = api_client_for(cleo)
    for data, field in [
        (body(segment, kind="gossip"), "kind"),
        (body(segment, segment=10**30), "segment"),
        (body(segment, pilot=pilot_b.pk), "pilot"),
        (body(segment, title=""), "title"),
        (body(segment, audience="chosen", chosen_alumni=[]), "chosen_alumni"),
    ]:
        response = client.post(URL, data, format="json")
        assert response.status_code == 400, data
        assert field in response.json()["error"].get("fields", {}), response.json()
    assert not HelpRequest.objects.exists()


def test_actions_answer_close_reopen(api_client_for, cleo, dan, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    colleague = api_client_for(dan)
    response = colleague.post(
        f"{URL}{request.pk}/responses/", {"body": "Try their CFO.", "mark_answered": True}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "answered"
    assert response.json()["responses"][0]["author"] == dan.pk
    assert colleague.post(f"{URL}{request.pk}/answered/").status_code == 409
    assert colleague.post(f"{URL}{request.pk}/close/").status_code == 403
    owner = api_client_for(cleo)
    assert owner.post(f"{URL}{request.pk}/close/").json()["status"] == "closed"
    assert owner.post(f"{URL}{request.pk}/close/").status_code == 409
    assert owner.post(f"{URL}{request.pk}/responses/", {"body": "late"}, format="json").status_code == 409
    assert owner.post(f"{URL}{request.pk}/reopen/").json()["status"] == "open"
    assert owner.post(f"{URL}{request.pk}/reopen/", [1, 2], format="json").status_code == 400


def test_list_filters_preset_and_audit(api_client_for, cleo, pilot3, rita):
    import datetime as dt

    old = HelpRequestFactory(
        pilot=pilot3, direction="alumni", alumnus=rita, audience="", created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    new = HelpRequestFactory(
        pilot=pilot3, direction="alumni", alumnus=rita, audience="", created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    )
    HelpRequestFactory(pilot=pilot3)
    client = api_client_for(cleo)
    assert [r["id"] for r in client.get(URL + "?preset=alumni_open").json()["results"]] == [old.pk, new.pk]
    assert client.get(URL + "?preset=nope").status_code == 400
    assert client.get(URL + "?direction=ours").json()["count"] == 1
    assert client.get(URL + "?pilot=abc").status_code == 400
    assert AuditEvent.objects.filter(verb="help_requests.api_listed").count() == 2


def test_access(api_client_for, cleo, contributor_b, manager, outsider, hr_lead, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    assert api_client_for(manager).get(URL).status_code == 403
    assert api_client_for(outsider).get(URL).status_code == 403
    assert api_client_for(None).get(URL).status_code in (401, 403)
    assert api_client_for(contributor_b).get(f"{URL}{request.pk}/").status_code == 404
    assert api_client_for(contributor_b).get(URL).json()["count"] == 0
    assert api_client_for(hr_lead).get(f"{URL}{request.pk}/").status_code == 200
    assert AuditEvent.objects.filter(verb="help_request.viewed", data__via="api").count() == 1


def test_the_schema_documents_the_endpoints(api_client_for, hr_lead):
    schema = api_client_for(hr_lead).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/bizdev/requests/{id}/responses/" in paths
    assert "/api/v1/bizdev/guardrail-terms/{id}/" in paths
    assert "400" in paths["/api/v1/bizdev/requests/"]["post"]["responses"]
