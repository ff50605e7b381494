"""What an invitation can bring along besides an account, without accounts importing the apps
above it (DESIGN.md's layers: accounts sits below programs, so it cannot create a pilot membership).

An app registers one *placement* in its AppConfig.ready(); programs registers "join a pilot with a
role":

    register_placement(InvitationPlacement(
        key="pilot", label="Pilot", role_label="Role in the pilot", role_choices=[...],
        options=lambda actor: [("3", "Engineers on Mastodon (Engineering)"), ...],
        attach=lambda *, actor, invitation, value, role, now: ...,   # raises DomainError
        describe=lambda invitation_ids: {12: ["Engineers on Mastodon as champion"]},
        accept=lambda *, invitation, user, now: ...,
    ))

- ``options(actor)``: what the HR lead may choose on Team → Invitations (value, label).
- ``attach(...)`` runs inside ``accounts.services.invitation_create``'s transaction, after the
  invitation row exists; a DomainError it raises (its ``fields`` under ``key`` / ``<key>_role``)
  rolls the whole invitation back, email included.
- ``describe(ids)`` says, in a fixed number of queries, what each invitation brings along: the
  invitation list, the acceptance page and the email show it.
- ``accept(...)`` runs inside ``accounts.services.invitation_accept``'s transaction, once the
  account exists: the "after accept" step. It must not raise for an invitation it knows nothing
  about; if it raises, the acceptance is rolled back and nothing is half-done.

The invitation form gets two optional fields per placement: ``<key>`` and ``<key>_role``.

An app that knows who asked not to be emailed registers a *do-not-email check* in its
AppConfig.ready(); people registers "a person marked do-not-contact has this address":

    register_do_not_email("people", lambda email: ...)   # True: no invitation goes to it

``accounts.services.invitation_create`` and ``invitation_resend`` refuse an address any check
claims, before anything is written or sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Invitation, User


@dataclass(frozen=True)
class InvitationPlacement:
    key: str
    label: str
    role_label: str
    role_choices: Sequence[tuple[str, str]]
    options: Callable[[User], Sequence[tuple[str, str]]]
    attach: Callable[..., Any]
    describe: Callable[[Sequence[int]], Mapping[int, list[str]]]
    accept: Callable[..., Any]
    help_text: str = ""


_PLACEMENTS: dict[str, InvitationPlacement] = {}


def register_placement(placement: InvitationPlacement) -> None:
    """Register (or replace, so a reloaded app config is harmless) one placement by its key."""
    _PLACEMENTS[placement.key] = placement


def placements() -> list[InvitationPlacement]:
    return list(_PLACEMENTS.values())


def placement(key: str) -> InvitationPlacement | None:
    return _PLACEMENTS.get(key)


def describe_invitations(invitation_ids: Sequence[int]) -> dict[int, list[str]]:
    """Every placement's phrases for each invitation id ("Engineers on Mastodon as champion")."""
    described: dict[int, list[str]] = {pk: [] for pk in invitation_ids}
    if not invitation_ids:
        return described
    for item in _PLACEMENTS.values():
        for pk, phrases in item.describe(invitation_ids).items():
            described.setdefault(pk, []).extend(phrases)
    return described


def run_after_accept(*, invitation: Invitation, user: User, now: dt.datetime) -> None:
    """Every placement's "after accept" step, in registration order."""
    for item in _PLACEMENTS.values():
        item.accept(invitation=invitation, user=user, now=now)


# --- Addresses that must not get an invitation email -----------------------------------------

_DO_NOT_EMAIL: dict[str, Callable[[str], bool]] = {}


def register_do_not_email(key: str, check: Callable[[str], bool]) -> None:
    """Register (or replace, by ``key``) a check: ``check(email)`` is True when no invitation may
    be emailed to that address (lower-cased and stripped)."""
    _DO_NOT_EMAIL[key] = check


def must_not_email(email: str) -> bool:
    """Does any registered check forbid emailing an invitation to ``email``?"""
    address = email.strip().lower()
    return any(check(address) for check in _DO_NOT_EMAIL.values())
