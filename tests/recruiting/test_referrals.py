"""Referrals through the pages: one short form (who — picked or new —, which opening, why), the
candidate it makes (employee referral, at "found"), a person already in the pipeline refused with
where they are and nothing written, and the HR lead's thank-you (recorded once, emailed once)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent
from people.models import Person
from recruiting import services
from recruiting.models import Candidate, JobOpening, Referral
from tests.people.factories import PersonFactory
from tests.recruiting.factories import OpeningFactory
from tests.recruiting.test_candidates import add

URL = "recruiting:referral_create"


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def opening(pilot_a):
    return OpeningFactory(pilot=pilot_a, title="Data engineer")


@pytest.fixture
def ada(db):
    return PersonFactory(first_name="Ada", last_name="Lovelace")


def refer(client, **data):
    return client.post(reverse(URL), data)


def test_the_form_is_one_short_page_prefilled_with_the_opening(client_for, contributor_a, pilot_a, opening):
    OpeningFactory(pilot=pilot_a, title="Another")
    response = client_for(contributor_a).get(reverse(URL), {"opening": opening.pk})
    assert response.status_code == 200
    assert response.context["form"]["opening"].value() == opening.pk
    html = response.content.decode()
    assert 'name="person_search"' in html and 'name="why"' in html and 'name="first_name"' in html


def test_a_contributor_refers_someone_in_the_directory(client_for, contributor_a, opening, ada):
    response = refer(client_for(contributor_a), opening=opening.pk, person=ada.pk, why="Built our old ETL, loved it")
    referral = Referral.objects.get()
    candidate = referral.candidate
    assert response.status_code == 302
    assert (candidate.person, candidate.opening, candidate.source, candidate.step) == (
        ada,
        opening,
        "employee_referral",
        "found",
    )
    assert (referral.referrer, referral.why) == (contributor_a, "Built our old ETL, loved it")
    assert list(candidate.moves.values_list("from_step", "to_step")) == [("", "found")]
    assert AuditEvent.objects.get(verb="referral.created").person_id == ada.pk


def test_a_contributor_refers_someone_new(client_for, contributor_a, opening):
    response = refer(
        client_for(contributor_a),
        opening=opening.pk,
        first_name="Linus",
        last_name="Torvalds",
        email="linus@example.org",
        profile_url="https://www.linkedin.com/in/linus",
        why="Knows kernels",
    )
    assert response.status_code == 302
    linus = Person.objects.get(first_name="Linus")
    assert linus.source == Person.Source.REFERRAL and linus.emails.get().email == "linus@example.org"
    assert linus.handles.get().venue_kind == "linkedin"
    assert Candidate.objects.get().person == linus


def test_someone_already_in_the_pipeline_is_refused_with_where_they_are(client_for, contributor_a, opening, ada):
    first = add(contributor_a, opening, ada)
    services.candidate_move(actor=contributor_a, candidate=first, to="applied")
    response = refer(client_for(contributor_a), opening=opening.pk, person=ada.pk, why="Great")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ada Lovelace is already a candidate for “Data engineer” at step “Applied”" in html
    assert reverse("recruiting:candidate_detail", args=[first.pk]) in html
    assert not Referral.objects.exists() and Candidate.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"why": ""}, "Say in a sentence or two why"),
        ({"why": "x" * 1001}, "at most 1000 characters"),
        ({"person": "", "why": "Good"}, "Choose the person you refer"),
        ({"person": "", "email": "a@example.org", "why": "Good"}, "Give the new person"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(client_for, contributor_a, opening, ada, data, message):
    people = Person.objects.count()
    response = refer(client_for(contributor_a), **{"opening": opening.pk, "person": ada.pk, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Candidate.objects.exists() and Person.objects.count() == people


def test_closed_openings_and_other_pilots_openings_are_not_offered(
    client_for, contributor_a, pilot_a, pilot_b, opening, ada
):
    closed = OpeningFactory(pilot=pilot_a, status=JobOpening.Status.CLOSED)
    theirs = OpeningFactory(pilot=pilot_b)
    client = client_for(contributor_a)
    for opening in (closed, theirs):
        response = refer(client, opening=opening.pk, person=ada.pk, why="Good")
        assert (
            response.status_code == 400 and "Choose one of the emerging or open openings" in response.content.decode()
        )
    assert not Candidate.objects.exists()


def test_managers_and_people_without_a_pilot_cannot_refer(client_for, manager, outsider):
    assert client_for(manager).get(reverse(URL)).status_code == 404
    assert client_for(outsider).get(reverse(URL)).status_code == 404


def test_the_picker_find_button_shows_matches_without_saving(client_for, contributor_a, opening, ada):
    response = client_for(contributor_a).post(
        reverse(URL), {"opening": opening.pk, "person_search": "lovel", "_lookup": "person", "why": "Good"}
    )
    assert response.status_code == 200
    assert f'name="person" value="{ada.pk}"' in response.content.decode()
    assert not Candidate.objects.exists()


# --- the thank-you ----------------------------------------------------------------------------


@pytest.fixture
def referral(contributor_a, opening, ada):
    return services.referral_create(actor=contributor_a, opening=opening, person=ada, why="Great engineer")


def test_hr_lead_thanks_the_referrer_once_and_it_is_emailed_once(
    client_for, hr_lead, contributor_a, referral, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(hr_lead)
    url = reverse("recruiting:referral_thank", args=[referral.pk])
    page = client.get(reverse("recruiting:candidate_detail", args=[referral.candidate_id])).content.decode()
    assert f'action="{url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Thanks a lot!"}, follow=True)
    assert "Thank-you recorded" in response.content.decode()
    referral.refresh_from_db()
    assert referral.thanked_by == hr_lead and referral.thank_note == "Thanks a lot!" and referral.thanked_at
    assert [m.to for m in mail.outbox] == [[contributor_a.email]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "Again"}, follow=True)
    assert "was already thanked" in response.content.decode()
    referral.refresh_from_db()
    assert referral.thank_note == "Thanks a lot!" and len(mail.outbox) == 1
    assert AuditEvent.objects.filter(verb="referral.thanked").count() == 1


def test_contributors_cannot_thank_and_other_pilots_get_404(client_for, contributor_a, contributor_b, referral):
    url = reverse("recruiting:referral_thank", args=[referral.pk])
    assert client_for(contributor_a).post(url, {"note": "me"}).status_code == 403
    assert client_for(contributor_b).post(url, {"note": "me"}).status_code == 404
    referral.refresh_from_db()
    assert referral.thanked_at is None
    page = client_for(contributor_a).get(reverse("recruiting:candidate_detail", args=[referral.candidate_id]))
    assert f'action="{url}"' not in page.content.decode() and "Great engineer" in page.content.decode()
