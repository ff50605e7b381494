"""The ledger's introduction and assist pages: lists with filters and totals, details, corrections,
deletions and the "meaningful" confirmation, each for who may and who may not."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from metrics import services
from metrics.models import Assist, Introduction, Win
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory

pytestmark = pytest.mark.django_db

INTRO_LIST = reverse("metrics:introduction_list")
ASSIST_LIST = reverse("metrics:assist_list")
TODAY = timezone.localdate()


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


def log_intro(actor, pilot, **kwargs: Any) -> Introduction:
    kwargs.setdefault("on_behalf_of", PersonFactory())
    if "to_person" not in kwargs and "to_company" not in kwargs:
        kwargs["to_company"] = CompanyFactory()
    return services.introduction_record(actor=actor, pilot=pilot, **kwargs)


def log_assist(actor, pilot, **kwargs: Any) -> Assist:
    kwargs.setdefault("person", PersonFactory())
    kwargs.setdefault("assist_type", "introduction")
    kwargs.setdefault("direction", "given")
    return services.assist_record(actor=actor, pilot=pilot, **kwargs)


@pytest.fixture
def colleague_a(pilot_a):
    """Another plain contributor of pilot_a: sees pilot_a's rows, corrects only their own."""
    user = UserFactory(email="cole@firm.example", full_name="Cole League", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def champion_a(pilot_a):
    """A champion of pilot_a: confirms pilot_a's introductions as meaningful."""
    user = UserFactory(email="cham@firm.example", full_name="Cham Pion", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_a, user=user, role=Membership.Role.CHAMPION)
    return user


def row_pages(intro: Introduction, assist: Assist) -> list[str]:
    return [
        reverse("metrics:introduction_detail", args=[intro.pk]),
        reverse("metrics:introduction_edit", args=[intro.pk]),
        reverse("metrics:introduction_delete", args=[intro.pk]),
        reverse("metrics:assist_detail", args=[assist.pk]),
        reverse("metrics:assist_edit", args=[assist.pk]),
        reverse("metrics:assist_delete", args=[assist.pk]),
    ]


# Access ---------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login_from_every_ledger_page(client_for, contributor_a, pilot_a):
    intro, assist = log_intro(contributor_a, pilot_a), log_assist(contributor_a, pilot_a)
    client = client_for(None)
    for url in [INTRO_LIST, ASSIST_LIST, *row_pages(intro, assist)]:
        assert is_login_redirect(client.get(url)), url
    assert is_login_redirect(client.post(reverse("metrics:introduction_confirm", args=[intro.pk])))
    assert is_login_redirect(client.post(reverse("metrics:introduction_delete", args=[intro.pk])))
    assert Introduction.objects.get().meaningful is False


def test_lists_show_only_the_rows_of_visible_pilots(client_for, contributor_a, contributor_b, pilot_a, pilot_b):
    log_intro(contributor_a, pilot_a, on_behalf_of=PersonFactory(first_name="Alpha", last_name="Visible"))
    log_intro(contributor_b, pilot_b, on_behalf_of=PersonFactory(first_name="Beta", last_name="Hidden"))
    log_assist(contributor_a, pilot_a, person=PersonFactory(first_name="Gamma", last_name="Visible"))
    log_assist(contributor_b, pilot_b, person=PersonFactory(first_name="Delta", last_name="Hidden"))
    html = client_for(contributor_a).get(INTRO_LIST).content.decode()
    assert "Alpha Visible" in html and "Beta Hidden" not in html
    html = client_for(contributor_a).get(ASSIST_LIST).content.decode()
    assert "Gamma Visible" in html and "Delta Hidden" not in html
    # The manager of sponsor_a reads pilot_a's ledger, not pilot_b's; the outsider reads nothing.
    html = client_for(contributor_b).get(INTRO_LIST).content.decode()
    assert "Beta Hidden" in html and "Alpha Visible" not in html


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_manager_reads_their_sponsors_ledger_and_the_outsider_nothing(
    request, client_for, contributor_a, contributor_b, pilot_a, pilot_b, persona
):
    log_intro(contributor_a, pilot_a, on_behalf_of=PersonFactory(first_name="Alpha", last_name="Visible"))
    log_intro(contributor_b, pilot_b, on_behalf_of=PersonFactory(first_name="Beta", last_name="Hidden"))
    response = client_for(request.getfixturevalue(persona)).get(INTRO_LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beta Hidden" not in html
    assert ("Alpha Visible" in html) == (persona == "manager")
    assert reverse("metrics:introduction_create") not in html  # neither may log


def test_contributor_of_another_pilot_gets_404_on_every_row_page(client_for, contributor_a, contributor_b, pilot_a):
    intro, assist = log_intro(contributor_a, pilot_a), log_assist(contributor_a, pilot_a)
    client = client_for(contributor_b)
    for url in row_pages(intro, assist):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("metrics:introduction_delete", args=[intro.pk])).status_code == 404
    assert client.post(reverse("metrics:assist_edit", args=[assist.pk]), {"note": "x"}).status_code == 404
    assert Introduction.objects.filter(pk=intro.pk).exists() and Assist.objects.get().note == ""


def test_manager_reads_details_but_cannot_correct_delete_or_confirm(client_for, manager, contributor_a, pilot_a):
    intro, assist = log_intro(contributor_a, pilot_a), log_assist(contributor_a, pilot_a)
    client = client_for(manager)
    detail = client.get(reverse("metrics:introduction_detail", args=[intro.pk]))
    assert detail.status_code == 200
    assert reverse("metrics:introduction_edit", args=[intro.pk]) not in detail.content.decode()
    assert "Confirm as meaningful" not in detail.content.decode()
    for url in row_pages(intro, assist)[1:3] + row_pages(intro, assist)[4:]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("metrics:introduction_confirm", args=[intro.pk])).status_code == 403
    assert client.post(reverse("metrics:assist_delete", args=[assist.pk])).status_code == 403
    assert Introduction.objects.get().meaningful is False and Assist.objects.exists()


# Lists: filters, totals, pagination -----------------------------------------------------------


def test_introduction_list_filters_and_totals_the_filtered_set(client_for, hr_lead, contributor_a, pilot_a, pilot_b):
    old = TODAY - dt.timedelta(days=40)
    mine = log_intro(contributor_a, pilot_a, purpose="client", date=old)
    log_intro(contributor_a, pilot_a, purpose="job")
    log_intro(hr_lead, pilot_b, purpose="job")
    services.introduction_confirm(actor=hr_lead, introduction=mine)
    client = client_for(contributor_a)

    html = client.get(INTRO_LIST).content.decode()
    assert "<strong>2</strong> introductions" in html
    assert "<strong>1</strong> confirmed meaningful (50%)" in html

    html = client.get(INTRO_LIST, {"meaningful": "yes"}).content.decode()
    assert "<strong>1</strong> introduction match" in html
    assert reverse("metrics:introduction_detail", args=[mine.pk]) in html

    assert "<strong>1</strong> introduction match" in client.get(INTRO_LIST, {"purpose": "job"}).content.decode()
    assert (
        "<strong>1</strong> introduction match"
        in client.get(INTRO_LIST, {"date_to": (TODAY - dt.timedelta(days=30)).isoformat()}).content.decode()
    )
    # HR lead: all pilots, and "mine" narrows to what they logged.
    html = client_for(hr_lead).get(INTRO_LIST, {"pilot": pilot_b.pk}).content.decode()
    assert "<strong>1</strong> introduction match" in html
    assert (
        "<strong>1</strong> introduction match" in client_for(hr_lead).get(INTRO_LIST, {"mine": "on"}).content.decode()
    )
    # A bad filter value is dropped, not an error page.
    assert client.get(INTRO_LIST, {"date_from": "never", "stage": "9", "pilot": pilot_b.pk}).status_code == 200


def test_assist_list_totals_points_given_and_received_and_filters_by_direction_and_type(
    client_for, contributor_a, pilot_a
):
    log_assist(contributor_a, pilot_a, assist_type="decision-maker-introduction", direction="received")
    log_assist(contributor_a, pilot_a, assist_type="introduction", direction="received")
    log_assist(contributor_a, pilot_a, assist_type="prospect-insight", direction="given")
    client = client_for(contributor_a)
    html = client.get(ASSIST_LIST).content.decode()
    assert "<strong>3</strong> assists: <strong>3</strong> points given, <strong>15</strong> points received" in html
    html = client.get(ASSIST_LIST, {"direction": "given"}).content.decode()
    assert "<strong>1</strong> assist match these filters: <strong>3</strong> points given, <strong>0</strong>" in html
    html = client.get(ASSIST_LIST, {"assist_type": "introduction"}).content.decode()
    assert "<strong>0</strong> points given, <strong>5</strong> points received" in html


def test_lists_paginate_by_25_and_say_what_to_do_when_empty(client_for, contributor_a, pilot_a):
    client = client_for(contributor_a)
    html = client.get(INTRO_LIST).content.decode()
    assert "No introductions logged yet." in html
    assert reverse("metrics:introduction_create") in html
    assert "No assists logged yet." in client.get(ASSIST_LIST).content.decode()
    person, company = PersonFactory(), CompanyFactory()
    for _ in range(26):
        log_intro(contributor_a, pilot_a, on_behalf_of=person, to_company=company)
    html = client.get(INTRO_LIST).content.decode()
    assert len(set(re.findall(r'href="/metrics/introductions/(\d+)/"', html))) == 25
    assert "Page 1 of 2" in html
    assert "Page 2 of 2" in client.get(INTRO_LIST, {"page": 2}).content.decode()
    html = client.get(INTRO_LIST, {"purpose": "insight"}).content.decode()
    assert "No introduction matches these filters" in html


@pytest.mark.parametrize("url", [INTRO_LIST, ASSIST_LIST])
def test_list_query_count_does_not_grow_with_rows(
    client_for, contributor_a, pilot_a, django_assert_max_num_queries, url
):
    # Every row has its own people and company: without select_related each row costs several
    # queries (about 60 for this page), far over the bound. 10 is what the page needs today.
    for _ in range(12):
        log_intro(contributor_a, pilot_a, to_person=PersonFactory(), to_company=CompanyFactory())
        log_assist(contributor_a, pilot_a)
    client = client_for(contributor_a)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 13  # header + 12 rows


# Correction ---------------------------------------------------------------------------------


def test_author_corrects_their_introduction(client_for, contributor_a, pilot_a):
    intro = log_intro(contributor_a, pilot_a)
    contact = PersonFactory()
    url = reverse("metrics:introduction_edit", args=[intro.pk])
    client = client_for(contributor_a)
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="on_behalf_of" value="{intro.on_behalf_of_id}" checked' in page.content.decode()
    data = {
        "on_behalf_of": intro.on_behalf_of_id,
        "on_behalf_kind": "candidate",
        "to_person": contact.pk,
        "to_company": intro.to_company_id,
        "purpose": "contract",
        "pilot": pilot_a.pk,
        "date": (TODAY - dt.timedelta(days=2)).isoformat(),
        "outcome": "Second interview",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("metrics:introduction_detail", args=[intro.pk])
    intro.refresh_from_db()
    assert (intro.on_behalf_kind, intro.to_person, intro.purpose, intro.outcome) == (
        "candidate",
        contact,
        "contract",
        "Second interview",
    )
    assert intro.date == TODAY - dt.timedelta(days=2)
    assert AuditEvent.objects.filter(verb="introduction.corrected").count() == 1


def test_a_correction_that_breaks_a_rule_is_refused_and_changes_nothing(client_for, contributor_a, pilot_a):
    intro = log_intro(contributor_a, pilot_a)
    data = {
        "on_behalf_of": intro.on_behalf_of_id,
        "on_behalf_kind": "alumnus",
        "to_person": intro.on_behalf_of_id,  # to themselves
        "to_company": "",
        "purpose": "job",
        "pilot": pilot_a.pk,
        "date": TODAY.isoformat(),
        "outcome": "",
    }
    response = client_for(contributor_a).post(reverse("metrics:introduction_edit", args=[intro.pk]), data)
    assert response.status_code == 400
    assert "Someone cannot be introduced to themselves." in response.content.decode()
    intro.refresh_from_db()
    assert intro.to_person is None and intro.to_company is not None


def test_another_contributor_of_the_same_pilot_cannot_correct_or_delete(
    client_for, contributor_a, colleague_a, pilot_a
):
    intro, assist = log_intro(contributor_a, pilot_a), log_assist(contributor_a, pilot_a)
    client = client_for(colleague_a)
    detail = client.get(reverse("metrics:introduction_detail", args=[intro.pk]))
    assert detail.status_code == 200  # may read it
    assert reverse("metrics:introduction_edit", args=[intro.pk]) not in detail.content.decode()
    for url in row_pages(intro, assist)[1:3] + row_pages(intro, assist)[4:]:
        assert client.get(url).status_code == 403, url
    data = {"person": assist.person_id, "direction": "received", "assist_type": "introduction"}
    data |= {"pilot": pilot_a.pk, "date": TODAY.isoformat(), "note": "hijacked"}
    assert client.post(reverse("metrics:assist_edit", args=[assist.pk]), data).status_code == 403
    assert client.post(reverse("metrics:introduction_delete", args=[intro.pk])).status_code == 403
    assist.refresh_from_db()
    assert (assist.direction, assist.note) == ("given", "")
    assert Introduction.objects.filter(pk=intro.pk).exists()


def test_author_corrects_an_assists_type_and_it_is_repriced(client_for, contributor_a, pilot_a):
    assist = log_assist(contributor_a, pilot_a, assist_type="general-information")
    data = {"person": assist.person_id, "direction": "received", "assist_type": "decision-maker-introduction"}
    data |= {"pilot": pilot_a.pk, "date": TODAY.isoformat(), "note": "It was their VP"}
    response = client_for(contributor_a).post(reverse("metrics:assist_edit", args=[assist.pk]), data)
    assert response.status_code == 302
    assist.refresh_from_db()
    assert (assist.points, assist.direction, assist.note) == (10, "received", "It was their VP")
    assert Win.objects.filter(assist=assist).exists()  # a big assist is a win


def test_hr_lead_corrects_anyones_assist(client_for, hr_lead, contributor_b, pilot_b):
    assist = log_assist(contributor_b, pilot_b)
    data = {"person": assist.person_id, "direction": "given", "assist_type": "introduction"}
    data |= {"pilot": pilot_b.pk, "date": TODAY.isoformat(), "note": "checked"}
    assert client_for(hr_lead).post(reverse("metrics:assist_edit", args=[assist.pk]), data).status_code == 302
    assert Assist.objects.get().note == "checked"


# Deletion -------------------------------------------------------------------------------------


def test_author_deletes_their_introduction_after_a_confirmation_page(client_for, contributor_a, pilot_a):
    intro = log_intro(contributor_a, pilot_a)
    url = reverse("metrics:introduction_delete", args=[intro.pk])
    client = client_for(contributor_a)
    page = client.get(url)
    assert page.status_code == 200
    assert "This cannot be undone." in page.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == INTRO_LIST
    assert not Introduction.objects.exists()
    assert AuditEvent.objects.filter(verb="introduction.deleted").count() == 1


def test_hr_lead_deletes_an_assist(client_for, hr_lead, contributor_a, pilot_a):
    assist = log_assist(contributor_a, pilot_a)
    response = client_for(hr_lead).post(reverse("metrics:assist_delete", args=[assist.pk]))
    assert response.status_code == 302 and response["Location"] == ASSIST_LIST
    assert not Assist.objects.exists()


# Meaningful -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["champion_a", "hr_lead"])
def test_champion_and_hr_lead_confirm_and_take_back_meaningful(request, client_for, contributor_a, pilot_a, persona):
    confirmer = request.getfixturevalue(persona)
    intro = log_intro(contributor_a, pilot_a)
    client = client_for(confirmer)
    detail_url = reverse("metrics:introduction_detail", args=[intro.pk])
    assert "Confirm as meaningful" in client.get(detail_url).content.decode()
    url = reverse("metrics:introduction_confirm", args=[intro.pk])
    response = client.post(url, {"meaningful": "1"})
    assert response.status_code == 302 and response["Location"] == detail_url
    intro.refresh_from_db()
    assert intro.meaningful and intro.confirmed_by == confirmer
    assert Win.objects.filter(introduction=intro).exists()
    assert "Take back" in client.get(detail_url).content.decode()
    client.post(url, {"meaningful": "0"})
    intro.refresh_from_db()
    assert not intro.meaningful and intro.confirmed_by is None
    assert not Win.objects.filter(introduction=intro).exists()


def test_plain_contributor_cannot_confirm_even_their_own_introduction(client_for, contributor_a, pilot_a):
    intro = log_intro(contributor_a, pilot_a)
    client = client_for(contributor_a)
    assert (
        "Confirm as meaningful"
        not in client.get(reverse("metrics:introduction_detail", args=[intro.pk])).content.decode()
    )
    response = client.post(reverse("metrics:introduction_confirm", args=[intro.pk]), {"meaningful": "1"})
    assert response.status_code == 403
    assert Introduction.objects.get().meaningful is False


def test_confirm_is_post_only(client_for, hr_lead, contributor_a, pilot_a):
    intro = log_intro(contributor_a, pilot_a)
    assert client_for(hr_lead).get(reverse("metrics:introduction_confirm", args=[intro.pk])).status_code == 405
    assert Introduction.objects.get().meaningful is False


def test_details_escape_what_users_typed(client_for, contributor_a, pilot_a):
    intro = log_intro(
        contributor_a,
        pilot_a,
        on_behalf_of=PersonFactory(first_name="<script>x()</script>", last_name="Eve"),
        outcome="<b>bold</b>",
    )
    html = client_for(contributor_a).get(reverse("metrics:introduction_detail", args=[intro.pk])).content.decode()
    assert "<script>x()</script>" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
