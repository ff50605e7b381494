"""The value scale of assists: HR leads add, rename, re-point and retire its steps. Past assists
keep the points they were logged with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from accounts.models import User
from core.changes import changed_fields

from ..models import AssistType
from .common import MetricsError, audit, require_hr

MSG_ASSIST_TYPE = "Unknown assist type {value!r}; choose one of the scale: {choices}."
MSG_ASSIST_TYPE_INACTIVE = "The assist type {name!r} is retired; choose another."
MSG_SCALE_POINTS = "Points must be a whole number of at least 1."
MSG_SCALE_NAME = "Give the assist type a name."
MSG_SCALE_EXISTS = "An assist type called {name!r} already exists."


def resolve_assist_type(value: AssistType | str | int) -> AssistType:
    """An AssistType from an instance, its key or its id; a clear error for anything unknown."""
    if isinstance(value, AssistType):
        found: AssistType | None = value
    else:
        text = str(value).strip()
        found = AssistType.objects.filter(key=text).first()
        if found is None and text.isascii() and text.isdigit() and len(text) < 12:
            found = AssistType.objects.filter(pk=int(text)).first()
    if found is None:
        choices = ", ".join(AssistType.objects.filter(is_active=True).values_list("key", flat=True))
        msg = MSG_ASSIST_TYPE.format(value=str(value)[:50], choices=choices)
        raise MetricsError(msg, code="unknown_assist_type", fields={"assist_type": [msg]})
    return found


# The seed's default scale (also loaded by migration 0002, which keeps its own copy as migrations must).
DEFAULT_ASSIST_SCALE = [
    ("decision-maker-introduction", "Introduction to a decision maker", 10),
    ("introduction", "Introduction", 5),
    ("prospect-insight", "Insight about a prospect", 3),
    ("general-information", "General information", 1),
]


def assist_scale_ensure_defaults() -> int:
    """Put the default scale back when the scale is empty (a flushed test database, a fresh
    restore). Returns how many types it created; an existing scale is never touched."""
    if AssistType.objects.exists():
        return 0
    AssistType.objects.bulk_create(
        AssistType(key=key, name=name, points=points, position=position)
        for position, (key, name, points) in enumerate(DEFAULT_ASSIST_SCALE)
    )
    return len(DEFAULT_ASSIST_SCALE)


@transaction.atomic
def assist_type_save(
    *,
    actor: User,
    assist_type: AssistType | None = None,
    name: str,
    points: Any,
    is_active: bool = True,
    position: int | None = None,
    now: dt.datetime | None = None,
) -> AssistType:
    """Add or change a step of the value scale. Past assists keep the points they were logged with."""
    require_hr(actor)
    name = name.strip()
    if not name:
        raise MetricsError(MSG_SCALE_NAME, fields={"name": [MSG_SCALE_NAME]})
    try:
        points_int = int(points)
    except (TypeError, ValueError):
        points_int = 0
    if points_int < 1 or points_int > 1_000_000:
        raise MetricsError(MSG_SCALE_POINTS, fields={"points": [MSG_SCALE_POINTS]})
    clash = AssistType.objects.filter(name__iexact=name)
    if assist_type is not None:
        clash = clash.exclude(pk=assist_type.pk)
    if clash.exists():
        msg = MSG_SCALE_EXISTS.format(name=name)
        raise MetricsError(msg, fields={"name": [msg]})
    if assist_type is None:
        key = slugify(name)[:40] or "type"
        base, n = key, 2
        while AssistType.objects.filter(key=key).exists():
            key, n = f"{base}-{n}", n + 1
        try:
            with transaction.atomic():  # two HR leads adding the same name at once: one wins cleanly
                row = AssistType.objects.create(
                    key=key,
                    name=name,
                    points=points_int,
                    is_active=is_active,
                    position=position if position is not None else AssistType.objects.count(),
                )
        except IntegrityError as exc:
            msg = MSG_SCALE_EXISTS.format(name=name)
            raise MetricsError(msg, fields={"name": [msg]}) from exc
        audit(actor, "assist_type.created", row, {"points": points_int}, now)
        return row
    values: dict[str, Any] = {"name": name, "points": points_int, "is_active": is_active}
    if position is not None:
        values["position"] = position
    changes = changed_fields(assist_type, values)
    if changes:
        assist_type.save(update_fields=list(changes))
        audit(actor, "assist_type.changed", assist_type, {"changes": changes}, now)
    return assist_type
