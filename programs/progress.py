"""A pilot's results as its page and the goals API show them: each goal's progress against its
measure, the headline figures of the pilot, and the latest rows booked to it.

**The slice.** Everything is read over the pilot's own slice: its id, from its start date (the day
it was created when it has none) to today. One read of the registered measures covers every goal
and the headline, so the page runs the same number of queries for one goal as for twenty.

**Progress of a measured goal** (the figures are the ones shown, each rounded once, half-up, to the
measure's places, so the words always agree with the numbers on the page):

- actual = the measure's value over the slice;
- a *paced* measure (one that counts up: hires, introductions, savings) has a window from the
  pilot's start to the goal's due date (the pilot's end date when the goal has none):
  elapsed share = (today - start) / (due - start), in days, kept between 0 and 1, and
  **expected by today = target x elapsed share**. Example: a goal of 6 hires over a 180-day
  window, 90 days in: expected 6 x 90/180 = 3 by today; with 4 hires it is on track;
- status of a paced goal: *reached* once actual ≥ target; else *missed* once the due date has
  passed; else *on track* when actual ≥ expected, *behind* when not (no due date anywhere: no pace,
  the goal shows actual / target only);
- a *level* (cost per hire, time to hire, a share) is compared with the target as it stands
  (a ceiling when lower is better): *on track* or *behind* until the due date, then *reached* or
  *missed*; without a case yet it says so.

A goal without a measure is "not measured"; one whose measure is no longer offered says "measure
no longer available"; one whose measure rests on a baseline the reader may not see says why
instead of a number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User

from .measures import Measure, Reading, RecentRows, Slice, offered_measures, pilot_results, read_measures
from .models import Pilot, PilotGoal

RECENT_ROWS = 5


class State:
    FREE = "free"  # no measure: a free-text goal
    GONE = "gone"  # its measure is no longer offered
    WITHHELD = "withheld"  # the reader may not see the figure
    NOT_STARTED = "not_started"  # the pilot starts after today
    MEASURED = "measured"


class Status:
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    MISSED = "missed"
    OPEN = "open"  # paced, not reached, no due date: no pace to compare with
    NO_CASES = "no_cases"


STATUS_LABELS = {
    Status.REACHED: "Reached",
    Status.ON_TRACK: "On track",
    Status.BEHIND: "Behind",
    Status.MISSED: "Missed",
    Status.OPEN: "No due date",
    Status.NO_CASES: "No cases yet",
}


def shown(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals: the one rounding, where it is shown."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number_text(value: Decimal, places: int) -> str:
    return f"{shown(value, places):,.{places}f}"


def with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def slice_for(pilot: Pilot, viewer: User, today: dt.date) -> Slice:
    start = pilot.start_date or timezone.localdate(pilot.created_at)
    return Slice(pilot_ids=(pilot.pk,), stage=pilot.stage, start=start, end=today, viewer=viewer)


def _day(day: dt.date) -> str:
    return date_format(day, "j M Y")


@dataclass(frozen=True)
class Pace:
    """expected by today = target x elapsed / days of the window (elapsed kept within the window)."""

    start: dt.date
    due: dt.date
    elapsed: int
    days: int
    expected: Decimal  # exact

    @classmethod
    def of(cls, target: Decimal, start: dt.date, due: dt.date, today: dt.date) -> Pace:
        days = (due - start).days
        elapsed = min(max((today - start).days, 0), max(days, 0))
        share = Decimal(elapsed) / Decimal(days) if days > 0 else Decimal(1)
        return cls(start, due, elapsed, max(days, 0), target * share)


@dataclass
class GoalProgress:
    goal: PilotGoal
    state: str
    measure: Measure | None = None
    reading: Reading | None = None
    status: str = ""
    actual: Decimal | None = None  # shown (rounded)
    expected: Decimal | None = None  # shown (rounded)
    pace: Pace | None = None
    percent: int = 0  # the bar: how much of the target is done, 0..100
    starts_on: dt.date | None = None

    @property
    def measured(self) -> bool:
        return self.state == State.MEASURED

    @property
    def note(self) -> str:
        """What an unmeasured goal says instead of progress."""
        if self.state == State.FREE:
            return "Not measured"
        if self.state == State.GONE:
            return f"Measure no longer available ({self.goal.measure})"
        if self.state == State.WITHHELD and self.reading is not None:
            return f"Progress not shown to you: this figure {self.reading.withheld}."
        if self.state == State.NOT_STARTED and self.starts_on is not None:
            return f"Counted from {_day(self.starts_on)}, when the pilot starts."
        return ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def places(self) -> int:
        """The measure's decimals; a free-text target shows its own (10, 2.5, 1,234.56)."""
        if self.measure is not None:
            return self.measure.places
        return max(0, -Decimal(self.goal.target).normalize().as_tuple().exponent)  # type: ignore[operator]

    @property
    def unit(self) -> str:
        return self.measure.unit if self.measure else self.goal.unit

    @property
    def target(self) -> Decimal:
        return shown(self.goal.target, self.places)

    @property
    def target_text(self) -> str:
        return with_unit(number_text(self.goal.target, self.places), self.unit)

    @property
    def actual_text(self) -> str:
        return "—" if self.actual is None else with_unit(number_text(self.actual, self.places), self.unit)

    @property
    def figure_text(self) -> str:
        """ "4 of 6 hires", "30.95% of 100.00%"; a ceiling: "3,200.00 EUR, at most 4,000.00 EUR"."""
        if self.measure is None:
            return self.target_text
        if self.measure.at_most:
            return f"{self.actual_text}, at most {self.target_text}"
        if self.actual is None:
            return f"— of {self.target_text}"
        # A percent sign sticks to each number ("30.95% of 1,000.00%"); a word unit is said once.
        actual = self.actual_text if self.unit == "%" else number_text(self.actual, self.places)
        return f"{actual} of {self.target_text}"

    @property
    def pace_text(self) -> str:
        """ "expected 3 by today, actual 4" (paced goals with a due date, before it passes)."""
        if self.expected is None or self.actual is None:
            return ""
        expected = with_unit(number_text(self.expected, self.places), self.unit)
        return f"expected {expected} by today, actual {self.actual_text}"

    @property
    def explanation(self) -> str:
        """How the figures were obtained (the hover title and the API's text)."""
        parts = []
        if self.reading is not None and self.reading.formula:
            formula = f"{self.reading.measure.label}: {self.reading.formula}"
            cases = self.reading.cases
            if cases is not None and not self.reading.measure.paced:
                formula += f" ({cases:,} case{'' if cases == 1 else 's'})"
            parts.append(formula)
        if self.pace is not None and self.expected is not None:
            p = self.pace
            parts.append(
                f"Expected by today = target × elapsed share of {_day(p.start)} → {_day(p.due)} = "
                f"{number_text(self.goal.target, self.places)} × {p.elapsed}/{p.days} days = "
                f"{number_text(self.expected, self.places)}"
            )
        return ". ".join(parts)


def _level_status(actual: Decimal | None, target: Decimal, at_most: bool, due_passed: bool) -> str:
    if actual is None:
        return Status.NO_CASES
    meets = actual <= target if at_most else actual >= target
    if due_passed:
        return Status.REACHED if meets else Status.MISSED
    return Status.ON_TRACK if meets else Status.BEHIND


def _percent(actual: Decimal | None, target: Decimal, at_most: bool) -> int:
    if actual is None:
        return 0
    if at_most:
        # How close to the ceiling from above: full at or below it.
        return 100 if actual <= target else int(shown(100 * target / actual, 0))
    if target <= 0:
        return 100
    return max(0, min(100, int(shown(100 * actual / target, 0))))


def goal_progress(
    goal: PilotGoal, reading: Reading | None, *, pilot: Pilot, start: dt.date, today: dt.date
) -> GoalProgress:
    """The progress of one goal from the reading of its measure (see the module's definitions)."""
    if not goal.measure:
        return GoalProgress(goal, State.FREE)
    if start > today:
        return GoalProgress(goal, State.NOT_STARTED, starts_on=start)
    if reading is None:
        return GoalProgress(goal, State.GONE)
    measure = reading.measure
    if reading.withheld:
        return GoalProgress(goal, State.WITHHELD, measure, reading)
    places = measure.places
    actual = None if reading.value is None else shown(reading.value, places)
    target = shown(goal.target, places)
    due = goal.due_date or pilot.end_date
    due_passed = due is not None and today > due
    progress = GoalProgress(goal, State.MEASURED, measure, reading, actual=actual)
    progress.percent = _percent(actual, target, measure.at_most)
    if not measure.paced or measure.at_most:
        progress.status = _level_status(actual, target, measure.at_most, due_passed)
        return progress
    if actual is None:
        progress.status = Status.NO_CASES
    elif actual >= target:
        progress.status = Status.REACHED
    elif due_passed:
        progress.status = Status.MISSED
    elif due is None:
        progress.status = Status.OPEN
    else:
        progress.pace = Pace.of(goal.target, start, due, today)
        progress.expected = shown(progress.pace.expected, places)
        progress.status = Status.ON_TRACK if actual >= progress.expected else Status.BEHIND
    return progress


@dataclass(frozen=True)
class Headline:
    label: str
    text: str
    formula: str
    cases: int | None


@dataclass
class PilotResultsView:
    """Everything the pilot page shows of its results (see the module's docstring)."""

    slice: Slice
    goals: list[GoalProgress]
    headline: list[Headline] = field(default_factory=list)
    recent: Sequence[RecentRows] = ()
    report_url: str = ""

    @property
    def since(self) -> str:
        return _day(self.slice.start)

    @property
    def has_results(self) -> bool:
        return bool(self.headline or self.recent)


def _headline(reading: Reading) -> Headline:
    """A headline figure: a count under its label ("Hires: 8"), an amount, share or days with its unit."""
    m = reading.measure
    text = "—" if reading.value is None else number_text(reading.value, m.places)
    if reading.value is not None and m.places:
        text = with_unit(text, m.unit)
    return Headline(m.label, text, reading.formula, reading.cases)


def goals_progress(pilot: Pilot, goals: Sequence[PilotGoal], viewer: User, *, today: dt.date) -> list[GoalProgress]:
    """Each goal's progress over the pilot's slice: one read of the measures for all of them."""
    return pilot_results_view(pilot, goals, viewer, today=today, panel=False).goals


def pilot_results_view(
    pilot: Pilot, goals: Sequence[PilotGoal], viewer: User, *, today: dt.date, panel: bool = True
) -> PilotResultsView:
    """The goals' progress and (``panel``) the headline figures, the report link and the latest
    rows booked to the pilot. A fixed number of queries, whatever the number of goals."""
    s = slice_for(pilot, viewer, today)
    results = pilot_results() if panel else None
    keys = {g.measure for g in goals if g.measure}
    headline_keys = results.headline if results is not None else ()
    started = s.start <= today
    readings = read_measures(s, keys | set(headline_keys)) if started else {}
    view = PilotResultsView(
        slice=s,
        goals=[goal_progress(g, readings.get(g.measure), pilot=pilot, start=s.start, today=today) for g in goals],
    )
    if results is not None and started:
        view.headline = [_headline(readings[k]) for k in headline_keys if k in readings and not readings[k].withheld]
        view.recent = results.recent(s, RECENT_ROWS)
        view.report_url = results.report_url(s)
    return view


def measures_for(pilot: Pilot, viewer: User, *, today: dt.date) -> list[Measure]:
    """The measures a goal of ``pilot`` may choose (the goal form's select, the API's list)."""
    return offered_measures(slice_for(pilot, viewer, today))
