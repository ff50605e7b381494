"""Reads of help requests: the lists a user may see (with their counts loaded), alumni's asks still
open (oldest first), the private-group venues a pilot's requests may go to, who an email request
reaches, the draft post for the group, and the ledger assists linked to a request.

Access is bizdev.access's: requests of the pilots the user works in; managers see none.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.models import User
from alumni.models import Alumnus, GroupMembership
from people.models import PersonEmail
from programs.models import Pilot, Venue, VenueVisibility

from ..access import can_manage, pilot_alumni, visible_requests, work_pilots
from ..models import HelpRequest, HelpResponse, RequestAudience, RequestDirection, RequestStatus
from ..rules import alumni_involved


def request_rows(user: User) -> QuerySet[HelpRequest]:
    """The requests ``user`` may see, newest first, with their response count (``response_count``)."""
    return (
        visible_requests(user).annotate(response_count=Count("responses", distinct=True)).order_by("-created_at", "-id")
    )


def alumni_asks_open(user: User) -> QuerySet[HelpRequest]:
    """Alumni's own asks still open (not answered, not closed), oldest first: "make sure that
    their requests are met"."""
    return (
        request_rows(user)
        .filter(direction=RequestDirection.ALUMNI, status=RequestStatus.OPEN)
        .order_by("created_at", "id")
    )


def request_for_detail(user: User, pk: int) -> HelpRequest | None:
    """The request ``pk`` if ``user`` may see it, with what its page shows loaded."""
    return (
        visible_requests(user)
        .select_related("guardrail_confirmed_by", "disclosed_by", "opportunity__company", "segment__pilot")
        .prefetch_related(
            Prefetch("chosen_alumni", queryset=Alumnus.objects.select_related("person").order_by("person__last_name")),
            Prefetch("references"),
            Prefetch("responses", queryset=HelpResponse.objects.select_related("author", "alumnus__person")),
        )
        .filter(pk=pk)
        .first()
    )


def can_change_request(user: User, request: HelpRequest) -> bool:
    """Who edits, closes and reopens a request: HR leads, whoever asked or entered it, and for an
    ask the alumnus sent through the link (nobody entered it), anyone working in its pilot."""
    if can_manage(user) or (request.asked_by_id is not None and request.asked_by_id == user.pk):
        return True
    return request.asked_by_id is None and work_pilots(user).filter(pk=request.pilot_id).exists()


def time_to_answer(request: HelpRequest) -> dt.timedelta | None:
    if request.answered_at is None:
        return None
    return request.answered_at - request.created_at


def age_days(request: HelpRequest, *, now: dt.datetime | None = None) -> int:
    return max(0, ((now or timezone.now()) - request.created_at).days)


# --- audience -----------------------------------------------------------------------------------


def group_venues(pilot: Pilot | int) -> QuerySet[Venue]:
    """The pilot's private groups: private venues on which the pilot's alumni (its sponsor's,
    bizdev.access.pilot_alumni) have a membership (invited, joined, declined or left), by name."""
    if isinstance(pilot, int):
        pilot = Pilot.objects.get(pk=pilot)
    member_venues = GroupMembership.objects.filter(alumnus__in=pilot_alumni(pilot)).values("venue_id")
    return Venue.objects.filter(visibility=VenueVisibility.PRIVATE, pk__in=member_venues).order_by("name")


def involved_alumni(request: HelpRequest) -> QuerySet[Alumnus]:
    """Who one of our requests reaches now (bizdev.rules.alumni_involved over its audience)."""
    return alumni_involved(
        pilot=request.pilot,
        audience=request.audience,
        segment=request.segment,
        chosen_alumni=list(request.chosen_alumni.all()),
        venue=request.venue,
    )


def _first_email() -> Subquery:
    return Subquery(
        PersonEmail.objects.filter(person=OuterRef("person")).order_by("-is_primary", "email").values("email")[:1]
    )


def email_recipients(request: HelpRequest) -> QuerySet[Alumnus]:
    """The alumni an email request goes to: those it reaches by segment or choice who consented,
    are not do-not-contact, not erased, and have an email (annotated ``email``). Read again when
    the task runs, so consent withdrawn meanwhile stops the email."""
    if request.direction != RequestDirection.OURS or request.audience not in (
        RequestAudience.SEGMENT,
        RequestAudience.CHOSEN,
    ):
        return Alumnus.objects.none()
    return (
        involved_alumni(request)
        .filter(person__consent_to_contact=True, person__do_not_contact=False, person__erased_at__isnull=True)
        .annotate(email=_first_email())
        .filter(email__isnull=False)
        .select_related("person")
        .order_by("pk")
    )


def group_post_text(request: HelpRequest) -> str:
    """The post drafted for the private group, to copy: the request, and the disclosure when there is one."""
    parts = [request.title, request.body]
    if request.disclosure:
        parts.append(f"In the open: {request.disclosure}")
    parts.append("Reply here or send me a message. Thank you!")
    return "\n\n".join(part.strip() for part in parts if part.strip())


# --- the ledger ---------------------------------------------------------------------------------
