"""How the audit log reads as words: each app registers a phrase per verb it records.

    register_phrases({"pilot.goal_added": "Goal added to {target}"})

``describe(event)`` then gives "Goal added to Engineers on Mastodon by Hanna Berg". Phrases name
the target with ``{target}`` (the event's target_repr, or its type and id when that is empty); the
actor is appended ("by …", or "by the system"). A verb without a phrase reads as its words
("pilot.goal_added" -> "Pilot goal added"), never as a raw code.

Apps register in their AppConfig.ready(); accounts itself registers its own verbs below. accounts is
below every app that registers, so it imports none of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

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


def describe(event: _Event) -> str:
    """The event as a sentence: "Goal added to Engineers on Mastodon by Hanna Berg"."""
    target = event.target_repr or (f"{event.target_type} #{event.target_id}" if event.target_id else "")
    text = phrase_for(event.verb)
    text = text.replace("{target}", target) if "{target}" in text else text
    actor = event.actor
    return f"{text} by {actor}" if actor is not None else f"{text} by the system"
