"""The weekly digest to managers: last week's figures and wins of the pilots they may see.

Run at most once per manager and week through core.jobs.claim_once (kind "metrics.weekly_digest",
key "user=<id>:week=<Monday>"), claimed in the same transaction as the send. The body comes from
templates/metrics/email/; it never names a person marked do-not-contact (their wins are left out
of the list, the figures still count them).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.jobs import claim_once

from ..access import report_pilots
from ..selectors import digest_figures, digest_managers, digest_wins
from .common import today

logger = logging.getLogger(__name__)

DIGEST_KIND = "metrics.weekly_digest"
# A digest lists at most this many wins; the feed has the rest.
DIGEST_MAX_WINS = 20
MSG_DIGEST_FAILED = "The weekly digest could not be sent to {count} manager(s); a retry sends only those."


class DigestDeliveryError(Exception):
    """Some digests could not be handed to the mail server; raised after the others were sent."""


def digest_key(user_id: int, week_start: dt.date) -> str:
    """The run-once key of one manager's digest of one week."""
    return f"user={user_id}:week={week_start.isoformat()}"


def digest_week(now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the last full week before ``now`` (local time)."""
    day = today(now)
    start = day - dt.timedelta(days=day.weekday() + 7)
    return start, start + dt.timedelta(days=6)


def _digest_message(user: User, start: dt.date, end: dt.date) -> EmailMultiAlternatives:
    figures = digest_figures(user, start, end)
    week_wins = digest_wins(user, start, end)
    wins = list(week_wins[:DIGEST_MAX_WINS])
    win_count = len(wins) if len(wins) < DIGEST_MAX_WINS else week_wins.count()
    # The report's own period parameters (metrics.report.parse_period): a custom Monday-Sunday range.
    query = urlencode({"period": "custom", "start": start.isoformat(), "end": end.isoformat()})
    context = {
        "user": user,
        "start": start,
        "end": end,
        "figures": figures,
        "quiet": figures.quiet and not wins,
        "wins": [(w, settings.SITE_URL + reverse("metrics:win_detail", args=[w.pk])) for w in wins],
        "win_count": win_count,
        "more_wins": win_count - len(wins),
        "pilots": list(report_pilots(user).order_by("sponsor__name", "name")),
        "currency": settings.PROGRAM_CURRENCY,
        "report_url": f"{settings.SITE_URL}{reverse('metrics:index')}?{query}",
        "wins_url": f"{settings.SITE_URL}{reverse('metrics:win_list')}?{query}",
    }
    subject = " ".join(render_to_string("metrics/email/digest_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("metrics/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(render_to_string("metrics/email/digest.html", context), "text/html")
    return message


def _digest_send_one(user: User, start: dt.date, now: dt.datetime) -> bool:
    """Claim this manager's week, then send. The claim and the send share one transaction: a
    concurrent run waits on the claim and then finds it taken; a failed send rolls the claim back
    so a retry sends it."""
    with transaction.atomic():
        if not claim_once(DIGEST_KIND, digest_key(user.pk, start), now=now):
            return False
        _digest_message(user, start, start + dt.timedelta(days=6)).send()
    return True


def digest_send_weekly(*, now: dt.datetime | None = None) -> int:
    """Email every active manager of a sponsor with pilots last week's figures and wins.

    A quiet week is sent too, with its figures at zero: a manager deciding whether to scale a
    pilot learns as much from a week without results as from a good one, and a digest that
    sometimes doesn't arrive can't be told apart from one that was lost. Safe to run twice (one
    claim per manager and week). Returns the number of emails sent.
    """
    now = now or timezone.now()
    start, _end = digest_week(now)
    sent, failed = 0, 0
    for manager in digest_managers():
        try:
            if _digest_send_one(manager, start, now):
                sent += 1
        except (smtplib.SMTPException, OSError):
            logger.exception("Weekly digest to user %s failed", manager.pk)
            failed += 1
    if failed:
        raise DigestDeliveryError(MSG_DIGEST_FAILED.format(count=failed))
    return sent
