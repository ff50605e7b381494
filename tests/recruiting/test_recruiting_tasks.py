"""The recruiting emails: asking a pilot's members for suggestions and feedback (at most once per
opening and person, however often it is asked), and the thank-you for feedback and referrals (at
most once each). Tasks run eagerly here, on commit, as in the embedded mode."""

from __future__ import annotations

import pytest
from celery import current_app
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from core.jobs import claims
from programs.models import Membership
from recruiting import services
from recruiting.models import JobOpening, OpeningFeedback, Referral
from tests.accounts.factories import UserFactory
from tests.programs.factories import MembershipFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory, RevisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def members(pilot_a, contributor_a):
    """pilot_a: contributor_a, a champion, and a member whose account is deactivated."""
    champion = UserFactory(email="cat@firm.example", full_name="Cat Champion", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=champion, role=Membership.Role.CHAMPION)
    gone = UserFactory(email="gone@firm.example", role=Role.CONTRIBUTOR, is_active=False)
    MembershipFactory(pilot=pilot_a, user=gone)
    return [contributor_a, champion]


@pytest.fixture
def opening(pilot_a):
    opening = OpeningFactory(pilot=pilot_a, title="Data <engineer>", status=JobOpening.Status.EMERGING, opened_at=None)
    RevisionFactory(opening=opening, number=1, text="You will own the pipelines.")
    return opening


def _ask(client, opening, capture):
    with capture(execute=True):
        return client.post(reverse("recruiting:opening_ask", args=[opening.pk]), follow=True)


def test_each_member_is_asked_once_per_opening_even_when_asked_twice(
    client_for, hr_lead, contributor_b, members, opening, django_capture_on_commit_callbacks
):
    client = client_for(hr_lead)
    first = _ask(client, opening, django_capture_on_commit_callbacks)
    assert "Asking the 2 members of Engineers on Mastodon" in first.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@firm.example", "cat@firm.example"]
    _ask(client, opening, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):  # opening it asks again: nobody new
        services.opening_set_status(actor=hr_lead, opening=opening, status="open")
    assert len(mail.outbox) == 2
    assert claims("recruiting.ask", f"{opening.pk}:").count() == 2
    assert AuditEvent.objects.filter(verb="opening.asked").count() == 2

    # Someone who joins the pilot later is asked the next time, alone.
    newcomer = UserFactory(email="neo@firm.example", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=opening.pilot, user=newcomer)
    _ask(client, opening, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox[2:]] == [["neo@firm.example"]]


def test_the_ask_email_links_the_opening_the_feedback_and_the_referral_form(
    client_for, hr_lead, members, opening, django_capture_on_commit_callbacks, settings
):
    _ask(client_for(hr_lead), opening, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["ann@firm.example"])
    detail = settings.SITE_URL + reverse("recruiting:opening_detail", args=[opening.pk])
    assert "Data <engineer>" in message.subject
    assert detail in message.body and "You will own the pipelines." in message.body
    assert settings.SITE_URL + reverse("recruiting:feedback_create", args=[opening.pk]) in message.body
    html = message.alternatives[0][0]
    assert "Data &lt;engineer&gt;" in html and "Data <engineer>" not in html
    referral = reverse("recruiting:referral_create")
    assert f"{settings.SITE_URL}{referral}?opening={opening.pk}" in message.body


def test_the_opening_page_says_when_and_how_many_were_asked(
    client_for, hr_lead, contributor_a, members, opening, django_capture_on_commit_callbacks
):
    _ask(client_for(hr_lead), opening, django_capture_on_commit_callbacks)
    page = client_for(contributor_a).get(reverse("recruiting:opening_detail", args=[opening.pk]))
    assert page.context["asked"].count == 2
    assert "2 members of the pilot asked for suggestions and feedback" in page.content.decode()


def test_a_closed_opening_is_not_asked(client_for, hr_lead, members, pilot_a, django_capture_on_commit_callbacks):
    closed = OpeningFactory(pilot=pilot_a, status=JobOpening.Status.CLOSED)
    response = _ask(client_for(hr_lead), closed, django_capture_on_commit_callbacks)
    assert "This opening is closed: reopen it before asking" in response.content.decode()
    assert mail.outbox == [] and not AuditEvent.objects.filter(verb="opening.asked").exists()
    # A task that arrives after the opening closed sends nothing either.
    assert services.opening_ask_send(opening_id=closed.pk) == 0
    assert services.opening_ask_send(opening_id=999999) == 0


def test_the_tasks_are_registered_by_name(members, opening, contributor_a):
    assert current_app.signature("recruiting.ask_for_suggestions", args=(opening.pk,)).delay().get() == 2
    assert current_app.signature("recruiting.ask_for_suggestions", args=(opening.pk,)).delay().get() == 0


def test_feedback_thanks_go_once_and_only_when_recorded(hr_lead, contributor_a, opening):
    feedback = OpeningFeedback.objects.create(opening=opening, author=contributor_a, comment="Shorter.")
    assert services.thanks_send(kind="feedback", pk=feedback.pk) is False  # not decided yet: nothing to send
    OpeningFeedback.objects.filter(pk=feedback.pk).update(
        status="used", thanked_at=timezone.now(), thanked_by=hr_lead, thank_note="It helped."
    )
    assert current_app.signature("recruiting.send_thanks", args=("feedback", feedback.pk)).delay().get() is True
    assert services.thanks_send(kind="feedback", pk=feedback.pk) is False
    assert len(mail.outbox) == 1 and "It helped." in mail.outbox[0].body


def test_referral_thanks_name_the_person_and_where_they_are(hr_lead, contributor_a, opening):
    candidate = CandidateFactory(opening=opening, step="engaged")
    referral = Referral.objects.create(candidate=candidate, referrer=contributor_a, why="Great at Kafka.")
    assert services.thanks_send(kind="referral", pk=referral.pk) is False  # not thanked yet
    Referral.objects.filter(pk=referral.pk).update(thanked_at=timezone.now(), thanked_by=hr_lead)
    assert services.thanks_send(kind="referral", pk=referral.pk) is True
    assert services.thanks_send(kind="referral", pk=referral.pk) is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contributor_a.email] and "referral" in message.subject
    assert candidate.person.full_name in message.body and "Where" in message.body and "Engaged" in message.body


def test_an_unknown_kind_sends_nothing(contributor_a, opening):
    assert services.thanks_send(kind="hire", pk=1) is False
    assert mail.outbox == []
