"""Companies: a domain identifies one; HR leads and whoever added one may edit it."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError

from ..access import can_edit_company, can_use_directory
from ..models import Company
from .common import PeopleError, delete_unless_referred, require
from .search_index import person_search_refresh

MSG_COMPANY_DOMAIN_TAKEN = "{domain} is already the domain of {company}."
MSG_COMPANY_NAME_TAKEN = "A company called {name} is already in the directory."
MSG_BAD_DOMAIN = "“{domain}” is not a domain name (e.g. example.com)."


DOMAIN_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")


def _normalise_domain(domain: str) -> str:
    domain = domain.strip().lower()
    for prefix in ("https://", "http://"):
        if domain.startswith(prefix):
            domain = domain[len(prefix) :]
    domain = domain.split("/")[0]
    if domain.startswith("www."):
        domain = domain[4:]
    return domain


def company_save(
    *,
    actor: User,
    name: str,
    domain: str = "",
    industry: str = "",
    relationship: str = Company.Relationship.OTHER,
    notes: str = "",
    company: Company | None = None,
    now: dt.datetime | None = None,
) -> Company:
    """Create a company, or update ``company``. The domain identifies a company. Any directory
    user may add one; HR leads and whoever added it may edit it."""
    require(can_use_directory(actor) if company is None else can_edit_company(actor, company))
    now = now or timezone.now()
    domain = _normalise_domain(domain)
    if relationship not in Company.Relationship.values:
        raise PeopleError("Unknown relationship.", fields={"relationship": ["Unknown relationship."]})
    if domain and not DOMAIN_RE.match(domain):
        msg = MSG_BAD_DOMAIN.format(domain=domain[:100])
        raise PeopleError(msg, fields={"domain": [msg]})
    same_name = Company.objects.filter(name__iexact=name.strip())
    if company is not None:
        same_name = same_name.exclude(pk=company.pk)
    if same_name.exists():
        msg = MSG_COMPANY_NAME_TAKEN.format(name=name.strip())
        raise ConflictError(msg, fields={"name": [msg]})
    if domain:
        clash = Company.objects.filter(domain__iexact=domain)
        if company is not None:
            clash = clash.exclude(pk=company.pk)
        other = clash.first()
        if other is not None:
            msg = MSG_COMPANY_DOMAIN_TAKEN.format(domain=domain, company=other)
            raise ConflictError(msg, fields={"domain": [msg]})
    values = {
        "name": name.strip(),
        "domain": domain,
        "industry": industry.strip(),
        "relationship": relationship,
        "notes": notes,
    }
    with transaction.atomic():
        if company is None:
            company = Company.objects.create(**values, created_by=actor, created_at=now, updated_at=now)
            audit_record(actor=actor, verb="company.created", target=company, now=now)
        else:
            changes = changed_fields(company, values)
            if changes:
                company.updated_at = now
                company.save(update_fields=[*changes, "updated_at"])
                if "name" in changes:  # the people's search text holds their company's name
                    person_search_refresh(company.people.all())
                audit_record(actor=actor, verb="company.updated", target=company, data={"changes": changes}, now=now)
    return company


def company_delete(*, actor: User, company: Company) -> None:
    require(actor.is_hr_lead)
    with transaction.atomic():
        people = list(company.people.values_list("pk", flat=True))
        audit_record(actor=actor, verb="company.deleted", target=company, data={"people": len(people)})
        delete_unless_referred(company, company.name)
        person_search_refresh(people)  # their search text no longer names the company
