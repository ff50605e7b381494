"""The opt-in digest: each user who opted in to a search's digest gets one email listing the
conversations of those searches (that they may see) triaged relevant or engaged since their last
digest.

Run at most once per window with core.jobs.claim_once (kind "listening.relevant_digest"): the key
names the user and where the window starts (the time of their previous digest, or "first"), and
the claim's time ends the window and starts the next one. Two overlapping runs compute the same
key and only one of them sends; a run that fails rolls its claim back, so a retry may send.
Nobody gets an empty email. The body comes from templates/listening/email/."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.jobs import claim_once, claims
from people.consent import contactable
from people.models import Person

from ..access import visible_conversations
from ..models import Conversation, ConversationMatch, Search

DIGEST_KIND = "listening.relevant_digest"
DIGEST_VERB = "listening.digest_sent"
DIGEST_FIRST_WINDOW = dt.timedelta(days=1)
DIGEST_MAX_ITEMS = 50


def _window_start(user: User, now: dt.datetime) -> tuple[str, dt.datetime]:
    """(where the window starts as a claim key part, when): the user's previous digest, or a day ago."""
    last = claims(DIGEST_KIND, f"user={user.pk}:").order_by("-claimed_at", "-id").first()
    if last is None:
        return "first", now - DIGEST_FIRST_WINDOW
    return last.claimed_at.isoformat(), last.claimed_at


def _relevant_since(user: User, since: dt.datetime, now: dt.datetime) -> list[Conversation]:
    """The user's digest lines (one more than shown, to say "and more"): conversations of the
    searches they opted in to, triaged relevant or engaged in [since, now), newest first, leaving
    out those linked to a person who asked not to be contacted."""
    searches = Search.objects.filter(digest_opt_in=user, is_active=True)
    reachable = Q(person__isnull=True) | Q(person__in=contactable(Person.objects.all()))
    return list(
        visible_conversations(user)
        .filter(reachable)
        .filter(
            status__in=[Conversation.Status.RELEVANT, Conversation.Status.ENGAGED],
            triaged_at__gte=since,
            triaged_at__lt=now,
            pk__in=ConversationMatch.objects.filter(search__in=searches).values("conversation_id"),
        )
        .order_by("-triaged_at", "-id")[: DIGEST_MAX_ITEMS + 1]
    )


def _send(user: User, conversations: list[Conversation], since: dt.datetime) -> list[Conversation]:
    shown = conversations[:DIGEST_MAX_ITEMS]
    context = {
        "user": user,
        "since": timezone.localtime(since),
        "lines": [
            {
                "title": c.title or c.text[:80],
                "venue": c.venue.name if c.venue else "",
                "url": settings.SITE_URL + reverse("listening:conversation_detail", args=[c.pk]),
            }
            for c in shown
        ],
        "count": len(shown),
        "more": len(conversations) > DIGEST_MAX_ITEMS,
        "inbox_url": f"{settings.SITE_URL}{reverse('listening:index')}?status=all",
    }
    send_mail(
        subject=" ".join(render_to_string("listening/email/relevant_digest_subject.txt", context).split()),
        message=render_to_string("listening/email/relevant_digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
    return shown


def digest_send_relevant(*, now: dt.datetime | None = None) -> int:
    """Send every opted-in user their digest of relevant conversations since their last one.
    Returns the emails sent (running twice sends nothing twice)."""
    now = now or timezone.now()
    user_ids = sorted(
        set(
            Search.objects.filter(is_active=True, digest_opt_in__is_active=True).values_list("digest_opt_in", flat=True)
        )
    )
    sent = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        with transaction.atomic():
            start_key, since = _window_start(user, now)
            if since >= now:
                continue
            conversations = _relevant_since(user, since, now)
            if not conversations:
                continue
            if not claim_once(DIGEST_KIND, f"user={user.pk}:since={start_key}", now=now):
                continue  # another run sent this window (or is sending it right now)
            shown = _send(user, conversations, since)
            audit_record(
                actor=None,
                verb=DIGEST_VERB,
                target=user,
                data={"since": since.isoformat(), "until": now.isoformat(), "conversations": [c.pk for c in shown]},
                now=now,
            )
            sent += 1
    return sent
