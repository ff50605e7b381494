"""The inbox's writes: triage and assign one or many conversations, link one to a person (an
existing one, or one created from its author)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from people.models import Person
from people.services import PersonData, person_create

from ..access import can_triage
from ..models import Conversation
from .common import ListeningError, require_triager

MSG_STATUS = "Unknown status {status!r}."
MSG_ASSIGNEE = "Conversations can be assigned to HR leads and contributors only."


def _bulk_target(ids: list[int]) -> str:
    return ",".join(map(str, ids[:50]))


@transaction.atomic
def conversations_triage(
    *, actor: User, conversations: Sequence[Conversation], status: str, now: dt.datetime | None = None
) -> int:
    """Set the triage status of one or many conversations (bulk actions use the same function)."""
    require_triager(actor)
    if status not in Conversation.Status.values:
        raise ListeningError(MSG_STATUS.format(status=status), fields={"status": [MSG_STATUS.format(status=status)]})
    now = now or timezone.now()
    ids = [c.pk for c in conversations]
    count = Conversation.objects.filter(pk__in=ids).update(status=status, triaged_by=actor, triaged_at=now)
    audit_record(
        actor=actor,
        verb="conversation.triaged",
        target_type="listening.conversation",
        target_id=_bulk_target(ids),
        data={"status": status, "count": count},
        now=now,
    )
    return count


@transaction.atomic
def conversations_assign(
    *, actor: User, conversations: Sequence[Conversation], assignee: User | None, now: dt.datetime | None = None
) -> int:
    require_triager(actor)
    if assignee is not None and not can_triage(assignee):
        raise ListeningError(MSG_ASSIGNEE, fields={"assignee": [MSG_ASSIGNEE]})
    ids = [c.pk for c in conversations]
    count = Conversation.objects.filter(pk__in=ids).update(assignee=assignee)
    audit_record(
        actor=actor,
        verb="conversation.assigned",
        target_type="listening.conversation",
        target_id=_bulk_target(ids),
        data={"assignee": assignee.pk if assignee else None, "count": count},
        now=now,
    )
    return count


@transaction.atomic
def conversation_link_person(
    *, actor: User, conversation: Conversation, person: Person | None, now: dt.datetime | None = None
) -> Conversation:
    """Link a conversation to a person (an existing one, found by handle, or one just created
    through people.services.person_create), or unlink it with person=None."""
    require_triager(actor)
    old = conversation.person_id
    conversation.person = person
    conversation.save(update_fields=["person"])
    audit_record(
        actor=actor,
        verb="conversation.linked" if person else "conversation.unlinked",
        target=conversation,
        data={"person": [old, person.pk if person else None]},
        person_id=person.pk if person else old,
        now=now,
    )
    return conversation


@transaction.atomic
def conversation_link_new_person(
    *,
    actor: User,
    conversation: Conversation,
    data: PersonData,
    allow_same_name: bool = False,
    now: dt.datetime | None = None,
) -> Person:
    """Create a person from the conversation's author (people.services.person_create, with its
    duplicate detection) and link the conversation to them, both or neither."""
    require_triager(actor)
    person = person_create(actor=actor, data=data, allow_same_name=allow_same_name)
    conversation_link_person(actor=actor, conversation=conversation, person=person, now=now)
    return person
