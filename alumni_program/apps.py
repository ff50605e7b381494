"""The project package is the top layer: it may wire lower layers together.

Here the venue ranking (listening) learns what followed a venue's conversations from the ledger
(metrics), counted over the ranking's window and only in the pilots the reader may see, without
either app importing the other (DESIGN.md's layers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.apps import AppConfig
from django.utils import timezone


def _hires_of(
    person_ids: Any, *, start: dt.datetime, end: dt.datetime, pilot_ids: Collection[int] | None
) -> Mapping[int, int]:
    from django.db.models import Count

    from metrics.models import Hire

    window = (timezone.localdate(start), timezone.localdate(end))
    hires = Hire.objects.filter(person_id__in=person_ids, date__range=window)
    if pilot_ids is not None:
        hires = hires.filter(pilot_id__in=pilot_ids)
    rows = hires.values("person_id").annotate(n=Count("id"))
    return {row["person_id"]: row["n"] for row in rows}


def _introductions_of(
    person_ids: Any, *, start: dt.datetime, end: dt.datetime, pilot_ids: Collection[int] | None
) -> Mapping[int, int]:
    from django.db.models import Count

    from metrics.models import Introduction

    window = (timezone.localdate(start), timezone.localdate(end))
    introductions = Introduction.objects.filter(on_behalf_of_id__in=person_ids, date__range=window)
    if pilot_ids is not None:
        introductions = introductions.filter(pilot_id__in=pilot_ids)
    rows = introductions.values("on_behalf_of_id").annotate(n=Count("id"))
    return {row["on_behalf_of_id"]: row["n"] for row in rows}


class AlumniProgramConfig(AppConfig):
    name = "alumni_program"
    verbose_name = "Alumni Program"

    def ready(self) -> None:
        from listening.registry import register_followup

        register_followup(key="hires", label="Hires", counter=_hires_of)
        register_followup(key="introductions", label="Introductions on their behalf", counter=_introductions_of)
