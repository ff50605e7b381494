"""Reads of the profile and opening pages: the lists with their counts (a fixed number of queries
per page), an opening's revisions, the diff between two of them, and who was asked."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Max, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from core.jobs import claims

from ..access import visible_openings, work_pilots
from ..models import Candidate, CandidateProfile, FeedbackStatus, JobOpening, OpeningFeedback, OpeningRevision
from ..pipeline import ENDS

ASK_KIND = "recruiting.ask"  # recruiting.services.openings.ASK_KIND (selectors do not import services)
# Unchanged lines kept around each change in a diff; longer unchanged runs are folded.
DIFF_CONTEXT = 3


def visible_profiles(user: User) -> QuerySet[CandidateProfile]:
    """Profiles of the pilots the user works in, ranked (priority, then name) within each pilot,
    with their families and searches and the number of openings."""
    return (
        CandidateProfile.objects.filter(pilot__in=work_pilots(user))
        .select_related("pilot")
        .prefetch_related("families", "searches")
        .annotate(opening_count=Count("openings"))
        .order_by("pilot__name", "priority", "name")
    )


def opening_rows(user: User) -> QuerySet[JobOpening]:
    """Openings the user may open, each with ``pipeline`` (candidates still in it: not declined,
    withdrew or rejected), ``candidate_count`` (all of them) and ``pending_feedback``. Counted
    by subqueries, so a page costs the same few queries whatever the numbers."""

    def count_of(qs: QuerySet[Any]) -> Coalesce:
        counted = qs.filter(opening=OuterRef("pk")).order_by().values("opening").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return visible_openings(user).annotate(
        candidate_count=count_of(Candidate.objects.all()),
        pipeline=count_of(Candidate.objects.exclude(step__in=ENDS)),
        pending_feedback=count_of(OpeningFeedback.objects.filter(status=FeedbackStatus.PENDING)),
    )


def opening_revisions(opening: JobOpening) -> list[OpeningRevision]:
    """Newest first, with their authors."""
    return list(opening.revisions.select_related("author").order_by("-number"))


def opening_feedback(opening: JobOpening) -> list[OpeningFeedback]:
    return list(
        opening.feedback.select_related("author", "revision", "decided_by", "thanked_by").order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class Asked:
    """Who was asked about an opening (by the run-once claims of the ask emails)."""

    count: int
    first: dt.datetime | None
    last: dt.datetime | None


def opening_asked(opening: JobOpening) -> Asked:
    found = claims(ASK_KIND, f"{opening.pk}:").aggregate(n=Count("pk"), first=Min("claimed_at"), last=Max("claimed_at"))
    return Asked(count=found["n"], first=found["first"], last=found["last"])


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: ``kind`` is "same", "removed", "added" or "fold" (``text`` then says
    how many unchanged lines were folded). Line numbers in the older (a) and newer (b) text."""

    kind: str
    text: str
    a: int | None = None
    b: int | None = None


def _fold(lines: list[DiffLine], *, first: bool, last: bool) -> list[DiffLine]:
    """An unchanged run, shortened to DIFF_CONTEXT lines next to the changes around it."""
    keep_head = 0 if first else DIFF_CONTEXT
    keep_tail = 0 if last else DIFF_CONTEXT
    if len(lines) <= keep_head + keep_tail + 1:
        return lines
    hidden = len(lines) - keep_head - keep_tail
    word = "line" if hidden == 1 else "lines"
    folded = DiffLine("fold", f"{hidden} unchanged {word}")
    return [*lines[:keep_head], folded, *(lines[len(lines) - keep_tail :] if keep_tail else [])]


def line_diff(old: str, new: str) -> list[DiffLine]:
    """The line diff of two texts (difflib), unchanged runs folded. Plain text: templates escape it."""
    a, b = old.splitlines(), new.splitlines()
    out: list[DiffLine] = []
    # autojunk (difflib's default) changes nothing under 200 lines; past that it keeps a crafted pair
    # of 10,000 one-letter lines from taking seconds of every reader's request (3 s without it).
    opcodes = difflib.SequenceMatcher(a=a, b=b).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = [DiffLine("same", a[i1 + k], i1 + k + 1, j1 + k + 1) for k in range(i2 - i1)]
            out.extend(_fold(same, first=index == 0, last=index == len(opcodes) - 1))
            continue
        out.extend(DiffLine("removed", a[i], i + 1, None) for i in range(i1, i2))
        out.extend(DiffLine("added", b[j], None, j + 1) for j in range(j1, j2))
    return out


def diff_counts(lines: list[DiffLine]) -> dict[str, int]:
    return {
        "added": sum(1 for line in lines if line.kind == "added"),
        "removed": sum(1 for line in lines if line.kind == "removed"),
    }
