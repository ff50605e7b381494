"""'My recruiting' (recruiting:mine): a contributor's referrals and what became of them, their
feedback, their shared posts and the openings asking for suggestions; who may open it; empty
states; a constant number of queries.

Contributor A (pilot A) referred Alice (now at "Applied", thanked) for the open "Senior data
engineer"; their feedback on it was used and thanked, and another is pending; they shared one post
(12 likes, 3 comments, 1 share, 40 clicks) with two responses. Pilot A's "Product designer" is
emerging (not asking yet). Someone else referred Bruno. In pilot X (not contributor A's), an
open "Partner consultant" and Xavier Secret, referred by contributor A before they left it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from recruiting.models import Candidate, JobOpening, OpeningFeedback, PostResponse, Referral
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory, PostFactory

S = Candidate.Step


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def person(name: str):
    first, last = name.split(" ", 1)
    return PersonFactory(first_name=first, last_name=last)


def section(html: str, name: str) -> str:
    return re.search(rf'<section id="{name}".*?</section>', html, re.S).group(0)


@pytest.fixture
def mine(contributor_a, hr_lead, pilot_a, sponsor_b):
    open_ = OpeningFactory(pilot=pilot_a, title="Senior data engineer")
    OpeningFactory(pilot=pilot_a, title="Product designer", status=JobOpening.Status.EMERGING)
    alice = CandidateFactory(opening=open_, person=person("Alice Referred"), step=S.APPLIED)
    Referral.objects.create(candidate=alice, referrer=contributor_a, why="Great engineer", thanked_at=timezone.now())
    bruno = CandidateFactory(opening=open_, person=person("Bruno Other"))
    Referral.objects.create(candidate=bruno, referrer=hr_lead, why="Not mine")
    fb = OpeningFeedback.Status
    OpeningFeedback.objects.create(
        opening=open_, author=contributor_a, comment="Say remote", status=fb.USED, thanked_at=timezone.now()
    )
    OpeningFeedback.objects.create(opening=open_, author=contributor_a, comment="Shorter please")
    OpeningFeedback.objects.create(opening=open_, author=hr_lead, comment="HR's own note")
    post = PostFactory(
        pilot=pilot_a, author=contributor_a, summary="Our streaming rewrite", likes=12, comments=3, shares=1, clicks=40
    )
    for name in ("Rita Responder", "Sam Responder"):
        PostResponse.objects.create(post=post, person=person(name), responded_on=dt.date.today())
    PostFactory(pilot=pilot_a, author=hr_lead, summary="HR's post")

    pilot_x = PilotFactory(name="Consultants hiring", stage=1, sponsor=sponsor_b)
    ox = OpeningFactory(pilot=pilot_x, title="Partner consultant")
    xavier = CandidateFactory(opening=ox, person=person("Xavier Secret"))
    Referral.objects.create(candidate=xavier, referrer=contributor_a, why="Before I left")
    return open_


def test_a_contributor_sees_what_became_of_each_referral(client_for, contributor_a, mine):
    html = section(client_for(contributor_a).get(reverse("recruiting:mine")).content.decode(), "referrals")

    assert "Alice Referred" in html and "Senior data engineer" in html and "Applied" in html
    assert "Yes, " in html  # thanked
    assert "Bruno Other" not in html  # someone else's referral
    assert "Xavier Secret" not in html  # a pilot they no longer work in


def test_a_contributor_sees_their_feedback_and_its_status(client_for, contributor_a, mine):
    html = section(client_for(contributor_a).get(reverse("recruiting:mine")).content.decode(), "feedback")

    assert "Say remote" in html and ">Used<" in html
    assert "Shorter please" in html and ">Pending<" in html and "Not yet" in html
    assert "HR&#x27;s own note" not in html and "HR's own note" not in html


def test_a_contributor_sees_their_shared_posts_with_engagement_and_responses(client_for, contributor_a, mine):
    response = client_for(contributor_a).get(reverse("recruiting:mine"))
    html = section(response.content.decode(), "posts")

    assert "Our streaming rewrite" in html and "HR&#x27;s post" not in html
    assert "12 likes, 3 comments, 1 share, 40 clicks" in html
    (post,) = response.context["posts"].page.object_list
    assert post.n_responses == 2


def test_open_openings_of_my_pilots_ask_for_referrals_and_feedback(client_for, contributor_a, mine):
    response = client_for(contributor_a).get(reverse("recruiting:mine"))
    html = response.content.decode()
    asking = section(html, "asking")

    assert [o.title for o in response.context["asking"].page.object_list] == ["Senior data engineer"]
    assert "Product designer" not in asking and "Partner consultant" not in asking
    refer = url_or_none("recruiting:referral_create")
    if refer:
        assert f"{refer}?opening={mine.pk}" in asking
        header = re.search(r'<div class="page-header">.*?</div>\s*</div>', html, re.S).group(0)
        assert "Refer someone" in header and "Give feedback" in header
    feedback = url_or_none("recruiting:feedback_create", mine.pk)
    if feedback:
        assert feedback in asking


def test_empty_states_say_what_to_do(client_for, pilot_a):
    newcomer = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_a, user=newcomer)
    html = client_for(newcomer).get(reverse("recruiting:mine")).content.decode()

    assert "You have not referred anyone yet" in html
    assert "You have not commented on a job description yet" in html
    assert "You have not logged a shared post yet" in html
    assert "No opening of your pilots is open right now" in html


def test_an_hr_lead_has_the_page_too(client_for, hr_lead, mine):
    response = client_for(hr_lead).get(reverse("recruiting:mine"))
    assert response.status_code == 200
    assert "Bruno Other" in section(response.content.decode(), "referrals")


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_who_works_in_no_pilot_gets_a_404(request, client_for, persona, mine):
    # Managers see counts, never the people in a pipeline; the page is about one's own work.
    assert client_for(request.getfixturevalue(persona)).get(reverse("recruiting:mine")).status_code == 404


def test_each_list_pages_on_its_own_and_keeps_the_others_page(client_for, contributor_a, pilot_a, mine):
    for i in range(12):
        c = CandidateFactory(opening=mine, person=person(f"Extra Person{i}"))
        Referral.objects.create(candidate=c, referrer=contributor_a, why="x")
    client = client_for(contributor_a)
    first = client.get(reverse("recruiting:mine"))
    assert first.context["referrals"].page.paginator.count == 13
    assert first.context["referrals"].next_query == "referrals=2"

    second = client.get(reverse("recruiting:mine"), {"referrals": "2", "posts": "1"})
    assert len(second.context["referrals"].page.object_list) == 3
    assert second.context["referrals"].previous_query == "referrals=1&posts=1"
    assert 'href="?referrals=1&amp;posts=1#referrals"' in second.content.decode()


def _grow(user, opening, n: int) -> None:
    for i in range(n):
        c = CandidateFactory(opening=opening, person=person(f"Grown Person{i}"))
        Referral.objects.create(candidate=c, referrer=user, why="x")
        OpeningFeedback.objects.create(opening=opening, author=user, comment="x")
        post = PostFactory(pilot=opening.pilot, author=user)
        PostResponse.objects.create(post=post, person=c.person, responded_on=dt.date.today())
        OpeningFactory(pilot=opening.pilot)


def test_the_page_runs_the_same_queries_for_3_and_30_of_everything(client_for, contributor_a, mine):
    client = client_for(contributor_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("recruiting:mine")).status_code == 200
        return len(ctx.captured_queries)

    _grow(contributor_a, mine, 3)
    small = queries()
    _grow(contributor_a, mine, 27)
    assert queries() == small
