"""Shared posts through the services and the pages: logging, correcting and deleting; who may see
and change what; bad input (a future date, negative or huge counts, a non-http link, HTML in the
summary); the list's filters, totals, empty state and constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError, ForbiddenError
from recruiting import services
from recruiting.models import SharedPost
from tests.programs.factories import VenueFactory
from tests.recruiting.factories import OpeningFactory, PostFactory

TODAY = dt.date(2026, 3, 10)


@pytest.fixture
def venue(db):
    return VenueFactory(name="LinkedIn")


@pytest.fixture
def post_a(contributor_a, pilot_a, venue):
    return services.post_record(
        actor=contributor_a,
        pilot=pilot_a,
        venue=venue,
        kind=SharedPost.Kind.PROJECT,
        shared_on=dt.date(2026, 3, 1),
        summary="How we moved billing to streaming",
        url="https://www.linkedin.com/posts/ann-streaming",
        likes=40,
        comments=5,
        shares=3,
        clicks=100,
    )


def form_data(pilot, venue, **overrides):
    data = {
        "pilot": pilot.pk,
        "venue": venue.pk,
        "kind": SharedPost.Kind.CHALLENGE,
        "shared_on": "2026-03-02",
        "summary": "The hardest bug of the year",
        "url": "https://mastodon.example/@ann/1",
        "likes": "12",
        "comments": "",
        "shares": "",
        "clicks": "",
        "opening": "",
    }
    data.update(overrides)
    return data


# --- services ------------------------------------------------------------------------------------


def test_contributor_logs_a_post_as_its_author_and_it_is_audited(post_a, contributor_a, pilot_a):
    assert post_a.author == contributor_a
    assert (post_a.likes, post_a.comments, post_a.shares, post_a.clicks) == (40, 5, 3, 100)
    event = AuditEvent.objects.get(verb="post.created")
    assert event.target_id == str(post_a.pk)
    assert event.data["pilot"] == pilot_a.pk


def test_contributor_cannot_log_a_post_in_another_pilot(contributor_b, pilot_a, venue):
    with pytest.raises(DomainError) as exc:
        services.post_record(
            actor=contributor_b,
            pilot=pilot_a,
            venue=venue,
            kind="project",
            shared_on=dt.date(2026, 3, 1),
            summary="x",
        )
    assert "pilot" in exc.value.fields
    assert not SharedPost.objects.exists()


def test_hr_lead_logs_posts_for_any_pilot(hr_lead, pilot_b, venue):
    post = services.post_record(
        actor=hr_lead, pilot=pilot_b, venue=venue, kind="social", shared_on=dt.date(2026, 3, 1), summary="Team run"
    )
    assert post.pilot == pilot_b and post.author == hr_lead


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("likes", -1),
        ("clicks", 10_000_001),
        ("url", "javascript:alert(1)"),
        ("url", "ftp://files.example/post"),
        ("kind", "rumour"),
        ("summary", "   "),
        ("shared_on", dt.date(1999, 12, 31)),
    ],
)
def test_bad_values_are_refused_on_their_field(contributor_a, pilot_a, venue, field, value):
    kwargs = {
        "actor": contributor_a,
        "pilot": pilot_a,
        "venue": venue,
        "kind": "project",
        "shared_on": dt.date(2026, 3, 1),
        "summary": "A post",
        field: value,
    }
    with pytest.raises(DomainError) as exc:
        services.post_record(**kwargs)
    assert field in exc.value.fields
    assert not SharedPost.objects.exists()


def test_a_post_cannot_be_shared_in_the_future(contributor_a, pilot_a, venue):
    now = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    with pytest.raises(DomainError) as exc:
        services.post_record(
            actor=contributor_a,
            pilot=pilot_a,
            venue=venue,
            kind="project",
            shared_on=dt.date(2026, 3, 12),
            summary="Tomorrow's post",
            now=now,
        )
    assert exc.value.fields["shared_on"] == ["The date cannot be in the future."]


def test_opening_must_be_of_the_posts_pilot(contributor_a, pilot_a, pilot_b, venue):
    with pytest.raises(DomainError) as exc:
        services.post_record(
            actor=contributor_a,
            pilot=pilot_a,
            venue=venue,
            kind="job",
            shared_on=dt.date(2026, 3, 1),
            summary="We are hiring",
            opening=OpeningFactory(pilot=pilot_b),
        )
    assert "opening" in exc.value.fields


def test_update_changes_only_what_is_given_and_audits_the_diff(post_a, contributor_a):
    changes = services.post_update(actor=contributor_a, post=post_a, likes=55, summary="  Billing,  streamed ")
    post_a.refresh_from_db()
    assert changes == {"likes": [40, 55], "summary": ["How we moved billing to streaming", "Billing, streamed"]}
    assert (post_a.likes, post_a.comments, post_a.summary) == (55, 5, "Billing, streamed")
    assert AuditEvent.objects.get(verb="post.changed").data == {"changes": changes}


def test_update_without_a_change_writes_no_event(post_a, contributor_a):
    assert services.post_update(actor=contributor_a, post=post_a, likes=40) == {}
    assert not AuditEvent.objects.filter(verb="post.changed").exists()


def test_a_refused_update_leaves_the_post_as_it_was(post_a, contributor_a):
    with pytest.raises(DomainError):
        services.post_update(actor=contributor_a, post=post_a, likes=12, comments=-3)
    post_a.refresh_from_db()
    assert (post_a.likes, post_a.comments) == (40, 5)


def test_contributor_cannot_change_or_delete_a_colleagues_post(post_a, pilot_a):
    from programs.models import Membership
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MembershipFactory

    colleague = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_a, user=colleague, role=Membership.Role.CONTRIBUTOR)
    with pytest.raises(ForbiddenError):
        services.post_update(actor=colleague, post=post_a, likes=1)
    with pytest.raises(ForbiddenError):
        services.post_delete(actor=colleague, post=post_a)
    assert SharedPost.objects.filter(pk=post_a.pk, likes=40).exists()


def test_hr_lead_deletes_any_post_audited(post_a, hr_lead):
    services.post_delete(actor=hr_lead, post=post_a)
    assert not SharedPost.objects.exists()
    event = AuditEvent.objects.get(verb="post.deleted")
    assert event.target_repr == "How we moved billing to streaming"


# --- pages: who may see what ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["post_list", "post_create", "post_upload"])
def test_manager_and_outsider_get_404_on_post_pages(client_for, manager, outsider, name):
    for user in (manager, outsider):
        assert client_for(user).get(reverse(f"recruiting:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["post_detail", "post_edit", "post_delete", "response_create"])
def test_contributor_of_another_pilot_and_manager_get_404_on_a_post(client_for, contributor_b, manager, post_a, name):
    for user in (contributor_b, manager):
        assert client_for(user).get(reverse(f"recruiting:{name}", args=[post_a.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client_for, post_a):
    response = client_for(None).get(reverse("recruiting:post_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_colleague_sees_a_post_but_gets_403_on_edit(client_for, post_a, pilot_a):
    from programs.models import Membership
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MembershipFactory

    colleague = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_a, user=colleague, role=Membership.Role.CONTRIBUTOR)
    client = client_for(colleague)
    page = client.get(reverse("recruiting:post_detail", args=[post_a.pk]))
    assert page.status_code == 200
    assert reverse("recruiting:post_edit", args=[post_a.pk]) not in page.content.decode()
    assert client.get(reverse("recruiting:post_edit", args=[post_a.pk])).status_code == 403
    assert client.post(reverse("recruiting:post_delete", args=[post_a.pk])).status_code == 403
    assert SharedPost.objects.filter(pk=post_a.pk).exists()


def test_list_shows_only_the_users_pilots(client_for, contributor_a, post_a, pilot_b, venue):
    PostFactory(pilot=pilot_b, venue=venue, summary="Consulting offsite")
    html = client_for(contributor_a).get(reverse("recruiting:post_list")).content.decode()
    assert "How we moved billing to streaming" in html
    assert "Consulting offsite" not in html


# --- pages: logging, editing, deleting -----------------------------------------------------------


def test_create_page_defaults_to_today_and_the_only_pilot(client_for, contributor_a, pilot_a):
    form = client_for(contributor_a).get(reverse("recruiting:post_create")).context["form"]
    assert form.initial["shared_on"] == timezone.localdate()
    assert form.initial["pilot"] == pilot_a


def test_logging_a_post_through_the_page(client_for, contributor_a, pilot_a, venue):
    response = client_for(contributor_a).post(reverse("recruiting:post_create"), form_data(pilot_a, venue))
    post = SharedPost.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:post_detail", args=[post.pk])
    assert (post.author, post.kind, post.likes, post.comments) == (contributor_a, "challenge", 12, 0)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("shared_on", "2999-01-01", "cannot be in the future"),
        ("likes", "-4", "whole number from 0"),
        ("url", "javascript:alert(1)", "http:// or https://"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_nothing_is_saved(
    client_for, contributor_a, pilot_a, venue, field, value, words
):
    response = client_for(contributor_a).post(
        reverse("recruiting:post_create"), form_data(pilot_a, venue, **{field: value})
    )
    assert response.status_code == 400
    assert words in " ".join(response.context["form"].errors[field])
    assert response.context["form"]["summary"].value() == "The hardest bug of the year"  # nothing lost
    assert not SharedPost.objects.exists()


def test_html_in_the_summary_is_escaped(client_for, contributor_a, pilot_a, venue):
    client = client_for(contributor_a)
    client.post(reverse("recruiting:post_create"), form_data(pilot_a, venue, summary="<script>alert(1)</script>"))
    post = SharedPost.objects.get()
    for url in (reverse("recruiting:post_detail", args=[post.pk]), reverse("recruiting:post_list")):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_detail_links_only_http_addresses(client_for, contributor_a, post_a):
    html = client_for(contributor_a).get(reverse("recruiting:post_detail", args=[post_a.pk])).content.decode()
    assert 'href="https://www.linkedin.com/posts/ann-streaming"' in html
    assert "Engagement" in html and "148" in html  # 40 + 5 + 3 + 100


def test_author_edits_the_counts_through_the_page(client_for, contributor_a, post_a, pilot_a, venue):
    data = form_data(pilot_a, venue, kind="project", summary=post_a.summary, likes="41", clicks="120")
    response = client_for(contributor_a).post(reverse("recruiting:post_edit", args=[post_a.pk]), data)
    assert response.status_code == 302
    post_a.refresh_from_db()
    assert (post_a.likes, post_a.clicks) == (41, 120)


def test_author_deletes_a_post_after_confirming(client_for, contributor_a, post_a):
    client = client_for(contributor_a)
    confirm = client.get(reverse("recruiting:post_delete", args=[post_a.pk]))
    assert confirm.status_code == 200 and SharedPost.objects.exists()
    response = client.post(reverse("recruiting:post_delete", args=[post_a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:post_list")
    assert not SharedPost.objects.exists()


# --- the list: filters, totals, empty state, queries ---------------------------------------------


def test_empty_list_invites_to_log_the_first_post(client_for, contributor_a):
    html = client_for(contributor_a).get(reverse("recruiting:post_list")).content.decode()
    assert "No shared posts logged yet" in html
    assert reverse("recruiting:post_create") in html


def test_filters_and_totals(client_for, contributor_a, hr_lead, pilot_a, venue):
    """Three posts in pilot_a: Ann's project (likes 10, clicks 5), Ann's social (likes 1) and the
    HR lead's project (likes 100). Filtering kind=project and mine: one post, likes 10 and
    engagement 10 + 5 = 15; kind=project alone: two posts, likes 110, engagement 115."""
    other = VenueFactory(name="Mastodon")
    PostFactory(pilot=pilot_a, venue=venue, author=contributor_a, kind="project", likes=10, clicks=5)
    PostFactory(pilot=pilot_a, venue=venue, author=contributor_a, kind="social", likes=1)
    PostFactory(pilot=pilot_a, venue=other, author=hr_lead, kind="project", likes=100)
    client = client_for(contributor_a)
    mine = client.get(reverse("recruiting:post_list"), {"kind": "project", "mine": "on"}).context
    assert mine["totals"]["n"] == 1 and mine["totals"]["likes"] == 10 and mine["totals"]["engagement"] == 15
    projects = client.get(reverse("recruiting:post_list"), {"kind": "project"}).context
    assert projects["totals"]["n"] == 2 and projects["totals"]["engagement"] == 115
    by_venue = client.get(reverse("recruiting:post_list"), {"venue": other.pk}).context
    assert [p.likes for p in by_venue["posts"]] == [100]
    dated = client.get(reverse("recruiting:post_list"), {"date_from": "2999-01-01"}).context
    assert dated["totals"]["n"] == 0


def test_list_rows_carry_engagement_and_responses(client_for, contributor_a, post_a, pilot_a):
    from tests.people.factories import PersonFactory

    services.response_record(actor=contributor_a, post=post_a, person=PersonFactory(), responded_on=dt.date(2026, 3, 2))
    row = client_for(contributor_a).get(reverse("recruiting:post_list")).context["posts"][0]
    assert (row.engagement, row.n_responses) == (148, 1)


def _count_list_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("recruiting:post_list"))
    assert response.status_code == 200
    return response


def test_list_queries_do_not_grow_with_posts(client_for, contributor_a, pilot_a, venue, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PostFactory.create_batch(3, pilot=pilot_a, venue=venue, author=contributor_a)
    client = client_for(contributor_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("recruiting:post_list"))
    PostFactory.create_batch(27, pilot=pilot_a, venue=VenueFactory(), author=contributor_a)
    _count_list_queries(client, django_assert_max_num_queries, len(few.captured_queries))


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1", "abc"])
def test_odd_filter_values_are_form_errors_not_500(client_for, hr_lead, value):
    client = client_for(hr_lead)
    for params in ({"pilot": value}, {"venue": value}, {"date_from": value}, {"page": value}):
        assert client.get(reverse("recruiting:post_list"), params).status_code == 200
        assert client.get(reverse("recruiting:resonance"), params).status_code == 200
