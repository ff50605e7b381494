"""Who may see and change what in listening.

- HR leads set up keyword families, searches and sources, run searches, and see everything.
- Contributors read searches and triage the conversations found by searches that serve the whole
  program (no pilot) or a pilot they belong to. The inbox is a shared team tool.
- Managers have no access: they read results through the reports.
Anything a user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from programs.models import Membership

from .models import Conversation, ConversationMatch, Search


def visible_searches(user: User) -> QuerySet[Search]:
    qs = Search.objects.select_related("pilot")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    if user.role == Role.CONTRIBUTOR:
        mine = Membership.objects.filter(user=user).values("pilot_id")
        return qs.filter(Q(pilot__isnull=True) | Q(pilot__in=mine))
    return qs.none()


def visible_conversations(user: User) -> QuerySet[Conversation]:
    qs = Conversation.objects.select_related("source", "venue", "assignee", "person")
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role == Role.HR_LEAD:
        return qs
    if user.role == Role.CONTRIBUTOR:
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
