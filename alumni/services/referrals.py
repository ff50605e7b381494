"""Alumni referrals: "talk excitedly about challenges and emerging job opportunities you have, and
ask alumni to recommend people" — and "scale the program by asking for referrals for consultants
and contract workers".

- ``share_create``: an opening (or, without one, a call for contractors and consultants) shared
  with a Stage 2 segment, by email or as a post drafted for the pilot's private group. An email
  share is sent by the task "alumni.send_share" after the commit (``share_send``): one email per
  share and alumnus (core.jobs.claim_once), only to alumni who consented, are not marked
  do-not-contact and have an email — read again when the task runs. Each email carries a signed
  link (core.links, purpose "alumni.recommend") to recommend someone without an account. A group
  post needs the pilot's approved sharing policy and is checked against its "must never share"
  items (alumni.selectors.referrals.policy_check).
- ``recommendation_create`` (a contributor records one by hand) and
  ``recommendation_create_by_link`` (the alumnus, through the link) share one core: the person is
  found by email, then profile URL, else created (source "referral"); for an opening they become
  a recruiting candidate through recruiting.services.candidate_add with source "alumni referral"
  and the alumnus as ``referred_by_person``; someone already a candidate there is linked instead.
  A contractor or consultant stays a recommendation (no opening, no candidate).

Through the link nobody is signed in: the candidate is added in the name of the user who shared
the opening (the share's ``shared_by``, who must still work in the opening's pilot); the
recommendation's audit event has no actor and says ``via_link``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError, ForbiddenError
from core.jobs import claim_once
from core.links import link_token
from people.consent import contact_allowed
from people.models import Person
from people.services import HandleData, PersonData, canonical_profile_url, find_duplicates, person_create
from programs.models import Stage
from programs.services import current_policy
from recruiting.models import Candidate, CandidateSource, JobOpening
from recruiting.services import candidate_add, existing_candidate
from recruiting.services.openings import latest_revision

from ..access import work_pilots
from ..models import AlumniRecommendation, AlumniSegment, Alumnus, OpeningShare, RecommendationKind, ShareChannel
from ..selectors.referrals import LIVE, email_recipients, policy_check

logger = logging.getLogger(__name__)

SEND_TASK = "alumni.send_share"
EMAIL_KIND = "alumni.share_email"
LINK_PURPOSE = "alumni.recommend"
MESSAGE_MAX = 4000
WHY_MAX = 1000
NAME_MAX = 200

PHRASES: dict[str, str] = {
    "alumni.share_created": "{target} (alumni referrals)",
    "alumni.share_emailed": "Opening shared by email: {target}",
    "alumni.recommendation_created": "{target} (alumni recommendation)",
    "alumni.shares_listed": "Alumni shares listed",
    "alumni.share_viewed": "Alumni share {target} viewed",
    "alumni.recommendations_listed": "Alumni recommendations listed",
    "alumni.recommendation_viewed": "Alumni recommendation {target} viewed",
}

MSG_SHARE_FORBIDDEN = "Only HR leads and the pilot's contributors share its openings with its alumni."
MSG_SEGMENT = "Choose a segment of a Stage 2 pilot you work in."
MSG_OPENING_PILOT = "Choose an opening of a pilot you work in."
MSG_OPENING_SHUT = "“{opening}” is {status}: only emerging and open openings are shared and recommended for."
MSG_MESSAGE = "Write the message: what the challenge is and what the opportunity is."
MSG_MESSAGE_LONG = f"Keep the message under {MESSAGE_MAX} characters."
MSG_CHANNEL = "Choose how to share: by email or as a post for the private group."
MSG_NO_POLICY = (
    "{pilot} has no approved sharing policy: a Stage 2 pilot shares in its private group within an approved "
    "policy. An HR lead approves it on the pilot's page."
)
MSG_POLICY_FOUND = (
    "The draft mentions what the sharing policy says must never be shared: {items}. Rewrite it, or tick "
    "“I checked it against the policy” if the words are fine here."
)
MSG_WHY = "Say in a sentence or two why they would be good."
MSG_WHY_LONG = f"Keep the reason under {WHY_MAX} characters."
MSG_NAME = "Give their name."
MSG_NAME_LONG = f"Keep the name under {NAME_MAX} characters."
MSG_KIND_OPENING = "A recommendation for an opening is for an employee."
MSG_KIND_CONTRACT = "Choose contractor or consultant (or choose an opening for an employee)."
MSG_ALUMNUS = "Choose an alumnus of a pilot you work in."
MSG_PROFILE_URL = "Give the address of their profile, e.g. https://www.linkedin.com/in/…, or leave it empty."
MSG_SHARE_OPENING = "That share is about another opening: choose the share's opening, or no share."
MSG_CLOSED = "This call for recommendations is closed: thank you all the same."


def enqueue(task_name: str, *args: Any) -> None:
    """Run the task named ``task_name`` after the commit (by name: services never import tasks).
    A broker outage is logged, never an error page: the share is saved and can be sent again."""

    def send() -> None:
        try:
            current_app.signature(task_name, args=args).delay()
        except OperationalError:
            logger.warning("broker unreachable; %s%r not enqueued", task_name, args)

    transaction.on_commit(send)


# --- sharing ---------------------------------------------------------------------------------


def share_prefill(opening: JobOpening | None) -> str:
    """The message a share starts from: the opening's title and latest description, or a call for
    contractors and consultants."""
    if opening is None:
        return (
            "We have projects where a contractor or consultant would make the difference. "
            "Who do you know who does excellent work and might be free? Recommend them: "
            "we will get in touch and tell you what became of it."
        )
    latest = latest_revision(opening)
    where = f" in {opening.location}" if opening.location else ""
    intro = f"We are looking for a {opening.title}{where}: a new challenge for the right person."
    text = f"{intro}\n\n{latest.text}" if latest else intro
    ask = "\n\nWho do you know who would be great at it? Recommend them: we thank everyone who does."
    return text[: MESSAGE_MAX - len(ask)] + ask


def _check_share(actor: User, segment: AlumniSegment, opening: JobOpening | None) -> None:
    pilots = work_pilots(actor)
    if not pilots.filter(pk=segment.pilot_id, stage=Stage.ALUMNI).exists():
        raise ForbiddenError(MSG_SHARE_FORBIDDEN, fields={"segment": [MSG_SEGMENT]})
    if opening is None:
        return
    if not pilots.filter(pk=opening.pilot_id).exists():
        raise ForbiddenError(MSG_SHARE_FORBIDDEN, fields={"opening": [MSG_OPENING_PILOT]})
    if opening.status not in LIVE:
        msg = MSG_OPENING_SHUT.format(opening=opening.title, status=opening.get_status_display().lower())
        raise DomainError(msg, fields={"opening": [msg]})


def _check_message(message: str) -> str:
    message = message.replace("\r\n", "\n").strip()
    if not message:
        raise DomainError(MSG_MESSAGE, fields={"message": [MSG_MESSAGE]})
    if len(message) > MESSAGE_MAX:
        raise DomainError(MSG_MESSAGE_LONG, fields={"message": [MSG_MESSAGE_LONG]})
    return message


def _check_group_post(segment: AlumniSegment, message: str, policy_confirmed: bool) -> dict[str, Any]:
    policy = current_policy(segment.pilot)
    if policy is None:
        msg = MSG_NO_POLICY.format(pilot=segment.pilot.name)
        raise DomainError(msg, code="no_policy", fields={"channel": [msg]})
    check = policy_check(policy, message)
    if check.found and not policy_confirmed:
        msg = MSG_POLICY_FOUND.format(items=", ".join(f"“{item}”" for item in check.found))
        raise DomainError(msg, code="policy", fields={"message": [msg]})
    return {"policy_version": policy.version, "policy_flagged": check.found}


@transaction.atomic
def share_create(
    *,
    actor: User,
    segment: AlumniSegment,
    channel: str,
    message: str,
    opening: JobOpening | None = None,
    policy_confirmed: bool = False,
    now: dt.datetime | None = None,
) -> OpeningShare:
    """Share ``opening`` (None: a call for contractors and consultants) with ``segment``. Email:
    sent after the commit by "alumni.send_share". Group post: the draft is saved, refused without
    an approved policy and when it names a "must never share" item (unless ``policy_confirmed``)."""
    _check_share(actor, segment, opening)
    if channel not in ShareChannel.values:
        raise DomainError(MSG_CHANNEL, fields={"channel": [MSG_CHANNEL]})
    message = _check_message(message)
    data: dict[str, Any] = {"segment": segment.pk, "channel": channel, "opening": opening.pk if opening else None}
    if channel == ShareChannel.GROUP_POST:
        data |= _check_group_post(segment, message, policy_confirmed)
    now = now or timezone.now()
    share = OpeningShare.objects.create(
        opening=opening, segment=segment, channel=channel, message=message, shared_by=actor, shared_at=now
    )
    audit_record(actor=actor, verb="alumni.share_created", target=share, data=data, now=now)
    if channel == ShareChannel.EMAIL:
        enqueue(SEND_TASK, share.pk)
    return share


def recommend_token(share: OpeningShare, alumnus: Alumnus, *, nonce: str = "") -> str:
    """The signed token of an alumnus's recommendation link. ``nonce`` makes a fresh link ("recommend
    someone else") differ from the one just used, even within the same second."""
    payload: dict[str, Any] = {"s": share.pk, "a": alumnus.pk}
    if nonce:
        payload["n"] = nonce
    return link_token(LINK_PURPOSE, payload)


def recommend_url(share: OpeningShare, alumnus: Alumnus) -> str:
    """The signed link an alumnus recommends someone through (absolute, for an email)."""
    return settings.SITE_URL + reverse("alumni:recommend", args=[recommend_token(share, alumnus)])


def _share_email(share: OpeningShare, alumnus: Alumnus, email: str) -> EmailMultiAlternatives:
    context = {
        "share": share,
        "opening": share.opening,
        "alumnus": alumnus,
        "person": alumnus.person,
        "pilot": share.segment.pilot,
        "recommend_url": recommend_url(share, alumnus),
    }
    message = EmailMultiAlternatives(
        subject=" ".join(render_to_string("alumni/email/share_subject.txt", context).split()),
        body=render_to_string("alumni/email/share_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(render_to_string("alumni/email/share_body.html", context), "text/html")
    return message


def share_send(*, share_id: int, now: dt.datetime | None = None) -> int:
    """The task's work: email the share to each recipient of its segment not emailed before. Each
    email is claimed in its own transaction with its send and the ``recipients`` count, so a
    failed send is retried by the next run and a second run sends nothing twice. Consent and
    do-not-contact are read now. Returns the emails sent (0 for a group post, a gone share or an
    opening no longer emerging or open)."""
    share = (
        OpeningShare.objects.select_related("opening", "segment", "segment__pilot")
        .filter(pk=share_id, channel=ShareChannel.EMAIL)
        .first()
    )
    if share is None or (share.opening is not None and share.opening.status not in LIVE):
        return 0
    now = now or timezone.now()
    sent = 0
    for alumnus in email_recipients(share.segment):
        if not contact_allowed(alumnus.person):
            continue
        with transaction.atomic():
            if not claim_once(EMAIL_KIND, f"{share.pk}:{alumnus.pk}", now=now):
                continue
            _share_email(share, alumnus, alumnus.email).send()  # type: ignore[attr-defined]
            OpeningShare.objects.filter(pk=share.pk).update(recipients=F("recipients") + 1)
            audit_record(
                actor=None,
                verb="alumni.share_emailed",
                target=share,
                person_id=alumnus.person_id,
                data={"alumnus": alumnus.pk},
                now=now,
            )
        sent += 1
    return sent


# --- recommendations -------------------------------------------------------------------------


@dataclass
class Recommended:
    """Who is recommended, as typed: a name, and an email and profile URL to find them by."""

    name: str
    email: str = ""
    profile_url: str = ""


@dataclass
class RecommendationResult:
    recommendation: AlumniRecommendation
    already_candidate: bool = False


def _check_why(why: str) -> str:
    why = why.strip()
    if not why:
        raise DomainError(MSG_WHY, fields={"why": [MSG_WHY]})
    if len(why) > WHY_MAX:
        raise DomainError(MSG_WHY_LONG, fields={"why": [MSG_WHY_LONG]})
    return why


def _check_kind(kind: str, opening: JobOpening | None) -> None:
    if opening is not None and kind != RecommendationKind.EMPLOYEE:
        raise DomainError(MSG_KIND_OPENING, fields={"kind": [MSG_KIND_OPENING]})
    if opening is None and kind not in (RecommendationKind.CONTRACTOR, RecommendationKind.CONSULTANT):
        raise DomainError(MSG_KIND_CONTRACT, fields={"kind": [MSG_KIND_CONTRACT]})
    if opening is not None and opening.status not in LIVE:
        msg = MSG_OPENING_SHUT.format(opening=opening.title, status=opening.get_status_display().lower())
        raise DomainError(msg, fields={"opening": [msg]})


def _handles(profile_url: str) -> list[HandleData]:
    if not profile_url.strip():
        return []
    url = canonical_profile_url(profile_url)
    if not url:
        raise DomainError(MSG_PROFILE_URL, fields={"profile_url": [MSG_PROFILE_URL]})
    host = url.removeprefix("https://").split("/", 1)[0].split(":", 1)[0]
    linkedin = host == "linkedin.com" or host.endswith(".linkedin.com")
    return [HandleData(venue_kind="linkedin" if linkedin else "other", profile_url=url)]


def find_recommended(recommended: Recommended) -> Person | None:
    """The person an email (first) or else a profile URL belongs to, if anyone."""
    email = recommended.email.strip().lower()
    handles = _handles(recommended.profile_url)
    if not email and not handles:
        return None
    matches = find_duplicates(emails=[email] if email else [], handles=handles)
    return matches[0][1] if matches else None  # emails are matched first


def _person(
    recommended: Recommended, *, actor: User | None, source_detail: str, allow_same_name: bool, now: dt.datetime
) -> Person:
    name = " ".join(recommended.name.split())
    if len(name) > NAME_MAX:
        raise DomainError(MSG_NAME_LONG, fields={"name": [MSG_NAME_LONG]})
    if (found := find_recommended(recommended)) is not None:
        return found
    if not name:
        raise DomainError(MSG_NAME, fields={"name": [MSG_NAME]})
    first, _, last = name.partition(" ")
    data = PersonData(
        first_name=first[:100],
        last_name=last[:100],
        emails=[recommended.email.strip()] if recommended.email.strip() else [],
        handles=_handles(recommended.profile_url),
        source=Person.Source.REFERRAL,
        source_detail=source_detail[:255],
    )
    return person_create(actor=actor, data=data, allow_same_name=allow_same_name, now=now)


def _candidate(
    pipeline_actor: User, opening: JobOpening, person: Person, alumnus: Alumnus, now: dt.datetime
) -> tuple[Candidate | None, bool]:
    """The candidacy the recommendation links to, and whether it existed before. An existing one
    already linked to another recommendation stays with that one."""
    existing = existing_candidate(opening, person)
    if existing is not None:
        free = not AlumniRecommendation.objects.filter(candidate=existing).exists()
        return (existing if free else None), True
    candidate = candidate_add(
        actor=pipeline_actor,
        opening=opening,
        person=person,
        source=CandidateSource.ALUMNI_REFERRAL,
        referred_by_person=alumnus.person,
        note=f"Recommended by {alumnus.person.full_name} (alumni referral)"[:500],
        at=now,
    )
    return candidate, False


def _record(
    *,
    actor: User | None,
    pipeline_actor: User | None,
    alumnus: Alumnus,
    kind: str,
    why: str,
    recommended: Recommended,
    opening: JobOpening | None,
    share: OpeningShare | None,
    source_detail: str,
    allow_same_name: bool,
    now: dt.datetime,
) -> RecommendationResult:
    why = _check_why(why)
    _check_kind(kind, opening)
    person = _person(recommended, actor=actor, source_detail=source_detail, allow_same_name=allow_same_name, now=now)
    candidate, already = None, False
    if opening is not None:
        if pipeline_actor is None:
            raise DomainError(MSG_CLOSED, code="closed")
        candidate, already = _candidate(pipeline_actor, opening, person, alumnus, now)
    recommendation = AlumniRecommendation.objects.create(
        alumnus=alumnus,
        share=share,
        opening=opening,
        kind=kind,
        person=person,
        candidate=candidate,
        why=why,
        via_link=actor is None,
        recorded_by=actor,
        created_at=now,
    )
    audit_record(
        actor=actor,
        verb="alumni.recommendation_created",
        target=recommendation,
        person_id=alumnus.person_id,
        data={
            "recommended": person.pk,
            "kind": kind,
            "opening": opening.pk if opening else None,
            "candidate": candidate.pk if candidate else None,
            "already_candidate": already,
            "share": share.pk if share else None,
            "via_link": actor is None,
        },
        now=now,
    )
    return RecommendationResult(recommendation, already_candidate=already)


@transaction.atomic
def recommendation_create(
    *,
    actor: User,
    alumnus: Alumnus,
    kind: str,
    why: str,
    recommended: Recommended,
    opening: JobOpening | None = None,
    share: OpeningShare | None = None,
    allow_same_name: bool = False,
    now: dt.datetime | None = None,
) -> RecommendationResult:
    """Record by hand that ``alumnus`` recommended someone, for ``opening`` (a candidate with
    source "alumni referral") or, without one, as a contractor or consultant."""
    if not work_pilots(actor).filter(pk=alumnus.pilot_id).exists():
        raise ForbiddenError(MSG_SHARE_FORBIDDEN, fields={"alumnus": [MSG_ALUMNUS]})
    if opening is not None and not work_pilots(actor).filter(pk=opening.pilot_id).exists():
        raise ForbiddenError(MSG_SHARE_FORBIDDEN, fields={"opening": [MSG_OPENING_PILOT]})
    if share is not None and share.opening_id != (opening.pk if opening else None):
        raise DomainError(MSG_SHARE_OPENING, fields={"share": [MSG_SHARE_OPENING]})
    return _record(
        actor=actor,
        pipeline_actor=actor,
        alumnus=alumnus,
        kind=kind,
        why=why,
        recommended=recommended,
        opening=opening,
        share=share,
        source_detail=f"Recommended by {alumnus.person.full_name} (alumni, recorded by {actor})",
        allow_same_name=allow_same_name,
        now=now or timezone.now(),
    )


def link_pipeline_actor(share: OpeningShare) -> User | None:
    """Who adds a link's candidate to the pipeline: the user who shared, while they still work in
    the opening's pilot and are active. None: the call is closed for new candidates."""
    user = share.shared_by
    if share.opening is None or user is None or not user.is_active:
        return None
    return user if work_pilots(user).filter(pk=share.opening.pilot_id).exists() else None


def share_closed(share: OpeningShare) -> bool:
    """A link's share no longer takes recommendations: its opening is filled or closed, or
    nobody who may add candidates stands behind it any more."""
    if share.opening is None:
        return False
    return share.opening.status not in LIVE or link_pipeline_actor(share) is None


@transaction.atomic
def recommendation_create_by_link(
    *,
    share: OpeningShare,
    alumnus: Alumnus,
    kind: str,
    why: str,
    recommended: Recommended,
    now: dt.datetime | None = None,
) -> RecommendationResult:
    """What an alumnus sends through the signed link (the caller has claimed it: core.links.use_link,
    in this transaction). No account: the audit event has no actor and says ``via_link``."""
    if share_closed(share):
        raise DomainError(MSG_CLOSED, code="closed")
    return _record(
        actor=None,
        pipeline_actor=link_pipeline_actor(share),
        alumnus=alumnus,
        kind=kind,
        why=why,
        recommended=recommended,
        opening=share.opening,
        share=share,
        source_detail=f"Recommended by {alumnus.person.full_name} (alumni link)",
        allow_same_name=True,
        now=now or timezone.now(),
    )


def recommendations_listed(*, actor: User, data: dict[str, Any]) -> None:
    """One audit event per page or API list of recommendations (they name alumni and people)."""
    audit_record(actor=actor, verb="alumni.recommendations_listed", data=data)


def share_viewed(*, actor: User, share: OpeningShare, via: str = "page") -> None:
    audit_record(actor=actor, verb="alumni.share_viewed", target=share, data={"via": via})
