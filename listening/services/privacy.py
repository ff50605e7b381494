"""A person's erasure, as far as listening holds data about them: the conversations linked to them
(people.registry calls this inside the erasure's transaction, after the person row itself)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from people.models import Person

from ..models import Conversation, ConversationMatch
from .store import ERASED_ID_PREFIX, erased_external_id

ERASED_TEXT = "[Erased at the author's request]"


def _external_ids_erase(linked: QuerySet[Conversation]) -> None:
    """Replace each post's id by its digest (store.erased_external_id): the id may carry the
    author's handle, and the digest is all posts_store needs to know the post again."""
    rows = list(linked.exclude(external_id__startswith=ERASED_ID_PREFIX).values_list("pk", "source_id", "external_id"))
    if not rows:
        return
    digests = [(pk, source_id, erased_external_id(external_id)) for pk, source_id, external_id in rows]
    taken = set(
        Conversation.objects.filter(external_id__in=[d for _, _, d in digests]).values_list("source_id", "external_id")
    )
    changed = []
    for pk, source_id, digest in digests:
        if (source_id, digest) in taken:
            # The post was erased before and stored again by a run that did not know digests yet:
            # this copy gets a digest of its own (still unique per source, still no handle).
            digest = f"{digest}#{pk}"
        changed.append(Conversation(pk=pk, external_id=digest))
    Conversation.objects.bulk_update(changed, ["external_id"])


def person_conversations_erase(person: Person, actor: User) -> int:
    """Anonymize what names ``person`` in the conversations linked to them: the author's name,
    handle and profile address, the post's address, title, text and id (the id becomes a digest,
    see store.erased_external_id), and the match highlights into that text. The rows, their venue,
    dates, triage and link stay, so the inbox's and the venue ranking's counts are unchanged and a
    later run knows the post by its digest and does not store it again. Returns the conversations
    changed."""
    linked = Conversation.objects.filter(person=person)
    ConversationMatch.objects.filter(conversation__in=linked.values("pk")).update(spans=[])
    _external_ids_erase(linked)
    return linked.update(author="", author_handle="", author_url="", url="", title="", text=ERASED_TEXT)
