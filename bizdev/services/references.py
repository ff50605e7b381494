"""Reference conversations: in-group discussions of a challenge, the value proposition or how the
firm likes to serve a kind of client, which contributors point alumni to again and again (the
seed's "private reference points that they can reuse repeatedly").

Who: HR leads and the contributors of a Stage 3 pilot add them (a pilot the actor works in);
changing and deleting is for HR leads and whoever added the reference (others of the pilot read
and cite it: a ForbiddenError, 403). Rules: an http(s) address, a title and a summary; a
harvested conversation it came from must be one the actor may see (listening.access); a
reference cited by help requests stays in its pilot (requests cite their own pilot's references).
``search_text`` is kept here: the fold (people.search.fold) of the title, summary, topic, value
proposition and kind of client, so a search is accent- and case-insensitive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError, ForbiddenError
from listening.access import visible_conversations
from listening.models import Conversation
from people.search import fold
from programs.models import Pilot

from ..access import stage_pilots
from ..models import ReferenceConversation

MSG_PILOT = "Choose one of your Stage 3 pilots."
MSG_URL = "Enter the discussion's web address, starting with http:// or https://."
MSG_TITLE = "Give the reference a title."
MSG_SUMMARY = "Summarize what was discussed, so others know when to reuse it."
MSG_TOO_LONG = "Use at most {limit} characters."
MSG_CHANGE = "Only an HR lead or whoever added this reference can change or delete it."
MSG_CONVERSATION = "Choose a conversation you may see."
MSG_MOVE_CITED = "Help requests of its pilot cite this reference: it cannot move to another pilot."

LIMITS = {
    "url": 500,
    "title": 200,
    "summary": 2000,
    "topic": 150,
    "value_proposition": 300,
    "client_kind": 150,
}
EDITABLE = ("pilot", "url", "title", "summary", "topic", "value_proposition", "client_kind", "conversation")
TEXTS = ("url", "title", "summary", "topic", "value_proposition", "client_kind")

PHRASES: dict[str, str] = {
    "reference_conversation.created": "Reference conversation {target} added",
    "reference_conversation.changed": "Reference conversation {target} changed",
    "reference_conversation.deleted": "Reference conversation {target} deleted",
    # bizdev.personal_data's erasure (Stage 3's part of a person's erasure).
    "bizdev.records_erased": "Stage 3 records of {target} erased",
}

_http_url = URLValidator(schemes=["http", "https"])


def _error(message: str, field: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def can_change_reference(user: User, reference: ReferenceConversation) -> bool:
    """HR leads and whoever added the reference change or delete it (others of the pilot read it)."""
    return bool(user.is_hr_lead or (reference.created_by_id is not None and reference.created_by_id == user.pk))


def search_text_of(values: dict[str, Any]) -> str:
    """What the search compares typed words with: the folded title, summary, topic, value
    proposition and kind of client."""
    parts = (values.get(name) or "" for name in ("title", "summary", "topic", "value_proposition", "client_kind"))
    return fold(" ".join(str(p) for p in parts if p))


def check_pilot(actor: User, pilot: Pilot) -> None:
    """The actor works in ``pilot`` and it is a Stage 3 pilot (one message either way)."""
    if not stage_pilots(actor).filter(pk=pilot.pk).exists():
        raise _error(MSG_PILOT, "pilot")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed texts within their limits, an http(s) address, a title and a summary."""
    out = dict(values)
    for name in TEXTS:
        text = str(values.get(name) or "").strip()
        if name in ("title", "topic", "client_kind"):
            text = " ".join(text.split())
        if len(text) > LIMITS[name]:
            raise _error(MSG_TOO_LONG.format(limit=LIMITS[name]), name)
        out[name] = text
    try:
        _http_url(out["url"])
    except ValidationError as exc:
        raise _error(MSG_URL, "url") from exc
    if not out["title"]:
        raise _error(MSG_TITLE, "title")
    if not out["summary"]:
        raise _error(MSG_SUMMARY, "summary")
    return out


def _check_conversation(actor: User, conversation: Conversation | None) -> None:
    if conversation is not None and not visible_conversations(actor).filter(pk=conversation.pk).exists():
        raise _error(MSG_CONVERSATION, "conversation")


def _audit(actor: User, verb: str, reference: ReferenceConversation, now: dt.datetime | None, **data: Any) -> None:
    audit_record(actor=actor, verb=verb, target=reference, data={"pilot": reference.pilot_id, **data}, now=now)


@transaction.atomic
def reference_create(
    *,
    actor: User,
    pilot: Pilot,
    url: str,
    title: str,
    summary: str,
    topic: str = "",
    value_proposition: str = "",
    client_kind: str = "",
    conversation: Conversation | None = None,
    now: dt.datetime | None = None,
) -> ReferenceConversation:
    """Add a reference conversation to one of the actor's Stage 3 pilots."""
    check_pilot(actor, pilot)
    values = _clean(
        {
            "url": url,
            "title": title,
            "summary": summary,
            "topic": topic,
            "value_proposition": value_proposition,
            "client_kind": client_kind,
        }
    )
    _check_conversation(actor, conversation)
    now = now or timezone.now()
    reference = ReferenceConversation.objects.create(
        pilot=pilot,
        conversation=conversation,
        search_text=search_text_of(values),
        created_by=actor,
        created_at=now,
        updated_at=now,
        **values,
    )
    _audit(actor, "reference_conversation.created", reference, now, conversation=reference.conversation_id)
    return reference


@transaction.atomic
def reference_update(
    *, actor: User, reference: ReferenceConversation, now: dt.datetime | None = None, **changes: Any
) -> list[str]:
    """Correct a reference; the fields not given keep their values. Returns the names of the
    fields that changed (none: nothing written, nothing audited)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"reference_update() got unexpected fields: {sorted(unknown)}")
    check_pilot(actor, reference.pilot)
    if not can_change_reference(actor, reference):
        raise ForbiddenError(MSG_CHANGE)
    pilot: Pilot = changes.get("pilot", reference.pilot)
    if pilot.pk != reference.pilot_id:
        check_pilot(actor, pilot)
        if reference.help_requests.exists():
            raise _error(MSG_MOVE_CITED, "pilot")
    merged = {name: changes.get(name, getattr(reference, name)) for name in EDITABLE}
    merged.update(_clean(merged))
    if merged["conversation"] is not None and merged["conversation"].pk != reference.conversation_id:
        _check_conversation(actor, merged["conversation"])
    changed = [name for name in EDITABLE if getattr(reference, name) != merged[name]]
    if not changed:
        return []
    for name in changed:
        setattr(reference, name, merged[name])
    reference.search_text = search_text_of(merged)
    reference.updated_at = now or timezone.now()
    reference.save(update_fields=[*changed, "search_text", "updated_at"])
    _audit(actor, "reference_conversation.changed", reference, now, changed=changed)
    return changed


@transaction.atomic
def reference_delete(*, actor: User, reference: ReferenceConversation, now: dt.datetime | None = None) -> int:
    """Delete a reference. The help requests that cite it stay; they no longer cite it. Returns
    how many requests cited it."""
    check_pilot(actor, reference.pilot)
    if not can_change_reference(actor, reference):
        raise ForbiddenError(MSG_CHANGE)
    cited = reference.help_requests.count()
    _audit(actor, "reference_conversation.deleted", reference, now, title=reference.title, cited_by=cited)
    reference.delete()
    return cited


def initial_from_conversation(conversation: Conversation) -> dict[str, Any]:
    """What a harvested conversation prefills on the form: its address, title and text (cut to
    the fields' limits)."""
    text = " ".join(conversation.text.split())
    title = " ".join((conversation.title or text).split())
    if len(title) > LIMITS["title"]:
        title = title[: LIMITS["title"] - 1].rstrip() + "…"
    summary = conversation.text.strip()
    if len(summary) > LIMITS["summary"]:
        summary = summary[: LIMITS["summary"] - 1].rstrip() + "…"
    url = conversation.url
    if not url.lower().startswith(("http://", "https://")) or len(url) > LIMITS["url"]:
        url = ""  # the user types the group discussion's address instead
    return {"url": url, "title": title, "summary": summary, "conversation": conversation.pk}
