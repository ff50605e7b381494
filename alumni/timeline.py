"""Stage 2 entries in a person's timeline (people.timeline): becoming an alumnus, goodwill
assessments, private-group membership, people they recommended (and recommendations naming
them), events they recommended, surveys they were asked (answered or not: never what they
answered) and outplacement cases.

Each entry is shown only to users who may see the alumnus (alumni.access.visible_alumni: HR leads,
the contributors of the alumnus's pilot); outplacement cases to those who work in the case's
pilot (work_pilots). A fixed number of queries (at most eight), at most ``limit`` entries.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from people.models import Person
from people.timeline import TimelineEntry, TimelineSource, register_timeline
from recruiting.access import visible_candidates

from .access import visible_alumni, work_pilots
from .models import AlumniRecommendation, Alumnus, NetworkingEvent, OutplacementCase, SurveyInvite

KEY = "alumni.records"


def _url(name: str, pk: int) -> str:
    """The page's address, or "" while that page is not mounted (another area's page)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _newest(entries: list[TimelineEntry], limit: int) -> list[TimelineEntry]:
    entries.sort(key=lambda e: (e.day, e.label), reverse=True)
    return entries[:limit]


def _outplacement(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    cases = OutplacementCase.objects.filter(person=person, pilot__in=work_pilots(user).values("pk")).order_by(
        "-eliminated_on", "-id"
    )[:limit]
    return [
        TimelineEntry(
            at=case.eliminated_on,
            kind="outplacement",
            label=f"Job eliminated: outplacement case ({case.get_status_display().lower()})",
            url=_url("alumni:outplacement_detail", case.pk),
            detail=f"Target roles: {case.target_roles}" if case.target_roles else "",
        )
        for case in cases
    ]


def _records(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    entries = _outplacement(person, user, limit)
    visible = visible_alumni(user)
    alumnus = visible.filter(person=person).first()
    # Recommendations naming them, by alumni the user may see.
    named = AlumniRecommendation.objects.filter(person=person, alumnus__in=visible.values("pk")).select_related(
        "alumnus__person", "opening"
    )[:limit]
    entries += [
        TimelineEntry(
            at=r.created_at,
            kind="recommendation",
            label=f"Recommended by {r.alumnus.person.full_name}"
            + (f" for {r.opening.title}" if r.opening else f" ({r.get_kind_display().lower()})"),
            url=_url("alumni:alumnus_detail", r.alumnus_id),
        )
        for r in named
    ]
    if alumnus is not None:
        entries += _record_entries(alumnus, limit)
        entries += _recommendations_made(alumnus, user, limit)
        entries += _events_and_surveys(alumnus, limit)
    return _newest(entries, limit)


def _record_entries(alumnus: Alumnus, limit: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    page = _url("alumni:alumnus_detail", alumnus.pk)
    exit_type = alumnus.get_exit_type_display().lower()
    entries.append(
        TimelineEntry(
            at=alumnus.left_on or alumnus.created_at,
            kind="alumnus",
            label=f"Left the firm ({exit_type})" if alumnus.left_on else f"Recorded as an alumnus ({exit_type})",
            url=page,
            detail=", ".join(x for x in (alumnus.former_role, alumnus.former_department) if x),
        )
    )
    for change in alumnus.goodwill_changes.order_by("-on", "-id")[:limit]:
        entries.append(
            TimelineEntry(
                at=change.on,
                kind="goodwill",
                label=f"Goodwill: {change.get_from_level_display()} → {change.get_to_level_display()}",
                url=page,
            )
        )
    for m in alumnus.group_memberships.select_related("venue").order_by("-changed_on")[:limit]:
        entries.append(
            TimelineEntry(
                at=m.changed_on, kind="group", label=f"{m.get_status_display()}: {m.venue.name} group", url=page
            )
        )
    return entries


def _recommendations_made(alumnus: Alumnus, user: User, limit: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    made = list(alumnus.recommendations.select_related("person", "opening").order_by("-created_at", "-id")[:limit])
    candidates = {r.candidate_id for r in made if r.candidate_id}
    open_candidates = set(
        visible_candidates(user).filter(pk__in=candidates).values_list("pk", flat=True) if candidates else []
    )
    for r in made:
        what = f"for {r.opening.title}" if r.opening else f"as a {r.get_kind_display().lower()}"
        url = _url("recruiting:candidate_detail", r.candidate_id) if r.candidate_id in open_candidates else ""
        entries.append(
            TimelineEntry(at=r.created_at, kind="referral", label=f"Recommended {r.person.full_name} {what}", url=url)
        )
    return entries


def _events_and_surveys(alumnus: Alumnus, limit: int) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for event in NetworkingEvent.objects.filter(recommended_by=alumnus).order_by("-starts_on", "-id")[:limit]:
        entries.append(
            TimelineEntry(
                at=event.starts_on,
                kind="event",
                label=f"Recommended the event {event.name} ({event.city})",
                url=_url("alumni:event_detail", event.pk),
            )
        )
    invites = (
        SurveyInvite.objects.filter(alumnus=alumnus, sent_at__isnull=False)
        .select_related("survey")
        .annotate(answer_count=Count("answers"))
        .order_by("-sent_at", "-id")[:limit]
    )
    for invite in invites:
        assert invite.sent_at is not None
        answered = invite.answered_at is not None
        entries.append(
            TimelineEntry(
                at=invite.answered_at or invite.sent_at,
                kind="survey",
                label=f"{'Answered' if answered else 'Asked'}: {invite.survey.title}",
                url=_url("alumni:survey_detail", invite.survey_id),
                detail=f"Asked on {invite.sent_at:%d %b %Y}" + ("" if answered else "; not answered"),
            )
        )
    return entries


def alumni_entries(person: Person, user: User, limit: int) -> list[TimelineEntry]:
    if limit <= 0 or not (user.is_authenticated and user.is_active):
        return []
    return _records(person, user, limit)


SOURCE = TimelineSource(key=KEY, entries=alumni_entries)


def register() -> None:
    register_timeline(SOURCE)
