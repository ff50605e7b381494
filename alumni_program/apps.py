"""The project package is the top layer: it may wire lower layers together.

Here the venue ranking (listening) learns what followed a venue's conversations from the ledger
(metrics), counted over the ranking's window, without either app importing the other (DESIGN.md's
layers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.apps import AppConfig
from django.utils import timezone


def _hires_of(person_ids: Any, *, start: dt.datetime, end: dt.datetime) -> Mapping[int, int]:
    from django.db.models import Count

    from metrics.models import Hire

    window = (timezone.localdate(start), timezone.localdate(end))
    rows = Hire.objects.filter(person_id__in=person_ids, date__range=window).values("person_id").annotate(n=Count("id"))
    return {row["person_id"]: row["n"] for row in rows}


def _introductions_of(person_ids: Any, *, start: dt.datetime, end: dt.datetime) -> Mapping[int, int]:
    from django.db.models import Count

    from metrics.models import Introduction

    window = (timezone.localdate(start), timezone.localdate(end))
    rows = (
        Introduction.objects.filter(on_behalf_of_id__in=person_ids, date__range=window)
        .values("on_behalf_of_id")
        .annotate(n=Count("id"))
    )
    return {row["on_behalf_of_id"]: row["n"] for row in rows}


class AlumniProgramConfig(AppConfig):
    name = "alumni_program"
    verbose_name = "Alumni Program"

    def ready(self) -> None:
        from listening.registry import register_followup

        register_followup(key="hires", label="Hires", counter=_hires_of)
        register_followup(key="introductions", label="Introductions on their behalf", counter=_introductions_of)
