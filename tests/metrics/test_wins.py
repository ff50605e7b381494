"""The wins feed, a win's page and "celebrate" (drafting a post within the pilot's sharing policy)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from metrics.models import Celebration, Win, WinKind
from metrics.services import (
    MSG_CELEBRATE_NO_POLICY,
    assist_delete,
    assist_record,
    hire_delete,
    hire_record,
    introduction_confirm,
    introduction_record,
)
from programs.models import SharingPolicy, Venue
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PolicyFactory, VenueFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_WEEK = TODAY - dt.timedelta(days=7)


def consenting(first: str, last: str):
    return PersonFactory(first_name=first, last_name=last, consent_to_contact=True, consent_date=TODAY)


def not_consenting(first: str, last: str):
    return PersonFactory(first_name=first, last_name=last, consent_to_contact=False)


def log_hire(actor, pilot, person, *, title="Backend engineer", date=TODAY, source="alumni_referral"):
    return hire_record(
        actor=actor,
        pilot=pilot,
        person=person,
        opening_title=title,
        source=source,
        first_contact_date=date - dt.timedelta(days=20),
        date=date,
    )


def meaningful_introduction(actor, pilot, on_behalf_of, to_person=None, to_company=None, *, date=TODAY):
    intro = introduction_record(
        actor=actor, pilot=pilot, on_behalf_of=on_behalf_of, to_person=to_person, to_company=to_company, date=date
    )
    return introduction_confirm(actor=actor, introduction=intro)


def big_assist(actor, pilot, person, *, direction="received", date=TODAY):
    return assist_record(
        actor=actor,
        pilot=pilot,
        person=person,
        assist_type="decision-maker-introduction",
        direction=direction,
        date=date,
    )


@pytest.fixture
def policy_a(pilot_a):
    return PolicyFactory(
        pilot=pilot_a,
        version=3,
        status=SharingPolicy.Status.APPROVED,
        may_not_share="Client names and salaries, ever.",
    )


@pytest.fixture
def public_venue(db):
    return VenueFactory(name="Company LinkedIn page", visibility=Venue.Visibility.PUBLIC)


@pytest.fixture
def private_venue(db):
    return VenueFactory(name="Alumni group", visibility=Venue.Visibility.PRIVATE)


@pytest.fixture
def hire_win_a(hr_lead, pilot_a):
    hire = log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint"))
    return hire.win


@pytest.fixture
def hire_win_b(hr_lead, pilot_b):
    return log_hire(hr_lead, pilot_b, not_consenting("Boris", "Brightwater"), title="Consultant").win


# --- the feed ---------------------------------------------------------------------------------


def test_hires_meaningful_introductions_and_big_assists_appear_in_the_feed(client_for, hr_lead, pilot_a):
    log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint"))
    meaningful_introduction(hr_lead, pilot_a, not_consenting("Iris", "Meadow"), to_company=CompanyFactory(name="Acme"))
    big_assist(hr_lead, pilot_a, not_consenting("Dora", "Deal"))
    # Not wins: an unconfirmed introduction and a small assist.
    introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=not_consenting("Ulla", "Unconfirmed"), to_company=CompanyFactory()
    )
    assist_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=not_consenting("Sam", "Small"),
        assist_type="general-information",
        direction="given",
    )

    response = client_for(hr_lead).get(reverse("metrics:win_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Zelda Quint joined as Backend engineer" in body
    assert "Iris Meadow was introduced to Acme" in body
    assert "Dora Deal" in body
    assert "Ulla" not in body and "Sam Small" not in body
    assert sorted(Win.objects.values_list("kind", flat=True)) == ["assist", "hire", "introduction"]


def test_feed_is_newest_first(client_for, hr_lead, pilot_a):
    log_hire(hr_lead, pilot_a, not_consenting("Olga", "Older"), date=LAST_WEEK)
    log_hire(hr_lead, pilot_a, not_consenting("Nina", "Newer"), date=TODAY)

    body = client_for(hr_lead).get(reverse("metrics:win_list")).content.decode()

    assert body.index("Nina Newer") < body.index("Olga Older")


def test_win_disappears_when_its_row_is_deleted_or_unconfirmed(client_for, hr_lead, pilot_a):
    hire = log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint"))
    intro = meaningful_introduction(hr_lead, pilot_a, not_consenting("Iris", "Meadow"), to_company=CompanyFactory())
    assist = big_assist(hr_lead, pilot_a, not_consenting("Dora", "Deal"))
    client = client_for(hr_lead)
    assert Win.objects.count() == 3

    hire_delete(actor=hr_lead, hire=hire)
    introduction_confirm(actor=hr_lead, introduction=intro, meaningful=False)
    assist_delete(actor=hr_lead, assist=assist)

    body = client.get(reverse("metrics:win_list")).content.decode()
    assert Win.objects.count() == 0
    assert "Zelda Quint" not in body and "Iris Meadow" not in body and "Dora Deal" not in body
    assert "No wins yet" in body


def test_feed_shows_each_persona_only_the_wins_of_pilots_they_may_see(
    client_for, hire_win_a, hire_win_b, contributor_a, contributor_b, manager, outsider
):
    body = client_for(contributor_b).get(reverse("metrics:win_list")).content.decode()
    assert hire_win_a.headline not in body and hire_win_b.headline in body

    body = client_for(manager).get(reverse("metrics:win_list")).content.decode()
    assert hire_win_a.headline in body and hire_win_b.headline not in body

    body = client_for(contributor_a).get(reverse("metrics:win_list")).content.decode()
    assert hire_win_a.headline in body and hire_win_b.headline not in body

    body = client_for(outsider).get(reverse("metrics:win_list")).content.decode()
    assert hire_win_a.headline not in body and hire_win_b.headline not in body
    assert "No wins yet" in body


def test_anonymous_is_sent_to_log_in(client_for, hire_win_a):
    for url in (
        reverse("metrics:win_list"),
        reverse("metrics:win_detail", args=[hire_win_a.pk]),
        reverse("metrics:celebrate", args=[hire_win_a.pk]),
    ):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_win_page_is_hidden_from_other_pilots_and_outsiders(client_for, hire_win_a, contributor_b, outsider):
    url = reverse("metrics:win_detail", args=[hire_win_a.pk])
    assert client_for(contributor_b).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_manager_reads_a_win_of_their_sponsor_without_a_celebrate_action(client_for, hire_win_a, manager, policy_a):
    response = client_for(manager).get(reverse("metrics:win_detail", args=[hire_win_a.pk]))
    assert response.status_code == 200
    assert hire_win_a.headline in response.content.decode()
    assert reverse("metrics:celebrate", args=[hire_win_a.pk]) not in response.content.decode()


def test_feed_filters_by_kind_pilot_stage_and_period(client_for, hr_lead, pilot_a, pilot_b):
    hire_a = log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint"), date=LAST_WEEK)
    hire_b = log_hire(hr_lead, pilot_b, not_consenting("Boris", "Brightwater"))
    assist_a = big_assist(hr_lead, pilot_a, not_consenting("Dora", "Deal"))
    client = client_for(hr_lead)

    def shown(**params):
        body = client.get(reverse("metrics:win_list"), params).content.decode()
        return {
            name
            for name, row in (("hire_a", hire_a), ("hire_b", hire_b), ("assist_a", assist_a))
            if row.win.headline in body
        }

    assert shown(kind=WinKind.HIRE) == {"hire_a", "hire_b"}
    assert shown(pilot=pilot_a.pk) == {"hire_a", "assist_a"}
    assert shown(stage=2) == {"hire_b"}
    assert shown(start=TODAY.isoformat()) == {"hire_b", "assist_a"}
    assert shown(end=(TODAY - dt.timedelta(days=1)).isoformat()) == {"hire_a"}
    assert shown(kind=WinKind.INTRODUCTION) == set()


def test_filter_cannot_pick_a_pilot_the_user_may_not_see(client_for, contributor_b, hire_win_a, hire_win_b, pilot_a):
    response = client_for(contributor_b).get(reverse("metrics:win_list"), {"pilot": pilot_a.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert hire_win_a.headline not in body
    assert "Select a valid choice" in body


def test_feed_is_paginated_by_25(client_for, hr_lead, pilot_a):
    for n in range(26):
        log_hire(hr_lead, pilot_a, not_consenting(f"Person{n:02d}", "Paged"))
    client = client_for(hr_lead)

    first = client.get(reverse("metrics:win_list"))
    second = client.get(reverse("metrics:win_list"), {"page": 2})

    assert len(first.context["wins"]) == 25
    assert len(second.context["wins"]) == 1
    assert "Page 1 of 2" in first.content.decode()


def test_each_win_links_to_its_ledger_row(client_for, hr_lead, pilot_a):
    hire = log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint"))
    intro = meaningful_introduction(hr_lead, pilot_a, not_consenting("Iris", "Meadow"), to_company=CompanyFactory())
    assist = big_assist(hr_lead, pilot_a, not_consenting("Dora", "Deal"))
    client = client_for(hr_lead)
    feed = client.get(reverse("metrics:win_list")).content.decode()

    for name, row in (("hire_detail", hire), ("introduction_detail", intro), ("assist_detail", assist)):
        url = reverse(f"metrics:{name}", args=[row.pk])
        assert f'href="{url}"' in feed
        assert f'href="{url}"' in client.get(reverse("metrics:win_detail", args=[row.win.pk])).content.decode()


def test_dashboard_shows_recent_wins_of_visible_pilots_only(client_for, hire_win_a, manager, contributor_b):
    assert hire_win_a.headline in client_for(manager).get(reverse("dashboard")).content.decode()
    assert hire_win_a.headline not in client_for(contributor_b).get(reverse("dashboard")).content.decode()


# --- celebrate --------------------------------------------------------------------------------


def celebrate(client, win, venue):
    return client.post(reverse("metrics:celebrate", args=[win.pk]), {"venue": venue.pk})


def test_celebrate_is_refused_without_an_approved_policy_and_writes_nothing(
    client_for, contributor_a, hire_win_a, pilot_a, private_venue
):
    PolicyFactory(pilot=pilot_a, version=1, status=SharingPolicy.Status.DRAFT)
    client = client_for(contributor_a)

    page = client.get(reverse("metrics:celebrate", args=[hire_win_a.pk]))
    response = celebrate(client, hire_win_a, private_venue)

    message = MSG_CELEBRATE_NO_POLICY.format(pilot=pilot_a.name)
    assert page.status_code == 200 and message.replace("'", "&#x27;") in page.content.decode()
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert reverse("programs:pilot_detail", args=[pilot_a.pk]) + "#policy" in response.content.decode()
    assert Celebration.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="celebration.drafted").exists()


def test_member_drafts_a_celebration_with_the_policy_version_and_an_audit_event(
    client_for, contributor_a, hire_win_a, policy_a, public_venue
):
    response = celebrate(client_for(contributor_a), hire_win_a, public_venue)

    celebration = Celebration.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("metrics:win_detail", args=[hire_win_a.pk]) + f"#celebration-{celebration.pk}"
    )
    assert celebration.policy_version == 3
    assert celebration.venue == public_venue and celebration.created_by == contributor_a
    assert "Backend engineer" in celebration.text and "#" in celebration.text
    event = AuditEvent.objects.get(verb="celebration.drafted")
    assert event.actor == contributor_a and event.target_id == str(celebration.pk)
    assert event.data["policy_version"] == 3

    detail = client_for(contributor_a).get(response["Location"]).content.decode()
    assert "Client names and salaries, ever." in detail
    assert "Backend engineer" in detail
    assert "not done from here" in detail


def test_draft_never_names_a_person_who_has_not_consented(
    client_for, hr_lead, pilot_a, policy_a, public_venue, private_venue
):
    win = log_hire(hr_lead, pilot_a, not_consenting("Zelda", "Quint")).win
    client = client_for(hr_lead)

    celebrate(client, win, private_venue)
    celebrate(client, win, public_venue)

    texts = list(Celebration.objects.values_list("text", flat=True))
    assert len(texts) == 2
    for text in texts:
        assert "Zelda" not in text and "Quint" not in text
        assert "a new colleague" in text.lower()


def test_consenting_persons_first_name_is_used_on_a_private_venue_only(
    client_for, hr_lead, pilot_a, policy_a, public_venue, private_venue
):
    win = log_hire(hr_lead, pilot_a, consenting("Yara", "Consentia")).win
    client = client_for(hr_lead)

    celebrate(client, win, private_venue)
    private_text = Celebration.objects.get(venue=private_venue).text
    celebrate(client, win, public_venue)
    public_text = Celebration.objects.get(venue=public_venue).text

    assert "Yara" in private_text and "Consentia" not in private_text
    assert "Yara" not in public_text and "Consentia" not in public_text


def test_introduction_draft_names_only_consenting_people_and_hides_companies_on_public_venues(
    client_for, hr_lead, pilot_a, policy_a, public_venue, private_venue
):
    acme = CompanyFactory(name="Acme Widgets")
    intro = meaningful_introduction(
        hr_lead, pilot_a, consenting("Yara", "Consentia"), to_person=not_consenting("Zelda", "Quint"), to_company=acme
    )
    client = client_for(hr_lead)

    celebrate(client, intro.win, private_venue)
    celebrate(client, intro.win, public_venue)
    private_text = Celebration.objects.get(venue=private_venue).text
    public_text = Celebration.objects.get(venue=public_venue).text

    assert "Yara" in private_text and "Zelda" not in private_text and "Acme Widgets" in private_text
    assert "Yara" not in public_text and "Zelda" not in public_text and "Acme Widgets" not in public_text
    assert "one of our alumni" in public_text


def test_big_assist_draft_thanks_without_naming_on_a_public_venue(client_for, hr_lead, pilot_a, policy_a, public_venue):
    win = big_assist(hr_lead, pilot_a, consenting("Dora", "Deal")).win
    celebrate(client_for(hr_lead), win, public_venue)
    text = Celebration.objects.get().text
    assert "Dora" not in text
    assert "thank you to someone in our alumni network for an introduction to a decision maker" in text


def test_manager_cannot_celebrate(client_for, manager, hire_win_a, policy_a, public_venue):
    client = client_for(manager)
    assert client.get(reverse("metrics:celebrate", args=[hire_win_a.pk])).status_code == 403
    assert celebrate(client, hire_win_a, public_venue).status_code == 403
    assert Celebration.objects.count() == 0


def test_other_pilots_and_outsiders_cannot_celebrate(
    client_for, contributor_b, outsider, hire_win_a, policy_a, public_venue
):
    for user in (contributor_b, outsider):
        assert celebrate(client_for(user), hire_win_a, public_venue).status_code == 404
    assert Celebration.objects.count() == 0


def test_celebrate_without_a_venue_shows_the_error_and_the_policy(client_for, contributor_a, hire_win_a, policy_a):
    VenueFactory()
    response = client_for(contributor_a).post(reverse("metrics:celebrate", args=[hire_win_a.pk]), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert "Client names and salaries, ever." in response.content.decode()
    assert Celebration.objects.count() == 0


def test_old_drafts_are_flagged_when_the_policy_changes(client_for, hr_lead, hire_win_a, policy_a, public_venue):
    celebrate(client_for(hr_lead), hire_win_a, public_venue)
    policy_a.status = SharingPolicy.Status.SUPERSEDED
    policy_a.save(update_fields=["status"])
    PolicyFactory(pilot=policy_a.pilot, version=4, status=SharingPolicy.Status.APPROVED)

    body = client_for(hr_lead).get(reverse("metrics:win_detail", args=[hire_win_a.pk])).content.decode()
    assert "The sharing policy has changed since (now version 4)" in body
