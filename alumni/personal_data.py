"""What Stage 2 holds about a person, for people's data export and erasure (people.registry),
under one section, ``alumni.records``:

- their alumnus record (former department, role, dates, exit, rehire eligibility, segment,
  goodwill) with its goodwill history and private-group memberships;
- recommendations they made as an alumnus, and recommendations by alumni that name them;
- the surveys they were asked, with their answers;
- outplacement cases about them; the networking events they recommended.

Erasure deletes the alumnus row, which takes its goodwill history, memberships, recommendations
they made, survey invites and answers with it (cascade), and the event recommendations (the
many-to-many rows). What stays, because figures count it, and no longer names them:
- recommendations by other alumni that name them keep their row (the referrer's count of
  recommendations) with the reason ("why") replaced by "[erased]";
- outplacement cases keep their row, dates, pilot and status (the outplacement figures) with the
  free text (current role, target roles, outcome) cleared;
- surveys keep their per-question counts only through the other respondents: the erased person's
  invite and answers go with the alumnus row.
One "alumni.records_erased" audit event records the counts.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record
from people.models import Person
from people.registry import PersonalDataSection, register_personal_data

from .models import AlumniRecommendation, Alumnus, NetworkingEvent, OutplacementCase, SurveyAnswer

KEY = "alumni.records"
ERASED_TEXT = "[erased]"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _alumnus_rows(alumnus: Alumnus) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "kind": "alumnus",
            "pilot": alumnus.pilot.name,
            "former_department": alumnus.former_department,
            "former_role": alumnus.former_role,
            "started_on": _iso(alumnus.started_on),
            "left_on": _iso(alumnus.left_on),
            "exit_type": alumnus.exit_type,
            "rehire_eligible": alumnus.rehire_eligible,
            "segment": alumnus.segment.name if alumnus.segment else None,
            "goodwill": alumnus.goodwill,
            "goodwill_on": _iso(alumnus.goodwill_on),
            "created_at": _iso(alumnus.created_at),
        }
    ]
    rows += [
        {"kind": "goodwill_change", "from": c.from_level, "to": c.to_level, "on": _iso(c.on), "note": c.note}
        for c in alumnus.goodwill_changes.order_by("on", "id")
    ]
    rows += [
        {"kind": "group_membership", "venue": m.venue.name, "status": m.status, "changed_on": _iso(m.changed_on)}
        for m in alumnus.group_memberships.select_related("venue")
    ]
    rows += [
        {
            "kind": "recommendation_made",
            "recommended": r.person.full_name,
            "recommendation_kind": r.kind,
            "opening": r.opening.title if r.opening else None,
            "why": r.why,
            "via_link": r.via_link,
            "created_at": _iso(r.created_at),
        }
        for r in alumnus.recommendations.select_related("person", "opening").order_by("created_at", "id")
    ]
    answers: dict[int, list[dict[str, Any]]] = {}
    for a in SurveyAnswer.objects.filter(invite__alumnus=alumnus).select_related("question"):
        answers.setdefault(a.invite_id, []).append({"question": a.question.text, "answer": a.value})
    rows += [
        {
            "kind": "survey_invite",
            "survey": i.survey.title,
            "sent_at": _iso(i.sent_at),
            "answered_at": _iso(i.answered_at),
            "answers": answers.get(i.pk, []),
        }
        for i in alumnus.survey_invites.select_related("survey").order_by("id")
    ]
    rows += [
        {
            "kind": "event_recommended",
            "event": e.name,
            "city": e.city,
            "country": e.country,
            "starts_on": _iso(e.starts_on),
        }
        for e in NetworkingEvent.objects.filter(recommended_by=alumnus).order_by("starts_on", "id")
    ]
    return rows


def export_alumni_records(person: Person) -> list[dict[str, Any]]:
    """Every Stage 2 row about ``person``, JSON-ready. A fixed number of queries."""
    rows: list[dict[str, Any]] = []
    alumnus = Alumnus.objects.select_related("pilot", "segment").filter(person=person).first()
    if alumnus is not None:
        rows += _alumnus_rows(alumnus)
    rows += [
        {
            "kind": "recommended_by_alumnus",
            "by": r.alumnus.person.full_name,
            "recommendation_kind": r.kind,
            "opening": r.opening.title if r.opening else None,
            "why": r.why,
            "created_at": _iso(r.created_at),
        }
        for r in AlumniRecommendation.objects.filter(person=person)
        .select_related("alumnus__person", "opening")
        .order_by("created_at", "id")
    ]
    rows += [
        {
            "kind": "outplacement_case",
            "pilot": c.pilot.name,
            "current_role": c.current_role,
            "eliminated_on": _iso(c.eliminated_on),
            "target_roles": c.target_roles,
            "target_companies": [company.name for company in c.target_companies.all()],
            "status": c.status,
            "outcome": c.outcome,
            "closed_on": _iso(c.closed_on),
        }
        for c in OutplacementCase.objects.filter(person=person)
        .select_related("pilot")
        .prefetch_related("target_companies")
    ]
    return rows


@transaction.atomic
def erase_alumni_records(person: Person, actor: User) -> int:
    """Delete the alumnus row (and what cascades from it), clear the free text naming them that
    other rows keep (see the module's docstring); one audit event with the counts."""
    alumnus = Alumnus.objects.filter(person=person).first()
    counts = {"alumnus": 0, "goodwill_changes": 0, "survey_answers": 0, "recommendations_made": 0}
    if alumnus is not None:
        counts["goodwill_changes"] = alumnus.goodwill_changes.count()
        counts["survey_answers"] = SurveyAnswer.objects.filter(invite__alumnus=alumnus).count()
        counts["recommendations_made"] = alumnus.recommendations.count()
        alumnus.recommended_events.clear()
        alumnus.delete()
        counts["alumnus"] = 1
    counts["recommendations_naming_them"] = (
        AlumniRecommendation.objects.filter(person=person).exclude(why=ERASED_TEXT).update(why=ERASED_TEXT)
    )
    counts["outplacement_cases"] = OutplacementCase.objects.filter(person=person).update(
        current_role="", target_roles=ERASED_TEXT, outcome=""
    )
    changed = counts["alumnus"] + counts["recommendations_naming_them"] + counts["outplacement_cases"]
    if changed:
        audit_record(actor=actor, verb="alumni.records_erased", target=person, data=counts)
    return changed


SECTION = PersonalDataSection(
    key=KEY,
    label="Alumni records (alumnus, goodwill, groups, recommendations, surveys, outplacement, events)",
    export=export_alumni_records,
    erase=erase_alumni_records,
)


def register() -> None:
    register_personal_data(SECTION)
