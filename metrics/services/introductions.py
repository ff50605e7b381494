"""Introductions an employee made on someone's behalf: record, correct, confirm as meaningful, delete.

A person marked do-not-contact (the one introduced, or the person they were introduced to) is
refused unless the actor gives an override reason (people.consent.check_contact), which is
recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ForbiddenError
from people.consent import OVERRIDE_FIELD, check_contact, contact_allowed
from people.models import Company, Person
from programs.models import Pilot

from .. import rollups
from ..access import can_confirm_introduction
from ..models import Introduction, IntroductionKind, IntroductionPurpose
from .common import MetricsError, audit, check_choice, check_date, check_employee, check_pilot, today
from .ledger import UNSET, Unset, given, ledger_correct, ledger_delete, ledger_record, person_of, second_person
from .wins import win_sync

MSG_INTRO_TARGET = "Say whom the introduction was to: a person, a company, or both."
MSG_INTRO_SELF = "Someone cannot be introduced to themselves."
MSG_CONFIRM = "Only an HR lead or a champion of this pilot can confirm an introduction as meaningful."
MSG_CONFIRM_PERSON = "Only the person introduced can confirm this introduction through their link."
OUTCOME_MAX = 500


def _validate(row: Introduction, now: dt.datetime | None, actor: User, *, employee: bool = True) -> None:
    if row.to_person_id is None and row.to_company_id is None:
        raise MetricsError(MSG_INTRO_TARGET, fields={"to_person": [MSG_INTRO_TARGET]})
    if row.to_person_id is not None and row.to_person_id == row.on_behalf_of_id:
        raise MetricsError(MSG_INTRO_SELF, fields={"to_person": [MSG_INTRO_SELF]})
    check_choice(row.purpose, IntroductionPurpose, "purpose", "purpose")
    check_choice(row.on_behalf_kind, IntroductionKind, "on_behalf_kind", "kind of person")
    check_date(row.date, "date", now)
    if employee:
        check_employee(actor, row.made_by, row.pilot, "made_by")


def _check_consent(
    row: Introduction, *, actor: User, override: str, now: dt.datetime | None, only: set[str] | None = None
) -> bool:
    """Refuse a do-not-contact subject without an override reason; True when one was overridden.
    ``only``: check just these fields (a correction re-checks only the people it changes)."""
    overridden = False
    for name in ("on_behalf_of", "to_person"):
        person: Person | None = getattr(row, name)
        if person is None or (only is not None and name not in only):
            continue
        if not contact_allowed(person):
            check_contact(person=person, actor=actor, purpose="introduction", override_reason=override, now=now)
            overridden = True
    return overridden


@transaction.atomic
def introduction_record(
    *,
    actor: User,
    pilot: Pilot,
    on_behalf_of: Person,
    to_person: Person | None = None,
    to_company: Company | None = None,
    purpose: str = IntroductionPurpose.JOB,
    on_behalf_kind: str = IntroductionKind.ALUMNUS,
    made_by: User | None = None,
    date: dt.date | None = None,
    outcome: str = "",
    contact_override: str = "",
    now: dt.datetime | None = None,
) -> Introduction:
    """Log an introduction. ``contact_override``: why it goes ahead although someone on it asked
    not to be contacted (refused without it; recorded with it)."""
    check_pilot(actor, pilot)
    row = Introduction(
        made_by=made_by or actor,
        on_behalf_of=on_behalf_of,
        on_behalf_kind=on_behalf_kind,
        to_person=to_person,
        to_company=to_company,
        purpose=purpose,
        pilot=pilot,
        stage=pilot.stage,
        date=date or today(now),
        outcome=outcome.strip(),
        created_by=actor,
        created_at=now or timezone.now(),
    )
    _validate(row, now, actor)
    # ledger_record names the person introduced to as the event's second person (second_person).
    data: dict[str, object] = {"pilot": pilot.pk, "purpose": row.purpose}
    if _check_consent(row, actor=actor, override=contact_override, now=now):
        data[OVERRIDE_FIELD] = contact_override.strip()[:500]
    return ledger_record(actor=actor, row=row, data=data, now=now)


@transaction.atomic
def introduction_update(
    *,
    actor: User,
    introduction: Introduction,
    pilot: Pilot | Unset | None = UNSET,
    on_behalf_of: Person | Unset = UNSET,
    on_behalf_kind: str | Unset = UNSET,
    to_person: Person | Unset | None = UNSET,
    to_company: Company | Unset | None = UNSET,
    purpose: str | Unset = UNSET,
    made_by: User | Unset = UNSET,
    date: dt.date | Unset = UNSET,
    outcome: str | Unset | None = UNSET,
    contact_override: str = "",
    now: dt.datetime | None = None,
) -> Introduction:
    """Correct an introduction; the fields not given keep their values. A new pilot must be one
    the actor works in. Naming someone marked do-not-contact needs ``contact_override``."""
    values = given(
        pilot=pilot,
        on_behalf_of=on_behalf_of,
        on_behalf_kind=on_behalf_kind,
        to_person=to_person,
        to_company=to_company,
        purpose=purpose,
        made_by=made_by,
        date=date,
        outcome=outcome,
    )

    def prepare(values: dict[str, object]) -> None:
        if "outcome" in values:
            values["outcome"] = str(values["outcome"] or "").strip()

    def validate(row: Introduction, changed: set[str]) -> None:
        # The maker is checked only when the correction changes who or where: a row made by
        # someone who has since left the pilot (or the firm) stays correctable.
        _validate(row, now, actor, employee=bool({"made_by", "pilot"} & changed))
        _check_consent(row, actor=actor, override=contact_override, now=now, only=changed)

    ledger_correct(actor=actor, row=introduction, values=values, prepare=prepare, validate=validate, now=now)
    return introduction


@transaction.atomic
def introduction_confirm(
    *, actor: User, introduction: Introduction, meaningful: bool = True, now: dt.datetime | None = None
) -> Introduction:
    """Mark an introduction meaningful (it led somewhere), or take that back."""
    if not can_confirm_introduction(actor, introduction):
        raise ForbiddenError(MSG_CONFIRM)
    now = now or timezone.now()
    _set_meaningful(introduction, meaningful=meaningful, by=actor, now=now)
    verb = "introduction.confirmed" if meaningful else "introduction.unconfirmed"
    audit(actor, verb, introduction, second_person(introduction), now, person_id=person_of(introduction))
    return introduction


def _set_meaningful(
    introduction: Introduction, *, meaningful: bool, by: User | None, now: dt.datetime, outcome: str | None = None
) -> None:
    """The confirmation's write, shared by both ways of confirming: the flag, who and when, the
    outcome when one is given, with the rollups and the row's win kept in step."""
    introduction.meaningful = meaningful
    introduction.confirmed_by = by if meaningful else None
    introduction.confirmed_at = now if meaningful else None
    fields = ["meaningful", "confirmed_by", "confirmed_at"]
    if outcome is not None:
        introduction.outcome = outcome
        fields.append("outcome")
    with rollups.kept_in_step(introduction):
        introduction.save(update_fields=fields)
    win_sync(introduction)


@transaction.atomic
def introduction_confirm_by_person(
    *, introduction: Introduction, person: Person, outcome: str = "", now: dt.datetime | None = None
) -> Introduction:
    """The person introduced confirms, through a signed link and without an account, that the
    introduction was meaningful to them: meaningful, confirmed now by no user, ``outcome`` (what came
    of it, in their words) appended to the row's outcome within its 500 characters. The caller
    (the stage app that sent the link) has checked the link; ``person`` must be the one introduced."""
    if person.pk != introduction.on_behalf_of_id:
        raise ForbiddenError(MSG_CONFIRM_PERSON)
    now = now or timezone.now()
    said = " ".join(outcome.split())
    joined = " — ".join(part for part in (introduction.outcome.strip(), said) if part)[:OUTCOME_MAX]
    # Already confirmed (by an HR lead or champion): who confirmed it and when stay as they were.
    by = introduction.confirmed_by if introduction.meaningful else None
    when = introduction.confirmed_at if introduction.meaningful and introduction.confirmed_at else now
    _set_meaningful(introduction, meaningful=True, by=by, now=when, outcome=joined)
    data = {**second_person(introduction), "by": "alumnus link"}
    audit_record(
        actor=None,
        verb="introduction.confirmed",
        target=introduction,
        data=data,
        person_id=person_of(introduction),
        now=now,
    )
    return introduction


@transaction.atomic
def introduction_delete(*, actor: User, introduction: Introduction, now: dt.datetime | None = None) -> None:
    ledger_delete(actor=actor, row=introduction, now=now)
