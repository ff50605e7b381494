"""Feedback on an opening's description: the pilot's members give it on the current revision; the
HR lead marks it used or not used, and the author is thanked once either way; a correction sends
no second thank-you; the author sees the decision on the opening page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent
from recruiting.models import JobOpening, OpeningFeedback
from tests.recruiting.factories import OpeningFactory, RevisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def opening(pilot_a):
    opening = OpeningFactory(pilot=pilot_a, title="Data engineer", status=JobOpening.Status.OPEN)
    RevisionFactory(opening=opening, number=1, text="First.")
    RevisionFactory(opening=opening, number=2, text="Second.")
    return opening


def _give(client, opening, comment):
    return client.post(reverse("recruiting:feedback_create", args=[opening.pk]), {"comment": comment})


def _decide(client, feedback, decision, note=""):
    url = reverse("recruiting:feedback_decide", args=[feedback.pk])
    return client.post(url, {"decision": decision, "thank_note": note}, follow=True)


def test_a_contributor_gives_feedback_on_the_current_revision(client_for, contributor_a, opening):
    response = _give(client_for(contributor_a), opening, "  Say which cloud we use.  ")
    assert response.status_code == 302
    feedback = OpeningFeedback.objects.get()
    assert (feedback.author, feedback.comment, feedback.revision.number, feedback.status) == (
        contributor_a,
        "Say which cloud we use.",
        2,
        "pending",
    )
    assert AuditEvent.objects.get(verb="feedback.created").data == {"opening": opening.pk, "revision": 2}


@pytest.mark.parametrize(
    ("comment", "message"),
    [("   ", "Write your feedback"), ("x" * 1001, "Keep your feedback under 1000 characters")],
)
def test_empty_or_overlong_feedback_is_refused_and_nothing_is_written(
    client_for, contributor_a, opening, comment, message
):
    response = _give(client_for(contributor_a), opening, comment)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OpeningFeedback.objects.exists()


def test_feedback_html_is_escaped_on_the_opening_page(client_for, contributor_a, hr_lead, opening):
    _give(client_for(contributor_a), opening, "<b>bold</b> idea")
    page = client_for(hr_lead).get(reverse("recruiting:opening_detail", args=[opening.pk])).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; idea" in page and "<b>bold</b>" not in page


def test_feedback_on_a_closed_opening_is_refused(client_for, contributor_a, pilot_a):
    closed = OpeningFactory(pilot=pilot_a, status=JobOpening.Status.CLOSED)
    response = _give(client_for(contributor_a), closed, "Too late?")
    assert response.status_code == 400
    assert "This opening is closed: feedback on its description is no longer collected." in response.content.decode()
    assert not OpeningFeedback.objects.exists()


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_people_outside_the_pilot_cannot_give_or_decide_feedback(request, client_for, contributor_a, opening, persona):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="Mine")
    client = client_for(request.getfixturevalue(persona))
    assert _give(client, opening, "Theirs").status_code == 404
    assert (
        client.post(reverse("recruiting:feedback_decide", args=[feedback.pk]), {"decision": "used"}).status_code == 404
    )
    assert OpeningFeedback.objects.count() == 1
    feedback.refresh_from_db()
    assert feedback.status == "pending"


@pytest.mark.parametrize(
    ("decision", "status", "words"), [("used", "used", "We used it"), ("not_used", "not_used", "We did not use it")]
)
def test_a_decision_either_way_sends_exactly_one_thank_you(
    client_for,
    hr_lead,
    contributor_a,
    opening,
    eager_celery,
    django_capture_on_commit_callbacks,
    decision,
    status,
    words,
):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="Say which cloud.")
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client_for(hr_lead), feedback, decision, note="Great <eye>")
    assert "is being thanked by email" in response.content.decode()
    feedback.refresh_from_db()
    assert (feedback.status, feedback.decided_by, feedback.thanked_by, feedback.thank_note) == (
        status,
        hr_lead,
        hr_lead,
        "Great <eye>",
    )
    assert feedback.decided_at is not None and feedback.thanked_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [contributor_a.email]
    body = mail.outbox[0].body
    assert words in body and "Say which cloud." in body and "Great <eye>" in body  # plain text: not escaped
    assert "Data engineer" in mail.outbox[0].subject


def test_a_correction_changes_the_decision_and_sends_no_second_thank_you(
    client_for, hr_lead, contributor_a, opening, eager_celery, django_capture_on_commit_callbacks
):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="Shorter, please.")
    client = client_for(hr_lead)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, feedback, "not_used", note="Thanks!")
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, feedback, "used", note="ignored")
    assert "was thanked already, so no second email goes out" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == "used" and feedback.thank_note == "Thanks!"
    assert len(mail.outbox) == 1
    decided = list(AuditEvent.objects.filter(verb="feedback.decided").order_by("pk").values_list("data", flat=True))
    assert [(d["from"], d["to"], d["thanked"]) for d in decided] == [
        ("pending", "not_used", True),
        ("not_used", "used", False),
    ]


def test_the_same_decision_twice_is_refused_with_a_message(client_for, hr_lead, contributor_a, opening):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="X")
    _decide(client_for(hr_lead), feedback, "used")
    response = _decide(client_for(hr_lead), feedback, "used")
    assert "already marked “Used”; nothing changed." in response.content.decode()
    assert AuditEvent.objects.filter(verb="feedback.decided").count() == 1


def test_a_decision_without_a_choice_is_refused(client_for, hr_lead, contributor_a, opening):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="X")
    response = _decide(client_for(hr_lead), feedback, "maybe")
    assert "Select a valid choice." in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.status == "pending"


def test_contributors_cannot_decide_but_see_the_decision_on_their_feedback(client_for, hr_lead, contributor_a, opening):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="Mention pairing.")
    client = client_for(contributor_a)
    assert (
        client.post(reverse("recruiting:feedback_decide", args=[feedback.pk]), {"decision": "used"}).status_code == 403
    )
    _decide(client_for(hr_lead), feedback, "used", note="It is in revision 3.")
    page = client.get(reverse("recruiting:opening_detail", args=[opening.pk]))
    assert page.context["feedback_list"][0].status == "used"
    text = page.content.decode()
    assert "Decided by Hanna Lead" in text and "It is in revision 3." in text
    assert "Decide and thank" not in text
