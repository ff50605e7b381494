"""Who may see and change people and companies.

- HR leads see and change everyone.
- Contributors who belong to at least one pilot see the directory, add people and companies, and
  edit the people and companies they added; only HR leads delete.
- Managers and contributors without a pilot have no access (managers read reports, not contact data).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from programs.access import can_log

from .models import Company, Person


def can_use_directory(user: User) -> bool:
    """Whoever may log work may use the directory (the people they log are in it): HR leads, and
    contributors in at least one pilot (programs.access.can_log)."""
    return can_log(user)


MSG_ERASED = "This person's data was erased; their record cannot be changed."


def can_edit_person(user: User, person: Person) -> bool:
    """HR leads, and the contributor who added them; nobody once the person is erased."""
    if person.erased_at is not None:
        return False
    return user.is_hr_lead or (can_use_directory(user) and person.created_by_id == user.pk)


def can_edit_company(user: User, company: Company) -> bool:
    return user.is_hr_lead or (can_use_directory(user) and company.created_by_id == user.pk)


def can_clear_do_not_contact(user: User) -> bool:
    """Clearing a person's "do not contact" is an HR lead's decision (with a note saying why)."""
    return user.is_hr_lead


def can_delete_people(user: User) -> bool:
    return user.is_hr_lead


def can_erase_people(user: User) -> bool:
    """Erasure answers a data-subject request for the firm: HR leads."""
    return user.is_hr_lead


def can_export_people(user: User) -> bool:
    """The export bundles what every app holds about a person (ledger rows, conversations) across
    pilots a contributor may not see: HR leads, who answer data-subject requests."""
    return user.is_hr_lead


def require_directory(user: User) -> None:
    if not can_use_directory(user):
        raise PermissionDenied


def get_person_for_user(user: User, pk: int, *, write: bool = False, delete: bool = False) -> Person:
    require_directory(user)
    try:
        person = Person.objects.select_related("company", "created_by").get(pk=pk)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    if delete and not can_delete_people(user):
        raise PermissionDenied
    if write and person.erased_at is not None:
        raise PermissionDenied(MSG_ERASED)
    if write and not can_edit_person(user, person):
        raise PermissionDenied
    return person


def get_company_for_user(user: User, pk: int, *, write: bool = False, delete: bool = False) -> Company:
    require_directory(user)
    try:
        company = Company.objects.get(pk=pk)
    except Company.DoesNotExist as exc:
        raise Http404 from exc
    if delete and not user.is_hr_lead:
        raise PermissionDenied
    if write and not can_edit_company(user, company):
        raise PermissionDenied
    return company
