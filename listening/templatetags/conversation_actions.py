"""The actions later layers registered on a conversation (listening.registry), as links:
``{% load conversation_actions %}{% conversation_actions conversation as actions %}`` then
``{% for action in actions %}<a href="{{ action.url }}">{{ action.label }}</a>{% endfor %}``.

Who may use each action is asked once per request (the inbox renders one row per conversation)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from ..registry import ConversationAction
from ..registry import conversation_actions as registered_actions

register = template.Library()

_CACHE_ATTR = "_listening_conversation_actions"


def _allowed(context: Any) -> list[ConversationAction]:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if request is not None and hasattr(request, _CACHE_ATTR):
        return list(getattr(request, _CACHE_ATTR))
    actions = registered_actions(user) if user is not None else []
    if request is not None:
        setattr(request, _CACHE_ATTR, actions)
    return actions


@register.simple_tag(takes_context=True)
def conversation_actions(context: Any, conversation: Any) -> list[dict[str, str]]:
    """[{"key", "label", "url"}] for ``conversation``, for the user of the page."""
    links = []
    for action in _allowed(context):
        try:
            url = reverse(action.url_name, args=[conversation.pk])
        except NoReverseMatch:
            continue
        links.append({"key": action.key, "label": action.label, "url": url})
    return links
