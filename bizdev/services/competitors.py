"""The list of prospects' competitors (ProspectCompetitor): "this company competes with that
prospect", read by the conflict-of-interest rule (bizdev.rules). HR leads keep it.

Rules: both companies given (chosen, or typed: an existing company of that name, else a new one),
two different companies, each pair once.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import Company

from ..access import can_manage
from ..models import ProspectCompetitor
from .opportunities import resolve_company

MSG_HR_ONLY = "Only an HR lead can change the list of competitors."
MSG_PROSPECT = "Choose the prospect, or type a new company's name."
MSG_COMPETITOR = "Choose the competitor, or type a new company's name."
MSG_BOTH = "Choose a company or type a new one's name, not both."
MSG_SAME = "A company does not compete with itself: choose two different companies."
MSG_EXISTS = "{competitor} is already listed as a competitor of {prospect}."

PHRASES: dict[str, str] = {
    "prospect_competitor.added": "Competitor pair {target} listed",
    "prospect_competitor.removed": "Competitor pair {target} removed",
}


def _error(message: str, field: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def require_manager(actor: User) -> None:
    if not can_manage(actor):
        raise ForbiddenError(MSG_HR_ONLY)


def _name(company: Company | None, typed: str, field: str, missing: str) -> str:
    name = " ".join(str(typed or "").split())[:200]
    if company is not None and name:
        raise _error(MSG_BOTH, field)
    if company is None and not name:
        raise _error(missing, field)
    return name


@transaction.atomic
def competitor_pair_add(
    *,
    actor: User,
    prospect: Company | None = None,
    competitor: Company | None = None,
    new_prospect: str = "",
    new_competitor: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> ProspectCompetitor:
    """List ``competitor`` as competing with ``prospect``."""
    require_manager(actor)
    prospect_name = _name(prospect, new_prospect, "prospect", MSG_PROSPECT)
    competitor_name = _name(competitor, new_competitor, "competitor", MSG_COMPETITOR)
    # Decide "the same company" before anything is created.
    same_typed = bool(prospect_name) and prospect_name.casefold() == competitor_name.casefold()
    if same_typed or (prospect is not None and competitor is not None and prospect.pk == competitor.pk):
        raise _error(MSG_SAME, "competitor")
    for chosen, typed in ((prospect, competitor_name), (competitor, prospect_name)):
        if chosen is not None and typed and chosen.name.casefold() == typed.casefold():
            raise _error(MSG_SAME, "competitor")
    prospect_row = resolve_company(actor, prospect, prospect_name, relationship=Company.Relationship.PROSPECT)
    competitor_row = resolve_company(actor, competitor, competitor_name, relationship=Company.Relationship.OTHER)
    if prospect_row.pk == competitor_row.pk:
        raise _error(MSG_SAME, "competitor")
    if ProspectCompetitor.objects.filter(prospect=prospect_row, competitor=competitor_row).exists():
        msg = MSG_EXISTS.format(competitor=competitor_row.name, prospect=prospect_row.name)
        raise ConflictError(msg, fields={"competitor": [msg]})
    try:
        with transaction.atomic():
            pair = ProspectCompetitor.objects.create(
                prospect=prospect_row,
                competitor=competitor_row,
                note=str(note or "").strip()[:300],
                created_by=actor,
                created_at=now or timezone.now(),
            )
    except IntegrityError as exc:  # the same pair, added at the same moment by someone else
        msg = MSG_EXISTS.format(competitor=competitor_row.name, prospect=prospect_row.name)
        raise ConflictError(msg, fields={"competitor": [msg]}) from exc
    audit_record(
        actor=actor,
        verb="prospect_competitor.added",
        target=pair,
        data={"prospect": prospect_row.pk, "competitor": competitor_row.pk},
        now=now,
    )
    return pair


@transaction.atomic
def competitor_pair_remove(*, actor: User, pair: ProspectCompetitor, now: dt.datetime | None = None) -> None:
    require_manager(actor)
    audit_record(
        actor=actor,
        verb="prospect_competitor.removed",
        target=pair,
        data={"prospect": pair.prospect_id, "competitor": pair.competitor_id},
        now=now,
    )
    pair.delete()
