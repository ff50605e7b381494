"""What Stage 3 holds about a person, for people's data export and erasure (people.registry),
under one section, ``bizdev.help_requests``. All of it hangs on their alumnus record:

- the help requests they asked us (title, text, kind, status, dates);
- the answers they gave to requests;
- our requests they were chosen for (which, when: not our text);
- the conflicts of interest recorded about them (company, reason, the disclosure written).

Erasure keeps every row, because the Stage 3 figures count them (alumni requests met and the time
to meet them, responses, the requests' audiences), and removes what they wrote and what names
them: the title and text of their requests and the text of their answers become "[erased]", they
leave the chosen alumni of our requests, and in the recorded conflicts their name becomes
"[erased]" (in the disclosure too). One "bizdev.records_erased" audit event records the counts.

It must run while their alumnus row exists (everything is found through it): see the report of
the Stage 3 work for the order of the erasure's sections.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record
from alumni.models import Alumnus
from people.models import Person
from people.registry import PersonalDataSection, register_personal_data

from .models import HelpRequest, HelpResponse
from .timeline import conflict_of, naming_conflicts

KEY = "bizdev.help_requests"
ERASED_TEXT = "[erased]"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_bizdev_records(person: Person) -> list[dict[str, Any]]:
    """Every Stage 3 row about ``person``, JSON-ready. A fixed number of queries."""
    alumnus = Alumnus.objects.filter(person=person).first()
    if alumnus is None:
        return []
    rows: list[dict[str, Any]] = [
        {
            "kind": "help_request_asked",
            "pilot": r.pilot.name,
            "request_kind": r.kind,
            "title": r.title,
            "body": r.body,
            "status": r.status,
            "via_link": r.via_link,
            "created_at": _iso(r.created_at),
            "answered_at": _iso(r.answered_at),
            "closed_at": _iso(r.closed_at),
        }
        for r in HelpRequest.objects.filter(alumnus=alumnus).select_related("pilot").order_by("created_at", "id")
    ]
    rows += [
        {
            "kind": "help_response",
            "request": r.request.title,
            "body": r.body,
            "created_at": _iso(r.created_at),
        }
        for r in HelpResponse.objects.filter(alumnus=alumnus).select_related("request").order_by("created_at", "id")
    ]
    rows += [
        {
            "kind": "chosen_for_request",
            "pilot": r.pilot.name,
            "request": r.title,
            "request_kind": r.kind,
            "created_at": _iso(r.created_at),
        }
        for r in HelpRequest.objects.filter(chosen_alumni=alumnus).select_related("pilot").order_by("created_at", "id")
    ]
    for r in HelpRequest.objects.filter(naming_conflicts(alumnus.pk)).order_by("created_at", "id"):
        conflict = conflict_of(r, alumnus.pk) or {}
        rows.append(
            {
                "kind": "conflict_of_interest",
                "request": r.title,
                "company": conflict.get("company", ""),
                "reason": conflict.get("reason", ""),
                "disclosure": r.disclosure,
                "disclosed_at": _iso(r.disclosed_at),
            }
        )
    return rows


def _scrub(text: str, name: str) -> str:
    """``text`` with ``name`` (any case) replaced by "[erased]"."""
    if not name.strip() or name == ERASED_TEXT:
        return text
    return re.sub(re.escape(name.strip()), ERASED_TEXT, text, flags=re.IGNORECASE)


def _erase_conflicts(alumnus_id: int) -> int:
    changed = 0
    for request in HelpRequest.objects.filter(naming_conflicts(alumnus_id)).select_for_update():
        names = []
        conflicts = []
        for row in request.conflicts or []:
            if isinstance(row, dict) and row.get("alumnus_id") == alumnus_id:
                names.append(str(row.get("alumnus_name") or ""))
                row = {**row, "alumnus_name": ERASED_TEXT}
            conflicts.append(row)
        disclosure = request.disclosure
        for name in names:
            disclosure = _scrub(disclosure, name)
        if conflicts != request.conflicts or disclosure != request.disclosure:
            request.conflicts, request.disclosure = conflicts, disclosure
            request.save(update_fields=["conflicts", "disclosure"])
            changed += 1
    return changed


@transaction.atomic
def erase_bizdev_records(person: Person, actor: User) -> int:
    """Blank what the alumnus wrote and what names them (see the module's docstring); the rows
    stay. One audit event with the counts; returns how many rows changed."""
    alumnus = Alumnus.objects.filter(person=person).first()
    if alumnus is None:
        return 0
    counts = {
        "requests_asked": HelpRequest.objects.filter(alumnus=alumnus)
        .exclude(title=ERASED_TEXT, body=ERASED_TEXT)
        .update(title=ERASED_TEXT, body=ERASED_TEXT),
        "responses": HelpResponse.objects.filter(alumnus=alumnus).exclude(body=ERASED_TEXT).update(body=ERASED_TEXT),
        "chosen_for": HelpRequest.chosen_alumni.through.objects.filter(alumnus=alumnus).delete()[0],
        "conflicts": _erase_conflicts(alumnus.pk),
    }
    changed = sum(counts.values())
    if changed:
        audit_record(actor=actor, verb="bizdev.records_erased", target=person, data=counts)
    return changed


SECTION = PersonalDataSection(
    key=KEY,
    label="Business development (help requests they asked, answers they gave, requests they were chosen for, "
    "conflicts of interest)",
    export=export_bizdev_records,
    erase=erase_bizdev_records,
    erase_order=-1,  # before alumni.records deletes the alumnus these rows are found through
)


def register() -> None:
    register_personal_data(SECTION)
