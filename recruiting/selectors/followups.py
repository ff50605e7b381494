"""What recruiting adds to listening's venue ranking (listening.registry.register_followup):
the candidates found among the people linked to a venue's conversations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from django.db.models import Count

from ..models import Candidate


def candidates_of(
    person_ids: Iterable[int], *, start: dt.datetime, end: dt.datetime, pilot_ids: Collection[int] | None
) -> Mapping[int, int]:
    """{person id: candidacies added between ``start`` and ``end``}, for the given people, in the
    pilots the reader may see (``pilot_ids``; None: every pilot). One query."""
    candidates = Candidate.objects.filter(person_id__in=list(person_ids), created_at__range=(start, end))
    if pilot_ids is not None:
        candidates = candidates.filter(opening__pilot_id__in=list(pilot_ids))
    rows = candidates.order_by().values("person_id").annotate(n=Count("id"))
    return {row["person_id"]: row["n"] for row in rows}
