"""The steps every ledger row (introduction, assist, hire) goes through when it is recorded,
corrected or deleted, written once for the three of them:

- record: the rollups kept in step with the insert, the row's win, "<noun>.recorded" audited;
- correct: may the actor correct it, the pilot moved (taking that pilot's stage), the field diff,
  the kind's own validation, then the save, the win and "<noun>.corrected" with the diff;
- delete: may the actor delete it, "<noun>.deleted" audited, the rollups kept in step.

Each kind's module (introductions, assists, hires) names its correctable fields as typed
keyword-only parameters that default to ``UNSET`` ("leave as it is"), and hands what was given to
``ledger_correct``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar

from django.db import models

from accounts.models import User
from core.changes import changed_fields
from core.errors import ForbiddenError
from people.services.privacy import related_person

from .. import rollups
from ..access import can_edit_row
from ..models import Assist, Hire, Introduction
from .common import audit, check_pilot
from .wins import win_sync

MSG_EDIT_OWN = "You can correct only the entries you logged; ask an HR lead for the others."

Row = TypeVar("Row", Introduction, Assist, Hire)


class Unset(enum.Enum):
    """The default of a correctable field: not given, so the row keeps its value."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


def given(**fields: Any) -> dict[str, Any]:
    """The fields a correction names (everything but UNSET)."""
    return {name: value for name, value in fields.items() if value is not UNSET}


def person_of(row: Introduction | Assist | Hire) -> int:
    """The person a ledger row is about, for the audit log's person filter."""
    if isinstance(row, Introduction):
        return int(row.on_behalf_of_id)
    return int(row.person_id)


def second_person(row: Introduction | Assist | Hire) -> dict[str, int]:
    """An introduction's events are filed under the person introduced (person_of) and name the
    one they were introduced to by id, so the audit log's person filter and erasure find every
    event of the row (recorded, corrected, deleted) for either of them."""
    return related_person(row.to_person_id) if isinstance(row, Introduction) else {}


@contextlib.contextmanager
def _upkeep(row: models.Model) -> Iterator[None]:
    """Keep the daily rollups in step with a write of ``row`` (introductions and assists have them)."""
    if isinstance(row, (Introduction, Assist)):
        with rollups.kept_in_step(row):
            yield
    else:
        yield


def check_editable(actor: User, row: Introduction | Assist | Hire) -> None:
    """HR leads correct anything; a contributor corrects what they logged, in a pilot they work in."""
    if not can_edit_row(actor, row):
        raise ForbiddenError(MSG_EDIT_OWN)


def repilot(actor: User, row: Any, values: dict[str, Any], *, check_member: bool = True) -> None:
    """A correction that moves a row to another pilot takes that pilot's stage; naming the same
    pilot again (or none) changes nothing (the row keeps the stage it was logged in)."""
    pilot = values.get("pilot")
    if pilot is None or pilot.pk == row.pilot_id:
        values.pop("pilot", None)
        return
    if check_member:
        check_pilot(actor, pilot)
    values["stage"] = pilot.stage


def ledger_record(*, actor: User, row: Row, data: dict[str, Any], now: dt.datetime | None) -> Row:
    """Insert a validated new row, give it its win, audit "<noun>.recorded" with ``data``."""
    with _upkeep(row):
        row.save()
    win_sync(row, created=True)
    data = {**data, **second_person(row)}
    audit(actor, f"{row._meta.model_name}.recorded", row, data, now, person_id=person_of(row))
    return row


def ledger_correct(
    *,
    actor: User,
    row: Row,
    values: dict[str, Any],
    validate: Callable[[Row, set[str]], None],
    prepare: Callable[[dict[str, Any]], None] | None = None,
    derived: tuple[str, ...] = (),
    now: dt.datetime | None,
) -> dict[str, list[Any]]:
    """Apply a correction to ``row``: the actor may correct it, a new pilot must be workable,
    ``prepare(values)`` normalises the kind's values (strip, resolve, round) before the diff,
    ``validate(row, changed_names)`` checks the corrected row (it may recompute ``derived``
    columns, saved with the change). Nothing is written when a check refuses. Returns the diff."""
    check_editable(actor, row)
    repilot(actor, row, values)
    if prepare is not None:
        prepare(values)
    changes: dict[str, list[Any]] = changed_fields(row, values)
    validate(row, set(changes))
    if changes:
        with _upkeep(row):
            row.save(update_fields=[*changes, *derived])
        win_sync(row)
        data = {"changes": changes, **second_person(row)}
        audit(actor, f"{row._meta.model_name}.corrected", row, data, now, person_id=person_of(row))
    return changes


def ledger_delete(*, actor: User, row: Introduction | Assist | Hire, now: dt.datetime | None) -> None:
    """Delete ``row`` (its win goes with it), audited first so the event keeps its description."""
    check_editable(actor, row)
    data = {"pilot": row.pilot_id, **second_person(row)}
    audit(actor, f"{row._meta.model_name}.deleted", row, data, now, person_id=person_of(row))
    with _upkeep(row):
        row.delete()
