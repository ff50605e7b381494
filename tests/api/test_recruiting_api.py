"""/api/v1/recruiting/ — who may come in and see what, profiles, openings (status, revisions,
asking), feedback, recruiting videos, shared posts (with engagement uploads), bounded input, and
list query counts. The pipeline (candidates, referrals, hires, interviews, pointers, responses) is
in test_recruiting_api_pipeline.py.

The world: pilot_a (contributor_a's) and pilot_b (contributor_b's) each have one profile, one
open opening with a candidate, a shared post by their contributor, a recruiting video, a video
interview and a pointer; manager manages sponsor_a; outsider is in no pilot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from recruiting import services
from recruiting.models import (
    CandidateProfile,
    JobOpening,
    OpeningFeedback,
    OpeningRevision,
    RecruitingVideo,
    SharedPost,
)
from recruiting.services.profiles import MSG_PRIORITY
from recruiting.services.videos import MSG_LENGTH
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/recruiting"
TODAY = timezone.localdate()


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


@dataclass
class PilotRows:
    profile: CandidateProfile
    opening: JobOpening
    candidate: Any
    post: SharedPost
    video: RecruitingVideo
    interview: Any
    pointer: Any
    feedback: OpeningFeedback
    referral: Any


def pilot_rows(hr_lead, contributor, pilot, venue, tag: str) -> PilotRows:
    """One of everything in ``pilot``, made through the services."""
    profile = services.profile_create(actor=hr_lead, pilot=pilot, name=f"Data engineers {tag}")
    opening = services.opening_create(
        actor=hr_lead,
        pilot=pilot,
        profile=profile,
        title=f"Data engineer {tag}",
        description="We build the data platform.",
        status=JobOpening.Status.OPEN,
    )
    candidate = services.candidate_add(actor=contributor, opening=opening, person=PersonFactory(), source="job_ad")
    referral = services.referral_create(actor=contributor, opening=opening, why="Great fit", person=PersonFactory())
    post = services.post_record(
        actor=contributor, pilot=pilot, venue=venue, kind="project", shared_on=TODAY, summary=f"Platform {tag}"
    )
    video = services.video_record(
        actor=hr_lead, pilot=pilot, speaker="Kim", topic=f"Our team {tag}", url="https://v.example/1", length_seconds=90
    )
    interview = services.interview_schedule(
        actor=contributor, candidate=candidate, scheduled_at=timezone.now() + dt.timedelta(days=2)
    )
    pointer = services.pointer_record(actor=contributor, candidate=candidate, video=video)
    feedback = services.feedback_create(actor=contributor, opening=opening, comment="Say more about the team.")
    return PilotRows(profile, opening, candidate, post, video, interview, pointer, feedback, referral)


@pytest.fixture
def venue(db):
    return VenueFactory(name="LinkedIn")


@pytest.fixture
def world(hr_lead, contributor_a, contributor_b, pilot_a, pilot_b, venue) -> dict[str, PilotRows]:
    return {
        "a": pilot_rows(hr_lead, contributor_a, pilot_a, venue, "A"),
        "b": pilot_rows(hr_lead, contributor_b, pilot_b, venue, "B"),
    }


LISTS: dict[str, str] = {
    "profiles": "profile",
    "openings": "opening",
    "feedback": "feedback",
    "candidates": "candidate",
    "referrals": "referral",
    "posts": "post",
    "post-responses": "",
    "interviews": "interview",
    "videos": "video",
    "video-pointers": "pointer",
}


# --- who may come in ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LISTS))
def test_anonymous_gets_401(api_client_for, name):
    response = api_client_for(None).get(f"{BASE}/{name}/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_contributors_without_a_pilot_get_403_everywhere(api_client_for, request, world, name, persona):
    """Managers see Stage 1's figures, never its names: like the people directory, a 403."""
    response = api_client_for(request.getfixturevalue(persona)).get(f"{BASE}/{name}/")

    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Only HR leads and contributors in a pilot use recruiting."


@pytest.mark.parametrize("name", [n for n, attr in LISTS.items() if attr])
def test_a_contributor_lists_only_their_pilots_rows_and_hr_leads_all(
    api_client_for, hr_lead, contributor_a, world, name
):
    attr = LISTS[name]
    mine, theirs = getattr(world["a"], attr).pk, getattr(world["b"], attr).pk
    seen = ids(api_client_for(contributor_a).get(f"{BASE}/{name}/"))

    assert mine in seen and theirs not in seen
    assert {mine, theirs} <= ids(api_client_for(hr_lead).get(f"{BASE}/{name}/"))


@pytest.mark.parametrize("name", [n for n, attr in LISTS.items() if attr])
def test_another_pilots_row_is_a_404(api_client_for, contributor_a, world, name):
    theirs = getattr(world["b"], LISTS[name]).pk
    client = api_client_for(contributor_a)

    assert client.get(f"{BASE}/{name}/{theirs}/").status_code == 404
    assert client.get(f"{BASE}/{name}/{getattr(world['a'], LISTS[name]).pk}/").status_code == 200


def test_a_visible_opening_a_contributor_may_not_change_is_a_403_and_unchanged(api_client_for, contributor_a, world):
    opening = world["a"].opening
    client = api_client_for(contributor_a)

    patch = client.patch(f"{BASE}/openings/{opening.pk}/", {"title": "Renamed"}, format="json")
    status_change = client.post(f"{BASE}/openings/{opening.pk}/status/", {"status": "closed"}, format="json")
    revise = client.post(f"{BASE}/openings/{opening.pk}/revisions/", {"text": "New"}, format="json")

    assert [patch.status_code, status_change.status_code, revise.status_code] == [403, 403, 403]
    assert patch.json()["error"]["message"] == services.openings.MSG_MANAGE
    opening.refresh_from_db()
    assert (opening.title, opening.status) == ("Data engineer A", "open")
    assert opening.revisions.count() == 1


def test_another_pilots_opening_is_a_404_even_for_a_write(api_client_for, contributor_a, world):
    response = api_client_for(contributor_a).post(
        f"{BASE}/openings/{world['b'].opening.pk}/status/", {"status": "closed"}, format="json"
    )

    assert response.status_code == 404


# --- profiles -----------------------------------------------------------------------------------


def test_an_hr_lead_adds_a_profile_and_a_taken_name_is_a_409(api_client_for, hr_lead, pilot_a):
    client = api_client_for(hr_lead)
    body = {"pilot": pilot_a.pk, "name": "Senior data engineers", "priority": 2}

    created = client.post(f"{BASE}/profiles/", body, format="json")
    again = client.post(f"{BASE}/profiles/", {**body, "name": "senior DATA engineers"}, format="json")

    assert created.status_code == 201
    assert created.json()["priority"] == 2 and created.json()["opening_count"] == 0
    assert AuditEvent.objects.filter(verb="profile.created", target_id=str(created.json()["id"])).exists()
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        "Engineers on Mastodon already has a profile called “senior DATA engineers”; choose another name or edit that one."
    )
    assert CandidateProfile.objects.count() == 1


def test_a_profile_refuses_a_priority_out_of_range_and_another_pilots_search(api_client_for, hr_lead, pilot_a, pilot_b):
    from listening import services as listening_services

    source = listening_services.source_save(
        actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    search = listening_services.search_save(actor=hr_lead, name="B's", query="x", sources=[source], pilot=pilot_b)
    client = api_client_for(hr_lead)

    zero = client.post(f"{BASE}/profiles/", {"pilot": pilot_a.pk, "name": "P", "priority": 0}, format="json")
    foreign = client.post(
        f"{BASE}/profiles/", {"pilot": pilot_a.pk, "name": "P", "searches": [search.pk]}, format="json"
    )

    assert zero.status_code == 400 and zero.json()["error"]["fields"]["priority"] == [MSG_PRIORITY]
    assert foreign.status_code == 400
    assert foreign.json()["error"]["fields"]["searches"] == [
        "Choose searches of Engineers on Mastodon or of the whole program: “B's” belong to another pilot."
    ]
    assert not CandidateProfile.objects.exists()


def test_a_contributor_reads_profiles_but_may_not_add_one(api_client_for, contributor_a, pilot_a, world):
    client = api_client_for(contributor_a)

    response = client.post(f"{BASE}/profiles/", {"pilot": pilot_a.pk, "name": "Mine"}, format="json")
    delete = client.delete(f"{BASE}/profiles/{world['a'].profile.pk}/")

    assert response.status_code == 403 and delete.status_code == 403
    assert response.json()["error"]["message"] == services.profiles.MSG_MANAGE
    assert CandidateProfile.objects.filter(pilot=pilot_a).count() == 1


# --- openings -------------------------------------------------------------------------------------


def test_an_opening_is_created_with_its_description_as_revision_1_and_revised(api_client_for, hr_lead, pilot_a):
    client = api_client_for(hr_lead)

    created = client.post(
        f"{BASE}/openings/",
        {"pilot": pilot_a.pk, "title": "  Data   engineer ", "description": "Line one.\r\nLine two.  "},
        format="json",
    )
    pk = created.json()["id"]
    revised = client.post(
        f"{BASE}/openings/{pk}/revisions/", {"text": "Line one.\nLine 2.", "note": "Clearer"}, format="json"
    )
    same = client.post(f"{BASE}/openings/{pk}/revisions/", {"text": "Line one.\nLine 2."}, format="json")
    history = client.get(f"{BASE}/openings/{pk}/revisions/")
    detail = client.get(f"{BASE}/openings/{pk}/").json()

    assert created.status_code == 201
    assert created.json()["title"] == "Data engineer"  # the service's cleaning
    assert created.json()["status"] == "emerging" and created.json()["next_statuses"] == ["open", "closed"]
    assert created.json()["description"] == "Line one.\nLine two." and created.json()["revision"] == 1
    assert revised.status_code == 201 and revised.json()["number"] == 2
    assert same.status_code == 400 and same.json()["error"]["code"] == "unchanged"
    assert same.json()["error"]["message"] == (
        "The description is the same as revision 2: change the text to make a new revision."
    )
    assert [r["number"] for r in history.json()] == [2, 1]
    assert (detail["revision"], detail["description"]) == (2, "Line one.\nLine 2.")


def test_an_opening_status_follows_the_rules_in_the_error_format(api_client_for, hr_lead, world):
    opening = world["a"].opening  # open
    client = api_client_for(hr_lead)

    filled = client.post(f"{BASE}/openings/{opening.pk}/status/", {"status": "filled"}, format="json")
    bad = client.post(f"{BASE}/openings/{opening.pk}/status/", {"status": "emerging"}, format="json")
    unknown = client.post(f"{BASE}/openings/{opening.pk}/status/", {"status": "gone"}, format="json")

    assert filled.status_code == 200
    assert filled.json()["status"] == "filled" and filled.json()["closed_at"] is not None
    assert bad.status_code == 400
    assert bad.json()["error"] == {
        "code": "opening_status",
        "message": "An opening that is filled cannot become emerging. From filled it can become: open.",
        "fields": {"status": ["An opening that is filled cannot become emerging. From filled it can become: open."]},
    }
    assert unknown.status_code == 400 and "status" in unknown.json()["error"]["fields"]


def test_asking_contributors_again_counts_the_members_and_a_closed_opening_refuses(
    api_client_for, hr_lead, world, django_capture_on_commit_callbacks
):
    opening = world["a"].opening
    client = api_client_for(hr_lead)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asked = client.post(f"{BASE}/openings/{opening.pk}/ask/", {}, format="json")
    services.opening_set_status(actor=hr_lead, opening=opening, status="closed")
    closed = client.post(f"{BASE}/openings/{opening.pk}/ask/")

    assert asked.status_code == 200 and asked.json() == {"members": 1}  # contributor_a
    assert len(callbacks) == 1  # the ask task, enqueued after the commit
    assert closed.status_code == 400 and closed.json()["error"]["code"] == "opening_closed"


def test_an_opening_title_too_long_is_a_400_and_nothing_is_written(api_client_for, hr_lead, pilot_a):
    response = api_client_for(hr_lead).post(
        f"{BASE}/openings/", {"pilot": pilot_a.pk, "title": "x" * 201, "description": "D"}, format="json"
    )

    assert response.status_code == 400 and set(response.json()["error"]["fields"]) == {"title"}
    assert not JobOpening.objects.exists() and not OpeningRevision.objects.exists()


def test_openings_filter_by_status_and_pilot(api_client_for, hr_lead, world):
    services.opening_set_status(actor=hr_lead, opening=world["b"].opening, status="closed")
    client = api_client_for(hr_lead)

    assert ids(client.get(f"{BASE}/openings/", {"status": "open"})) == {world["a"].opening.pk}
    assert ids(client.get(f"{BASE}/openings/", {"pilot": world["b"].opening.pilot_id})) == {world["b"].opening.pk}
    assert client.get(f"{BASE}/openings/", {"status": "nope"}).status_code == 400


# --- feedback -----------------------------------------------------------------------------------


def test_feedback_is_given_by_a_member_and_decided_once_by_an_hr_lead(api_client_for, hr_lead, contributor_a, world):
    opening = world["a"].opening
    given = api_client_for(contributor_a).post(
        f"{BASE}/feedback/", {"opening": opening.pk, "comment": "  Mention remote work.  "}, format="json"
    )
    pk = given.json()["id"]
    contributor_decides = api_client_for(contributor_a).post(
        f"{BASE}/feedback/{pk}/decide/", {"used": True}, format="json"
    )
    used = api_client_for(hr_lead).post(
        f"{BASE}/feedback/{pk}/decide/", {"used": True, "thank_note": "Thanks!"}, format="json"
    )
    again = api_client_for(hr_lead).post(f"{BASE}/feedback/{pk}/decide/", {"used": True}, format="json")
    corrected = api_client_for(hr_lead).post(f"{BASE}/feedback/{pk}/decide/", {"used": False}, format="json")

    assert given.status_code == 201
    assert given.json()["comment"] == "Mention remote work." and given.json()["revision_number"] == 1
    assert contributor_decides.status_code == 403
    assert used.status_code == 200 and used.json()["status"] == "used" and used.json()["thank_sent"] is True
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "This feedback is already marked “Used”; nothing changed."
    assert corrected.json()["status"] == "not_used" and corrected.json()["thank_sent"] is False


def test_feedback_on_another_pilots_opening_is_refused_as_an_unknown_opening(api_client_for, contributor_a, world):
    response = api_client_for(contributor_a).post(
        f"{BASE}/feedback/", {"opening": world["b"].opening.pk, "comment": "Hi"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["opening"] == ["Choose an opening of one of your pilots."]
    assert OpeningFeedback.objects.filter(opening=world["b"].opening).count() == 1


# --- videos -------------------------------------------------------------------------------------


def test_only_hr_leads_add_videos_and_the_length_is_bounded(api_client_for, hr_lead, contributor_a, pilot_a):
    body = {"pilot": pilot_a.pk, "speaker": "Ana", "topic": "Why we build", "url": "https://v.example/2"}

    contributor = api_client_for(contributor_a).post(f"{BASE}/videos/", {**body, "length_seconds": 90}, format="json")
    too_long = api_client_for(hr_lead).post(f"{BASE}/videos/", {**body, "length_seconds": 7201}, format="json")
    bad_url = api_client_for(hr_lead).post(
        f"{BASE}/videos/", {**body, "url": "javascript:alert(1)", "length_seconds": 90}, format="json"
    )
    added = api_client_for(hr_lead).post(f"{BASE}/videos/", {**body, "length_seconds": 270}, format="json")

    assert contributor.status_code == 403
    assert too_long.status_code == 400 and too_long.json()["error"]["fields"]["length_seconds"] == [MSG_LENGTH]
    assert bad_url.status_code == 400 and "url" in bad_url.json()["error"]["fields"]
    assert added.status_code == 201 and added.json()["pointed"] == 0
    assert list(RecruitingVideo.objects.values_list("topic", flat=True)) == ["Why we build"]


def test_a_video_counts_pointers_and_reactions(api_client_for, hr_lead, contributor_a, world):
    pointer = world["a"].pointer
    api_client_for(contributor_a).patch(f"{BASE}/video-pointers/{pointer.pk}/", {"reaction": "positive"}, format="json")

    video = api_client_for(contributor_a).get(f"{BASE}/videos/{world['a'].video.pk}/").json()

    assert (video["pointed"], video["positive"], video["neutral"], video["negative"]) == (1, 1, 0, 0)


# --- shared posts -------------------------------------------------------------------------------


def test_a_contributor_logs_posts_in_their_pilots_only(api_client_for, contributor_a, pilot_a, pilot_b, venue):
    client = api_client_for(contributor_a)
    body = {"venue": venue.pk, "kind": "challenge", "shared_on": TODAY.isoformat(), "summary": "A hard bug", "likes": 4}

    mine = client.post(f"{BASE}/posts/", {**body, "pilot": pilot_a.pk}, format="json")
    theirs = client.post(f"{BASE}/posts/", {**body, "pilot": pilot_b.pk}, format="json")
    future = client.post(
        f"{BASE}/posts/",
        {**body, "pilot": pilot_a.pk, "shared_on": (TODAY + dt.timedelta(days=1)).isoformat()},
        format="json",
    )

    assert mine.status_code == 201
    assert (mine.json()["author"], mine.json()["likes"], mine.json()["response_count"]) == (contributor_a.pk, 4, 0)
    assert theirs.status_code == 400 and theirs.json()["error"]["fields"]["pilot"] == ["Choose one of your pilots."]
    assert future.status_code == 400
    assert future.json()["error"]["fields"]["shared_on"] == ["The date cannot be in the future."]
    assert SharedPost.objects.filter(author=contributor_a).count() == 1


def test_a_contributor_may_not_correct_a_colleagues_post(api_client_for, hr_lead, contributor_a, pilot_a, venue, world):
    colleague_post = services.post_record(
        actor=hr_lead, pilot=pilot_a, venue=venue, kind="social", shared_on=TODAY, summary="Team lunch"
    )
    client = api_client_for(contributor_a)

    patch = client.patch(f"{BASE}/posts/{colleague_post.pk}/", {"likes": 99}, format="json")
    delete = client.delete(f"{BASE}/posts/{colleague_post.pk}/")
    own = client.patch(f"{BASE}/posts/{world['a'].post.pk}/", {"likes": 12, "clicks": 3}, format="json")

    assert patch.status_code == 403 and delete.status_code == 403
    assert patch.json()["error"]["message"] == services.posts.MSG_EDIT_OWN
    colleague_post.refresh_from_db()
    assert colleague_post.likes == 0
    assert own.status_code == 200 and (own.json()["likes"], own.json()["clicks"]) == (12, 3)


def test_a_post_count_out_of_range_is_a_400(api_client_for, contributor_a, world):
    response = api_client_for(contributor_a).patch(
        f"{BASE}/posts/{world['a'].post.pk}/", {"likes": 10_000_001}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["likes"] == [services.posts.MSG_COUNT]


def test_an_engagement_upload_sets_the_counts_and_a_bad_row_refuses_the_file(api_client_for, contributor_a, world):
    post = world["a"].post
    client = api_client_for(contributor_a)
    good = f"post_id,likes,comments\r\n{post.pk},10,2\r\n".encode()
    bad = f"post_id,likes\n{post.pk},lots\n{world['b'].post.pk},3\n".encode()

    ok = client.post(f"{BASE}/posts/upload/", {"file": SimpleUploadedFile("e.csv", good)}, format="multipart")
    refused = client.post(f"{BASE}/posts/upload/", {"file": SimpleUploadedFile("e.csv", bad)}, format="multipart")

    assert ok.status_code == 200 and ok.json() == {"rows": 1, "updated": 1, "unchanged": 0}
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "upload"
    assert (
        refused.json()["error"]["message"]
        == "2 row(s) have problems; nothing was changed. Fix them and upload the file again."
    )
    assert refused.json()["error"]["fields"]["file"] == [
        "Row 2, column likes: “lots” is not a whole number.",
        f"Row 3, column post_id: “{world['b'].post.pk}” is not the id of a post you can update.",
    ]
    post.refresh_from_db()
    assert (post.likes, post.comments) == (10, 2)


# --- bounded input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("profiles", {"name": "x" * 151}),
        ("profiles", {"families": list(range(1, 60))}),
        ("openings", {"description": "x" * 20001}),
        ("feedback", {"comment": "x" * 1001}),
        ("posts", {"summary": "x" * 301}),
        ("videos", {"speaker": "x" * 151}),
        ("candidates", {"person": 2**70}),
        ("candidates", {"opening": "²"}),  # a digit to str.isdigit(), not to int()
        ("candidates", {"person": "9" * 5000}),  # past int()'s 4,300 digits
        ("candidates", {"note": "x" * 501}),
        ("interviews", {"interviewers": list(range(1, 30))}),
    ],
)
def test_input_over_its_bounds_is_a_400_never_a_500(api_client_for, hr_lead, world, path, body):
    response = api_client_for(hr_lead).post(f"{BASE}/{path}/", body, format="json")

    assert response.status_code == 400
    assert set(body) <= set(response.json()["error"]["fields"])


def test_a_filter_id_out_of_range_is_a_400(api_client_for, hr_lead):
    response = api_client_for(hr_lead).get(f"{BASE}/candidates/", {"opening": 2**70})

    assert response.status_code == 400 and "opening" in response.json()["error"]["fields"]


# --- query counts -------------------------------------------------------------------------------


def _grow(n: int, ctx: dict) -> None:
    for i in range(n):
        pilot_rows(ctx["hr_lead"], ctx["contributor_a"], ctx["pilot_a"], ctx["venue"], f"{ctx['round']}-{i}")
    ctx["round"] += 1


COUNTED: list[str] = [name for name in LISTS]


@pytest.mark.parametrize("name", COUNTED)
def test_list_query_count_does_not_grow_with_rows(
    api_client_for, hr_lead, contributor_a, pilot_a, venue, django_assert_max_num_queries, name
):
    """Each round adds one of everything to pilot_a (a post response too, for that list)."""
    ctx: dict[str, Any] = {
        "hr_lead": hr_lead,
        "contributor_a": contributor_a,
        "pilot_a": pilot_a,
        "venue": venue,
        "round": 0,
    }
    client = api_client_for(contributor_a)
    add: Callable[[int, dict], None] = _grow
    if name == "post-responses":

        def add(n: int, ctx: dict) -> None:
            _grow(n, ctx)
            for post in SharedPost.objects.filter(responses__isnull=True):
                services.response_record(actor=contributor_a, post=post, person=PersonFactory(), responded_on=TODAY)

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{BASE}/{name}/", {"page_size": 500})
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    add(2, ctx)
    few_queries, few_rows = measure()
    add(5, ctx)
    _, many_rows = measure()

    assert many_rows > few_rows
    with django_assert_max_num_queries(few_queries):
        assert client.get(f"{BASE}/{name}/", {"page_size": 500}).status_code == 200
