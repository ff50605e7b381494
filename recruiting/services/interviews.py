"""Video-first interviews: schedule, correct, delete; and the travel a video interview avoided.

Rules (nothing is written when one refuses):
- the candidate is one the actor may see, in a pilot the actor works in (recruiting.access);
- the interviewers are the pilot's members or HR leads (programs.access.step_owner_candidates);
- the link, when given, is an http(s) address;
- an interview that replaced a trip records the trip's cost avoided: the travel per hire of the
  sponsor's legacy cost baseline valid on the interview's date (the one that started last, if
  several). No baseline covering that date is a refusal, not a 0: a figure must be redoable, so
  the HR lead adds the baseline first. The interview keeps the amount; the audit event keeps the
  baseline's id and amount. A correction recomputes it when the date or "replaced a trip" changes.

Scheduling an interview does not move the candidate: the pipeline move stays the user's choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import DomainError
from metrics.models import LegacyCostBaseline
from metrics.services import UNSET, Unset
from programs.access import step_owner_candidates

from ..access import visible_candidates
from ..models import Candidate, InterviewOutcome, VideoInterview
from ..selectors.interviews import baseline_for, interview_day

MSG_CANDIDATE = "Choose a candidate in one of your pilots."
MSG_LINK = "Give the video call's address as a link starting with https:// (or http://)."
MSG_INTERVIEWERS = "Choose interviewers among the pilot's members and the HR leads."
MSG_NO_BASELINE = (
    "{sponsor} has no legacy cost baseline covering {day}, so the trip this interview replaced cannot be priced. "
    "An HR lead adds one under Settings → Baselines; until then, leave “Replaced a trip” unticked."
)
MSG_WHEN_MISSING = "Give the date and time of the interview."
MSG_TOO_OLD = "The interview date is before 2000; check the year."
MSG_TOO_FAR = "The interview is more than two years ahead; check the year."
MSG_OUTCOME = "Unknown outcome {value!r}; choose one of: {choices}."
MSG_NOTES_LONG = "Keep the notes under 2,000 characters."

LINK_MAX = 2000
NOTES_MAX = 2000
EARLIEST = dt.date(2000, 1, 1)
MAX_AHEAD = dt.timedelta(days=2 * 366)
_link_validator = URLValidator(schemes=["http", "https"])


def check_candidate(actor: User, candidate: Candidate) -> None:
    """The actor may see ``candidate`` and work in its pilot (one message whether the candidate is
    not theirs or does not exist, so other pilots' ids stay unrevealed)."""
    if not visible_candidates(actor).filter(pk=candidate.pk).exists():
        raise DomainError(MSG_CANDIDATE, code="candidate", fields={"candidate": [MSG_CANDIDATE]})


def clean_link(link: str, field: str = "link", *, required: bool = False) -> str:
    """An http(s) address (stripped), or "" when none is given and none is required."""
    link = (link or "").strip()
    if not link and not required:
        return ""
    try:
        if len(link) > LINK_MAX:
            raise ValidationError("too long")
        _link_validator(link)
    except ValidationError as exc:
        raise DomainError(MSG_LINK, code="link", fields={field: [MSG_LINK]}) from exc
    return link


def _clean_when(value: dt.datetime | None, now: dt.datetime | None) -> dt.datetime:
    if value is None:
        raise DomainError(MSG_WHEN_MISSING, fields={"scheduled_at": [MSG_WHEN_MISSING]})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if interview_day(value) < EARLIEST:
        raise DomainError(MSG_TOO_OLD, fields={"scheduled_at": [MSG_TOO_OLD]})
    if value > (now or timezone.now()) + MAX_AHEAD:
        raise DomainError(MSG_TOO_FAR, fields={"scheduled_at": [MSG_TOO_FAR]})
    return value


def _clean_interviewers(candidate: Candidate, interviewers: Iterable[User]) -> list[User]:
    people = list({u.pk: u for u in interviewers}.values())
    if not people:
        return []
    eligible = set(
        step_owner_candidates(candidate.opening.pilot)
        .filter(pk__in=[u.pk for u in people])
        .values_list("pk", flat=True)
    )
    if len(eligible) != len(people):
        raise DomainError(MSG_INTERVIEWERS, code="interviewers", fields={"interviewers": [MSG_INTERVIEWERS]})
    return people


def _clean_notes(notes: str) -> str:
    notes = (notes or "").strip()
    if len(notes) > NOTES_MAX:
        raise DomainError(MSG_NOTES_LONG, fields={"notes": [MSG_NOTES_LONG]})
    return notes


def _clean_outcome(outcome: str) -> str:
    if outcome not in InterviewOutcome.values:
        msg = MSG_OUTCOME.format(value=outcome, choices=", ".join(InterviewOutcome.values))
        raise DomainError(msg, fields={"outcome": [msg]})
    return outcome


def trip_baseline(candidate: Candidate, scheduled_at: dt.datetime) -> LegacyCostBaseline:
    """The baseline a trip avoided on ``scheduled_at`` is priced from; a refusal when none covers it."""
    sponsor = candidate.opening.pilot.sponsor
    day = interview_day(scheduled_at)
    baseline = baseline_for(sponsor.pk, day)
    if baseline is None:
        msg = MSG_NO_BASELINE.format(sponsor=sponsor.name, day=day.isoformat())
        raise DomainError(msg, code="no_baseline", fields={"replaced_trip": [msg]})
    return baseline


def _baseline_data(baseline: LegacyCostBaseline | None) -> dict[str, Any]:
    """What the audit event keeps of the baseline a travel avoided was taken from."""
    if baseline is None:
        return {"baseline": None}
    return {"baseline": baseline.pk, "baseline_travel_per_hire": str(baseline.travel_per_hire)}


def _audit(actor: User, verb: str, row: VideoInterview, data: dict[str, Any], now: dt.datetime | None) -> None:
    audit_record(actor=actor, verb=verb, target=row, person_id=row.candidate.person_id, data=data, now=now)


@transaction.atomic
def interview_schedule(
    *,
    actor: User,
    candidate: Candidate,
    scheduled_at: dt.datetime,
    link: str = "",
    interviewers: Iterable[User] = (),
    replaced_trip: bool = False,
    notes: str = "",
    now: dt.datetime | None = None,
) -> VideoInterview:
    """Schedule a video interview with ``candidate``; with ``replaced_trip``, record the travel it
    avoided from the sponsor's baseline valid on its date. The candidate stays at their step."""
    check_candidate(actor, candidate)
    row = VideoInterview(
        candidate=candidate,
        scheduled_at=_clean_when(scheduled_at, now),
        link=clean_link(link),
        replaced_trip=bool(replaced_trip),
        notes=_clean_notes(notes),
        created_by=actor,
        created_at=now or timezone.now(),
    )
    people = _clean_interviewers(candidate, interviewers)
    baseline = trip_baseline(candidate, row.scheduled_at) if row.replaced_trip else None
    row.travel_avoided = baseline.travel_per_hire if baseline is not None else Decimal("0.00")
    row.save()
    row.interviewers.set(people)
    data = {
        "candidate": candidate.pk,
        "scheduled_at": row.scheduled_at.isoformat(),
        "interviewers": sorted(u.pk for u in people),
        "replaced_trip": row.replaced_trip,
        "travel_avoided": str(row.travel_avoided),
        **_baseline_data(baseline),
    }
    _audit(actor, "interview.scheduled", row, data, now)
    return row


@transaction.atomic
def interview_update(
    *,
    actor: User,
    interview: VideoInterview,
    scheduled_at: dt.datetime | Unset = UNSET,
    link: str | Unset = UNSET,
    interviewers: Iterable[User] | Unset = UNSET,
    replaced_trip: bool | Unset = UNSET,
    outcome: str | Unset = UNSET,
    notes: str | Unset = UNSET,
    now: dt.datetime | None = None,
) -> VideoInterview:
    """Correct an interview or note its outcome; the fields not given keep their values. The
    travel avoided is recomputed when its date or "replaced a trip" changes (otherwise it keeps
    the amount recorded, even if the baseline was edited since)."""
    check_candidate(actor, interview.candidate)
    values: dict[str, Any] = {}
    if scheduled_at is not UNSET:
        values["scheduled_at"] = _clean_when(scheduled_at, now)
    if link is not UNSET:
        values["link"] = clean_link(link)
    if replaced_trip is not UNSET:
        values["replaced_trip"] = bool(replaced_trip)
    if outcome is not UNSET:
        values["outcome"] = _clean_outcome(outcome)
    if notes is not UNSET:
        values["notes"] = _clean_notes(notes)
    people = _clean_interviewers(interview.candidate, interviewers) if interviewers is not UNSET else None
    when = values.get("scheduled_at", interview.scheduled_at)
    trip = values.get("replaced_trip", interview.replaced_trip)
    repriced = interview_day(when) != interview_day(interview.scheduled_at) or trip != interview.replaced_trip
    # Every check runs before the row changes, so a refusal leaves it (and the page showing it) as it was.
    baseline = trip_baseline(interview.candidate, when) if repriced and trip else None
    changes = changed_fields(interview, values)
    update_fields = list(changes)
    data: dict[str, Any] = {}
    if repriced:
        amount = baseline.travel_per_hire if baseline is not None else Decimal("0.00")
        data = _baseline_data(baseline)
        if amount != interview.travel_avoided:
            changes["travel_avoided"] = [str(interview.travel_avoided), str(amount)]
            interview.travel_avoided = amount
            update_fields.append("travel_avoided")
    if people is not None:
        before = sorted(interview.interviewers.values_list("pk", flat=True))
        after = sorted(u.pk for u in people)
        if before != after:
            interview.interviewers.set(people)
            changes["interviewers"] = [before, after]
    if update_fields:
        interview.save(update_fields=update_fields)
    if changes:
        _audit(actor, "interview.changed", interview, {"changes": changes, **data}, now)
    return interview


@transaction.atomic
def interview_delete(*, actor: User, interview: VideoInterview, now: dt.datetime | None = None) -> None:
    """Delete an interview (its travel avoided leaves the figure), audited first."""
    check_candidate(actor, interview.candidate)
    data = {
        "candidate": interview.candidate_id,
        "scheduled_at": interview.scheduled_at.isoformat(),
        "travel_avoided": str(interview.travel_avoided),
    }
    _audit(actor, "interview.deleted", interview, data, now)
    interview.delete()
