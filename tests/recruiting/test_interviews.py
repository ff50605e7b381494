"""Video-first interviews through their pages: scheduling, the travel a replaced trip avoided
(taken from the sponsor's baseline valid on the interview's date), corrections, deleting, and who
may do what.

The baselines of sponsor_a ("Engineering") used below, worked out by hand:
- B1 2025-01-01 to 2025-06-30: travel per hire 300.00
- B2 2025-07-01 to 2025-12-31: travel per hire 450.00
so an interview that replaced a trip on 2025-06-30 records 300.00, one on 2025-07-01 records
450.00, and one on 2024-03-01 (no baseline) is refused.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from metrics.models import LegacyCostBaseline
from recruiting import services
from recruiting.models import Candidate, VideoInterview
from recruiting.services.interviews import MSG_INTERVIEWERS, MSG_LINK
from tests.recruiting.factories import CandidateFactory, OpeningFactory

CREATE = "recruiting:interview_create"


def baseline(sponsor, start: str, end: str, travel: str) -> LegacyCostBaseline:
    return LegacyCostBaseline.objects.create(
        sponsor=sponsor,
        valid_from=dt.date.fromisoformat(start),
        valid_to=dt.date.fromisoformat(end),
        travel_per_hire=Decimal(travel),
        recruiter_fees_per_hire=Decimal("1000"),
        job_ads_per_hire=Decimal("200"),
        other_per_hire=Decimal("0"),
        source_note="Finance, recruiting spend / hires",
    )


@pytest.fixture
def baselines(sponsor_a):
    return (
        baseline(sponsor_a, "2025-01-01", "2025-06-30", "300.00"),
        baseline(sponsor_a, "2025-07-01", "2025-12-31", "450.00"),
    )


@pytest.fixture
def candidate(pilot_a):
    return CandidateFactory(
        opening=OpeningFactory(pilot=pilot_a, title="Data engineer"),
        person__first_name="Lena",
        person__last_name="Virtanen",
        step=Candidate.Step.APPLIED,
    )


def create_url(candidate) -> str:
    return f"{reverse(CREATE)}?candidate={candidate.pk}"


def post(when: str, **extra):
    return {"scheduled_at": when, "link": "https://meet.example/abc", **extra}


def schedule(client, candidate, when: str, *, trip: bool = True, interviewers=(), **extra):
    data = post(when, interviewers=[u.pk for u in interviewers], **extra)
    if trip:
        data["replaced_trip"] = "on"
    return client.post(create_url(candidate), data)


# --- travel avoided from the right baseline -------------------------------------------------------


def test_travel_avoided_is_the_travel_per_hire_of_the_baseline_valid_on_the_interview_date(
    client_for, hr_lead, candidate, baselines
):
    client = client_for(hr_lead)
    assert schedule(client, candidate, "2025-06-30T15:00", interviewers=[hr_lead]).status_code == 302
    assert schedule(client, candidate, "2025-07-01T09:00").status_code == 302
    june, july = VideoInterview.objects.order_by("scheduled_at")
    assert (june.travel_avoided, july.travel_avoided) == (Decimal("300.00"), Decimal("450.00"))
    assert june.replaced_trip and list(june.interviewers.all()) == [hr_lead]
    event = AuditEvent.objects.get(verb="interview.scheduled", target_id=str(june.pk))
    assert event.person_id == candidate.person_id
    assert event.data["baseline"] == baselines[0].pk
    assert event.data["baseline_travel_per_hire"] == "300.00"


def test_the_interview_page_names_the_baseline_its_travel_came_from(client_for, hr_lead, candidate, baselines):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-07-01T09:00")
    interview = VideoInterview.objects.get()
    page = client.get(reverse("recruiting:interview_edit", args=[interview.pk])).content.decode()
    assert "from the baseline of Engineering 2025-07-01 – 2025-12-31: 450.00 EUR" in page


def test_the_day_is_taken_in_the_sites_time_zone(client_for, hr_lead, candidate, baselines, settings):
    """23:30 on 30 June in Helsinki is 20:30 UTC the same day (B1, 300); 00:30 on 1 July in
    Helsinki is still 30 June in UTC, but the interview is on 1 July where it is held (B2, 450)."""
    settings.TIME_ZONE = "Europe/Helsinki"
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T23:30")
    schedule(client, candidate, "2025-07-01T00:30")
    late_june, early_july = VideoInterview.objects.order_by("scheduled_at")
    assert late_june.scheduled_at == dt.datetime(2025, 6, 30, 20, 30, tzinfo=dt.UTC)
    assert early_july.scheduled_at == dt.datetime(2025, 6, 30, 21, 30, tzinfo=dt.UTC)
    assert (late_june.travel_avoided, early_july.travel_avoided) == (Decimal("300.00"), Decimal("450.00"))


def test_a_replaced_trip_without_a_baseline_is_refused_and_nothing_is_written(
    client_for, hr_lead, candidate, baselines
):
    response = schedule(client_for(hr_lead), candidate, "2024-03-01T10:00")
    assert response.status_code == 400
    errors = response.context["form"].errors["replaced_trip"]
    assert errors == [
        "Engineering has no legacy cost baseline covering 2024-03-01, so the trip this interview replaced cannot "
        "be priced. An HR lead adds one under Settings → Baselines; until then, leave “Replaced a trip” unticked."
    ]
    assert reverse("metrics:baseline_list") in response.content.decode()
    assert not VideoInterview.objects.exists()
    assert not AuditEvent.objects.filter(verb="interview.scheduled").exists()


def test_without_a_replaced_trip_no_baseline_is_needed_and_nothing_is_avoided(client_for, hr_lead, candidate):
    assert schedule(client_for(hr_lead), candidate, "2024-03-01T10:00", trip=False).status_code == 302
    interview = VideoInterview.objects.get()
    assert (interview.replaced_trip, interview.travel_avoided) == (False, Decimal("0"))


# --- corrections ------------------------------------------------------------------------------------


def edit(client, interview, **changes):
    data = {
        "scheduled_at": timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%dT%H:%M"),
        "link": interview.link,
        "interviewers": [u.pk for u in interview.interviewers.all()],
        "outcome": interview.outcome,
        "notes": interview.notes,
    }
    if interview.replaced_trip:
        data["replaced_trip"] = "on"
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("recruiting:interview_edit", args=[interview.pk]), data)


def test_changing_the_date_recomputes_the_travel_avoided_from_the_new_dates_baseline(
    client_for, hr_lead, candidate, baselines
):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00")
    interview = VideoInterview.objects.get()
    assert edit(client, interview, scheduled_at="2025-07-02T15:00").status_code == 302
    interview.refresh_from_db()
    assert interview.travel_avoided == Decimal("450.00")
    event = AuditEvent.objects.get(verb="interview.changed")
    assert event.data["changes"]["travel_avoided"] == ["300.00", "450.00"]
    assert event.data["baseline"] == baselines[1].pk
    assert event.person_id == candidate.person_id


def test_a_change_that_keeps_the_day_keeps_the_amount_recorded(client_for, hr_lead, candidate, baselines):
    """B1 is corrected to 999 after the interview was recorded at 300: noting the outcome or
    moving the time within the day keeps 300 (the figure stays what was recorded)."""
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00")
    interview = VideoInterview.objects.get()
    LegacyCostBaseline.objects.filter(pk=baselines[0].pk).update(travel_per_hire=Decimal("999"))
    assert edit(client, interview, outcome="advance", scheduled_at="2025-06-30T09:00").status_code == 302
    interview.refresh_from_db()
    assert (interview.outcome, interview.travel_avoided) == ("advance", Decimal("300.00"))
    page = client.get(reverse("recruiting:interview_edit", args=[interview.pk])).content.decode()
    assert "changed since it was recorded" in page


def test_unticking_replaced_trip_sets_the_travel_avoided_to_zero(client_for, hr_lead, candidate, baselines):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00")
    interview = VideoInterview.objects.get()
    assert edit(client, interview, replaced_trip=None).status_code == 302
    interview.refresh_from_db()
    assert (interview.replaced_trip, interview.travel_avoided) == (False, Decimal("0.00"))


def test_moving_a_trip_interview_to_a_date_without_baseline_is_refused_and_the_row_kept(
    client_for, hr_lead, candidate, baselines
):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00")
    interview = VideoInterview.objects.get()
    response = edit(client, interview, scheduled_at="2026-02-01T10:00")
    assert response.status_code == 400
    assert "no legacy cost baseline covering 2026-02-01" in response.context["form"].errors["replaced_trip"][0]
    interview.refresh_from_db()
    assert interview.scheduled_at.date() == dt.date(2025, 6, 30)
    assert interview.travel_avoided == Decimal("300.00")


def test_an_unknown_outcome_is_refused(client_for, hr_lead, candidate):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00", trip=False)
    interview = VideoInterview.objects.get()
    assert edit(client, interview, outcome="hired").status_code == 400
    interview.refresh_from_db()
    assert interview.outcome == "pending"


# --- bad input ----------------------------------------------------------------------------------------


def test_interviewers_from_outside_the_pilot_are_refused(client_for, hr_lead, contributor_a, contributor_b, candidate):
    response = schedule(client_for(hr_lead), candidate, "2025-06-30T15:00", trip=False, interviewers=[contributor_b])
    assert response.status_code == 400
    assert response.context["form"].errors["interviewers"] == [MSG_INTERVIEWERS]
    assert not VideoInterview.objects.exists()
    # The service refuses too, whoever calls it (the API, a task).
    with pytest.raises(DomainError) as refusal:
        services.interview_schedule(
            actor=hr_lead,
            candidate=candidate,
            scheduled_at=timezone.now(),
            interviewers=[contributor_a, contributor_b],
        )
    assert refusal.value.fields == {"interviewers": [MSG_INTERVIEWERS]}
    assert not VideoInterview.objects.exists()


def test_the_checkboxes_offer_the_pilots_members_and_hr_leads_only(
    client_for, hr_lead, contributor_a, contributor_b, manager, candidate
):
    form = client_for(contributor_a).get(create_url(candidate)).context["form"]
    offered = set(form.fields["interviewers"].queryset)
    assert offered == {hr_lead, contributor_a}
    assert form["interviewers"].value() == [contributor_a.pk]  # the one scheduling is ticked


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://files.example/x", "meet.example/abc", "https://"])
def test_a_link_that_is_not_http_is_refused(client_for, hr_lead, candidate, link):
    response = schedule(client_for(hr_lead), candidate, "2025-06-30T15:00", trip=False, link=link)
    assert response.status_code == 400
    assert response.context["form"].errors["link"] == [MSG_LINK]
    assert not VideoInterview.objects.exists()


def test_a_missing_date_is_refused_with_what_to_do(client_for, hr_lead, candidate):
    response = client_for(hr_lead).post(create_url(candidate), {"link": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["scheduled_at"] == ["Give the date and time of the interview."]


def test_names_and_notes_are_escaped(client_for, hr_lead, pilot_a):
    candidate = CandidateFactory(
        opening=OpeningFactory(pilot=pilot_a), person__first_name="<script>alert(1)</script>", person__last_name="X"
    )
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00", trip=False, notes="<b>bold</b>")
    interview = VideoInterview.objects.get()
    page = client.get(reverse("recruiting:interview_edit", args=[interview.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page


# --- who may see and change -------------------------------------------------------------------------


def test_contributor_of_the_pilot_schedules_an_interview(client_for, contributor_a, candidate, baselines):
    client = client_for(contributor_a)
    response = schedule(client, candidate, "2025-06-30T15:00", interviewers=[contributor_a])
    assert response.status_code == 302
    interview = VideoInterview.objects.get()
    assert interview.created_by == contributor_a and interview.travel_avoided == Decimal("300.00")
    # Contributors do not see baselines (metrics.access.can_see_baselines): no amount on the page.
    page = client.get(reverse("recruiting:interview_edit", args=[interview.pk])).content.decode()
    assert "300.00" not in page
    assert "HR leads and managers see the amount" in page


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_others_get_404_for_the_candidates_interviews(request, client_for, hr_lead, candidate, persona):
    interview = services.interview_schedule(actor=hr_lead, candidate=candidate, scheduled_at=timezone.now())
    client = client_for(request.getfixturevalue(persona))
    assert client.get(create_url(candidate)).status_code == 404
    assert schedule(client, candidate, "2025-06-30T15:00", trip=False).status_code == 404
    assert client.get(reverse("recruiting:interview_edit", args=[interview.pk])).status_code == 404
    assert edit(client, interview, outcome="reject").status_code == 404
    assert client.post(reverse("recruiting:interview_delete", args=[interview.pk])).status_code == 404
    interview.refresh_from_db()
    assert interview.outcome == "pending"
    assert VideoInterview.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client_for, candidate):
    response = client_for(None).get(create_url(candidate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_without_a_candidate_the_page_says_where_to_start(client_for, hr_lead):
    response = client_for(hr_lead).get(reverse(CREATE))
    assert response.status_code == 200
    assert "Choose the candidate first" in response.content.decode()
    assert client_for(hr_lead).get(reverse(CREATE) + "?candidate=²").status_code == 404


# --- the pipeline and deleting -----------------------------------------------------------------------


def test_scheduling_does_not_move_the_candidate_and_the_page_suggests_the_move(client_for, hr_lead, candidate):
    client = client_for(hr_lead)
    schedule(client, candidate, "2025-06-30T15:00", trip=False)
    candidate.refresh_from_db()
    assert candidate.step == Candidate.Step.APPLIED
    page = client.get(reverse("recruiting:interview_edit", args=[VideoInterview.objects.get().pk])).content.decode()
    assert "scheduling an interview does not move them" in page
    Candidate.objects.filter(pk=candidate.pk).update(step=Candidate.Step.ONSITE)
    page = client.get(reverse("recruiting:interview_edit", args=[VideoInterview.objects.get().pk])).content.decode()
    assert "scheduling an interview does not move them" not in page


def test_deleting_an_interview_is_confirmed_and_audited(client_for, contributor_a, candidate):
    client = client_for(contributor_a)
    schedule(client, candidate, "2025-06-30T15:00", trip=False)
    interview = VideoInterview.objects.get()
    url = reverse("recruiting:interview_delete", args=[interview.pk])
    assert client.get(url).status_code == 200
    assert VideoInterview.objects.exists()
    assert client.post(url).status_code == 302
    assert not VideoInterview.objects.exists()
    event = AuditEvent.objects.get(verb="interview.deleted")
    assert event.person_id == candidate.person_id and event.target_id == str(interview.pk)


@pytest.mark.parametrize("when", ["2025-02-30T10:00", "2025-07-01T25:00"])
def test_an_impossible_date_is_a_form_error_not_a_500(client_for, hr_lead, candidate, when):
    response = schedule(client_for(hr_lead), candidate, when, trip=False)

    assert response.status_code == 400 and response.context["form"].errors["scheduled_at"]
    assert not VideoInterview.objects.exists()
