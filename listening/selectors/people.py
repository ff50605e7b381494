"""Reads that tie conversations to people in the directory."""

from __future__ import annotations

from django.db.models import Q

from people.models import Person, SocialHandle
from people.services import canonical_profile_url

from ..models import Conversation


def person_matching_author(conversation: Conversation) -> Person | None:
    """A person on file whose handle or profile URL is this conversation's author, if any."""
    filters = Q()
    profile = canonical_profile_url(conversation.author_url) if conversation.author_url else None
    if profile:
        filters |= Q(profile_url__iexact=profile)
    if conversation.author_handle:
        filters |= Q(handle__iexact=conversation.author_handle.lstrip("@"))
    if not filters:
        return None
    handle = SocialHandle.objects.filter(filters).select_related("person").first()
    return handle.person if handle else None
