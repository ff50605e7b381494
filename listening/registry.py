"""What followed a conversation, for the venue ranking's quality — filled in by later layers.

listening imports no stage app (and not metrics), yet the ranking should count the candidates,
hires and introductions that came out of each venue's conversations. Later layers register a
counter in their AppConfig.ready():

    from listening.registry import register_followup

    def hires_of(person_ids, *, start, end, pilot_ids):   # the ranking's window (aware datetimes)
        hires = Hire.objects.filter(person_id__in=person_ids, date__range=(start.date(), end.date()))
        if pilot_ids is not None:                            # only the pilots the reader may see
            hires = hires.filter(pilot_id__in=pilot_ids)
        return dict(hires.values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))

    register_followup(key="hires", label="Hires", counter=hires_of)

The ranking calls each counter once per page with the ids of the people linked to the ranked
conversations, its window, and the pilots the reader may see (listening.access.visible_pilot_ids:
None for every pilot, an HR lead's view). What followed is counted over the same weeks as the
conversations and only where the reader may see it (a contributor does not learn of another pilot's
hires), and the counts are summed per venue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# (person_ids, *, start, end, pilot_ids) -> {person id: n}; pilot_ids None means every pilot.
FollowupCounter = Callable[..., Mapping[int, int]]


@dataclass(frozen=True)
class Followup:
    key: str
    label: str
    counter: FollowupCounter


_followups: dict[str, Followup] = {}


def register_followup(*, key: str, label: str, counter: FollowupCounter) -> None:
    """Register (or replace: a reloaded app config is harmless) a follow-up counter."""
    _followups[key] = Followup(key=key, label=label, counter=counter)


def unregister_followup(*, key: str) -> None:
    _followups.pop(key, None)


def followups() -> list[Followup]:
    return [_followups[key] for key in sorted(_followups)]


# --- actions on a conversation ------------------------------------------------------------------
# Later layers offer what can be done with a conversation (recruiting: "Promote to candidate") on
# the inbox rows and the conversation page, without listening importing them:
#
#     register_conversation_action(key="promote", label="Promote to candidate",
#                                  url_name="recruiting:conversation_promote", allowed=can_work)
#
# The link is ``reverse(url_name, args=[conversation.pk])``; ``allowed(user)`` (optional) says who
# sees it. Templates list them with ``{% load conversation_actions %}{% conversation_actions c as actions %}``.


@dataclass(frozen=True)
class ConversationAction:
    key: str
    label: str
    url_name: str
    allowed: Callable[[Any], bool] | None = None


_actions: dict[str, ConversationAction] = {}


def register_conversation_action(
    *, key: str, label: str, url_name: str, allowed: Callable[[Any], bool] | None = None
) -> None:
    """Register (or replace: a reloaded app config is harmless) an action on a conversation."""
    _actions[key] = ConversationAction(key=key, label=label, url_name=url_name, allowed=allowed)


def unregister_conversation_action(*, key: str) -> None:
    _actions.pop(key, None)


def conversation_actions(user: Any = None) -> list[ConversationAction]:
    """The registered actions, by key; with ``user``, only those the user may use."""
    actions = [_actions[key] for key in sorted(_actions)]
    if user is None:
        return actions
    return [a for a in actions if a.allowed is None or a.allowed(user)]
