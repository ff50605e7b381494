"""Who may see and change which pilot.

- HR leads see and change every pilot.
- Contributors see the pilots they are members of, and may update their checklists and
  acknowledge their policies.
- Managers read the pilots of the sponsor organizations they manage.
Anything else is a 404, so the existence of other pilots is not revealed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
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


def can_manage_pilots(user: User) -> bool:
    """May the user create pilots and change their settings, goals, members and policies, and the
    sponsors and venues? HR leads only."""
    return user.is_authenticated and user.is_hr_lead


def can_read_venues(user: User) -> bool:
    """May the user read the venue list? HR leads and contributors (managers read reports)."""
    return user.is_authenticated and (user.is_hr_lead or user.is_contributor)


def pilot_empty_hint(user: User) -> str:
    """What an empty pilot list suggests: "create" (the user may create one), "sponsor" (a manager
    waits for pilots of the organizations they manage) or "join" (ask to be added)."""
    if can_manage_pilots(user):
        return "create"
    if user.is_authenticated and user.is_manager:
        return "sponsor"
    return "join"


def step_owner_candidates(pilot: Pilot) -> QuerySet[User]:
    """Who may own a step of ``pilot``'s checklist: active HR leads and the pilot's active
    contributors (the users ``can_work_in`` the pilot)."""
    members = Membership.objects.filter(pilot=pilot).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.HR_LEAD) | Q(role=Role.CONTRIBUTOR, pk__in=members))
        .order_by("full_name", "email")
    )


# One message for an id that names nobody and for a user who may not take the role, so that ids
# do not reveal who exists (and the message names nobody).
MSG_NOT_A_WORKER = "Choose an active contributor or HR lead: this user cannot work in a pilot."
MSG_NOT_AN_OWNER = "Choose a member of this pilot or an HR lead."


def pilot_workers() -> QuerySet[User]:
    """Who may work in a pilot at all: active contributors and HR leads (managers read reports)."""
    return User.objects.filter(is_active=True, role__in=[Role.CONTRIBUTOR, Role.HR_LEAD]).order_by("full_name", "email")


def member_candidates(pilot: Pilot) -> QuerySet[User]:
    """Who may be added to ``pilot``: ``pilot_workers`` who are not in it yet."""
    return pilot_workers().exclude(pk__in=Membership.objects.filter(pilot=pilot).values("user_id"))


def can_work_in(user: User, pilot: Pilot) -> bool:
    if user.is_hr_lead:
        return True
    return user.is_contributor and Membership.objects.filter(pilot=pilot, user=user).exists()


def get_pilot_for_user(user: User, pk: int, *, write: bool = False) -> Pilot:
    """The pilot, if the user may see it (write=True: change its settings, HR leads only)."""
    if write and not can_manage_pilots(user):
        # A pilot the user can see but not change is a 403; any other id (missing, or a pilot
        # they cannot see) is the same 404, so ids do not reveal which pilots exist.
        if visible_pilots(user).filter(pk=pk).exists():
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
