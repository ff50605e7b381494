"""The weekly reminder to acknowledge a sharing policy, run at most once per reminder.

Each reminder is one claim of core.jobs (kind ``programs.policy_reminder``), keyed by policy,
member and the reminder's number: ``policy=7:user=12:reminder=2`` is the second reminder about
policy 7 to user 12. The next number is due REMINDER_INTERVAL after the last claim. Two runs at
the same time compute the same key from the same committed claims, so only one of them sends it;
a run that fails rolls its claims back, so the next run sends them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from core.jobs import claim_once, claims

from ..models import Membership, Pilot, PolicyAcknowledgement, SharingPolicy

REMINDER_KIND = "programs.policy_reminder"
REMINDER_INTERVAL = dt.timedelta(days=6)
REMINDER_SUBJECT = "Please read and acknowledge your pilot's sharing policy"


def reminder_key(policy_id: int, user_id: int, number: int) -> str:
    return f"policy={policy_id}:user={user_id}:reminder={number}"


@dataclass
class _Sent:
    count: int = 0
    last: dt.datetime | None = None


def _reminders_sent(policy_ids: list[int]) -> dict[tuple[int, int], _Sent]:
    """(policy id, user id) -> how many reminders were claimed and when the last one was."""
    if not policy_ids:
        return {}
    sent: dict[tuple[int, int], _Sent] = {}
    prefixes = [f"policy={policy_id}:" for policy_id in policy_ids]
    for key, claimed_at in claims(REMINDER_KIND, *prefixes).values_list("key", "claimed_at"):
        parts = dict(part.split("=", 1) for part in key.split(":"))
        entry = sent.setdefault((int(parts["policy"]), int(parts["user"])), _Sent())
        entry.count += 1
        entry.last = claimed_at if entry.last is None else max(entry.last, claimed_at)
    return sent


def _send_reminder(email: str, body: str) -> None:
    send_mail(subject=REMINDER_SUBJECT, message=body, from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[email])


def policy_send_reminders(*, now: dt.datetime | None = None) -> int:
    """Email each pilot member who has not acknowledged their pilot's current policy.

    One email per person listing every policy they still owe; nobody is reminded about the same
    version twice within REMINDER_INTERVAL, so running the task twice sends nothing twice.
    Returns the number of emails sent.
    """
    now = now or timezone.now()
    policies_by_pilot = {
        p.pilot_id: p.pk
        for p in SharingPolicy.objects.filter(
            status=SharingPolicy.Status.APPROVED,
            pilot__status__in=[Pilot.Status.PLANNING, Pilot.Status.ACTIVE, Pilot.Status.REVIEW],
        )
    }
    done = set(
        PolicyAcknowledgement.objects.filter(policy_id__in=policies_by_pilot.values()).values_list(
            "policy_id", "user_id"
        )
    )
    sent = _reminders_sent(list(policies_by_pilot.values()))
    owed: dict[int, list[int]] = {}
    members = Membership.objects.filter(
        pilot_id__in=policies_by_pilot, user__is_active=True, user__role__in=[Role.CONTRIBUTOR, Role.HR_LEAD]
    )
    for pilot_id, user_id in members.values_list("pilot_id", "user_id"):
        policy_id = policies_by_pilot[pilot_id]
        last = sent.get((policy_id, user_id), _Sent()).last
        if (policy_id, user_id) not in done and (last is None or last <= now - REMINDER_INTERVAL):
            owed.setdefault(user_id, []).append(policy_id)
    users = User.objects.in_bulk(list(owed))
    policies_by_id = SharingPolicy.objects.select_related("pilot").in_bulk(list(policies_by_pilot.values()))
    emails = 0
    for user_id, policy_ids in owed.items():
        user = users[user_id]
        with transaction.atomic():
            claimed = [
                policies_by_id[policy_id]
                for policy_id in policy_ids
                # False: another run claimed this reminder first, and sends it.
                if claim_once(
                    REMINDER_KIND,
                    reminder_key(policy_id, user_id, sent.get((policy_id, user_id), _Sent()).count + 1),
                    now=now,
                )
            ]
            if not claimed:
                continue
            links = [(p, settings.SITE_URL + reverse("programs:pilot_detail", args=[p.pilot_id])) for p in claimed]
            body = render_to_string("programs/email/policy_reminder.txt", {"user": user, "links": links})
            transaction.on_commit(partial(_send_reminder, user.email, body))
        emails += 1
    return emails
