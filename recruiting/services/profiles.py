"""Candidate profiles: the kinds of people a pilot's sponsor wants, ranked, and how to find them.

Rules (HR leads only: recruiting.access.can_manage):
- A name is required and unique within its pilot (the database agrees: profile_name_unique_per_pilot).
- Priority is 1 or more; 1 is the highest. Ties are allowed: profiles of the same priority are
  listed by name (the model's ordering), so reordering is editing one number, never a renumbering
  of the others.
- Keyword families and searches must serve the same pilot or the whole program (no pilot): a
  profile of one pilot cannot point at another pilot's searches.
- Deleting a profile keeps its openings (their profile becomes empty) and says how many.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from listening.models import KeywordFamily, Search
from metrics.services import UNSET, Unset
from programs.models import Pilot

from ..access import can_manage
from ..models import CandidateProfile

MSG_MANAGE = "Only an HR lead can add, change or delete candidate profiles."
MSG_NAME = "Give the profile a name, e.g. “Senior data engineers in the Nordics”."
MSG_NAME_TAKEN = "{pilot} already has a profile called “{name}”; choose another name or edit that one."
MSG_PRIORITY = "The priority is a whole number from 1 (the highest) up."
MSG_FOREIGN_FAMILY = "Choose keyword families of {pilot} or of the whole program: {names} belong to another pilot."
MSG_FOREIGN_SEARCH = "Choose searches of {pilot} or of the whole program: {names} belong to another pilot."
MAX_PRIORITY = 999


def _check_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_MANAGE)


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError(MSG_NAME, fields={"name": [MSG_NAME]})
    return name[:150]


def _check_priority(priority: int) -> None:
    if not 1 <= priority <= MAX_PRIORITY:
        raise DomainError(MSG_PRIORITY, fields={"priority": [MSG_PRIORITY]})


def _check_name_free(pilot: Pilot, name: str, exclude: int | None = None) -> None:
    taken = CandidateProfile.objects.filter(pilot=pilot, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        message = MSG_NAME_TAKEN.format(pilot=pilot.name, name=name)
        raise ConflictError(message, fields={"name": [message]})


def _of_pilot(pilot: Pilot) -> Q:
    return Q(pilot__isnull=True) | Q(pilot=pilot)


def _check_links(pilot: Pilot, families: list[KeywordFamily], searches: list[Search]) -> None:
    """Families and searches must serve ``pilot`` or the whole program."""
    foreign = [f for f in families if f.pilot_id not in (None, pilot.pk)]
    if foreign:
        message = MSG_FOREIGN_FAMILY.format(pilot=pilot.name, names=", ".join(str(f) for f in foreign))
        raise DomainError(message, fields={"families": [message]})
    foreign_searches = [s for s in searches if s.pilot_id not in (None, pilot.pk)]
    if foreign_searches:
        names = ", ".join(f"“{s.name}”" for s in foreign_searches)
        message = MSG_FOREIGN_SEARCH.format(pilot=pilot.name, names=names)
        raise DomainError(message, fields={"searches": [message]})


def linkable_families(pilot: Pilot | None = None) -> Any:
    """Keyword families a profile of ``pilot`` may link (all, when the pilot is not chosen yet)."""
    qs = KeywordFamily.objects.select_related("pilot").order_by("name")
    return qs.filter(_of_pilot(pilot)) if pilot is not None else qs


def linkable_searches(pilot: Pilot | None = None) -> Any:
    qs = Search.objects.select_related("pilot").order_by("name")
    return qs.filter(_of_pilot(pilot)) if pilot is not None else qs


@transaction.atomic
def profile_create(
    *,
    actor: User,
    pilot: Pilot,
    name: str,
    description: str = "",
    priority: int = 1,
    families: Iterable[KeywordFamily] = (),
    searches: Iterable[Search] = (),
    now: dt.datetime | None = None,
) -> CandidateProfile:
    _check_manager(actor)
    now = now or timezone.now()
    name = _clean_name(name)
    _check_priority(priority)
    family_list, search_list = list(families), list(searches)
    _check_links(pilot, family_list, search_list)
    _check_name_free(pilot, name)
    profile = CandidateProfile(
        pilot=pilot,
        name=name,
        description=description.strip()[:2000],
        priority=priority,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as exc:  # a concurrent profile of the same name
        message = MSG_NAME_TAKEN.format(pilot=pilot.name, name=name)
        raise ConflictError(message, fields={"name": [message]}) from exc
    profile.families.set(family_list)
    profile.searches.set(search_list)
    audit_record(
        actor=actor,
        verb="profile.created",
        target=profile,
        data={
            "pilot": pilot.pk,
            "priority": priority,
            "families": sorted(f.pk for f in family_list),
            "searches": sorted(s.pk for s in search_list),
        },
        now=now,
    )
    return profile


def _set_links(profile: CandidateProfile, name: str, wanted: list[Any] | None) -> list[list[int]] | None:
    """Replace the families or searches of ``profile``; [old ids, new ids] when they changed."""
    if wanted is None:
        return None
    manager = getattr(profile, name)
    old = sorted(manager.values_list("pk", flat=True))
    new = sorted(x.pk for x in wanted)
    if old == new:
        return None
    manager.set(wanted)
    return [old, new]


@transaction.atomic
def profile_update(
    *,
    actor: User,
    profile: CandidateProfile,
    name: str | Unset = UNSET,
    description: str | Unset = UNSET,
    priority: int | Unset = UNSET,
    families: Iterable[KeywordFamily] | Unset = UNSET,
    searches: Iterable[Search] | Unset = UNSET,
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    """Correct a profile; the fields not given keep their values. Returns the diff (audited as
    "profile.changed"; nothing is written or audited when nothing changed)."""
    _check_manager(actor)
    now = now or timezone.now()
    values: dict[str, Any] = {}
    if not isinstance(name, Unset):
        values["name"] = _clean_name(name)
        _check_name_free(profile.pilot, values["name"], exclude=profile.pk)
    if not isinstance(description, Unset):
        values["description"] = description.strip()[:2000]
    if not isinstance(priority, Unset):
        _check_priority(priority)
        values["priority"] = priority
    family_list = None if isinstance(families, Unset) else list(families)
    search_list = None if isinstance(searches, Unset) else list(searches)
    _check_links(profile.pilot, family_list or [], search_list or [])
    changes = changed_fields(profile, values)
    if changes:
        profile.updated_at = now
        profile.save(update_fields=[*changes, "updated_at"])
    for link, wanted in (("families", family_list), ("searches", search_list)):
        diff = _set_links(profile, link, wanted)
        if diff is not None:
            changes[link] = diff
    if changes:
        audit_record(actor=actor, verb="profile.changed", target=profile, data={"changes": changes}, now=now)
    return changes


@transaction.atomic
def profile_delete(*, actor: User, profile: CandidateProfile, now: dt.datetime | None = None) -> int:
    """Delete a profile; its openings stay, without a profile. Returns how many openings it had."""
    _check_manager(actor)
    openings = profile.openings.count()
    audit_record(
        actor=actor,
        verb="profile.deleted",
        target=profile,
        data={"pilot": profile.pilot_id, "name": profile.name, "openings": openings},
        now=now,
    )
    profile.delete()
    return openings
