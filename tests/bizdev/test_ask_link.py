"""The signed links alumni use without an account: "Ask us for help" (an employee emails it, consent
required, or copies it; the alumnus's ask becomes an alumni request via_link in the link's pilot,
one per link) and the answer link of our emailed requests (one answer per link, no author).
Expired, tampered and reused links get the friendly refused page, with nothing written."""

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
from bizdev.models import HelpRequest, HelpResponse
from bizdev.services import request_answers, request_links
from bizdev.services import requests as services
from core.links import link_token
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import make_alumnus, ours

pytestmark = pytest.mark.django_db

ASK_LINK = reverse("bizdev:ask_link_create")
ASK = {"kind": "introduction", "title": "Intro to <b>a</b> buyer", "body": "I'm entering Spain; who decides?"}


def ask_url(pilot, alumnus, nonce="n1"):
    return reverse("bizdev:ask", args=[request_links.ask_token(pilot, alumnus, nonce=nonce)])


def test_an_alumnus_asks_through_the_link_once(client, pilot3, alma):
    url = ask_url(pilot3, alma)
    page = client.get(url)
    assert page.status_code == 200 and "How can we help you, Alma?" in page.content.decode()
    response = client.post(url, ASK)
    assert response.status_code == 200 and "Thank you, Alma" in response.content.decode()
    ask = HelpRequest.objects.get()
    assert (ask.direction, ask.via_link, ask.pilot, ask.alumnus, ask.asked_by) == ("alumni", True, pilot3, alma, None)
    assert ask.title == "Intro to <b>a</b> buyer"
    event = AuditEvent.objects.get(verb="help_request.created")
    assert event.actor is None and event.data["via_link"] is True and event.person_id == alma.person_id
    again = client.post(url, {**ASK, "title": "Second"})
    assert again.status_code == 410 and b"Already recorded" in again.content
    assert client.get(url).status_code == 410
    assert HelpRequest.objects.count() == 1


def test_bad_input_on_the_ask_page_keeps_the_link_usable(client, pilot3, alma):
    url = ask_url(pilot3, alma)
    response = client.post(url, {**ASK, "title": "  ", "kind": "gossip"})
    assert response.status_code == 400 and not HelpRequest.objects.exists()
    assert client.post(url, ASK).status_code == 200


def test_expired_and_tampered_ask_links_are_refused(client, pilot3, alma, pilot_b):
    with freeze_time(timezone.now() - dt.timedelta(days=31)):
        old = ask_url(pilot3, alma)
    assert client.post(old, ASK).status_code == 410
    token = request_links.ask_token(pilot3, alma)
    tampered = reverse("bizdev:ask", args=[token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")])
    assert client.post(tampered, ASK).status_code == 400
    wrong_purpose = reverse("bizdev:ask", args=[link_token("bizdev.respond", {"p": pilot3.pk, "a": alma.pk})])
    assert client.post(wrong_purpose, ASK).status_code == 400
    stage2 = reverse("bizdev:ask", args=[link_token("bizdev.ask", {"p": pilot_b.pk, "a": alma.pk, "n": "x"})])
    assert client.get(stage2).status_code == 400
    assert not HelpRequest.objects.exists()


def test_an_employee_emails_the_ask_link_to_a_consenting_alumnus(
    client_for, cleo, pilot3, alma, monkeypatch, django_capture_on_commit_callbacks
):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    import bizdev.tasks  # noqa: F401

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cleo).post(ASK_LINK, {"pilot": pilot3.pk, "alumnus": alma.pk, "action": "email"})
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [["alma@mail.example"]]
    link = re.search(r"http\S+/bizdev/ask/\S+/", mail.outbox[0].body).group(0)
    assert client_for(None).post(urlsplit(link).path, ASK).status_code == 200
    assert HelpRequest.objects.get().alumnus == alma
    assert AuditEvent.objects.get(verb="help_request.ask_link_emailed").person_id == alma.person_id


def test_no_email_without_consent_or_with_do_not_contact(
    client_for, cleo, pilot3, segment, django_capture_on_commit_callbacks
):
    shy = make_alumnus(pilot3, segment, "Shy", email="shy@mail.example", consent=False)
    dnc = make_alumnus(pilot3, segment, "Dina", email="dina@mail.example", dnc=True)
    for alumnus, words in ((shy, "has not agreed"), (dnc, "asked not to be contacted")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(cleo).post(ASK_LINK, {"pilot": pilot3.pk, "alumnus": alumnus.pk, "action": "email"})
        assert response.status_code == 400 and words in response.content.decode()
    assert mail.outbox == []


def test_consent_withdrawn_before_the_task_runs_sends_nothing(cleo, pilot3, alma):
    alma.person.consent_to_contact = False
    alma.person.consent_date = None
    alma.person.save()
    assert request_links.ask_link_email(pilot_id=pilot3.pk, alumnus_id=alma.pk, nonce="x") == 0
    assert mail.outbox == []


def test_the_task_sends_once_per_nonce(pilot3, alma):
    assert request_links.ask_link_email(pilot_id=pilot3.pk, alumnus_id=alma.pk, nonce="x") == 1
    assert request_links.ask_link_email(pilot_id=pilot3.pk, alumnus_id=alma.pk, nonce="x") == 0
    assert len(mail.outbox) == 1


def test_the_copied_link_is_shown_and_audited(client_for, cleo, pilot3, alma):
    response = client_for(cleo).post(ASK_LINK, {"pilot": pilot3.pk, "alumnus": alma.pk, "action": "copy"})
    assert response.status_code == 200 and "/bizdev/ask/" in response.context["link"]
    assert AuditEvent.objects.filter(verb="help_request.ask_link_made", person_id=alma.person_id).exists()


def test_the_ask_link_page_is_for_workers_with_a_stage_3_pilot(client_for, manager, contributor_b, cleo, pilot_a):
    assert client_for(manager).get(ASK_LINK).status_code == 404
    assert client_for(contributor_b).get(ASK_LINK).status_code == 404  # a Stage 2 pilot only
    stranger = make_alumnus(pilot_a, None, "Stranger", email="s@mail.example")  # another sponsor's
    response = client_for(cleo).post(
        ASK_LINK, {"pilot": cleo.pilots.first().pk, "alumnus": stranger.pk, "action": "copy"}
    )
    assert (response.status_code == 400 and "link" not in response.context) or not response.context["link"]


# --- answering one of our requests through the emailed link ---------------------------------------


@pytest.fixture
def sent(cleo, pilot3, segment, alma):
    return services.help_request_create(actor=cleo, **ours(pilot3, segment=segment, disclosure=""))


def respond_url(request, alumnus):
    return reverse("bizdev:request_respond", args=[request_links.respond_token(request, alumnus)])


def test_an_alumnus_answers_once_without_an_account(client, sent, alma):
    url = respond_url(sent, alma)
    page = client.get(url).content.decode()
    assert "Orchard&#x27;s expansion" in page or "Orchard's expansion" in page
    response = client.post(url, {"body": "Ask their COO, <b>Ines</b>."})
    assert response.status_code == 200 and "Thank you, Alma" in response.content.decode()
    answer = HelpResponse.objects.get()
    assert (answer.alumnus, answer.author, answer.body) == (alma, None, "Ask their COO, <b>Ines</b>.")
    assert client.post(url, {"body": "again"}).status_code == 410
    assert HelpResponse.objects.count() == 1


def test_expired_tampered_and_closed(client, cleo, sent, alma):
    with freeze_time(timezone.now() - dt.timedelta(days=31)):
        old = respond_url(sent, alma)
    assert client.post(old, {"body": "x"}).status_code == 410
    token = request_links.respond_token(sent, alma)
    assert client.post(reverse("bizdev:request_respond", args=[token + "x"]), {"body": "x"}).status_code == 400
    request_answers.help_request_close(actor=cleo, request=sent)
    url = respond_url(sent, alma)
    assert "closed now" in client.get(url).content.decode()
    response = client.post(url, {"body": "x"})
    assert response.status_code == 400 and not HelpResponse.objects.exists()
