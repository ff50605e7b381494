"""Reads of the pipeline: an opening's board (columns per step, each card with the moves the
rules allow) and the filtered list of candidates across openings. A fixed number of queries,
however many candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from people.search import folded_words

from ..models import Candidate, CandidateMove, JobOpening
from ..pipeline import COLUMNS, ENDS, allowed_moves, label, suggested_move


@dataclass
class Card:
    """One candidate on the board: who, how long at this step, where they may go next."""

    candidate: Candidate
    days_in_step: int
    moves: list[tuple[str, str]]  # (step, label) the pipeline allows from here
    suggested: str = ""  # the move the form offers first (pipeline.suggested_move)


# A column shows at most this many cards (those longest at the step); the rest are one click away
# in the candidate list filtered to the opening and step. A column of hundreds is not readable,
# and rendering them all made a 1,000-candidate board take ~0.3 s (bench/recruiting.py).
COLUMN_CARDS = 50


@dataclass
class Column:
    step: str
    label: str
    cards: list[Card] = field(default_factory=list)
    total: int = 0  # candidates at the step; more than len(cards) when the column is capped

    @property
    def more(self) -> int:
        return self.total - len(self.cards)


def reopen_steps(candidates: Iterable[Candidate]) -> dict[int, str]:
    """For the candidates at an end: the step each left (the from_step of the move into that end),
    in one query."""
    at_end = {c.pk: c.step for c in candidates if c.step in ENDS}
    if not at_end:
        return {}
    found: dict[int, str] = {}
    moves = (
        CandidateMove.objects.filter(candidate_id__in=list(at_end), to_step__in=ENDS)
        .order_by("candidate_id", "at", "id")
        .values_list("candidate_id", "from_step", "to_step")
    )
    for candidate_id, from_step, to_step in moves:  # the last move into the current end wins
        if to_step == at_end[candidate_id]:
            found[candidate_id] = from_step
    return found


def card_for(candidate: Candidate, reopen_to: str = "", *, now: Any = None) -> Card:
    now = now or timezone.now()
    steps = allowed_moves(candidate.step, reopen_to=reopen_to, has_hire=candidate.hire_id is not None)
    return Card(
        candidate=candidate,
        days_in_step=max((now - candidate.step_changed_at).days, 0),
        moves=[(s, label(s)) for s in steps],
        suggested=suggested_move(candidate.step, steps),
    )


def board_candidates(opening: JobOpening) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(opening=opening)
        .select_related("person", "opening")
        .only(
            "id",
            "step",
            "step_changed_at",
            "source",
            "hire_id",
            "opening_id",
            "opening__id",
            "opening__title",
            "person__id",
            "person__first_name",
            "person__last_name",
        )
        .order_by("step_changed_at", "id")
    )


def board(opening: JobOpening, *, keep: int | None = None) -> list[Column]:
    """The opening's columns, in pipeline order, each with its cards (longest at the step first, at
    most COLUMN_CARDS, and the column's total; ``keep``, a card just moved, is shown past the cap).
    Two queries: the candidates, and the moves into an end of those who are at one."""
    candidates = list(board_candidates(opening))
    reopen = reopen_steps(candidates)
    now = timezone.now()
    columns = {step: Column(step=step, label=label(step)) for step in COLUMNS}
    for candidate in candidates:
        column = columns[candidate.step]
        column.total += 1
        if len(column.cards) < COLUMN_CARDS or candidate.pk == keep:
            column.cards.append(card_for(candidate, reopen.get(candidate.pk, ""), now=now))
    return list(columns.values())


def card(candidate: Candidate) -> Card:
    """One card, after a move (the htmx answer)."""
    return card_for(candidate, reopen_steps([candidate]).get(candidate.pk, ""))


CANDIDATE_LOOKUPS: Mapping[str, str] = {
    "opening": "opening",
    "pilot": "opening__pilot",
    "step": "step",
    "source": "source",
}


def candidate_rows(visible: QuerySet[Candidate], data: Mapping[str, Any]) -> QuerySet[Candidate]:
    """``visible`` candidates narrowed by the list's filters (opening, pilot, step, source, and
    ``q``: words of the person's name), with what the list shows loaded."""
    qs = visible.select_related("opening", "opening__pilot", "person")
    for name, lookup in CANDIDATE_LOOKUPS.items():
        if value := data.get(name):
            qs = qs.filter(**{lookup: value})
    for word in folded_words(str(data.get("q") or "")):
        qs = qs.filter(person__search_name__contains=word)
    return qs.order_by("-step_changed_at", "-id")
