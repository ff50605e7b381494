"""The guardrail's terms: HR leads add, correct, deactivate and delete them on the page and in the
API (a duplicate ignoring case and accents is refused; bad input writes nothing); everyone else
gets a 404 on the page and a 403 in the API; the page lists the latest checks with hits and who
confirmed; a deactivated term no longer needs a confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from bizdev.models import GuardrailTerm
from bizdev.rules import guardrail_hits
from bizdev.services import guardrails as services
from bizdev.services import requests as request_services
from core.errors import ConflictError, DomainError, ForbiddenError
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import ours

pytestmark = pytest.mark.django_db

LIST = reverse("bizdev:guardrail_list")
API = "/api/v1/bizdev/guardrail-terms/"


def test_hr_lead_adds_a_term_and_it_is_checked(client_for, hr_lead):
    response = client_for(hr_lead).post(
        LIST, {"term": "Shrinkage figures", "note": "Internal numbers.", "is_active": "on"}
    )
    assert response.status_code == 302
    row = GuardrailTerm.objects.get(term="Shrinkage figures")
    assert (row.note, row.is_active, row.created_by) == ("Internal numbers.", True, hr_lead)
    assert [h.term for h in guardrail_hits("their shrinkage  figures?")] == ["Shrinkage figures"]
    assert AuditEvent.objects.filter(verb="guardrail_term.created", target_id=str(row.pk)).exists()


def test_a_duplicate_or_empty_term_is_refused_with_a_message(client_for, hr_lead):
    count = GuardrailTerm.objects.count()
    response = client_for(hr_lead).post(LIST, {"term": "PRÏCE", "note": ""})
    assert response.status_code == 400 and "is on the list already" in response.content.decode()
    response = client_for(hr_lead).post(LIST, {"term": "!!!", "note": ""})
    assert response.status_code == 400 and services.MSG_TERM in response.content.decode()
    assert GuardrailTerm.objects.count() == count


def test_deactivate_edit_delete(client_for, hr_lead, cleo, pilot3, segment, alma):
    row = GuardrailTerm.objects.get(term="price")
    client = client_for(hr_lead)
    client.post(reverse("bizdev:guardrail_toggle", args=[row.pk]))
    row.refresh_from_db()
    assert row.is_active is False
    # No confirmation needed any more for it.
    request_services.help_request_create(actor=cleo, **ours(pilot3, segment=segment, body="Their prices?"))
    response = client.post(reverse("bizdev:guardrail_edit", args=[row.pk]), {"term": "price", "note": "<b>n</b>"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.note == "<b>n</b>" and row.is_active is False
    assert "&lt;b&gt;n&lt;/b&gt;" in client.get(LIST).content.decode()
    assert client.post(reverse("bizdev:guardrail_delete", args=[row.pk])).status_code == 302
    assert not GuardrailTerm.objects.filter(pk=row.pk).exists()


def test_the_page_lists_checks_with_hits_and_who_confirmed(client_for, hr_lead, cleo, pilot3, segment, alma):
    request_services.help_request_create(
        actor=cleo, **ours(pilot3, segment=segment, title="Tender <i>x</i>", confirm_guardrail=True)
    )
    response = client_for(hr_lead).get(LIST)
    html = response.content.decode()
    assert [c.checked_by for c in response.context["checks"]] == [cleo]
    assert "Tender &lt;i&gt;x&lt;/i&gt;" in html and "Cleo Contributor" in html


@pytest.mark.parametrize("who", ["cleo", "manager", "contributor_b"])
def test_others_get_a_404_on_the_pages_and_403_in_the_api(client_for, api_client_for, request, who):
    user = request.getfixturevalue(who)
    row = GuardrailTerm.objects.first()
    assert client_for(user).get(LIST).status_code == 404
    assert client_for(user).post(LIST, {"term": "mine"}).status_code == 404
    assert client_for(user).post(reverse("bizdev:guardrail_toggle", args=[row.pk])).status_code == 404
    assert api_client_for(user).get(API).status_code == 403
    assert api_client_for(user).post(API, {"term": "mine"}, format="json").status_code == 403
    assert not GuardrailTerm.objects.filter(term="mine").exists()


def test_services_refuse_non_hr_leads(cleo):
    with pytest.raises(ForbiddenError):
        services.guardrail_term_create(actor=cleo, term="secret")


def test_the_api_crud(api_client_for, hr_lead):
    client = api_client_for(hr_lead)
    created = client.post(API, {"term": "Secret sauce", "note": "Ours."}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.post(API, {"term": "secret SAUCE"}, format="json").status_code == 409
    assert client.post(API, {"term": ""}, format="json").status_code == 400
    patched = client.patch(f"{API}{pk}/", {"is_active": False}, format="json").json()
    assert (patched["term"], patched["is_active"]) == ("Secret sauce", False)
    assert client.delete(f"{API}{pk}/").status_code == 204
    assert client.get(f"{API}{pk}/").status_code == 404


def test_update_refuses_a_rename_onto_another_term(hr_lead):
    row = GuardrailTerm.objects.get(term="bid")
    with pytest.raises(ConflictError):
        services.guardrail_term_update(actor=hr_lead, term_row=row, term="Tender")
    with pytest.raises(DomainError):
        services.guardrail_term_update(actor=hr_lead, term_row=row, note="x" * 301)


def test_defaults_come_back_on_an_empty_list():
    GuardrailTerm.objects.all().delete()
    assert services.guardrail_defaults_ensure() == len(services.DEFAULT_TERMS)
    assert services.guardrail_defaults_ensure() == 0
