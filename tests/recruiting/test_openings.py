"""Opening pages: who may see and change them, creating one (its description becomes revision 1),
editing, the status rules (and the bad moves), and the list's filters, counts and query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from recruiting import services
from recruiting.models import Candidate, JobOpening, OpeningRevision
from tests.recruiting.factories import CandidateFactory, OpeningFactory, ProfileFactory, RevisionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("recruiting:opening_list")
CREATE = reverse("recruiting:opening_create")


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def opening(pilot_a):
    opening = OpeningFactory(pilot=pilot_a, title="Data engineer", status=JobOpening.Status.EMERGING, opened_at=None)
    RevisionFactory(opening=opening, number=1, text="We build the data platform.")
    return opening


def _create(client, pilot_obj, **extra):
    data = {"pilot": pilot_obj.pk, "title": "Senior data engineer", "location": "Oslo", "status": "emerging"}
    data["description"] = "You will own the pipelines.\nWe pair a lot."
    data.update(extra)
    return client.post(CREATE, data)


def test_hr_lead_creates_an_opening_with_its_description_as_revision_1(client_for, hr_lead, pilot_a):
    profile = ProfileFactory(pilot=pilot_a)
    response = _create(client_for(hr_lead), pilot_a, profile=profile.pk)
    opening = JobOpening.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "recruiting:opening_detail", args=[opening.pk]
    )
    assert (opening.title, opening.location, opening.profile, opening.status) == (
        "Senior data engineer",
        "Oslo",
        profile,
        "emerging",
    )
    assert opening.opened_at is None and opening.created_by == hr_lead
    revision = opening.revisions.get()
    assert (revision.number, revision.text, revision.author) == (
        1,
        "You will own the pipelines.\nWe pair a lot.",
        hr_lead,
    )
    assert AuditEvent.objects.get(verb="opening.created").data["status"] == "emerging"
    page = client_for(hr_lead).get(response["Location"]).content.decode()
    assert "You will own the pipelines." in page and "Not asked yet" in page


def test_an_opening_created_open_asks_the_pilots_contributors(
    client_for, hr_lead, contributor_a, pilot_a, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _create(client_for(hr_lead), pilot_a, status="open")
    opening = JobOpening.objects.get()
    assert opening.opened_at is not None
    assert [m.to for m in mail.outbox] == [[contributor_a.email]]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"pilot": 999999}, "Choose one of the pilots in the list."),
        ({"title": "  "}, "This field is required."),
        ({"description": " \n "}, "Write the description"),
        ({"status": "filled"}, "Select a valid choice."),
        ({"description": "x" * 20001}, "at most 20000 characters"),
    ],
)
def test_bad_input_answers_with_the_message_and_writes_nothing(client_for, hr_lead, pilot_a, extra, message):
    response = _create(client_for(hr_lead), pilot_a, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not JobOpening.objects.exists() and not OpeningRevision.objects.exists()


def test_a_profile_of_another_pilot_is_refused(client_for, hr_lead, pilot_a, pilot_b):
    other = ProfileFactory(pilot=pilot_b)
    response = _create(client_for(hr_lead), pilot_a, profile=other.pk)
    assert response.status_code == 400
    assert "Choose a profile of Engineers on Mastodon, or none." in response.content.decode()
    assert not JobOpening.objects.exists()


def test_hr_lead_edits_title_location_and_profile(client_for, hr_lead, opening, pilot_a):
    profile = ProfileFactory(pilot=pilot_a, name="Platform people")
    response = client_for(hr_lead).post(
        reverse("recruiting:opening_edit", args=[opening.pk]),
        {"title": "Lead data engineer", "location": "Remote", "profile": profile.pk},
    )
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.location, opening.profile) == ("Lead data engineer", "Remote", profile)
    changes = AuditEvent.objects.get(verb="opening.changed").data["changes"]
    assert changes["title"] == ["Data engineer", "Lead data engineer"]


def _status(client, opening, status):
    return client.post(reverse("recruiting:opening_status", args=[opening.pk]), {"status": status}, follow=True)


def test_status_moves_set_opened_at_once_and_closed_at_while_closed(
    client_for, hr_lead, opening, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(hr_lead)
    with django_capture_on_commit_callbacks(execute=True):
        _status(client, opening, "open")
    opening.refresh_from_db()
    first_opened = opening.opened_at
    assert opening.status == "open" and first_opened is not None and opening.closed_at is None

    _status(client, opening, "filled")
    opening.refresh_from_db()
    assert opening.status == "filled" and opening.closed_at is not None and opening.opened_at == first_opened

    with django_capture_on_commit_callbacks(execute=True):
        response = _status(client, opening, "open")
    opening.refresh_from_db()
    assert opening.status == "open" and opening.closed_at is None and opening.opened_at == first_opened
    assert "is now open" in response.content.decode()
    moves = list(AuditEvent.objects.filter(verb="opening.status_changed").order_by("pk").values_list("data", flat=True))
    assert moves == [
        {"from": "emerging", "to": "open"},
        {"from": "open", "to": "filled"},
        {"from": "filled", "to": "open"},
    ]


@pytest.mark.parametrize(
    ("start", "to", "message"),
    [
        (
            "emerging",
            "filled",
            "An opening that is emerging cannot become filled. From emerging it can become: open or closed.",
        ),
        ("closed", "filled", "An opening that is closed cannot become filled."),
        ("open", "emerging", "An opening that is open cannot become emerging."),
        ("open", "open", "The opening is already open."),
    ],
)
def test_bad_status_moves_are_refused_with_the_rule(client_for, hr_lead, pilot_a, start, to, message):
    opening = OpeningFactory(pilot=pilot_a, status=start)
    response = _status(client_for(hr_lead), opening, to)
    assert message in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == start
    assert not AuditEvent.objects.filter(verb="opening.status_changed").exists()


def test_an_unknown_status_is_refused(client_for, hr_lead, opening):
    response = _status(client_for(hr_lead), opening, "archived")
    assert "Choose one of the statuses offered." in response.content.decode()
    opening.refresh_from_db()
    assert opening.status == "emerging"


def test_a_stale_status_change_loses_the_race(hr_lead, opening):
    """Two HR leads on the same page: the second change was decided on a status that is gone."""
    stale = JobOpening.objects.get(pk=opening.pk)
    services.opening_set_status(actor=hr_lead, opening=opening, status="closed")
    from core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.opening_set_status(actor=hr_lead, opening=stale, status="open")
    opening.refresh_from_db()
    assert opening.status == "closed"


def test_contributors_see_their_pilots_openings_but_cannot_change_them(client_for, contributor_a, opening):
    client = client_for(contributor_a)
    assert client.get(LIST).status_code == 200
    page = client.get(reverse("recruiting:opening_detail", args=[opening.pk]))
    assert page.status_code == 200 and page.context["can_manage"] is False
    assert "Revise description" not in page.content.decode()
    assert client.get(CREATE).status_code == 403
    for name, data in [
        ("opening_edit", {"title": "Mine"}),
        ("opening_status", {"status": "open"}),
        ("opening_revise", {"text": "Mine"}),
        ("opening_ask", {}),
    ]:
        assert client.post(reverse(f"recruiting:{name}", args=[opening.pk]), data).status_code == 403, name
    opening.refresh_from_db()
    assert (opening.title, opening.status, opening.revisions.count()) == ("Data engineer", "emerging", 1)


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_people_outside_the_pilot_get_a_404(request, client_for, opening, persona):
    client = client_for(request.getfixturevalue(persona))
    for name in ("opening_detail", "opening_edit", "opening_revise", "opening_diff", "feedback_create"):
        assert client.get(reverse(f"recruiting:{name}", args=[opening.pk])).status_code == 404, name
    assert client.post(reverse("recruiting:opening_status", args=[opening.pk]), {"status": "open"}).status_code == 404
    assert client.post(reverse("recruiting:opening_ask", args=[opening.pk])).status_code == 404
    listed = client.get(LIST)
    if persona == "contributor_b":
        assert listed.status_code == 200 and "Data engineer" not in listed.content.decode()
    else:
        assert listed.status_code == 404
    opening.refresh_from_db()
    assert opening.status == "emerging"


def test_the_list_filters_by_pilot_status_and_profile(client_for, hr_lead, pilot_a, pilot_b):
    profile = ProfileFactory(pilot=pilot_a)
    a_open = OpeningFactory(pilot=pilot_a, profile=profile, title="A open")
    OpeningFactory(pilot=pilot_a, title="A closed", status="closed")
    OpeningFactory(pilot=pilot_b, title="B open")
    client = client_for(hr_lead)

    def titles(**params):
        return sorted(o.title for o in client.get(LIST, params).context["openings"])

    assert titles() == ["A closed", "A open", "B open"]
    assert titles(pilot=pilot_a.pk) == ["A closed", "A open"]
    assert titles(status="open") == ["A open", "B open"]
    assert titles(profile=profile.pk) == [a_open.title]
    assert titles(status="nonsense") == ["A closed", "A open", "B open"]  # a bad filter is dropped


def test_each_row_counts_its_pipeline(client_for, hr_lead, pilot_a):
    """Opening X: 3 candidates, one of them rejected -> 2 in the pipeline of 3.
    Opening Y: none -> 0."""
    x = OpeningFactory(pilot=pilot_a, title="X")
    OpeningFactory(pilot=pilot_a, title="Y")
    CandidateFactory(opening=x, step=Candidate.Step.FOUND)
    CandidateFactory(opening=x, step=Candidate.Step.ONSITE)
    CandidateFactory(opening=x, step=Candidate.Step.REJECTED)
    rows = {o.title: (o.pipeline, o.candidate_count) for o in client_for(hr_lead).get(LIST).context["openings"]}
    assert rows == {"X": (2, 3), "Y": (0, 0)}


def test_the_list_costs_the_same_queries_for_2_or_25_openings(
    client_for, hr_lead, pilot_a, django_assert_max_num_queries
):
    def make(n):
        for _ in range(n):
            opening = OpeningFactory(pilot=pilot_a)
            CandidateFactory(opening=opening)

    client = client_for(hr_lead)
    make(2)
    client.get(LIST)
    with django_assert_max_num_queries(10):
        assert len(client.get(LIST).context["openings"]) == 2
    make(23)
    with django_assert_max_num_queries(10):
        assert len(client.get(LIST).context["openings"]) == 25


def test_the_detail_page_links_to_the_board_and_the_referral_form(client_for, contributor_a, opening):
    page = client_for(contributor_a).get(reverse("recruiting:opening_detail", args=[opening.pk])).content.decode()
    assert f'href="{reverse("recruiting:opening_board", args=[opening.pk])}"' in page
    assert f'href="{reverse("recruiting:referral_create")}?opening={opening.pk}"' in page


def test_the_status_dates_use_the_given_time(hr_lead, opening):
    when = timezone.now() - dt.timedelta(days=3)
    services.opening_set_status(actor=hr_lead, opening=opening, status="open", now=when)
    opening.refresh_from_db()
    assert opening.opened_at == when
