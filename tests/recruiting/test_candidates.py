"""Candidates through the pages: adding (one person once per opening, the first dated move,
audited), the filtered list across openings (a fixed number of queries), the candidate page (who
may see it, contact details, one "viewed" event per request), correcting and deleting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from recruiting import services
from recruiting.models import Candidate, CandidateMove, JobOpening
from tests.people.factories import PersonEmailFactory, PersonFactory
from tests.recruiting.factories import OpeningFactory, PostFactory


def add(actor, opening, person=None, **kwargs):
    """A candidate added through the service (audited, with its first move)."""
    kwargs.setdefault("source", Candidate.Source.OTHER)
    return services.candidate_add(actor=actor, opening=opening, person=person or PersonFactory(), **kwargs)


@pytest.fixture
def opening(pilot_a):
    return OpeningFactory(pilot=pilot_a, title="Data engineer")


@pytest.fixture
def ada(db):
    person = PersonFactory(first_name="Ada", last_name="Lovelace")
    PersonEmailFactory(person=person, email="ada@example.org")
    return person


def test_contributor_adds_a_candidate_with_a_dated_first_move(client_for, contributor_a, opening, ada):
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_create"),
        {"opening": opening.pk, "person": ada.pk, "source": "job_ad", "step": "found", "note": "Met at a meetup"},
    )
    candidate = Candidate.objects.get(opening=opening, person=ada)
    assert response.status_code == 302 and response["Location"] == reverse(
        "recruiting:candidate_detail", args=[candidate.pk]
    )
    assert (candidate.step, candidate.source, candidate.note, candidate.created_by) == (
        "found",
        "job_ad",
        "Met at a meetup",
        contributor_a,
    )
    assert list(candidate.moves.values_list("from_step", "to_step", "by")) == [("", "found", contributor_a.pk)]
    event = AuditEvent.objects.get(verb="candidate.added")
    assert event.person_id == ada.pk and event.data["opening"] == opening.pk


def test_the_same_person_twice_for_an_opening_is_refused_with_a_link_to_the_first(
    client_for, contributor_a, opening, ada
):
    first = add(contributor_a, opening, ada)
    services.candidate_move(actor=contributor_a, candidate=first, to="engaged")
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_create"),
        {"opening": opening.pk, "person": ada.pk, "source": "other", "step": "found"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ada Lovelace is already a candidate for “Data engineer” at step “Engaged”" in html
    assert reverse("recruiting:candidate_detail", args=[first.pk]) in html
    assert Candidate.objects.count() == 1 and CandidateMove.objects.count() == 2


def test_the_duplicate_error_names_the_existing_candidate(contributor_a, opening, ada):
    first = add(contributor_a, opening, ada)
    with pytest.raises(services.DuplicateCandidateError) as caught:
        add(contributor_a, opening, ada)
    assert caught.value.candidate == first and caught.value.fields["candidate"] == [first.pk]


def test_a_shared_post_of_another_pilot_is_refused_and_nothing_is_written(contributor_a, opening, pilot_b, ada):
    elsewhere = PostFactory(pilot=pilot_b)
    with pytest.raises(DomainError) as caught:
        add(contributor_a, opening, ada, source=Candidate.Source.SHARED_POST, shared_post=elsewhere)
    assert "another pilot" in caught.value.fields["shared_post"][0]
    assert not Candidate.objects.exists()


def test_a_filled_or_closed_opening_takes_no_new_candidates(contributor_a, pilot_a, ada):
    filled = OpeningFactory(pilot=pilot_a, status=JobOpening.Status.FILLED, title="Filled one")
    with pytest.raises(DomainError) as caught:
        add(contributor_a, filled, ada)
    assert "“Filled one” is filled" in caught.value.message
    assert not Candidate.objects.exists()


def test_contributor_of_another_pilot_cannot_add_to_this_opening(client_for, contributor_b, opening, ada):
    response = client_for(contributor_b).post(
        reverse("recruiting:candidate_create"),
        {"opening": opening.pk, "person": ada.pk, "source": "other", "step": "found"},
    )
    assert response.status_code == 400 and "Choose one of the emerging or open openings" in response.content.decode()
    assert not Candidate.objects.exists()


def test_candidate_page_shows_history_contact_details_and_is_audited_once(client_for, contributor_a, opening, ada):
    candidate = add(contributor_a, opening, ada, at=timezone.now() - dt.timedelta(days=3))
    services.candidate_move(actor=contributor_a, candidate=candidate, to="applied", note="Sent a CV")
    AuditEvent.objects.filter(verb="candidate.viewed").delete()
    response = client_for(contributor_a).get(reverse("recruiting:candidate_detail", args=[candidate.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ada@example.org" in html
    assert f'href="{reverse("people:person_detail", args=[ada.pk])}"' in html
    assert "entered at Found" in html and "Found → Applied" in html and "Sent a CV" in html
    assert f'action="{reverse("recruiting:candidate_move", args=[candidate.pk])}"' in html
    viewed = AuditEvent.objects.filter(verb="candidate.viewed")
    assert viewed.count() == 1 and viewed.get().person_id == ada.pk


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_others_get_404_on_candidate_pages_and_never_see_contact_details(
    request, client_for, hr_lead, opening, ada, persona
):
    candidate = add(hr_lead, opening, ada)
    client = client_for(request.getfixturevalue(persona))
    for name in ("candidate_detail", "candidate_edit", "candidate_delete", "candidate_hire"):
        response = client.get(reverse(f"recruiting:{name}", args=[candidate.pk]))
        assert response.status_code == 404, name
        assert "ada@example.org" not in response.content.decode()
    assert client.post(reverse("recruiting:candidate_move", args=[candidate.pk]), {"to": "engaged"}).status_code == 404
    assert Candidate.objects.get().step == "found"
    assert not AuditEvent.objects.filter(verb="candidate.viewed").exists()


def test_hr_lead_sees_every_pilots_candidates(client_for, hr_lead, contributor_a, opening, ada):
    candidate = add(contributor_a, opening, ada)
    response = client_for(hr_lead).get(reverse("recruiting:candidate_detail", args=[candidate.pk]))
    assert response.status_code == 200 and "ada@example.org" in response.content.decode()


def test_edit_corrects_source_and_note_audited(client_for, contributor_a, opening, ada):
    candidate = add(contributor_a, opening, ada)
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_edit", args=[candidate.pk]), {"source": "recruiter", "note": "Via an agency"}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.source, candidate.note) == ("recruiter", "Via an agency")
    assert AuditEvent.objects.get(verb="candidate.changed").data["source"] == ["other", "recruiter"]


def test_delete_removes_a_mistake_but_never_a_hired_candidate(client_for, contributor_a, opening, ada):
    candidate = add(contributor_a, opening, ada)
    client = client_for(contributor_a)
    assert client.get(reverse("recruiting:candidate_delete", args=[candidate.pk])).status_code == 200
    response = client.post(reverse("recruiting:candidate_delete", args=[candidate.pk]))
    assert response.status_code == 302 and not Candidate.objects.exists()
    assert AuditEvent.objects.get(verb="candidate.deleted").person_id == ada.pk

    hired = add(contributor_a, opening, PersonFactory())
    Candidate.objects.filter(pk=hired.pk).update(step="hired")
    response = client.post(reverse("recruiting:candidate_delete", args=[hired.pk]), follow=True)
    assert Candidate.objects.filter(pk=hired.pk).exists()
    assert "A hired candidate is kept with their hire" in response.content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_list_filters_by_opening_step_source_and_name(client_for, contributor_a, pilot_a, opening):
    other = OpeningFactory(pilot=pilot_a, title="Platform engineer")
    ada = add(contributor_a, opening, PersonFactory(first_name="Ada", last_name="Lovelace"), source="job_ad")
    bo = add(contributor_a, other, PersonFactory(first_name="Bo", last_name="Diddley"))
    services.candidate_move(actor=contributor_a, candidate=bo, to="engaged")
    client = client_for(contributor_a)
    url = reverse("recruiting:candidate_list")

    def names(**params):
        html = client.get(url, params).content.decode()
        return [n for n in ("Ada Lovelace", "Bo Diddley") if n in html]

    assert names() == ["Ada Lovelace", "Bo Diddley"]
    assert names(opening=other.pk) == ["Bo Diddley"]
    assert names(step="engaged") == ["Bo Diddley"]
    assert names(source="job_ad") == ["Ada Lovelace"]
    assert names(q="lovel") == ["Ada Lovelace"]
    assert names(pilot=pilot_a.pk) == ["Ada Lovelace", "Bo Diddley"]
    assert ada.pk != bo.pk


def test_list_shows_only_the_users_pilots_and_managers_get_no_list(
    client_for, hr_lead, contributor_b, manager, opening
):
    add(hr_lead, opening, PersonFactory(first_name="Ada", last_name="Lovelace"))
    response = client_for(contributor_b).get(reverse("recruiting:candidate_list"))
    assert response.status_code == 200 and "Ada Lovelace" not in response.content.decode()
    assert "No candidates yet" in response.content.decode()
    assert client_for(manager).get(reverse("recruiting:candidate_list")).status_code == 404


def test_list_is_paginated_with_a_fixed_number_of_queries(
    client_for, contributor_a, opening, django_assert_max_num_queries
):
    client = client_for(contributor_a)
    url = reverse("recruiting:candidate_list")
    for _ in range(3):
        add(contributor_a, opening)
    client.get(url, {"opening": opening.pk})  # warm the session
    with django_assert_max_num_queries(14) as few:
        client.get(url, {"opening": opening.pk})
    for _ in range(27):
        add(contributor_a, opening)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"opening": opening.pk})
    assert "Page 1 of 2 (30 in all)" in response.content.decode()
