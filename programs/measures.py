"""Measures: the figures a pilot's goal can track, and the results a pilot page shows, supplied by
the layers above programs.

programs sits below metrics and the stage apps (DESIGN.md), so it cannot count a hire itself. The
layers that can register here in their AppConfig.ready(), as the stage apps do for the report's
figures (metrics/registry.py):

- a **measure source** (``register_measure_source``) says which measures it offers for a slice
  of pilots (``offered``) and reads the values of some of them for that slice (``read``), each in
  a fixed number of queries whatever the number of keys: metrics registers one that offers the
  ledger's figures ("ledger.hires", "ledger.savings", …) and every registered stage figure by its
  own key ("recruiting.leads");
- a single measure (``register_measure``), for a figure that needs no source of its own;
- the **pilot results** (``register_pilot_results``): which measures head a pilot page, the
  report slice to link to and the latest ledger rows booked to the pilot.

A goal stores a measure's key (PilotGoal.measure; blank: a free-text goal, "not measured"). A key
that is no longer offered (its app was removed, its figure renamed) is shown as "measure no longer
available", never an error: ``read_measures`` simply returns nothing for it.

Values are in the unit the page shows (shares and ROI in percent, money in the program's currency,
days, counts) and exact: they are rounded once, half-up, where they are shown (programs.progress).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import User


@dataclass(frozen=True)
class Measure:
    """A figure a goal can track.

    ``paced``: the figure counts up over the pilot (hires, introductions, savings), so a goal on
    it has an expected value for each day (target x elapsed share of its window). Otherwise it is
    a level (cost per hire, time to hire, a share) compared with the target as it stands.
    ``at_most``: lower is better (a cost, a number of days): the target is a ceiling.
    """

    key: str
    label: str
    unit: str
    group: str
    places: int = 0
    paced: bool = True
    at_most: bool = False

    @property
    def choice_label(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass(frozen=True)
class Reading:
    """A measure's value over a slice: exact, with its formula and the cases it rests on.
    ``withheld``: why the reader may not see it (it rests on a baseline they may not see); the
    value is then None."""

    measure: Measure
    value: Decimal | None
    cases: int | None = None
    formula: str = ""
    withheld: str = ""


@dataclass(frozen=True)
class Slice:
    """The pilots a measure is read over (already narrowed to what ``viewer`` may see), their
    stage, and the days from ``start`` to ``end`` inclusive."""

    pilot_ids: tuple[int, ...]
    stage: int
    start: dt.date
    end: dt.date
    viewer: User


Offered = Callable[[Slice], Sequence[Measure]]
Read = Callable[[Slice, Collection[str]], Mapping[str, Reading]]


@dataclass(frozen=True)
class MeasureSource:
    """``offered(slice)``: the measures available for the slice's stage. ``read(slice, keys)``:
    the readings of those of ``keys`` it offers (others are left out). Both run a fixed number of
    queries; ``read`` runs none when none of ``keys`` is its own."""

    key: str
    offered: Offered
    read: Read


@dataclass(frozen=True)
class RecentRow:
    date: dt.date
    text: str
    url: str | None = None  # None: the reader may not open the row's page


@dataclass(frozen=True)
class RecentRows:
    """The latest rows of one kind booked to a pilot, with a link to all of them."""

    title: str
    rows: Sequence[RecentRow]
    see_all_url: str | None
    empty: str
    see_all_label: str = "See all"


@dataclass(frozen=True)
class PilotResults:
    """What a pilot page shows of its results. ``headline``: measure keys, in order (a reading the
    reader may not see is left out). ``report_url(slice)``: the report narrowed to the slice.
    ``recent(slice, limit)``: the latest rows booked to the slice's pilots, a fixed number of
    queries."""

    headline: tuple[str, ...]
    report_url: Callable[[Slice], str]
    recent: Callable[[Slice, int], Sequence[RecentRows]]


@dataclass
class _Registry:
    sources: dict[str, MeasureSource] = field(default_factory=dict)
    results: PilotResults | None = None


_registry = _Registry()

MAX_KEY_LENGTH = 80  # PilotGoal.measure's length


def register_measure_source(source: MeasureSource) -> None:
    """Register (or replace, so a reloaded app config is harmless) a source of measures."""
    _registry.sources[source.key] = source


def unregister_measure_source(key: str) -> None:
    _registry.sources.pop(key, None)


def register_measure(
    measure: Measure, compute: Callable[[Slice], Reading], *, stages: Collection[int] = (1, 2, 3)
) -> None:
    """Register one measure computed on its own (``compute(slice)``, a fixed number of queries),
    offered to pilots of ``stages``."""

    def offered(s: Slice) -> Sequence[Measure]:
        return [measure] if s.stage in stages else []

    def read(s: Slice, keys: Collection[str]) -> Mapping[str, Reading]:
        return {measure.key: compute(s)} if measure.key in keys and s.stage in stages else {}

    register_measure_source(MeasureSource(key=measure.key, offered=offered, read=read))


def register_pilot_results(results: PilotResults) -> None:
    _registry.results = results


def unregister_pilot_results() -> None:
    _registry.results = None


def pilot_results() -> PilotResults | None:
    return _registry.results


def offered_measures(s: Slice) -> list[Measure]:
    """Every measure offered for the slice, by source in registration order; the first source to
    offer a key wins."""
    seen: dict[str, Measure] = {}
    for source in list(_registry.sources.values()):
        for measure in source.offered(s):
            if len(measure.key) <= MAX_KEY_LENGTH:
                seen.setdefault(measure.key, measure)
    return list(seen.values())


def read_measures(s: Slice, keys: Collection[str]) -> dict[str, Reading]:
    """The readings of ``keys`` over the slice; a key no source offers is absent."""
    wanted = {k for k in keys if k}
    readings: dict[str, Reading] = {}
    if not wanted:
        return readings
    for source in list(_registry.sources.values()):
        for key, reading in source.read(s, wanted - readings.keys()).items():
            if key in wanted:
                readings.setdefault(key, reading)
    return readings
