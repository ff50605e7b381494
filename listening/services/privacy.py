"""A person's erasure, as far as listening holds data about them: the conversations linked to them
(people.registry calls this inside the erasure's transaction, after the person row itself)."""

from __future__ import annotations

from accounts.models import User
from people.models import Person

from ..models import Conversation, ConversationMatch

ERASED_TEXT = "[Erased at the author's request]"


def person_conversations_erase(person: Person, actor: User) -> int:
    """Anonymize what names ``person`` in the conversations linked to them: the author's name,
    handle and profile address, the post's address, title and text (and the match highlights
    into that text). The rows, their venue, dates, triage and link stay, so the inbox's and the
    venue ranking's counts are unchanged and a later run does not store the post again.
    Returns the conversations changed."""
    linked = Conversation.objects.filter(person=person)
    ConversationMatch.objects.filter(conversation__in=linked.values("pk")).update(spans=[])
    return linked.update(author="", author_handle="", author_url="", url="", title="", text=ERASED_TEXT)
