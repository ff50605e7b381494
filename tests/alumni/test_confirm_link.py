"""The alumnus confirms an introduction through the signed link e-mailed to them (no account):
asking (consent, do-not-contact, once per 7 days), the e-mail, and the public answer page with its
refusals (expired, tampered, reused, another purpose, an erased person, a deleted introduction)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import AuditEvent
from alumni.selectors.introductions import ASK_VERB, NOT_USEFUL_VERB
from alumni.services.introductions import (
    LINK_PURPOSE,
    confirmation_link,
    intro_confirmation_send,
    introduction_ask_confirmation,
)
from core.errors import ConflictError, DomainError, ForbiddenError
from core.links import link_token
from metrics import services as ledger
from metrics.models import Introduction, IntroductionDaily, Win
from metrics.rollups import INTRODUCTIONS, rebuild_rollups, rollup_rows
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonEmailFactory, PersonFactory
from tests.programs.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.fixture
def alumnus(pilot_b):
    person = PersonFactory(
        first_name="Alma", last_name="Alumna", consent_to_contact=True, consent_date=dt.date(2026, 1, 1)
    )
    PersonEmailFactory(person=person, email="alma@mail.example")
    return AlumnusFactory(person=person, pilot=pilot_b)


@pytest.fixture
def intro(contributor_b, pilot_b, alumnus):
    target = PersonFactory(first_name="Tara", last_name="Target")
    return ledger.introduction_record(
        actor=contributor_b, pilot=pilot_b, on_behalf_of=alumnus.person, to_person=target, outcome="Coffee"
    )


def ask(actor, intro, capture, **kwargs):
    with capture(execute=True):
        return introduction_ask_confirmation(actor=actor, introduction=intro, **kwargs)


def link_in_last_mail() -> str:
    match = re.search(r"/alumni/confirm/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return reverse("alumni:intro_confirm", args=[match.group(1)])


def assert_rollups_exact() -> None:
    kept = rollup_rows(INTRODUCTIONS)
    rebuild_rollups()
    assert rollup_rows(INTRODUCTIONS) == kept


def test_the_ask_emails_a_link_that_confirms_the_introduction_as_meaningful(
    contributor_b, intro, client, eager_celery, django_capture_on_commit_callbacks
):
    ask(contributor_b, intro, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alma@mail.example"]
    assert "Tara Target" in mail.outbox[0].subject
    url = link_in_last_mail()

    page = client.get(url)
    assert page.status_code == 200
    assert "Was this introduction to Tara Target useful to you?" in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()

    done = client.post(url, {"answer": "yes", "outcome": "  I got   the job!  "})
    assert done.status_code == 200
    intro.refresh_from_db()
    assert intro.meaningful is True
    assert intro.confirmed_at is not None
    assert intro.confirmed_by is None
    assert intro.outcome == "Coffee — I got the job!"
    assert Win.objects.filter(introduction=intro).exists()
    daily = IntroductionDaily.objects.get(pilot=intro.pilot, date=intro.date)
    assert (daily.meaningful_introductions, daily.meaningful_alumni_introductions) == (1, 1)
    assert_rollups_exact()
    event = AuditEvent.objects.get(verb="introduction.confirmed", target_id=str(intro.pk))
    assert event.actor is None
    assert event.data["by"] == "alumnus link"
    assert event.person_id == intro.on_behalf_of_id


def test_the_page_keeps_csrf_protection_without_a_login(intro):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    assert strict.post(url, {"answer": "yes"}).status_code == 403
    intro.refresh_from_db()
    assert intro.meaningful is False


def test_not_really_is_recorded_and_leaves_the_introduction_unconfirmed(intro, client):
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    response = client.post(url, {"answer": "no", "outcome": "They never answered"})
    assert response.status_code == 200
    intro.refresh_from_db()
    assert intro.meaningful is False
    assert not Win.objects.filter(introduction=intro).exists()
    event = AuditEvent.objects.get(verb=NOT_USEFUL_VERB, target_id=str(intro.pk))
    assert event.actor is None
    assert event.data == {"by": "alumnus link", "outcome": "They never answered"}


def test_an_expired_link_is_refused_and_nothing_is_written(intro, client):
    with freeze_time(timezone.now()):
        url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    with freeze_time(timezone.now() + dt.timedelta(days=31)):
        assert client.get(url).status_code == 410
        response = client.post(url, {"answer": "yes"})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    intro.refresh_from_db()
    assert intro.meaningful is False
    assert not AuditEvent.objects.filter(verb="introduction.confirmed").exists()


def test_a_tampered_link_is_refused(intro, client):
    token = link_token(LINK_PURPOSE, {"i": intro.pk})
    position = len(token) // 2
    tampered = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1 :]
    response = client.post(reverse("alumni:intro_confirm", args=[tampered]), {"answer": "yes"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    intro.refresh_from_db()
    assert intro.meaningful is False


def test_a_link_is_used_once(intro, client):
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    assert client.post(url, {"answer": "no"}).status_code == 200
    second = client.post(url, {"answer": "yes"})
    assert second.status_code == 410
    assert "already used" in second.content.decode()
    intro.refresh_from_db()
    assert intro.meaningful is False
    assert AuditEvent.objects.filter(verb=NOT_USEFUL_VERB).count() == 1


def test_a_link_made_for_another_purpose_is_refused(intro, client):
    url = reverse("alumni:intro_confirm", args=[link_token("alumni.survey", {"i": intro.pk})])
    assert client.get(url).status_code == 400
    assert client.post(url, {"answer": "yes"}).status_code == 400
    intro.refresh_from_db()
    assert intro.meaningful is False


def test_a_deleted_introduction_or_an_erased_person_gives_the_not_valid_page(intro, alumnus, hr_lead, client):
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    alumnus.person.erased_at = timezone.now()
    alumnus.person.save(update_fields=["erased_at"])
    assert client.post(url, {"answer": "yes"}).status_code == 400
    ledger.introduction_delete(actor=hr_lead, introduction=intro)
    response = client.get(url)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_a_comment_over_500_characters_is_refused_on_the_form(intro, client):
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    response = client.post(url, {"answer": "yes", "outcome": "x" * 501})
    assert response.status_code == 400
    intro.refresh_from_db()
    assert intro.meaningful is False
    assert client.post(url, {"answer": "yes", "outcome": "ok"}).status_code == 200  # the link was not used up


@pytest.mark.parametrize("change", ["withdrawn", "do_not_contact", "no_email"])
def test_without_consent_the_ask_is_refused_and_no_email_is_sent(
    change, contributor_b, intro, alumnus, eager_celery, django_capture_on_commit_callbacks
):
    person = alumnus.person
    if change == "withdrawn":
        person.consent_to_contact, person.consent_date = False, None
    elif change == "do_not_contact":
        person.do_not_contact = True
    else:
        person.emails.all().delete()
    person.save()
    with pytest.raises(DomainError):
        ask(contributor_b, intro, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(verb=ASK_VERB).exists()


def test_consent_withdrawn_after_the_ask_stops_the_email(
    contributor_b, intro, alumnus, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        event = introduction_ask_confirmation(actor=contributor_b, introduction=intro)
    alumnus.person.do_not_contact = True
    alumnus.person.save(update_fields=["do_not_contact"])
    assert intro_confirmation_send(introduction_id=intro.pk, request_id=event.pk) is False
    assert mail.outbox == []


def test_one_email_per_request_even_if_the_task_runs_twice(contributor_b, intro, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        event = introduction_ask_confirmation(actor=contributor_b, introduction=intro)
    assert intro_confirmation_send(introduction_id=intro.pk, request_id=event.pk) is True
    assert intro_confirmation_send(introduction_id=intro.pk, request_id=event.pk) is False
    assert len(mail.outbox) == 1


def test_a_second_ask_within_7_days_is_refused_then_allowed(
    contributor_b, intro, eager_celery, django_capture_on_commit_callbacks
):
    start = timezone.now()
    ask(contributor_b, intro, django_capture_on_commit_callbacks, now=start)
    with pytest.raises(ConflictError, match="ask again from"):
        ask(contributor_b, intro, django_capture_on_commit_callbacks, now=start + dt.timedelta(days=6, hours=23))
    assert len(mail.outbox) == 1
    ask(contributor_b, intro, django_capture_on_commit_callbacks, now=start + dt.timedelta(days=7, minutes=1))
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(verb=ASK_VERB, target_id=str(intro.pk)).count() == 2


def test_who_may_ask_maker_hr_leads_and_champions_only(
    pilot_b, contributor_b, hr_lead, intro, eager_celery, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_b, user=colleague)
    with pytest.raises(ForbiddenError):
        ask(colleague, intro, django_capture_on_commit_callbacks)
    champion = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_b, user=champion, role=Membership.Role.CHAMPION)
    ask(champion, intro, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_the_ask_button_posts_and_the_list_shows_the_request(
    client_for, contributor_b, intro, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(contributor_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alumni:introduction_ask", args=[intro.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(reverse("alumni:introduction_list")).content.decode()
    assert "Confirmation requested on" in page
    assert "you can ask again from" in page
    again = client.post(reverse("alumni:introduction_ask", args=[intro.pk]), follow=True)
    assert "you can ask again from" in again.content.decode()
    assert len(mail.outbox) == 1


def test_an_introduction_of_another_pilot_cannot_be_asked_about(client_for, contributor_a, intro):
    assert client_for(contributor_a).post(reverse("alumni:introduction_ask", args=[intro.pk])).status_code == 404
    assert Introduction.objects.get(pk=intro.pk).meaningful is False


def test_the_confirmation_link_points_at_the_public_page(intro, client):
    url = confirmation_link(intro)
    assert "/alumni/confirm/" in url
    assert client.get(urlsplit(url).path).status_code == 200


def test_only_the_person_introduced_can_confirm_through_the_metrics_service(intro):
    with pytest.raises(ForbiddenError):
        ledger.introduction_confirm_by_person(introduction=intro, person=PersonFactory())
    intro.refresh_from_db()
    assert intro.meaningful is False
    assert not Win.objects.filter(introduction=intro).exists()


def test_the_alumnus_confirming_an_introduction_already_confirmed_keeps_who_confirmed_it(intro, hr_lead, client):
    ledger.introduction_confirm(actor=hr_lead, introduction=intro)
    intro.refresh_from_db()
    first = intro.confirmed_at
    url = reverse("alumni:intro_confirm", args=[link_token(LINK_PURPOSE, {"i": intro.pk})])
    assert client.post(url, {"answer": "yes", "outcome": "Great"}).status_code == 200
    intro.refresh_from_db()
    assert (intro.confirmed_by, intro.confirmed_at, intro.outcome) == (hr_lead, first, "Coffee — Great")
    assert_rollups_exact()
