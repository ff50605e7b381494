"""Who may see and change which pilot.

- HR leads see and change every pilot.
- Contributors see the pilots they are members of, and may update their checklists and
  acknowledge their policies.
- Managers read the pilots of the sponsor organizations they manage.
Anything else is a 404, so the existence of other pilots is not revealed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User

from .models import Membership, Pilot, PilotStep, SharingPolicy, SponsorOrganization


def visible_pilots(user: User) -> QuerySet[Pilot]:
    qs = Pilot.objects.select_related("sponsor")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    # Subqueries rather than joins: a join on memberships would also narrow any annotation
    # over memberships (a contributor would see "1 member" on every pilot).
    if user.role == Role.MANAGER:
        return qs.filter(sponsor__in=SponsorOrganization.objects.filter(managers=user).values("pk"))
    return qs.filter(pk__in=Membership.objects.filter(user=user).values("pilot_id"))


def workable_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots the user may write into (log work, update the checklist)."""
    qs = Pilot.objects.select_related("sponsor")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    if user.role == Role.CONTRIBUTOR:
        return qs.filter(pk__in=Membership.objects.filter(user=user).values("pilot_id"))
    return qs.none()


def visible_sponsors(user: User) -> QuerySet[SponsorOrganization]:
    """The sponsor organizations whose names, pilots and figures the user may see: HR leads all,
    managers those they manage (with or without a pilot yet), contributors those of their pilots.
    Pages, filters, the API, charts and CSV all ask this one function."""
    qs = SponsorOrganization.objects.order_by("name")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    if user.role == Role.MANAGER:
        return qs.filter(pk__in=SponsorOrganization.objects.filter(managers=user).values("pk"))
    if user.role == Role.CONTRIBUTOR:
        return qs.filter(pk__in=Membership.objects.filter(user=user).values("pilot__sponsor_id"))
    return qs.none()


def can_log(user: User) -> bool:
    """May the user log work (introductions, assists, hires, …) at all? HR leads, and contributors
    who belong to at least one pilot. Which pilot a row may go to: ``workable_pilots``."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.HR_LEAD:
        return True
    return user.role == Role.CONTRIBUTOR and Membership.objects.filter(user=user).exists()


def can_work_in(user: User, pilot: Pilot) -> bool:
    if user.is_hr_lead:
        return True
    return user.is_contributor and Membership.objects.filter(pilot=pilot, user=user).exists()


def get_pilot_for_user(user: User, pk: int, *, write: bool = False) -> Pilot:
    """The pilot, if the user may see it (write=True: change its settings, HR leads only)."""
    if write and not user.is_hr_lead:
        qs = visible_pilots(user)
        if qs.filter(pk=pk).exists():
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        raise Http404
    try:
        return visible_pilots(user).get(pk=pk)
    except Pilot.DoesNotExist as exc:
        raise Http404 from exc


def get_pilot_step_for_user(user: User, pk: int, *, write: bool = False) -> PilotStep:
    qs = PilotStep.objects.select_related("pilot", "pilot__sponsor", "step", "owner")
    pilots = workable_pilots(user) if write else visible_pilots(user)
    try:
        return qs.filter(pilot__in=pilots).get(pk=pk)
    except PilotStep.DoesNotExist as exc:
        raise Http404 from exc


def get_policy_for_user(user: User, pk: int) -> SharingPolicy:
    try:
        return SharingPolicy.objects.select_related("pilot").filter(pilot__in=visible_pilots(user)).get(pk=pk)
    except SharingPolicy.DoesNotExist as exc:
        raise Http404 from exc
