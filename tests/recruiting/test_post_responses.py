"""Responses to a shared post: an existing or a new person, once per post, a profile of the post's
pilot, not before the post was shared; through the service and the post's page; who may delete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Person
from recruiting import services
from recruiting.models import PostResponse
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory
from tests.recruiting.factories import PostFactory, ProfileFactory

SHARED = dt.date(2026, 3, 1)


@pytest.fixture
def post(pilot_a, contributor_a):
    return PostFactory(pilot=pilot_a, venue=VenueFactory(), author=contributor_a, shared_on=SHARED)


@pytest.fixture
def person(db):
    return PersonFactory(first_name="Rita", last_name="Responder")


@pytest.fixture
def profile(pilot_a):
    return ProfileFactory(pilot=pilot_a, name="Senior data engineers", priority=1)


def record(actor, post, **kwargs):
    kwargs.setdefault("responded_on", dt.date(2026, 3, 3))
    return services.response_record(actor=actor, post=post, **kwargs)


def test_response_of_an_existing_person_is_recorded_and_audited_under_them(contributor_a, post, person, profile):
    response = record(contributor_a, post, person=person, profile=profile, note="Asked about the team")
    assert (response.person, response.profile, response.created_by) == (person, profile, contributor_a)
    event = AuditEvent.objects.get(verb="post.response_recorded")
    assert event.person_id == person.pk
    assert event.data["profile"] == profile.pk


def test_a_new_person_is_created_from_the_typed_name(contributor_a, post):
    response = record(contributor_a, post, first_name="Nina", last_name="New", email="nina@example.org")
    assert response.person.full_name == "Nina New"
    assert Person.objects.filter(first_name="Nina", emails__email="nina@example.org").exists()


def test_a_person_responds_once_per_post(contributor_a, post, person):
    record(contributor_a, post, person=person)
    with pytest.raises(ConflictError) as exc:
        record(contributor_a, post, person=person, responded_on=dt.date(2026, 3, 5))
    assert "Rita Responder already responded to this post (recorded for 2026-03-03)" in exc.value.message
    assert PostResponse.objects.count() == 1


def test_profile_must_be_of_the_posts_pilot(contributor_a, post, person, pilot_b):
    with pytest.raises(DomainError) as exc:
        record(contributor_a, post, person=person, profile=ProfileFactory(pilot=pilot_b))
    assert "profile" in exc.value.fields


def test_response_cannot_be_before_the_post_and_creates_nobody(contributor_a, post):
    people = Person.objects.count()
    with pytest.raises(DomainError) as exc:
        record(contributor_a, post, first_name="Early", responded_on=dt.date(2026, 2, 28))
    assert exc.value.fields["responded_on"] == [
        "The response (2026-02-28) cannot be before the post was shared (2026-03-01)."
    ]
    assert Person.objects.count() == people  # nobody created for a refused response


def test_someone_outside_the_pilot_cannot_record_a_response(contributor_b, post, person):
    with pytest.raises(ForbiddenError):
        record(contributor_b, post, person=person)


def test_response_delete_rules(contributor_a, hr_lead, post, person, pilot_a):
    from programs.models import Membership
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import MembershipFactory

    colleague = UserFactory(role="contributor")
    MembershipFactory(pilot=pilot_a, user=colleague, role=Membership.Role.CONTRIBUTOR)
    mine = record(colleague, post, person=person)
    other = record(contributor_a, post, person=PersonFactory())
    # The colleague recorded ``mine``, but the post is Ann's: the colleague may delete only theirs.
    with pytest.raises(ForbiddenError):
        services.response_delete(actor=colleague, response=other)
    services.response_delete(actor=colleague, response=mine)
    services.response_delete(actor=contributor_a, response=other)  # the post's author
    assert not PostResponse.objects.exists()
    assert AuditEvent.objects.filter(verb="post.response_deleted").count() == 2


# --- pages ---------------------------------------------------------------------------------------


def test_detail_lists_responses_with_person_profile_and_date(client_for, contributor_a, post, person, profile):
    record(contributor_a, post, person=person, profile=profile)
    html = client_for(contributor_a).get(reverse("recruiting:post_detail", args=[post.pk])).content.decode()
    assert "Rita Responder" in html and "Senior data engineers" in html and "priority 1" in html
    assert reverse("recruiting:response_delete", args=[PostResponse.objects.get().pk]) in html


def test_person_search_lists_matches_to_choose_from(client_for, contributor_a, post, person):
    page = client_for(contributor_a).get(reverse("recruiting:post_detail", args=[post.pk]), {"q": "Rita"})
    choices = page.context["form"].fields["person"].widget.choices
    assert (person.pk, "Rita Responder (Engineer)") in choices


def test_recording_a_response_through_the_page(client_for, contributor_a, post, person, profile):
    url = reverse("recruiting:response_create", args=[post.pk])
    data = {"person": person.pk, "profile": profile.pk, "responded_on": "2026-03-04", "note": "DM"}
    response = client_for(contributor_a).post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:post_detail", args=[post.pk])
    assert PostResponse.objects.get().responded_on == dt.date(2026, 3, 4)


def test_a_second_response_of_the_same_person_is_shown_on_the_form(client_for, contributor_a, post, person):
    record(contributor_a, post, person=person)
    url = reverse("recruiting:response_create", args=[post.pk])
    response = client_for(contributor_a).post(url, {"person": person.pk, "responded_on": "2026-03-04"})
    assert response.status_code == 400
    assert "already responded" in " ".join(response.context["form"].errors["person"])
    assert PostResponse.objects.count() == 1


def test_the_form_asks_for_someone(client_for, contributor_a, post):
    url = reverse("recruiting:response_create", args=[post.pk])
    response = client_for(contributor_a).post(url, {"responded_on": "2026-03-04"})
    assert response.status_code == 400
    assert "Choose the person" in " ".join(response.context["form"].errors["person"])


def test_profile_of_another_pilot_is_not_offered(client_for, contributor_a, post, pilot_b):
    foreign = ProfileFactory(pilot=pilot_b)
    url = reverse("recruiting:response_create", args=[post.pk])
    response = client_for(contributor_a).post(
        url, {"first_name": "Ola", "profile": foreign.pk, "responded_on": "2026-03-04"}
    )
    assert response.status_code == 400 and "profile" in response.context["form"].errors
    assert not PostResponse.objects.exists()


def test_response_delete_page(client_for, contributor_a, contributor_b, post, person):
    response = record(contributor_a, post, person=person)
    url = reverse("recruiting:response_delete", args=[response.pk])
    assert client_for(contributor_b).get(url).status_code == 404
    assert client_for(contributor_a).get(url).status_code == 200
    done = client_for(contributor_a).post(url)
    assert done["Location"] == reverse("recruiting:post_detail", args=[post.pk])
    assert not PostResponse.objects.exists()
    assert Person.objects.filter(pk=person.pk).exists()


def test_the_post_page_reads_who_may_delete_each_response_in_fixed_queries(
    client_for, hr_lead, contributor_a, pilot_a, django_assert_max_num_queries
):
    """A colleague's post (Ann may not correct it) with responses Ann recorded: she may delete
    hers, and 2 responses or 12 cost the same queries."""
    post = PostFactory(pilot=pilot_a, venue=VenueFactory(), author=hr_lead, shared_on=SHARED)
    url = reverse("recruiting:post_detail", args=[post.pk])
    client = client_for(contributor_a)
    for _ in range(2):
        record(contributor_a, post, person=PersonFactory())
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(10):
        record(contributor_a, post, person=PersonFactory())
    record(hr_lead, post, person=PersonFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    deletable = [r for r, may in response.context["responses"] if may]
    assert len(deletable) == 12 and all(r.created_by == contributor_a for r in deletable)
