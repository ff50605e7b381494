"""Each sponsor's legacy cost baseline per period (what a hire and a sale cost the old way): HR
leads create, correct and delete them; periods of one sponsor may not overlap. Who may read them:
metrics.access.can_see_baselines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.changes import changed_fields
from programs.models import SponsorOrganization

from ..models import LegacyCostBaseline
from .common import MSG_NEGATIVE_DAYS, MetricsError, audit, money, require_hr
from .ledger import UNSET, Unset, given

MSG_BASELINE_OVERLAP = "{sponsor} already has a baseline for {start} – {end}; adjust that one or pick other dates."
MSG_BASELINE_PERIOD = "The period's end cannot be before its start."
MSG_SOURCE_NOTE = "Say where the baseline's figures come from, so a manager can check them."
MSG_REQUIRED = "This field is required."

BASELINE_MONEY = ("travel_per_hire", "recruiter_fees_per_hire", "job_ads_per_hire", "other_per_hire", "point_value")
BASELINE_FIELDS = (
    "sponsor",
    "valid_from",
    "valid_to",
    *BASELINE_MONEY,
    "time_to_hire_days",
    "sales_cycle_days",
    "sales_cycle_day_value",
    "source_note",
)
REQUIRED = ("sponsor", "valid_from", "valid_to")

Amount = Decimal | int | str | None


def _validate(row: LegacyCostBaseline) -> None:
    if row.valid_to < row.valid_from:
        raise MetricsError(MSG_BASELINE_PERIOD, fields={"valid_to": [MSG_BASELINE_PERIOD]})
    if not (row.source_note or "").strip():
        raise MetricsError(MSG_SOURCE_NOTE, fields={"source_note": [MSG_SOURCE_NOTE]})
    for name in BASELINE_MONEY:
        setattr(row, name, money(getattr(row, name), name))
    # Empty stays empty: Stage 3 then shows days saved in days only (no money attributed).
    day_value = row.sales_cycle_day_value
    row.sales_cycle_day_value = None if day_value in (None, "") else money(day_value, "sales_cycle_day_value")
    for name in ("time_to_hire_days", "sales_cycle_days"):
        value = getattr(row, name)
        if value is not None and value < 0:
            raise MetricsError(MSG_NEGATIVE_DAYS, fields={name: [MSG_NEGATIVE_DAYS]})
    overlapping = (
        LegacyCostBaseline.objects.select_for_update()
        .filter(sponsor=row.sponsor_id, valid_from__lte=row.valid_to, valid_to__gte=row.valid_from)
        .exclude(pk=row.pk)
        .first()
    )
    if overlapping is not None:
        msg = MSG_BASELINE_OVERLAP.format(
            sponsor=row.sponsor, start=overlapping.valid_from.isoformat(), end=overlapping.valid_to.isoformat()
        )
        raise MetricsError(msg, code="overlap", fields={"valid_from": [msg]})


def _lock_sponsors(*sponsor_ids: int) -> None:
    """Serialise baseline writes per sponsor (in id order, so two writers cannot deadlock) so two
    overlapping periods can't both pass the overlap check."""
    for sponsor_id in sorted(set(sponsor_ids)):
        SponsorOrganization.objects.select_for_update().filter(pk=sponsor_id).first()


@transaction.atomic
def baseline_save(
    *,
    actor: User,
    baseline: LegacyCostBaseline | None = None,
    sponsor: SponsorOrganization | Unset = UNSET,
    valid_from: dt.date | Unset = UNSET,
    valid_to: dt.date | Unset = UNSET,
    travel_per_hire: Amount | Unset = UNSET,
    recruiter_fees_per_hire: Amount | Unset = UNSET,
    job_ads_per_hire: Amount | Unset = UNSET,
    other_per_hire: Amount | Unset = UNSET,
    point_value: Amount | Unset = UNSET,
    time_to_hire_days: int | Unset | None = UNSET,
    sales_cycle_days: int | Unset | None = UNSET,
    sales_cycle_day_value: Amount | Unset = UNSET,
    source_note: str | Unset = UNSET,
    now: dt.datetime | None = None,
) -> LegacyCostBaseline:
    """Create (baseline=None; sponsor and period required) or correct a sponsor's legacy cost
    baseline; the fields not given keep their values. Periods of one sponsor may not overlap."""
    require_hr(actor)
    values = given(
        sponsor=sponsor,
        valid_from=valid_from,
        valid_to=valid_to,
        travel_per_hire=travel_per_hire,
        recruiter_fees_per_hire=recruiter_fees_per_hire,
        job_ads_per_hire=job_ads_per_hire,
        other_per_hire=other_per_hire,
        point_value=point_value,
        time_to_hire_days=time_to_hire_days,
        sales_cycle_days=sales_cycle_days,
        sales_cycle_day_value=sales_cycle_day_value,
        source_note=source_note,
    )
    if baseline is None:
        missing = [name for name in REQUIRED if values.get(name) is None]
        if missing:
            raise MetricsError(MSG_REQUIRED, fields={name: [MSG_REQUIRED] for name in missing})
        row = LegacyCostBaseline(created_by=actor, created_at=now or timezone.now(), **values)
        _lock_sponsors(row.sponsor_id)
        _validate(row)
        row.save()
        audit(actor, "baseline.created", row, {"sponsor": row.sponsor_id}, now)
        return row
    old_sponsor = baseline.sponsor_id
    changes = changed_fields(baseline, values)
    # A baseline moved to another sponsor races with that sponsor's writes too: lock both.
    _lock_sponsors(old_sponsor, baseline.sponsor_id)
    _validate(baseline)
    if changes:
        baseline.save(update_fields=list(changes))
        audit(actor, "baseline.corrected", baseline, {"changes": changes}, now)
    return baseline


@transaction.atomic
def baseline_delete(*, actor: User, baseline: LegacyCostBaseline, now: dt.datetime | None = None) -> None:
    require_hr(actor)
    audit(actor, "baseline.deleted", baseline, {"sponsor": baseline.sponsor_id}, now)
    baseline.delete()
