"""Recruiting videos and pointing candidates to them, through their pages: HR leads manage the
videos, the pilot's contributors read them and point candidates; lengths typed as m:ss or seconds;
the list counts who was pointed and their reactions in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from recruiting import services
from recruiting.models import Candidate, RecruitingVideo, VideoInterview, VideoPointer
from recruiting.services.videos import MSG_LENGTH
from tests.recruiting.factories import CandidateFactory, OpeningFactory

LIST = "recruiting:video_list"


def make_video(pilot, topic="Our data platform", *, seconds=270, url="https://video.example/1", speaker="Ines"):
    return RecruitingVideo.objects.create(pilot=pilot, speaker=speaker, topic=topic, url=url, length_seconds=seconds)


def video_post(pilot, **extra):
    return {
        "pilot": pilot.pk,
        "speaker": "Ines, lead data engineer",
        "topic": "How we ship",
        "url": "https://video.example/ship",
        "length": "4:30",
        **extra,
    }


@pytest.fixture
def candidate(pilot_a):
    return CandidateFactory(opening=OpeningFactory(pilot=pilot_a), person__first_name="Lena", person__last_name="Ko")


# --- managing videos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("4:30", 270), ("270", 270), ("0:01", 1), ("120:00", 7200), (" 75:05 ", 4505), ("7200", 7200)],
)
def test_lengths_are_typed_as_minutes_seconds_or_seconds(client_for, hr_lead, pilot_a, typed, seconds):
    response = client_for(hr_lead).post(reverse("recruiting:video_create"), video_post(pilot_a, length=typed))
    assert response.status_code == 302
    assert RecruitingVideo.objects.get().length_seconds == seconds


@pytest.mark.parametrize("typed", ["0", "0:00", "120:01", "7201", "4:75", "1:02:03", "abc", "-5", "4.5", ""])
def test_bad_lengths_are_refused(client_for, hr_lead, pilot_a, typed):
    response = client_for(hr_lead).post(reverse("recruiting:video_create"), video_post(pilot_a, length=typed))
    assert response.status_code == 400
    errors = response.context["form"].errors["length"]
    assert errors == ([MSG_LENGTH] if typed else ["This field is required."])
    assert not RecruitingVideo.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "video.example/x", "data:text/html,hi"])
def test_a_video_link_must_be_http(client_for, hr_lead, pilot_a, url):
    response = client_for(hr_lead).post(reverse("recruiting:video_create"), video_post(pilot_a, url=url))
    assert response.status_code == 400
    assert "https://" in response.context["form"].errors["url"][0]
    assert not RecruitingVideo.objects.exists()


def test_hr_lead_adds_a_video_audited(client_for, hr_lead, pilot_a):
    response = client_for(hr_lead).post(reverse("recruiting:video_create"), video_post(pilot_a))
    assert response.status_code == 302
    video = RecruitingVideo.objects.get()
    assert (video.pilot, video.speaker, video.length_seconds, video.created_by) == (
        pilot_a,
        "Ines, lead data engineer",
        270,
        hr_lead,
    )
    assert AuditEvent.objects.filter(verb="video.added", target_id=str(video.pk)).exists()


def test_the_sixth_video_is_added_with_a_notice(client_for, hr_lead, pilot_a):
    for n in range(5):
        make_video(pilot_a, f"Topic {n}")
    client = client_for(hr_lead)
    response = client.post(reverse("recruiting:video_create"), video_post(pilot_a), follow=True)
    assert RecruitingVideo.objects.filter(pilot=pilot_a).count() == 6
    shown = [str(m) for m in response.context["messages"]]
    assert any("now has 6 recruiting videos; the seed recommends 3–5" in m for m in shown)


def test_the_fifth_video_has_no_notice(client_for, hr_lead, pilot_a):
    for n in range(4):
        make_video(pilot_a, f"Topic {n}")
    response = client_for(hr_lead).post(reverse("recruiting:video_create"), video_post(pilot_a), follow=True)
    assert not any("seed recommends" in str(m) for m in response.context["messages"])


def test_hr_lead_corrects_and_deletes_a_video(client_for, hr_lead, pilot_a):
    video = make_video(pilot_a)
    client = client_for(hr_lead)
    edit_url = reverse("recruiting:video_edit", args=[video.pk])
    assert client.get(edit_url).context["form"]["length"].value() == "4:30"
    data = {"speaker": "Ines", "topic": "How we ship", "url": "https://video.example/ship", "length": "1:05"}
    assert client.post(edit_url, data).status_code == 302
    video.refresh_from_db()
    assert (video.topic, video.length_seconds) == ("How we ship", 65)
    event = AuditEvent.objects.get(verb="video.changed")
    assert event.data["changes"]["length_seconds"] == [270, 65]
    assert client.post(reverse("recruiting:video_delete", args=[video.pk])).status_code == 302
    assert not RecruitingVideo.objects.exists()


def test_contributors_read_videos_but_only_hr_leads_manage_them(client_for, contributor_a, pilot_a):
    video = make_video(pilot_a)
    client = client_for(contributor_a)
    page = client.get(reverse(LIST))
    assert page.status_code == 200 and "Our data platform" in page.content.decode()
    assert reverse("recruiting:video_edit", args=[video.pk]) not in page.content.decode()
    assert client.get(reverse("recruiting:video_create")).status_code == 403
    assert client.post(reverse("recruiting:video_create"), video_post(pilot_a)).status_code == 403
    assert client.post(reverse("recruiting:video_edit", args=[video.pk]), video_post(pilot_a)).status_code == 403
    assert client.post(reverse("recruiting:video_delete", args=[video.pk])).status_code == 403
    assert RecruitingVideo.objects.count() == 1
    with pytest.raises(DomainError):
        services.video_record(
            actor=contributor_a, pilot=pilot_a, speaker="x", topic="y", url="https://v.example", length_seconds=5
        )


def test_other_pilots_videos_are_hidden(client_for, contributor_b, pilot_a, pilot_b):
    video = make_video(pilot_a, "Only for pilot A")
    make_video(pilot_b, "Pilot B's video")
    client = client_for(contributor_b)
    page = client.get(reverse(LIST)).content.decode()
    assert "Only for pilot A" not in page and "Pilot B&#x27;s video" in page
    assert client.get(reverse("recruiting:video_edit", args=[video.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_contributors_without_a_pilot_have_no_video_pages(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse(LIST)).status_code == 404
    assert client.get(reverse("recruiting:video_create")).status_code == 404


# --- the list: counts, safe links, escaping, queries ------------------------------------------------


def test_the_list_counts_pointers_and_reactions(client_for, hr_lead, pilot_a):
    """Video 1: four candidates pointed, reactions positive, positive, neutral, not known yet ->
    4 pointed, 2 positive, 1 neutral, 0 negative. Video 2: nobody pointed."""
    video = make_video(pilot_a, seconds=605)
    make_video(pilot_a, "Quiet one", seconds=59)
    for reaction in ("positive", "positive", "neutral", ""):
        VideoPointer.objects.create(video=video, candidate=CandidateFactory(opening__pilot=pilot_a), reaction=reaction)
    response = client_for(hr_lead).get(reverse(LIST))
    rows = {row.video.topic: row for row in response.context["rows"]}
    first = rows["Our data platform"].video
    assert (first.pointed, first.positive, first.neutral, first.negative) == (4, 2, 1, 0)
    assert rows["Quiet one"].video.pointed == 0
    assert (rows["Our data platform"].length, rows["Quiet one"].length) == ("10:05", "0:59")
    page = response.content.decode()
    assert "2 positive, 1 neutral, 0 negative" in page


def test_the_list_links_only_http_addresses_and_escapes_text(client_for, hr_lead, pilot_a):
    make_video(pilot_a, "<b>Bold</b> topic", url="javascript:alert(1)", speaker="<script>x</script>")
    page = client_for(hr_lead).get(reverse(LIST)).content.decode()
    assert 'href="javascript:' not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; topic" in page and "<b>Bold</b>" not in page
    assert "<script>x</script>" not in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _pointed_and_interviewed(video, pilot, interviewers) -> None:
    """One more candidate pointed to ``video`` and to a video of their own, with an interview tomorrow."""
    candidate = CandidateFactory(opening__pilot=pilot)
    VideoPointer.objects.create(video=video, candidate=candidate)
    VideoPointer.objects.create(
        video=make_video(pilot, f"Topic {candidate.pk}"), candidate=candidate, reaction="positive"
    )
    soon = timezone.now() + dt.timedelta(days=1)
    VideoInterview.objects.create(candidate=candidate, scheduled_at=soon).interviewers.set(interviewers)


def test_the_list_takes_a_fixed_number_of_queries(client_for, hr_lead, contributor_a, pilot_a):
    """Two videos, one candidate pointed, one upcoming interview; then ten videos, nine candidates
    pointed, nine upcoming interviews with two interviewers each: the same number of queries."""
    client = client_for(contributor_a)
    video = make_video(pilot_a)
    _pointed_and_interviewed(video, pilot_a, [hr_lead])
    url = reverse(LIST) + f"?video={video.pk}"
    few = _queries(client, url)
    for _ in range(8):
        _pointed_and_interviewed(video, pilot_a, [hr_lead, contributor_a])
    assert _queries(client, url) == few
    assert few <= 14


def test_the_list_shows_upcoming_interviews_of_the_readers_pilots(client_for, hr_lead, contributor_b, candidate):
    soon = timezone.now() + dt.timedelta(days=2)
    services.interview_schedule(actor=hr_lead, candidate=candidate, scheduled_at=soon, interviewers=[hr_lead])
    cancelled = services.interview_schedule(actor=hr_lead, candidate=candidate, scheduled_at=soon)
    services.interview_update(actor=hr_lead, interview=cancelled, outcome="cancelled")
    response = client_for(hr_lead).get(reverse(LIST))
    assert [i.candidate for i in response.context["upcoming"]] == [candidate]
    assert "Lena Ko" in response.content.decode()
    assert "Lena Ko" not in client_for(contributor_b).get(reverse(LIST)).content.decode()


# --- pointing candidates to videos ------------------------------------------------------------------


def point_url(candidate, video=None) -> str:
    url = f"{reverse('recruiting:pointer_create')}?candidate={candidate.pk}"
    return f"{url}&video={video.pk}" if video else url


def test_contributor_points_a_candidate_to_a_video_once(client_for, contributor_a, candidate, pilot_a):
    video = make_video(pilot_a)
    client = client_for(contributor_a)
    assert client.get(point_url(candidate, video)).context["form"]["video"].value() == video.pk
    assert client.post(point_url(candidate), {"video": video.pk, "reaction": ""}).status_code == 302
    pointer = VideoPointer.objects.get()
    assert (pointer.candidate, pointer.pointed_by, pointer.reaction) == (candidate, contributor_a, "")
    event = AuditEvent.objects.get(verb="video_pointer.recorded")
    assert event.person_id == candidate.person_id
    # A second time is refused, naming the first and linking to it.
    again = client.post(point_url(candidate), {"video": video.pk, "reaction": "positive"})
    assert again.status_code == 400
    message = again.context["form"].errors["video"][0]
    assert message.startswith("Lena Ko was already pointed to “Our data platform” on ")
    assert reverse("recruiting:pointer_edit", args=[pointer.pk]) in again.content.decode()
    assert VideoPointer.objects.count() == 1


def test_a_video_of_another_pilot_is_refused(client_for, hr_lead, candidate, pilot_b):
    video = make_video(pilot_b)
    response = client_for(hr_lead).post(point_url(candidate), {"video": video.pk})
    assert response.status_code == 400
    assert not VideoPointer.objects.exists()
    with pytest.raises(DomainError) as refusal:
        services.pointer_record(actor=hr_lead, candidate=candidate, video=video)
    assert refusal.value.message == "Choose a video of Engineers on Mastodon, the pilot of the candidate's opening."


def test_the_reaction_is_noted_and_the_pointer_deleted(client_for, contributor_a, candidate, pilot_a):
    pointer = VideoPointer.objects.create(video=make_video(pilot_a), candidate=candidate)
    client = client_for(contributor_a)
    url = reverse("recruiting:pointer_edit", args=[pointer.pk])
    assert client.post(url, {"reaction": "negative", "reaction_note": "Too <i>long</i>"}).status_code == 302
    pointer.refresh_from_db()
    assert (pointer.reaction, pointer.reaction_note) == ("negative", "Too <i>long</i>")
    assert AuditEvent.objects.get(verb="video_pointer.changed").data["changes"]["reaction"] == ["", "negative"]
    assert client.post(url, {"reaction": "delighted"}).status_code == 400
    assert client.post(reverse("recruiting:pointer_delete", args=[pointer.pk])).status_code == 302
    assert not VideoPointer.objects.exists()
    assert AuditEvent.objects.get(verb="video_pointer.deleted").person_id == candidate.person_id


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_others_get_404_for_pointers(request, client_for, candidate, pilot_a, persona):
    video = make_video(pilot_a)
    pointer = VideoPointer.objects.create(video=video, candidate=candidate, reaction="positive")
    client = client_for(request.getfixturevalue(persona))
    assert client.get(point_url(candidate, video)).status_code == 404
    assert client.post(reverse("recruiting:pointer_edit", args=[pointer.pk]), {"reaction": ""}).status_code == 404
    assert client.post(reverse("recruiting:pointer_delete", args=[pointer.pk])).status_code == 404
    pointer.refresh_from_db()
    assert pointer.reaction == "positive"


def test_a_pilot_without_videos_says_who_adds_them(client_for, contributor_a, candidate):
    page = client_for(contributor_a).get(point_url(candidate)).content.decode()
    assert "has no recruiting videos yet" in page and "An HR lead adds" in page


def test_candidate_step_is_untouched_by_pointing(client_for, hr_lead, candidate, pilot_a):
    client_for(hr_lead).post(point_url(candidate), {"video": make_video(pilot_a).pk})
    candidate.refresh_from_db()
    assert candidate.step == Candidate.Step.FOUND
