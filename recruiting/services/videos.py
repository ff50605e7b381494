"""Recruiting videos (the three to five videos of key people talking about their work) and the
candidates pointed to them, with their reaction.

Rules (nothing is written when one refuses):
- HR leads add, change and delete videos; the pilot's contributors read them and point candidates;
- a video's link is an http(s) address; its length is 1 second to 2 hours;
- a candidate is pointed to a video of their opening's pilot, and to each video once (a second
  attempt is a ConflictError naming the existing pointer, whose reaction is changed instead).
A pilot with more than five videos is allowed: the view notes that the seed recommends 3 to 5.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from metrics.services import UNSET, Unset
from programs.models import Pilot

from ..access import can_manage, work_pilots
from ..models import Candidate, RecruitingVideo, VideoPointer, VideoReaction
from .interviews import check_candidate, clean_link

MSG_HR_ONLY = "Only an HR lead can add, change or delete recruiting videos."
MSG_PILOT = "Choose one of your pilots."
MSG_SPEAKER = "Say who talks in the video."
MSG_TOPIC = "Give the video's topic."
MSG_LENGTH = "Give the length as minutes:seconds (e.g. 4:30) or as seconds (e.g. 270), from 1 second to 2 hours."
MSG_OTHER_PILOT = "Choose a video of {pilot}, the pilot of the candidate's opening."
MSG_POINTED_TWICE = "{person} was already pointed to “{topic}” on {day}: change the reaction noted there instead."
MSG_REACTION = "Unknown reaction {value!r}; choose one of: positive, neutral, negative, or leave it blank."
MSG_NOTE_LONG = "Keep the note under 500 characters."
MSG_MANY_VIDEOS = (
    "{pilot} now has {count} recruiting videos; the seed recommends 3–5 short ones, so candidates watch them. "
    "Consider retiring one."
)

RECOMMENDED_VIDEOS = (3, 5)
LENGTH_MIN, LENGTH_MAX = 1, 2 * 60 * 60
_LENGTH = re.compile(r"^(?:(\d{1,3}):([0-5]\d)|(\d{1,5}))$")


def parse_length(text: str) -> int:
    """Seconds from "m:ss" (minutes may exceed 59: "75:00") or plain seconds ("270"); a
    DomainError for anything else or outside 1 s to 2 h."""
    match = _LENGTH.match(str(text).strip())
    if match is None:
        raise DomainError(MSG_LENGTH, fields={"length": [MSG_LENGTH]})
    minutes, seconds, plain = match.groups()
    total = int(plain) if plain is not None else int(minutes) * 60 + int(seconds)
    return check_length(total)


def check_length(seconds: int) -> int:
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not LENGTH_MIN <= seconds <= LENGTH_MAX:
        raise DomainError(MSG_LENGTH, fields={"length": [MSG_LENGTH], "length_seconds": [MSG_LENGTH]})
    return seconds


def length_text(seconds: int) -> str:
    """270 -> "4:30"; the way a video's length is shown and typed back."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def many_videos_notice(pilot: Pilot) -> str:
    """A notice (not a refusal) once a pilot has more videos than the seed recommends, else ""."""
    count = RecruitingVideo.objects.filter(pilot=pilot).count()
    return MSG_MANY_VIDEOS.format(pilot=pilot.name, count=count) if count > RECOMMENDED_VIDEOS[1] else ""


def _require_hr(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_HR_ONLY)


def _text(value: str, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, fields={field: [message]})
    return value[:limit]


def _video_values(**values: Any) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "speaker" in values:
        cleaned["speaker"] = _text(values["speaker"], "speaker", MSG_SPEAKER, 150)
    if "topic" in values:
        cleaned["topic"] = _text(values["topic"], "topic", MSG_TOPIC, 200)
    if "url" in values:
        cleaned["url"] = clean_link(values["url"], "url", required=True)
    if "length_seconds" in values:
        cleaned["length_seconds"] = check_length(values["length_seconds"])
    return cleaned


def _audit_video(actor: User, verb: str, video: RecruitingVideo, data: dict[str, Any], now: dt.datetime | None) -> None:
    audit_record(actor=actor, verb=verb, target=video, data={"pilot": video.pilot_id, **data}, now=now)


@transaction.atomic
def video_record(
    *,
    actor: User,
    pilot: Pilot,
    speaker: str,
    topic: str,
    url: str,
    length_seconds: int,
    now: dt.datetime | None = None,
) -> RecruitingVideo:
    """Add a recruiting video to ``pilot`` (HR leads). More than five is allowed: see many_videos_notice."""
    _require_hr(actor)
    if not work_pilots(actor).filter(pk=pilot.pk).exists():
        raise DomainError(MSG_PILOT, fields={"pilot": [MSG_PILOT]})
    values = _video_values(speaker=speaker, topic=topic, url=url, length_seconds=length_seconds)
    video = RecruitingVideo.objects.create(pilot=pilot, created_by=actor, created_at=now or timezone.now(), **values)
    _audit_video(actor, "video.added", video, {"length_seconds": video.length_seconds}, now)
    return video


@transaction.atomic
def video_update(
    *,
    actor: User,
    video: RecruitingVideo,
    speaker: str | Unset = UNSET,
    topic: str | Unset = UNSET,
    url: str | Unset = UNSET,
    length_seconds: int | Unset = UNSET,
    now: dt.datetime | None = None,
) -> RecruitingVideo:
    """Correct a video (HR leads); the fields not given keep their values."""
    _require_hr(actor)
    given = {
        name: value
        for name, value in {"speaker": speaker, "topic": topic, "url": url, "length_seconds": length_seconds}.items()
        if value is not UNSET
    }
    changes = changed_fields(video, _video_values(**given))
    if changes:
        video.save(update_fields=list(changes))
        _audit_video(actor, "video.changed", video, {"changes": changes}, now)
    return video


@transaction.atomic
def video_delete(*, actor: User, video: RecruitingVideo, now: dt.datetime | None = None) -> None:
    """Delete a video and the record of who was pointed to it (HR leads), audited first."""
    _require_hr(actor)
    _audit_video(actor, "video.deleted", video, {"pointers": video.pointers.count()}, now)
    video.delete()


# --- pointing candidates to videos -------------------------------------------------------------


def _clean_reaction(reaction: str) -> str:
    reaction = (reaction or "").strip()
    if reaction not in VideoReaction.values:
        msg = MSG_REACTION.format(value=reaction)
        raise DomainError(msg, fields={"reaction": [msg]})
    return reaction


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError(MSG_NOTE_LONG, fields={"reaction_note": [MSG_NOTE_LONG]})
    return note


def _audit_pointer(
    actor: User, verb: str, pointer: VideoPointer, data: dict[str, Any], now: dt.datetime | None
) -> None:
    data = {"candidate": pointer.candidate_id, "video": pointer.video_id, **data}
    audit_record(actor=actor, verb=verb, target=pointer, person_id=pointer.candidate.person_id, data=data, now=now)


@transaction.atomic
def pointer_record(
    *,
    actor: User,
    candidate: Candidate,
    video: RecruitingVideo,
    reaction: str = "",
    reaction_note: str = "",
    now: dt.datetime | None = None,
) -> VideoPointer:
    """Note that ``candidate`` was pointed to ``video`` (a video of their opening's pilot), with
    their reaction when already known. Once per candidate and video."""
    check_candidate(actor, candidate)
    pilot = candidate.opening.pilot
    if video.pilot_id != pilot.pk:
        msg = MSG_OTHER_PILOT.format(pilot=pilot.name)
        raise DomainError(msg, code="video_pilot", fields={"video": [msg]})
    existing = existing_pointer(candidate, video)
    if existing is not None:
        msg = MSG_POINTED_TWICE.format(
            person=candidate.person, topic=video.topic, day=timezone.localdate(existing.pointed_at).isoformat()
        )
        raise ConflictError(msg, code="pointed_twice", fields={"video": [msg]})
    pointer = VideoPointer.objects.create(
        video=video,
        candidate=candidate,
        pointed_at=now or timezone.now(),
        pointed_by=actor,
        reaction=_clean_reaction(reaction),
        reaction_note=_clean_note(reaction_note),
    )
    _audit_pointer(actor, "video_pointer.recorded", pointer, {"reaction": pointer.reaction}, now)
    return pointer


def existing_pointer(candidate: Candidate, video: RecruitingVideo) -> VideoPointer | None:
    """The pointer a duplicate attempt names (for the page to link to it)."""
    return VideoPointer.objects.filter(video=video, candidate=candidate).first()


@transaction.atomic
def pointer_update(
    *,
    actor: User,
    pointer: VideoPointer,
    reaction: str | Unset = UNSET,
    reaction_note: str | Unset = UNSET,
    now: dt.datetime | None = None,
) -> VideoPointer:
    """Note or correct the candidate's reaction to the video."""
    check_candidate(actor, pointer.candidate)
    values: dict[str, Any] = {}
    if reaction is not UNSET:
        values["reaction"] = _clean_reaction(reaction)
    if reaction_note is not UNSET:
        values["reaction_note"] = _clean_note(reaction_note)
    changes = changed_fields(pointer, values)
    if changes:
        pointer.save(update_fields=list(changes))
        _audit_pointer(actor, "video_pointer.changed", pointer, {"changes": changes}, now)
    return pointer


@transaction.atomic
def pointer_delete(*, actor: User, pointer: VideoPointer, now: dt.datetime | None = None) -> None:
    """Forget that the candidate was pointed to the video (a mistake), audited first."""
    check_candidate(actor, pointer.candidate)
    _audit_pointer(actor, "video_pointer.deleted", pointer, {}, now)
    pointer.delete()
