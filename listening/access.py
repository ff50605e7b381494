"""Who may see and change what in listening: each rule written once, used by pages, the API, the
charts, the CSV downloads and the services alike.

- HR leads set up keyword families, searches and sources, run searches, and see everything.
- Contributors read searches and keyword families and triage the conversations found by searches
  that serve the whole program (no pilot) or a pilot they belong to. The inbox is a shared team
  tool. What followed a conversation (hires, introductions) counts for them only when it happened
  in one of their pilots.
- Managers have no access: they read results through the reports.
Anything a user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from programs.access import workable_pilots
from programs.models import Pilot

from .models import Conversation, ConversationMatch, KeywordFamily, Search


def can_set_up(user: User) -> bool:
    """May set up families, searches and sources, run searches and upload exports: HR leads."""
    return bool(user.is_authenticated and user.is_hr_lead)


def can_triage(user: User) -> bool:
    """May read the inbox and searches and triage, assign and link conversations: HR leads and
    contributors (which conversations: ``visible_conversations``)."""
    return bool(user.is_authenticated and (user.is_hr_lead or user.is_contributor))


def assignable_users() -> QuerySet[User]:
    """Who conversations may be assigned to: active HR leads and contributors (``can_triage``)."""
    return User.objects.filter(is_active=True, role__in=[Role.HR_LEAD, Role.CONTRIBUTOR]).order_by("full_name", "email")


def listening_pilots(user: User) -> QuerySet[Pilot]:
    """The pilots whose searches, families and follow-ups the user sees in listening: all of them
    for HR leads, the pilots a contributor belongs to, none for anyone else."""
    if can_set_up(user):
        return Pilot.objects.all()
    if can_triage(user):
        return workable_pilots(user)
    return Pilot.objects.none()


def visible_pilot_ids(user: User) -> list[int] | None:
    """``listening_pilots`` as ids for counters that filter on a pilot; None means every pilot
    (an HR lead: no filter, rather than a list of every id)."""
    if can_set_up(user):
        return None
    return list(listening_pilots(user).values_list("pk", flat=True))


def _program_or_own_pilot(user: User) -> Q:
    """Objects that serve the whole program (no pilot) or one of the user's pilots."""
    return Q(pilot__isnull=True) | Q(pilot__in=listening_pilots(user).values("pk"))


def visible_searches(user: User) -> QuerySet[Search]:
    qs = Search.objects.select_related("pilot")
    if can_set_up(user):
        return qs
    if can_triage(user):
        return qs.filter(_program_or_own_pilot(user))
    return qs.none()


def visible_families(user: User) -> QuerySet[KeywordFamily]:
    """Keyword families the user may read: all for HR leads; for contributors those of the whole
    program and of their pilots (a family of another pilot, and that pilot's name, stay hidden)."""
    qs = KeywordFamily.objects.select_related("pilot")
    if can_set_up(user):
        return qs
    if can_triage(user):
        return qs.filter(_program_or_own_pilot(user))
    return qs.none()


def visible_conversations(user: User) -> QuerySet[Conversation]:
    qs = Conversation.objects.select_related("source", "venue", "assignee", "person")
    if can_set_up(user):
        return qs
    if can_triage(user):
        searches = visible_searches(user).values("pk")
        return qs.filter(pk__in=ConversationMatch.objects.filter(search__in=searches).values("conversation_id"))
    return qs.none()


def get_search_for_user(user: User, pk: int) -> Search:
    try:
        return visible_searches(user).get(pk=pk)
    except Search.DoesNotExist as exc:
        raise Http404 from exc


def get_conversation_for_user(user: User, pk: int) -> Conversation:
    try:
        return visible_conversations(user).get(pk=pk)
    except Conversation.DoesNotExist as exc:
        raise Http404 from exc
