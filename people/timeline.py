"""A person's timeline: everything the program did with them, newest first, on the person page.

people sits below the apps that hold those records (DESIGN.md's layers), so each app registers a
source in its AppConfig.ready():

    register_timeline(TimelineSource(
        key="alumni.recommendations",
        entries=lambda person, user, limit: [TimelineEntry(...), ...],
    ))

- ``entries(person, user, limit)`` returns at most ``limit`` entries about ``person`` that
  ``user`` may see (the source applies its own app's access rules: a contributor sees their
  pilots' rows, a manager none), newest first, in a constant number of queries.
- An entry names what happened (``label``), when (``at``: a date or a datetime), its kind (a
  short word the page shows as a badge: "introduction", "assist", "event"…) and, when the user
  may open it, a ``url``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Person


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.date | dt.datetime
    kind: str
    label: str
    url: str = ""
    detail: str = ""

    @property
    def day(self) -> dt.date:
        return self.at.date() if isinstance(self.at, dt.datetime) else self.at


@dataclass(frozen=True)
class TimelineSource:
    key: str
    entries: Callable[[Person, User, int], list[TimelineEntry]]


_SOURCES: dict[str, TimelineSource] = {}


def register_timeline(source: TimelineSource) -> None:
    if source.key in _SOURCES and _SOURCES[source.key] != source:
        raise ValueError(f"timeline source {source.key!r} is already registered")
    _SOURCES[source.key] = source


def timeline_sources() -> list[TimelineSource]:
    return [_SOURCES[key] for key in sorted(_SOURCES)]


def timeline_for(person: Person, user: User, *, limit: int = 50) -> list[TimelineEntry]:
    """The newest ``limit`` entries of every source about ``person`` that ``user`` may see."""
    entries: list[TimelineEntry] = []
    for source in timeline_sources():
        entries.extend(source.entries(person, user, limit))
    entries.sort(key=lambda e: (e.day, e.label), reverse=True)
    return entries[:limit]
