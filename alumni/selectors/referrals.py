"""Reads of alumni referrals: who may share what with whom, the shares and recommendations a user
may see, who an email share reaches (and who it skips, and why), and what the pilot's sharing
policy lets the page check in a group post draft.

Access follows alumni.access: a share is visible to whoever works in its segment's pilot; a
recommendation to whoever sees its alumnus. Managers see neither (they read counts elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import User
from people.models import PersonEmail
from programs.models import SharingPolicy, Stage
from recruiting.models import JobOpening

from ..access import can_work, visible_segments, work_pilots
from ..models import AlumniRecommendation, AlumniSegment, Alumnus, OpeningShare

LIVE = (JobOpening.Status.EMERGING, JobOpening.Status.OPEN)


def can_share(user: User) -> bool:
    """May share openings with segments and record recommendations: HR leads, and contributors
    who work in at least one Stage 2 pilot (they need a segment to share with)."""
    return can_work(user) and bool(user.is_hr_lead or work_pilots(user).filter(stage=Stage.ALUMNI).exists())


def share_openings(user: User) -> QuerySet[JobOpening]:
    """Openings the user may share: emerging or open, in a pilot the user works in."""
    return (
        JobOpening.objects.filter(pilot__in=work_pilots(user), status__in=LIVE)
        .select_related("pilot")
        .order_by("pilot__name", "title", "id")
    )


def share_segments(user: User) -> QuerySet[AlumniSegment]:
    """Segments the user may share with: those of the Stage 2 pilots the user works in."""
    return visible_segments(user).filter(pilot__stage=Stage.ALUMNI).order_by("pilot__name", "rank", "name")


def visible_shares(user: User) -> QuerySet[OpeningShare]:
    """Shares of the segments of the pilots the user works in, with how many recommendations each got."""
    return (
        OpeningShare.objects.filter(segment__pilot__in=work_pilots(user))
        .select_related("opening", "opening__pilot", "segment", "segment__pilot", "shared_by")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-shared_at", "-id")
    )


def get_share(user: User, pk: int) -> OpeningShare:
    try:
        return visible_shares(user).get(pk=pk)
    except OpeningShare.DoesNotExist as exc:
        raise Http404 from exc


def visible_recommendations(user: User) -> QuerySet[AlumniRecommendation]:
    """Recommendations whose alumnus the user may see (alumni.access.visible_alumni's rule)."""
    return (
        AlumniRecommendation.objects.filter(alumnus__pilot__in=work_pilots(user))
        .select_related(
            "alumnus",
            "alumnus__person",
            "alumnus__pilot",
            "person",
            "opening",
            "candidate",
            "share",
            "recorded_by",
        )
        .order_by("-created_at", "-id")
    )


def get_recommendation(user: User, pk: int) -> AlumniRecommendation:
    try:
        return visible_recommendations(user).get(pk=pk)
    except AlumniRecommendation.DoesNotExist as exc:
        raise Http404 from exc


# --- who an email share reaches ---------------------------------------------------------------


def _first_email() -> Subquery:
    return Subquery(
        PersonEmail.objects.filter(person=OuterRef("person")).order_by("-is_primary", "email").values("email")[:1]
    )


def email_recipients(segment: AlumniSegment) -> QuerySet[Alumnus]:
    """The segment's alumni an email share goes to: consented, not do-not-contact, not erased, with
    an email (annotated ``email``: the primary one). Read again when the task runs, so consent
    withdrawn meanwhile stops the email."""
    return (
        Alumnus.objects.filter(
            segment=segment,
            person__consent_to_contact=True,
            person__do_not_contact=False,
            person__erased_at__isnull=True,
        )
        .annotate(email=_first_email())
        .filter(email__isnull=False)
        .select_related("person")
        .order_by("pk")
    )


@dataclass(frozen=True)
class Audience:
    """Who an email share to a segment would reach now, and who it skips and why."""

    total: int
    recipients: int
    do_not_contact: int
    no_consent: int
    no_email: int

    @property
    def skipped(self) -> int:
        return self.do_not_contact + self.no_consent + self.no_email


def email_audience(segment: AlumniSegment) -> Audience:
    """One query: the segment's alumni counted by what an email share does with them. Each
    skipped alumnus is counted once, under the first reason: do not contact, then no consent,
    then no email."""
    dnc = Q(person__do_not_contact=True)
    no_consent = ~dnc & (Q(person__consent_to_contact=False) | Q(person__erased_at__isnull=False))
    reachable = ~dnc & Q(person__consent_to_contact=True, person__erased_at__isnull=True)
    counts = (
        Alumnus.objects.filter(segment=segment)
        .annotate(has_email=Exists(PersonEmail.objects.filter(person=OuterRef("person"))))
        .aggregate(
            total=Count("pk"),
            do_not_contact=Count("pk", filter=dnc),
            no_consent=Count("pk", filter=no_consent),
            no_email=Count("pk", filter=reachable & Q(has_email=False)),
            recipients=Count("pk", filter=reachable & Q(has_email=True)),
        )
    )
    return Audience(**{name: int(value or 0) for name, value in counts.items()})


# --- the sharing policy's "may not" list -------------------------------------------------------

# An item of the policy's "must never share" text is checked in a draft when it is a short phrase
# (a few words: "pricing", "client names"); longer items ("anything said inside the private
# group") need a person's judgement and are listed as not checked.
CHECKABLE_WORDS = 3
_SPLIT = re.compile(r"[\n;,•·]+|\s-\s")
_LEADING = re.compile(r"^(?:[-*\d.)\s]+|and\s+|or\s+|no\s+|never\s+)+", re.IGNORECASE)


@dataclass
class PolicyCheck:
    """What was checked in a draft against the policy's "must never share" list."""

    checked: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return bool(self.checked)


def policy_items(policy: SharingPolicy) -> tuple[list[str], list[str]]:
    """The "must never share" text split into items (lines, commas, semicolons, bullets): the
    short ones that can be looked for in a draft, and the others."""
    checked: list[str] = []
    unchecked: list[str] = []
    for raw in _SPLIT.split(policy.may_not_share):
        item = _LEADING.sub("", raw.strip()).strip(" .:!\"'“”")
        if not item:
            continue
        target = checked if len(item.split()) <= CHECKABLE_WORDS else unchecked
        if item.casefold() not in {x.casefold() for x in target}:
            target.append(item)
    return checked, unchecked


def policy_check(policy: SharingPolicy, text: str) -> PolicyCheck:
    """Which short "must never share" items occur in ``text`` as whole words, in any case."""
    checked, unchecked = policy_items(policy)
    folded = text.casefold()
    found = [
        item
        for item in checked
        if re.search(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in item.casefold().split()) + r"(?!\w)", folded)
    ]
    return PolicyCheck(checked=checked, unchecked=unchecked, found=found)
