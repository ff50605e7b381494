"""Who may open which page: every HTML page against every persona, in one table.

Rows are pages, columns the personas of tests/conftest.py. 302 means "sent to log in", 404 means
"not even told it exists" (another pilot's objects), 403 means "visible to the role, but not
this action". A new page belongs in this table.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from listening import services as listening_services
from listening.connectors import make_post
from metrics import services as metrics_services
from programs.models import SharingPolicy
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PolicyFactory

PERSONAS = ["anonymous", "outsider", "contributor_b", "contributor_a", "manager", "hr_lead"]

# page: (url name, which object's pk, expected status per persona in PERSONAS order)
MATRIX = {
    "dashboard": ("dashboard", None, [302, 200, 200, 200, 200, 200]),
    "pilot list": ("programs:pilot_list", None, [302, 200, 200, 200, 200, 200]),
    "new pilot": ("programs:pilot_create", None, [302, 403, 403, 403, 403, 200]),
    "pilot page": ("programs:pilot_detail", "pilot", [302, 404, 404, 200, 200, 200]),
    "edit pilot": ("programs:pilot_edit", "pilot", [302, 404, 404, 403, 403, 200]),
    "scale pilot": ("programs:pilot_scale", "pilot", [302, 404, 404, 403, 403, 200]),
    "edit checklist step": ("programs:step_edit", "step", [302, 404, 404, 200, 403, 200]),
    "policy version": ("programs:policy_detail", "policy", [302, 404, 404, 200, 200, 200]),
    "sponsors": ("programs:sponsor_list", None, [302, 403, 403, 403, 403, 200]),
    "delete sponsor": ("programs:sponsor_delete", "sponsor", [302, 403, 403, 403, 403, 200]),
    "venues": ("programs:venue_list", None, [302, 200, 200, 200, 403, 200]),
    "new venue": ("programs:venue_create", None, [302, 403, 403, 403, 403, 200]),
    "people": ("people:person_list", None, [302, 403, 200, 200, 403, 200]),
    "person page": ("people:person_detail", "person", [302, 403, 200, 200, 403, 200]),
    "edit person (added by HR)": ("people:person_edit", "person", [302, 403, 403, 403, 403, 200]),
    "delete person": ("people:person_delete", "person", [302, 403, 403, 403, 403, 200]),
    "erase person": ("people:person_erase", "person", [302, 403, 403, 403, 403, 200]),
    "export person": ("people:person_export", "person", [302, 403, 403, 403, 403, 200]),
    "companies": ("people:company_list", None, [302, 403, 200, 200, 403, 200]),
    "company page": ("people:company_detail", "company", [302, 403, 200, 200, 403, 200]),
    "edit company (added by HR)": ("people:company_edit", "company", [302, 403, 403, 403, 403, 200]),
    "profile": ("accounts:profile", None, [302, 200, 200, 200, 200, 200]),
    "invitations": ("accounts:invitation_list", None, [302, 403, 403, 403, 403, 200]),
    "team": ("accounts:user_list", None, [302, 403, 403, 403, 403, 200]),
    "audit log": ("accounts:audit_log", None, [302, 403, 403, 403, 403, 200]),
    "ROI report": ("metrics:index", None, [302, 200, 200, 200, 200, 200]),
    "introductions": ("metrics:introduction_list", None, [302, 200, 200, 200, 200, 200]),
    "log an introduction": ("metrics:introduction_create", None, [302, 403, 200, 200, 403, 200]),
    "introduction page": ("metrics:introduction_detail", "introduction", [302, 404, 404, 200, 200, 200]),
    "correct introduction (logged by HR)": (
        "metrics:introduction_edit",
        "introduction",
        [302, 404, 404, 403, 403, 200],
    ),
    "delete introduction": ("metrics:introduction_delete", "introduction", [302, 404, 404, 403, 403, 200]),
    "assists": ("metrics:assist_list", None, [302, 200, 200, 200, 200, 200]),
    "log an assist": ("metrics:assist_create", None, [302, 403, 200, 200, 403, 200]),
    "assist page": ("metrics:assist_detail", "assist", [302, 404, 404, 200, 200, 200]),
    "correct assist (logged by HR)": ("metrics:assist_edit", "assist", [302, 404, 404, 403, 403, 200]),
    "hires": ("metrics:hire_list", None, [302, 200, 200, 200, 200, 200]),
    "record a hire": ("metrics:hire_create", None, [302, 403, 200, 200, 403, 200]),
    "hire page": ("metrics:hire_detail", "hire", [302, 404, 404, 200, 200, 200]),
    "correct hire (logged by HR)": ("metrics:hire_edit", "hire", [302, 404, 404, 403, 403, 200]),
    "program costs": ("metrics:cost_list", None, [302, 200, 200, 200, 200, 200]),
    "add program cost": ("metrics:cost_create", None, [302, 403, 403, 403, 403, 200]),
    "baselines": ("metrics:baseline_list", None, [302, 403, 403, 403, 200, 200]),
    "add baseline": ("metrics:baseline_create", None, [302, 403, 403, 403, 403, 200]),
    "assist value scale": ("metrics:assist_type_list", None, [302, 403, 403, 403, 403, 200]),
    "wins": ("metrics:win_list", None, [302, 200, 200, 200, 200, 200]),
    "win page": ("metrics:win_detail", "win", [302, 404, 404, 200, 200, 200]),
    "celebrate a win": ("metrics:celebrate", "win", [302, 404, 404, 200, 403, 200]),
    "listening inbox": ("listening:index", None, [302, 200, 200, 200, 403, 200]),
    "conversation (pilot A search)": ("listening:conversation_detail", "conversation", [302, 404, 404, 200, 403, 200]),
    "venue ranking": ("listening:ranking", None, [302, 200, 200, 200, 403, 200]),
    "searches": ("listening:search_list", None, [302, 200, 200, 200, 403, 200]),
    "search page (pilot A)": ("listening:search_detail", "search", [302, 404, 404, 200, 403, 200]),
    "new search": ("listening:search_create", None, [302, 403, 403, 403, 403, 200]),
    "edit search": ("listening:search_edit", "search", [302, 403, 403, 403, 403, 200]),
    "search run": ("listening:run_detail", "run", [302, 404, 404, 200, 403, 200]),
    "keyword families": ("listening:family_list", None, [302, 403, 403, 403, 403, 200]),
    "new keyword family": ("listening:family_create", None, [302, 403, 403, 403, 403, 200]),
    "sources": ("listening:source_list", None, [302, 403, 403, 403, 403, 200]),
    "new source": ("listening:source_create", None, [302, 403, 403, 403, 403, 200]),
    "upload to a source": ("listening:source_upload", "upload_source", [302, 403, 403, 403, 403, 200]),
}


@pytest.fixture
def objects(pilot_a, hr_lead, django_capture_on_commit_callbacks):
    person = PersonFactory(created_by=hr_lead)
    company = CompanyFactory(created_by=hr_lead)
    policy = PolicyFactory(pilot=pilot_a, version=1, status=SharingPolicy.Status.APPROVED)
    intro = metrics_services.introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=company
    )
    assist = metrics_services.assist_record(
        actor=hr_lead, pilot=pilot_a, person=person, assist_type="introduction", direction="received"
    )
    hire = metrics_services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=person,
        opening_title="Engineer",
        source="social",
        first_contact_date=dt.date(2026, 1, 5),
        date=dt.date(2026, 2, 5),
    )
    source = listening_services.source_save(
        actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    search = listening_services.search_save(
        actor=hr_lead, name="Python", query="python", sources=[source], pilot=pilot_a
    )
    listening_services.posts_store(source=source, posts=[make_post(venue="bundled", external_id="1", text="python")])
    with django_capture_on_commit_callbacks(execute=False):
        run = listening_services.run_start(search=search, actor=hr_lead)
    upload_source = listening_services.source_save(actor=hr_lead, name="LinkedIn export", kind="upload", config={})
    return {
        "source": source.pk,
        "upload_source": upload_source.pk,
        "search": search.pk,
        "conversation": search.conversations.get().pk,
        "run": run.pk,
        "introduction": intro.pk,
        "assist": assist.pk,
        "hire": hire.pk,
        "win": hire.win.pk,
        "pilot": pilot_a.pk,
        "sponsor": pilot_a.sponsor_id,
        "step": pilot_a.steps.first().pk,
        "policy": policy.pk,
        "person": person.pk,
        "company": company.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", MATRIX)
def test_who_may_open_each_page(page, request, client_for, objects, contributor_a, contributor_b, manager):
    name, obj, expected = MATRIX[page]
    url = reverse(name, args=[objects[obj]] if obj else [])
    got = []
    for persona in PERSONAS:
        user = None if persona == "anonymous" else request.getfixturevalue(persona)
        response = client_for(user).get(url)
        got.append(response.status_code)
        if persona == "anonymous" and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    assert dict(zip(PERSONAS, got, strict=True)) == dict(zip(PERSONAS, expected, strict=True))
