"""The field diff of a correction: what a service writes into the audit event when it changes a row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models


def changed_fields(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``values`` to ``instance`` and return {field: [old, new]} for what actually changed."""
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_jsonable(old), _jsonable(new)]
            setattr(instance, name, new)
    return changes


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
