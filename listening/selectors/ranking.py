"""Reads of the venue ranking and the spike flags.

Aggregates run in SQL: the ranking is one grouped query per page (plus one query for the people
linked and one per registered follow-up counter), whatever the number of venues; spike detection
counts each search's conversations per week with TruncWeek in one query.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User

from ..access import can_set_up, visible_conversations, visible_pilot_ids, visible_searches
from ..models import Conversation, ConversationMatch, Purpose, Search
from ..registry import followups
from .inbox import KEPT_STATUSES, conversation_when

# --- the venue ranking -----------------------------------------------------------------------

PERIODS = (4, 12, 26)  # weeks
SCORE_EXPLANATION = (
    "Score = quantity × quality: relevant conversations per week times the share of triaged "
    "conversations that were relevant. A venue with many relevant conversations but a lot of "
    "noise ranks below one with slightly fewer, cleaner ones; a venue with nothing triaged scores 0."
)


@dataclass
class VenueFigures:
    venue_id: int | None
    name: str
    kind: str
    conversations: int
    relevant: int
    triaged: int
    weeks: int
    people: int = 0
    followups: dict[str, int] = field(default_factory=dict)

    @property
    def quantity(self) -> float:
        """Relevant (relevant or engaged) conversations per week."""
        return self.relevant / self.weeks if self.weeks else 0.0

    @property
    def quality(self) -> float | None:
        """Share of triaged conversations that were relevant; None when nothing was triaged."""
        return self.relevant / self.triaged if self.triaged else None

    @property
    def score(self) -> float:
        return self.quantity * (self.quality or 0.0)

    def as_json(self) -> dict[str, Any]:
        return {
            "venue_id": self.venue_id,
            "name": self.name,
            "kind": self.kind,
            "conversations": self.conversations,
            "triaged": self.triaged,
            "relevant": self.relevant,
            "quantity": round(self.quantity, 3),
            "quality": None if self.quality is None else round(self.quality, 3),
            "score": round(self.score, 3),
            "people": self.people,
            "followups": dict(self.followups),
        }


@dataclass
class VenueRanking:
    purpose: str
    weeks: int
    start: dt.datetime
    end: dt.datetime
    followups: list[tuple[str, str]]  # (key, label) of every registered follow-up counter
    venues: list[VenueFigures]  # ranked, best first
    no_venue: VenueFigures | None  # conversations from sources without a venue, not ranked

    @property
    def purpose_label(self) -> str:
        return str(Purpose(self.purpose).label)

    def as_json(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "weeks": self.weeks,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "score": SCORE_EXPLANATION,
            "followups": [{"key": k, "label": label} for k, label in self.followups],
            "venues": [v.as_json() for v in self.venues],
            "no_venue": self.no_venue.as_json() if self.no_venue else None,
        }


def venue_ranking(
    user: User, *, purpose: str = Purpose.PROFILE, weeks: int = 12, now: dt.datetime | None = None
) -> VenueRanking:
    """Rank venues by what the searches of ``purpose`` found there in the last ``weeks`` weeks
    (conversations dated in [now - weeks, now), among those ``user`` may see).

    Queries: one grouped aggregate, one for the (venue, person) pairs when people are linked, and
    one per registered follow-up counter — never one per venue."""
    now = now or timezone.now()
    start = now - dt.timedelta(weeks=weeks)
    base = visible_conversations(user)
    base = (
        base.annotate(when_at=conversation_when())
        .filter(when_at__gte=start, when_at__lt=now)
        .filter(pk__in=ConversationMatch.objects.filter(search__purpose=purpose).values("conversation_id"))
    )
    grouped = (
        base.order_by()
        .values("venue_id", "venue__name", "venue__kind")
        .annotate(
            total=Count("id"),
            relevant=Count("id", filter=Q(status__in=KEPT_STATUSES)),
            triaged=Count("id", filter=~Q(status=Conversation.Status.NEW)),
            people=Count("person", distinct=True),
        )
    )
    figures: dict[int | None, VenueFigures] = {}
    for row in grouped:
        figures[row["venue_id"]] = VenueFigures(
            venue_id=row["venue_id"],
            name=row["venue__name"] or "No venue",
            kind=row["venue__kind"] or "",
            conversations=row["total"],
            relevant=row["relevant"],
            triaged=row["triaged"],
            weeks=weeks,
            people=row["people"],
        )
    registered = followups()
    pilot_ids = visible_pilot_ids(user)
    for fig in figures.values():
        fig.followups = {f.key: 0 for f in registered}
    if registered and any(fig.people for fig in figures.values()):
        pairs = list(base.filter(person__isnull=False).order_by().values_list("venue_id", "person_id").distinct())
        person_ids = sorted({pid for _, pid in pairs if pid is not None})
        venues_of: dict[int, list[int | None]] = defaultdict(list)
        for venue_key, linked_id in pairs:
            if linked_id is not None:
                venues_of[linked_id].append(venue_key)
        for followup in registered:
            counts = followup.counter(person_ids, start=start, end=now, pilot_ids=pilot_ids)
            for counted_id, n in counts.items():
                for ranked_venue in venues_of.get(counted_id, []):
                    figures[ranked_venue].followups[followup.key] += int(n)
    no_venue = figures.pop(None, None)
    ranked = sorted(figures.values(), key=lambda f: (-f.score, -f.relevant, f.name.casefold()))
    return VenueRanking(
        purpose=purpose,
        weeks=weeks,
        start=start,
        end=now,
        followups=[(f.key, f.label) for f in registered],
        venues=ranked,
        no_venue=no_venue,
    )


# --- spikes ----------------------------------------------------------------------------------

SPIKE_MIN_WEEKS = 4  # previous weeks needed before a week can be called a spike
SPIKE_LOOKBACK_WEEKS = 26  # the norm is taken over at most this many previous weeks
SPIKE_SIGMAS = 3


@dataclass(frozen=True)
class Spike:
    search_id: int
    search_name: str
    week_start: dt.date
    count: int
    mean: float
    threshold: float


def week_start(moment: dt.datetime) -> dt.date:
    """The Monday of ``moment``'s week, in the current time zone (as TruncWeek counts)."""
    day = timezone.localtime(moment).date()
    return day - dt.timedelta(days=day.weekday())


def is_spike(previous: list[int], count: int) -> tuple[bool, float, float]:
    """(flagged, mean, threshold): ``count`` is a spike when it is above mean + 3 sigma (population standard deviation)
    of ``previous``, given at least SPIKE_MIN_WEEKS previous weeks."""
    if len(previous) < SPIKE_MIN_WEEKS:
        return False, 0.0, 0.0
    mean = sum(previous) / len(previous)
    sigma = math.sqrt(sum((n - mean) ** 2 for n in previous) / len(previous))
    threshold = mean + SPIKE_SIGMAS * sigma
    return count > threshold, mean, threshold


def search_spikes(searches: QuerySet[Search] | None = None, *, now: dt.datetime | None = None) -> list[Spike]:
    """Searches whose count of conversations found in the latest complete week (the week before
    ``now``'s) is above mean + 3 sigma of the previous weeks. History starts at a search's first week
    with a conversation (weeks after it without one count as 0) and goes back at most
    SPIKE_LOOKBACK_WEEKS; with fewer than SPIKE_MIN_WEEKS previous weeks nothing is flagged.

    Two queries: the weekly counts (grouped by search and TruncWeek of matched_at) and the names."""
    now = now or timezone.now()
    latest = week_start(now) - dt.timedelta(weeks=1)
    earliest = latest - dt.timedelta(weeks=SPIKE_LOOKBACK_WEEKS)
    tz = timezone.get_current_timezone()
    lower = dt.datetime.combine(earliest, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(latest + dt.timedelta(weeks=1), dt.time.min, tzinfo=tz)
    matches = ConversationMatch.objects.filter(matched_at__gte=lower, matched_at__lt=upper)
    if searches is not None:
        matches = matches.filter(search__in=searches.values("pk"))
    weekly = (
        matches.annotate(week=TruncWeek("matched_at"))
        .order_by()
        .values("search_id", "week")
        .annotate(n=Count("conversation_id", distinct=True))
    )
    counts: dict[int, dict[dt.date, int]] = defaultdict(dict)
    for row in weekly:
        week = row["week"]
        day = timezone.localtime(week).date() if isinstance(week, dt.datetime) else week
        counts[row["search_id"]][day] = row["n"]
    flagged: list[tuple[int, dt.date, int, float, float]] = []
    for search_id, per_week in counts.items():
        current = per_week.get(latest, 0)
        first = min(per_week)
        previous = []
        week = first
        while week < latest:
            previous.append(per_week.get(week, 0))
            week += dt.timedelta(weeks=1)
        spike, mean, threshold = is_spike(previous, current)
        if spike:
            flagged.append((search_id, latest, current, mean, threshold))
    if not flagged:
        return []
    names = dict(Search.objects.filter(pk__in=[f[0] for f in flagged]).values_list("pk", "name"))
    return sorted(
        (
            Spike(search_id=sid, search_name=names.get(sid, ""), week_start=w, count=n, mean=m, threshold=t)
            for sid, w, n, m, t in flagged
        ),
        key=lambda s: s.search_name.casefold(),
    )


def spikes_for_user(user: User, *, now: dt.datetime | None = None) -> list[Spike]:
    return search_spikes(None if can_set_up(user) else visible_searches(user), now=now)
