"""How the audit log reads as words: each app registers a phrase per verb it records.

    register_phrases({"pilot.goal_added": "Goal added to {target}"})

``describe(event)`` then gives "Goal added to Engineers on Mastodon by Hanna Berg". Phrases name
the target with ``{target}`` (the event's target_repr, or its type and id when that is empty); the
actor is appended ("by …", or "by the system"). A verb without a phrase reads as its words
("pilot.goal_added" -> "Pilot goal added"), never as a raw code.

Apps register in their AppConfig.ready(); accounts registers its own (``ACCOUNTS_PHRASES``) in
AccountsConfig.ready(). accounts is below every app that registers, so it imports none of them.

Every verb also has a *kind*, derived from how it is named, so HR leads can filter the log by what
happened without knowing the verbs (``kind_of``, ``kind_filter``):

- read: ``….viewed``, ``…_viewed`` (``conversation.api_viewed``), ``….api_listed``, ``….read``
  (one event per request that showed personal data);
- export: ``…_exported``, ``….exported`` (a CSV or JSON download);
- erasure: ``….erased`` (a person anonymised);
- login-security: ``user.…``, ``api_token.…``, ``invitation.…``, ``login.…``, ``mfa.…`` (who may get in);
- change: everything else (a service or the admin changed data or settings).

A new verb gets its kind by following these endings; nothing to register.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from django.db.models import Q

from core.web import target_label

_PHRASES: dict[str, str] = {}


class _Event(Protocol):
    verb: str
    target_type: str
    target_id: str
    target_repr: str

    @property
    def actor(self) -> object: ...


def register_phrases(phrases: Mapping[str, str]) -> None:
    """Add ``verb -> phrase`` entries. A verb registered twice with a different phrase is a bug."""
    for verb, phrase in phrases.items():
        known = _PHRASES.get(verb)
        if known is not None and known != phrase:
            raise ValueError(f"audit verb {verb!r} already has the phrase {known!r}")
        _PHRASES[verb] = phrase


def phrase_for(verb: str) -> str:
    """The registered phrase of ``verb``, or its words ("pilot.goal_added" -> "Pilot goal added")."""
    if verb in _PHRASES:
        return _PHRASES[verb]
    words = verb.replace(".", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else "Event"


def known_verbs() -> dict[str, str]:
    """Every registered verb and its phrase, for the audit log's filter."""
    return dict(sorted(_PHRASES.items()))


def _target_words(text: str, event: _Event) -> str:
    """What ``{target}`` stands for: the target's name, else its kind and number ("Pilot #7", or
    "#7" when the phrase already names the kind: "Pilot {target} created")."""
    if event.target_repr:
        return event.target_repr
    if not event.target_id:
        return ""
    label = target_label(event.target_type)
    if text.split("{target}")[0].lower().endswith(label.lower() + " "):
        return f"#{event.target_id}"
    return f"{label} #{event.target_id}"


def describe(event: _Event) -> str:
    """The event as a sentence: "Goal added to Engineers on Mastodon by Hanna Berg"."""
    text = phrase_for(event.verb)
    text = text.replace("{target}", _target_words(text, event)) if "{target}" in text else text
    actor = event.actor
    return f"{text} by {actor}" if actor is not None else f"{text} by the system"


# --- Kinds -------------------------------------------------------------------------------------

READ, EXPORT, CHANGE, ERASURE, LOGIN_SECURITY = "read", "export", "change", "erasure", "login-security"
KIND_CHOICES = [
    (READ, "Reads of personal data"),
    (EXPORT, "Exports"),
    (CHANGE, "Changes"),
    (ERASURE, "Erasures"),
    (LOGIN_SECURITY, "Logins and security"),
]
KIND_LABELS = dict(KIND_CHOICES)
# (kind, verb endings, verb beginnings), checked in this order; CHANGE is what none of them match.
_KIND_RULES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (READ, (".viewed", "_viewed", ".api_listed", ".read"), ()),
    (EXPORT, ("_exported", ".exported"), ()),
    (ERASURE, (".erased",), ()),
    (LOGIN_SECURITY, (), ("user.", "api_token.", "invitation.", "login.", "mfa.")),
]


def kind_of(verb: str) -> str:
    """The kind of an audit verb (see the module docstring)."""
    for kind, endings, beginnings in _KIND_RULES:
        if verb.endswith(endings) or verb.startswith(beginnings):
            return kind
    return CHANGE


def _rule_q(endings: tuple[str, ...], beginnings: tuple[str, ...]) -> Q:
    q = Q(pk__in=[])
    for ending in endings:
        q |= Q(verb__endswith=ending)
    for beginning in beginnings:
        q |= Q(verb__startswith=beginning)
    return q


def kind_filter(kind: str) -> Q:
    """A filter on AuditEvent for the events of ``kind`` (the same rules as ``kind_of``)."""
    earlier = Q(pk__in=[])
    for rule_kind, endings, beginnings in _KIND_RULES:
        q = _rule_q(endings, beginnings)
        if rule_kind == kind:
            return q & ~earlier
        earlier |= q
    if kind == CHANGE:
        return ~earlier
    raise ValueError(f"unknown audit kind {kind!r}")


# --- accounts' own verbs -------------------------------------------------------------------------

ACCOUNTS_PHRASES = {
    "invitation.created": "{target} sent",
    "invitation.resent": "{target} sent again with a new link",
    "invitation.revoked": "{target} withdrawn",
    "invitation.accepted": "{target} accepted",
    "user.updated": "Role or status of {target} changed",
    "user.profile_updated": "Name or job title of {target} changed",
    "user.password_changed": "Password of {target} changed",
    "api_token.created": "API token {target} created",
    "api_token.revoked": "API token {target} revoked",
    "api_token.revoked_all": "All API tokens of {target} revoked",
    "admin.created": "{target} created in the admin site",
    "admin.changed": "{target} changed in the admin site",
    "admin.deleted": "{target} deleted in the admin site",
}
