"""Hiring a candidate: the ledger's hire form prefilled from the candidacy, the Hire recorded
through metrics.services with the candidate as reference, the source mapped onto the ledger's
channel and first contact = the candidacy's first dated step; the candidate moves to "hired" in
the same transaction; the wins feed gets the hire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from metrics.models import Hire, Win
from programs.models import Pilot
from recruiting import services
from recruiting.models import Candidate
from tests.people.factories import PersonFactory
from tests.recruiting.factories import OpeningFactory
from tests.recruiting.test_candidates import add

TODAY = dt.date(2025, 6, 20)


@pytest.fixture
def opening(pilot_a):
    pilot_a.status = Pilot.Status.ACTIVE  # no "still in planning" warning on the hire form
    pilot_a.save(update_fields=["status"])
    return OpeningFactory(pilot=pilot_a, title="Senior data engineer")


@pytest.fixture
def at_offer(contributor_a, opening):
    """Found on 2 June 2025 (first contact), at "offer" since 15 June."""
    found = timezone.make_aware(dt.datetime(2025, 6, 2, 10, 0))
    candidate = add(
        contributor_a,
        opening,
        PersonFactory(first_name="Ada", last_name="Lovelace"),
        source=Candidate.Source.SHARED_POST,
        at=found,
    )
    services.candidate_move(
        actor=contributor_a, candidate=candidate, to="offer", at=timezone.make_aware(dt.datetime(2025, 6, 15, 9, 0))
    )
    return candidate


def _form(**overrides):
    data = {
        "opening_title": "Senior data engineer",
        "source": "shared_content",
        "first_contact_date": "2025-06-02",
        "date": TODAY.isoformat(),
        "cost_travel": "0",
        "cost_recruiter_fee": "0",
        "cost_job_ads": "0",
        "cost_video_tooling": "150",
        "staff_hours": "10",
        "staff_hour_rate": "60",
        "note": "",
    }
    return {**data, **overrides}


def test_hire_form_is_prefilled_from_the_candidacy(client_for, contributor_a, at_offer, pilot_a):
    response = client_for(contributor_a).get(reverse("recruiting:candidate_hire", args=[at_offer.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["opening_title"].value() == "Senior data engineer"
    assert form["source"].value() == "shared_content"  # a response to a shared post → shared content
    assert form["first_contact_date"].value() == dt.date(2025, 6, 2)
    assert form["date"].value() == timezone.localdate()
    assert form["pilot"].value() == pilot_a.pk and form["sponsor"].value() == pilot_a.sponsor_id
    html = response.content.decode()
    assert "Ada Lovelace" in html and pilot_a.name in html


def test_recording_the_hire_books_it_on_the_ledger_and_moves_the_candidate(
    client_for, contributor_a, at_offer, pilot_a
):
    """Costs 150 video + 10 h x 60 = 750; 18 days from first contact (2 June) to the hire (20 June)."""
    response = client_for(contributor_a).post(reverse("recruiting:candidate_hire", args=[at_offer.pk]), _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiting:candidate_detail", args=[at_offer.pk])
    hire = Hire.objects.get()
    assert hire.reference_id == f"candidate:{at_offer.pk}"
    assert (hire.person_id, hire.pilot, hire.sponsor_id) == (at_offer.person_id, pilot_a, pilot_a.sponsor_id)
    assert (hire.source, hire.opening_title, hire.first_contact_date, hire.date) == (
        "shared_content",
        "Senior data engineer",
        dt.date(2025, 6, 2),
        TODAY,
    )
    assert str(hire.total_cost) == "750.00" and hire.time_to_hire_days == 18
    at_offer.refresh_from_db()
    assert at_offer.step == "hired" and at_offer.hire == hire
    assert list(at_offer.moves.values_list("from_step", "to_step"))[-1] == ("offer", "hired")
    assert AuditEvent.objects.get(verb="candidate.hired").data["hire"] == hire.pk
    assert Win.objects.filter(hire=hire).exists()  # the wins feed gets it as any hire


@pytest.mark.parametrize(
    ("source", "channel"),
    [
        ("conversation", "social"),
        ("employee_referral", "employee_referral"),
        ("alumni_referral", "alumni_referral"),
        ("job_ad", "job_ad"),
        ("recruiter", "recruiter"),
        ("other", "other"),
    ],
)
def test_the_service_maps_each_source_onto_the_ledger_channel(contributor_a, opening, source, channel):
    candidate = add(contributor_a, opening, source=source, step="offer")
    hire = services.candidate_hire(actor=contributor_a, candidate=candidate, date=timezone.localdate(), cost_travel=1)
    assert hire.source == channel and hire.first_contact_date == timezone.localdate()


def test_a_refused_hire_writes_nothing_and_keeps_what_was_typed(client_for, contributor_a, at_offer):
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_hire", args=[at_offer.pk]), _form(date="2025-05-01", note="keep me")
    )
    assert response.status_code == 400
    assert "cannot be before the first contact" in response.content.decode()
    assert "keep me" in response.content.decode()
    assert not Hire.objects.exists()
    at_offer.refresh_from_db()
    assert at_offer.step == "offer" and at_offer.hire is None


def test_a_hire_with_no_costs_asks_for_confirmation_first(client_for, contributor_a, at_offer):
    client = client_for(contributor_a)
    url = reverse("recruiting:candidate_hire", args=[at_offer.pk])
    no_costs = _form(cost_video_tooling="0", staff_hours="0")
    response = client.post(url, no_costs)
    assert response.status_code == 400 and "No costs are recorded" in response.content.decode()
    assert not Hire.objects.exists()
    assert client.post(url, {**no_costs, "confirm_warnings": "on"}).status_code == 302
    assert Hire.objects.get().total_cost == 0


def test_only_a_candidate_at_offer_can_be_hired(client_for, contributor_a, opening):
    candidate = add(contributor_a, opening)
    response = client_for(contributor_a).get(reverse("recruiting:candidate_hire", args=[candidate.pk]), follow=True)
    assert "Only a candidate at “Offer” can be hired" in response.content.decode()
    with pytest.raises(DomainError):
        services.candidate_hire(actor=contributor_a, candidate=candidate, date=timezone.localdate())
    assert not Hire.objects.exists()


def test_the_candidate_page_offers_the_hire_at_offer_and_links_the_hire_once_hired(client_for, contributor_a, at_offer):
    client = client_for(contributor_a)
    page = reverse("recruiting:candidate_detail", args=[at_offer.pk])
    html = client.get(page).content.decode()
    assert f'href="{reverse("recruiting:candidate_hire", args=[at_offer.pk])}"' in html and "Record the hire" in html
    hire = services.candidate_hire(actor=contributor_a, candidate=at_offer, date=timezone.localdate(), cost_travel=5)
    html = client.get(page).content.decode()
    assert f'href="{reverse("metrics:hire_detail", args=[hire.pk])}"' in html
    assert "Record the hire</a>" not in html
