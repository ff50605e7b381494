"""Wins (a hire, a meaningful introduction, an assist of at least METRICS_BIG_ASSIST_POINTS) and
the posts drafted to celebrate them.

A ledger row that qualifies gets its Win from the ledger services (``win_sync``), visibly, and
loses it when a correction disqualifies it. "Celebrate" drafts a short post for a venue within
the pilot's sharing policy; posting to networks is out of scope: the user edits and copies it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.errors import ForbiddenError
from people.models import Person
from programs.access import can_work_in
from programs.models import Venue
from programs.services import current_policy

from ..models import (
    Assist,
    AssistDirection,
    Celebration,
    Hire,
    HireSource,
    Introduction,
    IntroductionKind,
    IntroductionPurpose,
    Win,
    WinKind,
)
from .common import MetricsError, audit

LedgerRow = Introduction | Assist | Hire


def win_for(row: LedgerRow) -> tuple[str, str] | None:
    """(kind, headline) if the row is a win, else None."""
    if isinstance(row, Hire):
        return WinKind.HIRE, f"{row.person} joined as {row.opening_title}"
    if isinstance(row, Introduction):
        if not row.meaningful:
            return None
        return WinKind.INTRODUCTION, f"{row.on_behalf_of} was introduced to {row.target_label}"
    if row.points >= settings.METRICS_BIG_ASSIST_POINTS:
        verb = "gave" if row.direction == AssistDirection.GIVEN else "received"
        return WinKind.ASSIST, f"We {verb} {row.assist_type.name.lower()} ({row.points} points) with {row.person}"
    return None


def win_sync(row: LedgerRow, *, created: bool = False) -> None:
    """Give ``row`` its Win, refresh it, or take it away, as the row now stands."""
    field = {Hire: "hire", Introduction: "introduction", Assist: "assist"}[type(row)]
    wanted = win_for(row)
    if wanted is None:
        if not created:  # a row just recorded has no win to take away
            Win.objects.filter(**{field: row}).delete()
        return
    kind, headline = wanted
    lookup: dict[str, Any] = {field: row}
    Win.objects.update_or_create(
        **lookup,
        defaults={"kind": kind, "pilot": row.pilot, "stage": row.stage, "date": row.date, "headline": headline[:300]},
    )


# sharing policy. Posting to networks is out of scope: the user edits and copies the text.

MSG_CELEBRATE_FORBIDDEN = "Only HR leads and members of this pilot can celebrate its wins; managers read them."
MSG_CELEBRATE_NO_POLICY = (
    "{pilot} has no approved sharing policy yet, so nothing about it may be shared. "
    "An HR lead writes and approves the policy on the pilot's page; then celebrate this win."
)

# Neutral descriptions used instead of a name the draft may not use.
NEUTRAL_BEHALF: dict[str, str] = {
    IntroductionKind.ALUMNUS: "one of our alumni",
    IntroductionKind.CANDIDATE: "a candidate",
    IntroductionKind.EMPLOYEE: "a colleague",
    IntroductionKind.OTHER: "someone in our network",
}
PURPOSE_PHRASE: dict[str, str] = {
    IntroductionPurpose.JOB: "about a job",
    IntroductionPurpose.CONTRACT: "about contract work",
    IntroductionPurpose.CLIENT: "to explore working together",
    IntroductionPurpose.INSIGHT: "to share insight",
    IntroductionPurpose.PARTNERSHIP: "about a partnership",
    IntroductionPurpose.OTHER: "",
}
HIRE_VIA: dict[str, str] = {
    HireSource.ALUMNI_REFERRAL: ", recommended by one of our alumni",
    HireSource.EMPLOYEE_REFERRAL: ", recommended by one of our team",
    HireSource.SOCIAL: ", after a conversation that started online",
    HireSource.SHARED_CONTENT: ", after responding to something we shared",
    HireSource.VIDEO_FIRST: ", through our video-first interviews",
}
# Stage-appropriate opening line (1 recruiting, 2 alumni, 3 business development).
STAGE_OPENER: dict[int, str] = {
    1: "Our social recruiting at work!",
    2: "Alumni helping alumni!",
    3: "Our alumni network helps us grow!",
}
HASHTAGS: dict[object, str] = {
    (WinKind.HIRE, 1): "#hiring #WelcomeAboard",
    (WinKind.HIRE, 2): "#alumni #hiring",
    (WinKind.HIRE, 3): "#alumni #hiring",
    1: "#careers #networking",
    2: "#alumni #AlumniNetwork",
    3: "#alumni #partnerships",
}


def _is_private(venue: Venue) -> bool:
    return bool(venue.visibility == Venue.Visibility.PRIVATE)


def _outsider_name(person: Person | None, venue: Venue, neutral: str) -> str:
    """A person outside the firm is named only by first name, only on a private venue, and only
    with their consent to be contacted (and not marked do-not-contact); everywhere else the neutral
    description stands in."""
    if person is None or person.do_not_contact or not person.consent_to_contact:
        return neutral
    if _is_private(venue) and person.first_name.strip():
        return person.first_name.strip()
    return neutral


def _colleague_name(user: User | None, venue: Venue, neutral: str) -> str:
    """Colleagues get their first name on a private venue; public posts name nobody."""
    if user is not None and _is_private(venue) and user.full_name.strip():
        return user.full_name.split()[0]
    return neutral


def celebration_text(win: Win, venue: Venue) -> str:
    """The draft of a post celebrating ``win`` on ``venue``. Built from the ledger row, never
    from the win's headline (which names people for the internal feed)."""
    stage = int(win.stage)
    opener = STAGE_OPENER.get(stage, "Good news!")
    tags = HASHTAGS.get((win.kind, stage)) or HASHTAGS.get(stage, "#alumni")
    if win.kind == WinKind.HIRE and win.hire is not None:
        hire = win.hire
        who = _outsider_name(hire.person, venue, "a new colleague")
        who = who[0].upper() + who[1:]
        via = HIRE_VIA.get(hire.source, "")
        body = f"Welcome aboard! {who} joins our {hire.sponsor.name} team as {hire.opening_title}{via}."
        return f"{opener} {body} Thank you to everyone who helped. {tags}"
    if win.kind == WinKind.INTRODUCTION and win.introduction is not None:
        intro = win.introduction
        who = _outsider_name(intro.on_behalf_of, venue, NEUTRAL_BEHALF.get(intro.on_behalf_kind, "someone"))
        if intro.to_person is not None:
            target = _outsider_name(intro.to_person, venue, "a contact in our network")
            if intro.to_company is not None and _is_private(venue):
                target = f"{target} at {intro.to_company.name}"
        elif intro.to_company is not None and _is_private(venue):
            target = intro.to_company.name
        else:
            target = "a company in our network"
        purpose = PURPOSE_PHRASE.get(intro.purpose, "")
        purpose = f" {purpose}" if purpose else ""
        colleague = _colleague_name(intro.made_by, venue, "our team")
        return (
            f"{opener} We introduced {who} to {target}{purpose}, and it led somewhere. "
            f"Thanks to {colleague} for making the connection. {tags}"
        )
    if win.kind == WinKind.ASSIST and win.assist is not None:
        assist = win.assist
        who = _outsider_name(assist.person, venue, "someone in our alumni network")
        help_kind = assist.assist_type.name.lower()
        article = "an" if help_kind[:1] in "aeiou" else "a"
        if assist.direction == AssistDirection.GIVEN:
            body = f"We were glad to help {who} with {article} {help_kind}."
        else:
            body = f"A big thank you to {who} for {article} {help_kind}!"
        return f"{opener} {body} {tags}"
    return f"{opener} {tags}"


@transaction.atomic
def celebration_draft(*, actor: User, win: Win, venue: Venue, now: dt.datetime | None = None) -> Celebration:
    """Draft a post celebrating ``win`` on ``venue``, checked against the pilot's approved policy.

    HR leads and members of the win's pilot may celebrate (managers read). Without an approved
    sharing policy nothing is drafted. The draft names only consenting outside people, by first
    name, on private venues; it records the policy version it was checked against.
    """
    if not can_work_in(actor, win.pilot):
        raise ForbiddenError(MSG_CELEBRATE_FORBIDDEN)
    policy = current_policy(win.pilot)
    if policy is None:
        raise MetricsError(MSG_CELEBRATE_NO_POLICY.format(pilot=win.pilot.name), code="no_policy")
    celebration = Celebration.objects.create(
        win=win,
        venue=venue,
        text=celebration_text(win, venue),
        policy_version=policy.version,
        created_by=actor,
        created_at=now or timezone.now(),
    )
    audit(
        actor,
        "celebration.drafted",
        celebration,
        {"win": win.pk, "venue": venue.pk, "policy_version": policy.version},
        now,
    )
    return celebration
