"""What resonates: the figures by kind of content and by venue against a small dataset worked out by
hand, the "too few posts" flag, the default period, who may read it (managers: counts, no names),
its CSV, and a constant number of queries.

The dataset (pilot_a, all shared 10 days ago unless said; profiles: "Top" priority 1, "Second"
priority 2, both of pilot_a):

    post  kind     venue     likes comments shares clicks  engagement  responses (profile)
    P1-P6 project  LinkedIn  10    2        1      7       20 each     P1: Top, Second; P2: Top; P3: none
    S1    social   Mastodon  30    5        0      10      45          S1: Top
    S2    social   LinkedIn  3     0        0      2       5           —
    OLD   project  LinkedIn  100   0        0      0       100         (shared 100 days ago: outside the default 90 days)
    B1    project  LinkedIn  500   0        0      0       500         (pilot_b: not the manager's, not contributor_a's)

By kind (last 90 days, pilot_a):
- project: 6 posts; likes 60, comments 12, shares 6, clicks 42; engagement 120, per post 120/6 = 20.0;
  responses 4 (Top, Second, Top, none), high-priority 2; responses per post 4/6 = 0.67 -> 0.7.
- social: 2 posts (too few); likes 33, comments 5, shares 0, clicks 12; engagement 50, per post 25.0;
  responses 1, high-priority 1; responses per post 1/2 = 0.5.
By venue:
- LinkedIn: P1-P6 and S2 = 7 posts; engagement 120 + 5 = 125, per post 125/7 = 17.857 -> 17.9;
  responses 4, high-priority 2; per post 4/7 = 0.571 -> 0.6.
- Mastodon: S1 = 1 post (too few); engagement 45, per post 45.0; responses 1, high-priority 1; per post 1.0.
All: 8 posts, engagement 170, responses 5, high-priority 3.
Rows are ordered by high-priority responses first: project before social, LinkedIn before Mastodon.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recruiting.access import can_read_resonance
from recruiting.models import PostResponse
from recruiting.selectors.resonance import default_range, resonance
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory
from tests.recruiting.factories import PostFactory, ProfileFactory


def _respond(post, profile=None, name="Rita"):
    return PostResponse.objects.create(
        post=post,
        person=PersonFactory(first_name=name, last_name="Responder"),
        profile=profile,
        responded_on=post.shared_on,
    )


@pytest.fixture
def dataset(pilot_a, pilot_b, contributor_a):
    today = timezone.localdate()
    shared = today - dt.timedelta(days=10)
    linkedin, mastodon = VenueFactory(name="LinkedIn"), VenueFactory(name="Mastodon")
    top = ProfileFactory(pilot=pilot_a, name="Top", priority=1)
    second = ProfileFactory(pilot=pilot_a, name="Second", priority=2)
    common = {"pilot": pilot_a, "author": contributor_a, "shared_on": shared}
    projects = [
        PostFactory(**common, venue=linkedin, kind="project", likes=10, comments=2, shares=1, clicks=7)
        for _ in range(6)
    ]
    s1 = PostFactory(**common, venue=mastodon, kind="social", likes=30, comments=5, shares=0, clicks=10)
    PostFactory(**common, venue=linkedin, kind="social", likes=3, comments=0, shares=0, clicks=2)
    old = PostFactory(
        pilot=pilot_a, venue=linkedin, kind="project", likes=100, shared_on=today - dt.timedelta(days=100)
    )
    PostFactory(pilot=pilot_b, venue=linkedin, kind="project", likes=500, shared_on=shared)
    _respond(projects[0], top, "Tina")
    _respond(projects[0], second, "Sven")
    _respond(projects[1], top, "Tom")
    _respond(projects[2], None, "Nora")
    _respond(s1, top, "Sara")
    _respond(old, top, "Olga")
    return {"today": today, "old": old}


def _row(rows, label):
    return next(r for r in rows if r.label == label)


def test_figures_by_kind_and_venue_match_the_hand_computed_ones(dataset, pilot_a):
    start, end = default_range(dataset["today"])
    figures = resonance(pilots=[pilot_a], start=start, end=end)

    assert [r.label for r in figures.by_kind] == ["Exciting project", "Social / spare time"]
    project, social = figures.by_kind
    assert (project.posts, project.likes, project.comments, project.shares, project.clicks) == (6, 60, 12, 6, 42)
    assert (project.engagement, project.avg_engagement) == (120, Decimal("20.0"))
    assert (project.responses, project.top_responses, project.responses_per_post) == (4, 2, Decimal("0.7"))
    assert project.too_few is False
    assert (social.posts, social.likes, social.comments, social.shares, social.clicks) == (2, 33, 5, 0, 12)
    assert (social.engagement, social.avg_engagement) == (50, Decimal("25.0"))
    assert (social.responses, social.top_responses, social.responses_per_post) == (1, 1, Decimal("0.5"))
    assert social.too_few is True

    assert [r.label for r in figures.by_venue] == ["LinkedIn", "Mastodon"]
    linkedin, mastodon = figures.by_venue
    assert (linkedin.posts, linkedin.engagement, linkedin.avg_engagement) == (7, 125, Decimal("17.9"))
    assert (linkedin.responses, linkedin.top_responses, linkedin.responses_per_post) == (4, 2, Decimal("0.6"))
    assert (mastodon.posts, mastodon.engagement, mastodon.avg_engagement, mastodon.too_few) == (
        1,
        45,
        Decimal("45.0"),
        True,
    )
    assert (mastodon.responses, mastodon.top_responses, mastodon.responses_per_post) == (1, 1, Decimal("1.0"))

    total = figures.total
    assert (total.posts, total.engagement, total.responses, total.top_responses) == (8, 170, 5, 3)


def test_default_period_is_the_last_90_days_and_dates_widen_it(client_for, hr_lead, dataset, pilot_a):
    today = dataset["today"]
    assert default_range(today) == (today - dt.timedelta(days=89), today)
    client = client_for(hr_lead)
    figures = client.get(reverse("recruiting:resonance"), {"pilot": pilot_a.pk}).context["figures"]
    assert figures.total.posts == 8
    wider = {"pilot": pilot_a.pk, "date_from": (today - dt.timedelta(days=120)).isoformat()}
    figures = client.get(reverse("recruiting:resonance"), wider).context["figures"]
    project = _row(figures.by_kind, "Exciting project")
    # OLD joins: 7 posts, engagement 120 + 100 = 220, its response (Olga, Top) too: 5 responses, 3 high-priority.
    assert (project.posts, project.engagement, project.responses, project.top_responses) == (7, 220, 5, 3)


def test_page_shows_counts_the_definition_and_the_too_few_flag(client_for, contributor_a, dataset):
    response = client_for(contributor_a).get(reverse("recruiting:resonance"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "priority 1, the top rank of the pilot" in html
    assert "too few posts to conclude" in html
    assert "(120 / 6)" in html and "(4 / 6)" in html  # the counts behind each figure
    assert 'aria-label="Exciting project: engagement per post 20.0"' in html  # the chart's text


def test_manager_reads_their_sponsors_figures_without_names(client_for, manager, dataset):
    response = client_for(manager).get(reverse("recruiting:resonance"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.total.posts == 8  # pilot_a only: pilot_b's post is not counted
    html = response.content.decode()
    for name in ("Tina", "Sven", "Sara", "Responder", "Ann Contributor"):
        assert name not in html
    assert can_read_resonance(manager)


def test_contributor_of_another_pilot_sees_none_of_pilot_a(client_for, contributor_b, dataset):
    figures = client_for(contributor_b).get(reverse("recruiting:resonance")).context["figures"]
    # pilot_b's one post: 500 likes, no response.
    assert (figures.total.posts, figures.total.engagement, figures.total.responses) == (1, 500, 0)


def test_contributor_cannot_choose_a_pilot_they_do_not_see(client_for, contributor_b, dataset, pilot_a):
    response = client_for(contributor_b).get(reverse("recruiting:resonance"), {"pilot": pilot_a.pk})
    assert "pilot" in response.context["filters"].errors
    assert response.context["figures"].total.posts == 1


def test_outsider_gets_404_and_anonymous_logs_in(client_for, outsider, dataset):
    assert client_for(outsider).get(reverse("recruiting:resonance")).status_code == 404
    assert client_for(outsider).get(reverse("recruiting:resonance_csv")).status_code == 404
    assert client_for(None).get(reverse("recruiting:resonance")).status_code == 302


def test_empty_period_says_what_to_do(client_for, contributor_a, pilot_a):
    html = client_for(contributor_a).get(reverse("recruiting:resonance")).content.decode()
    assert "No posts shared in this period" in html
    assert reverse("recruiting:post_create") in html


def test_csv_holds_the_table(client_for, manager, dataset):
    response = client_for(manager).get(reverse("recruiting:resonance_csv"))
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert lines[0][:3] == ["Grouped by", "Kind or venue", "Posts"]
    assert lines[1] == [
        "Kind of content",
        "Exciting project",
        "6",
        "60",
        "12",
        "6",
        "42",
        "120",
        "20.0",
        "4",
        "2",
        "0.7",
        "no",
    ]
    assert lines[4] == ["Venue", "Mastodon", "1", "30", "5", "0", "10", "45", "45.0", "1", "1", "1.0", "yes"]
    assert lines[-1][:3] == ["All", "All posts", "8"]


def test_resonance_queries_do_not_grow_with_posts(client_for, hr_lead, pilot_a, django_assert_max_num_queries):
    venues = [VenueFactory(), VenueFactory()]
    profile = ProfileFactory(pilot=pilot_a, priority=1)
    shared = timezone.localdate() - dt.timedelta(days=1)
    for i in range(3):
        _respond(PostFactory(pilot=pilot_a, venue=venues[i % 2], shared_on=shared), profile)
    client = client_for(hr_lead)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("recruiting:resonance")).status_code == 200
    kinds = ["project", "challenge", "job", "behind_the_curtain", "social"]
    for i in range(27):
        post = PostFactory(pilot=pilot_a, venue=VenueFactory(), kind=kinds[i % 5], shared_on=shared)
        _respond(post, profile)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("recruiting:resonance"))
    assert response.context["figures"].total.posts == 30
