"""Sharing an opening with a segment: by email only to alumni who consented, are not marked do
not contact and have an email (the page counts who is skipped and why), once per share and
alumnus however often the task runs, consent withdrawn before the send respected; a group post
only within the pilot's approved sharing policy and checked against its "never share" items;
who may share and see shares."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEvent
from alumni.models import OpeningShare
from alumni.selectors.referrals import email_audience, policy_check
from alumni.services import referrals as services
from alumni.tasks.referrals import send_share
from core.errors import DomainError, ForbiddenError
from programs.models import SharingPolicy
from recruiting.models import JobOpening
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonEmailFactory, PersonFactory
from tests.programs.factories import PolicyFactory
from tests.recruiting.factories import OpeningFactory, RevisionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


def make_alumnus(segment, email="", *, consent=True, dnc=False, first_name="Alma"):
    person = PersonFactory(
        first_name=first_name,
        consent_to_contact=consent,
        consent_date=dt.date(2025, 1, 1) if consent else None,
        do_not_contact=dnc,
    )
    if email:
        PersonEmailFactory(person=person, email=email)
    return AlumnusFactory(person=person, pilot=segment.pilot, segment=segment)


@pytest.fixture
def segment(pilot_b):
    return SegmentFactory(pilot=pilot_b, name="Former consultants", rank=1)


@pytest.fixture
def opening(pilot_b):
    opening = OpeningFactory(pilot=pilot_b, title="Senior consultant", location="Lyon")
    RevisionFactory(opening=opening, number=1, text="Lead a data strategy for a retailer.")
    return opening


@pytest.fixture
def audience(segment):
    """Two who get it, and one skipped for each reason."""
    return {
        "yes1": make_alumnus(segment, "yes1@mail.example", first_name="Yara"),
        "yes2": make_alumnus(segment, "yes2@mail.example", first_name="Yann"),
        "no_consent": make_alumnus(segment, "nc@mail.example", consent=False),
        "dnc": make_alumnus(segment, "dnc@mail.example", consent=False, dnc=True),
        "no_email": make_alumnus(segment, ""),
    }


def share(actor, segment, opening=None, channel="email", message="We need you", **kw):
    return services.share_create(actor=actor, segment=segment, channel=channel, message=message, opening=opening, **kw)


def test_audience_counts_recipients_and_each_reason_to_skip(segment, audience, django_assert_max_num_queries):
    make_alumnus(SegmentFactory(pilot=segment.pilot), "other@mail.example")  # another segment: not counted
    with django_assert_max_num_queries(1):
        counted = email_audience(segment)
    assert (counted.total, counted.recipients) == (5, 2)
    assert (counted.no_consent, counted.do_not_contact, counted.no_email, counted.skipped) == (1, 1, 1, 3)


def test_email_share_goes_only_to_consenting_contactable_alumni_with_an_email(
    contributor_b, segment, opening, audience, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = share(contributor_b, segment, opening, message="Our <retail> challenge")
    assert sorted(m.to[0] for m in mail.outbox) == ["yes1@mail.example", "yes2@mail.example"]
    created.refresh_from_db()
    assert created.recipients == 2
    body = mail.outbox[0].body
    assert "Our <retail> challenge" in body and "Senior consultant" in mail.outbox[0].subject
    html = mail.outbox[0].alternatives[0][0]
    assert "Our &lt;retail&gt; challenge" in html
    token = re.search(r"/alumni/recommend/([^/\s]+)/", body).group(1)
    assert services.LINK_PURPOSE and token
    emailed = AuditEvent.objects.filter(verb="alumni.share_emailed")
    assert sorted(emailed.values_list("person_id", flat=True)) == sorted(
        [audience["yes1"].person_id, audience["yes2"].person_id]
    )


def test_each_alumnus_is_emailed_once_however_often_the_task_runs(contributor_b, segment, opening, audience):
    created = share(contributor_b, segment, opening)  # not sent: the commit callbacks are not run
    assert send_share(created.pk) == 2
    assert send_share(created.pk) == 0
    late = make_alumnus(segment, "late@mail.example")
    assert send_share(created.pk) == 1  # only the newcomer
    assert len(mail.outbox) == 3 and mail.outbox[-1].to == ["late@mail.example"]
    created.refresh_from_db()
    assert created.recipients == 3
    assert late.pk


def test_consent_withdrawn_before_the_task_runs_means_no_email(contributor_b, segment, opening, audience):
    created = share(contributor_b, segment, opening)
    person = audience["yes1"].person
    person.consent_to_contact, person.consent_date = False, None
    person.save(update_fields=["consent_to_contact", "consent_date"])
    dnc = audience["yes2"].person
    dnc.do_not_contact = True
    dnc.save(update_fields=["do_not_contact"])
    assert send_share(created.pk) == 0
    assert mail.outbox == []


def test_a_shut_opening_is_not_emailed_and_cannot_be_shared(contributor_b, segment, opening, audience):
    created = share(contributor_b, segment, opening)
    JobOpening.objects.filter(pk=opening.pk).update(status=JobOpening.Status.FILLED)
    assert send_share(created.pk) == 0
    opening.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        share(contributor_b, segment, opening)
    assert "opening" in refused.value.fields


def test_a_call_for_contractors_is_a_share_without_opening(contributor_b, segment, audience):
    created = share(contributor_b, segment, None, message=services.share_prefill(None))
    assert created.opening is None
    assert send_share(created.pk) == 2
    assert "contractor or consultant" in mail.outbox[0].subject


def test_group_post_is_refused_without_an_approved_policy(contributor_b, segment, opening, pilot_b):
    PolicyFactory(pilot=pilot_b, status=SharingPolicy.Status.DRAFT)
    with pytest.raises(DomainError) as refused:
        share(contributor_b, segment, opening, channel="group_post")
    assert refused.value.code == "no_policy"
    assert "shares in its private group within an approved policy" in refused.value.message
    assert not OpeningShare.objects.exists()


def test_group_post_is_checked_against_the_never_share_items(contributor_b, segment, opening, pilot_b):
    PolicyFactory(pilot=pilot_b, status=SharingPolicy.Status.APPROVED, may_not_share="Client names, prices.")
    with pytest.raises(DomainError) as refused:
        share(contributor_b, segment, opening, channel="group_post", message="Our PRICES are great")
    assert refused.value.code == "policy" and "prices" in refused.value.message
    kept = share(contributor_b, segment, opening, channel="group_post", message="Our prices", policy_confirmed=True)
    clean = share(contributor_b, segment, opening, channel="group_post", message="A great challenge.")
    assert (kept.recipients, clean.recipients) == (0, 0)
    assert mail.outbox == []
    event = AuditEvent.objects.filter(verb="alumni.share_created", target_id=str(kept.pk)).get()
    assert event.data["policy_flagged"] == ["prices"]


def test_policy_check_splits_short_items_from_long_ones():
    policy = SharingPolicy(
        may_not_share="Client names or details not already public, pricing, pipeline;\n- salaries\nanything said in the group"
    )
    check = policy_check(policy, "We price well. Our data pipelines and salaries rock.")
    assert check.checked == ["pricing", "pipeline", "salaries"]
    assert check.unchecked == ["Client names or details not already public", "anything said in the group"]
    assert check.found == ["salaries"]  # "pipelines" is not "pipeline", "price" is not "pricing"


def test_who_may_share(contributor_a, contributor_b, manager, segment, opening, pilot_a):
    with pytest.raises(ForbiddenError):
        share(contributor_a, segment, opening)  # another pilot's segment
    other_opening = OpeningFactory(pilot=pilot_a)
    with pytest.raises(ForbiddenError):
        share(contributor_b, segment, other_opening)  # an opening of a pilot they don't work in
    with pytest.raises(ForbiddenError):
        share(manager, segment, None)
    stage1_segment = SegmentFactory(pilot=pilot_a)
    with pytest.raises(ForbiddenError):
        share(contributor_a, stage1_segment, None)  # segments of Stage 2 pilots only


# --- pages -------------------------------------------------------------------------------------


def test_share_page_prefills_and_counts_before_sending(client_for, contributor_b, segment, opening, audience, pilot_b):
    response = client_for(contributor_b).get(reverse("alumni:share_create") + f"?opening={opening.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert "Senior consultant" in form["message"].value() and "data strategy" in form["message"].value()
    html = response.content.decode()
    assert "No approved policy" in html
    ((seg, counted),) = response.context["audiences"]
    assert seg == segment and counted.recipients == 2 and counted.skipped == 3


def test_share_page_posts_and_redirects_to_the_share(
    client_for, contributor_b, segment, opening, audience, django_capture_on_commit_callbacks
):
    client = client_for(contributor_b)
    data = {"opening": opening.pk, "segment": segment.pk, "channel": "email", "message": "Join <b>us</b>"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("alumni:share_create"), data)
    created = OpeningShare.objects.get()
    assert response.status_code == 302 and response.url == reverse("alumni:share_detail", args=[created.pk])
    assert len(mail.outbox) == 2
    detail = client.get(response.url)
    assert "Join &lt;b&gt;us&lt;/b&gt;" in detail.content.decode()
    listing = client.get(reverse("alumni:share_list"))
    assert listing.status_code == 200 and list(listing.context["shares"]) == [created]


def test_share_page_refuses_a_group_post_without_policy_with_400(client_for, contributor_b, segment, opening):
    data = {"opening": opening.pk, "segment": segment.pk, "channel": "group_post", "message": "Hello"}
    response = client_for(contributor_b).post(reverse("alumni:share_create"), data)
    assert response.status_code == 400
    assert "within an approved policy" in response.content.decode()
    assert not OpeningShare.objects.exists()


def test_group_post_page_shows_the_draft_beside_the_policy(client_for, contributor_b, segment, opening, pilot_b):
    PolicyFactory(pilot=pilot_b, status=SharingPolicy.Status.APPROVED, may_not_share="Client names, prices.")
    client = client_for(contributor_b)
    form = client.get(reverse("alumni:share_create")).content.decode()
    assert "“Client names”, “prices”" in form  # what is checked is explained
    created = share(contributor_b, segment, opening, channel="group_post", message="A challenge & a chance")
    html = client.get(reverse("alumni:share_detail", args=[created.pk])).content.decode()
    assert "A challenge &amp; a chance" in html and "Client names, prices." in html


def test_share_pages_are_404_for_other_pilots_and_managers(
    client_for, contributor_a, contributor_b, manager, sponsor_b, segment, opening
):
    created = share(contributor_b, segment, opening)
    manager_b = manager
    sponsor_b.managers.add(manager_b)
    detail = reverse("alumni:share_detail", args=[created.pk])
    assert client_for(contributor_a).get(detail).status_code == 404
    assert client_for(manager_b).get(detail).status_code == 404
    assert client_for(manager_b).get(reverse("alumni:share_list")).status_code == 404
    assert client_for(manager_b).get(reverse("alumni:share_create")).status_code == 404
    # contributor_a works in a Stage 1 pilot only: no segment to share with
    assert client_for(contributor_a).get(reverse("alumni:share_create")).status_code == 404
    assert len(client_for(contributor_a).get(reverse("alumni:share_list")).context["shares"]) == 0
