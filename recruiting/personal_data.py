"""What recruiting holds about a person, for people's data export and erasure (people.registry):
their candidacies (opening, step, dated moves, source, the referral's reason, video interviews,
the videos they were pointed to) and their responses to shared posts.

Erasure deletes the candidacies and the post responses (the audit log keeps how many); a hire that
came out of a candidacy stays on the ledger, which metrics anonymizes itself."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from accounts.models import User
from accounts.services import audit_record
from people.models import Person
from people.registry import PersonalDataSection

from .models import Candidate, CandidateMove, PostResponse, VideoPointer


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_candidacies(person: Person) -> list[dict[str, Any]]:
    """One dict per candidacy, then one per response to a shared post. A fixed number of queries."""
    candidates = (
        Candidate.objects.filter(person=person)
        .select_related("opening", "opening__pilot", "referral", "conversation", "shared_post")
        .prefetch_related(
            Prefetch("moves", queryset=CandidateMove.objects.order_by("at", "id")),
            "video_interviews",
            Prefetch("video_pointers", queryset=VideoPointer.objects.select_related("video")),
        )
        .order_by("created_at", "id")
    )
    rows: list[dict[str, Any]] = []
    for c in candidates:
        referral = getattr(c, "referral", None) if hasattr(c, "referral") else None
        rows.append(
            {
                "kind": "candidacy",
                "opening": c.opening.title,
                "pilot": c.opening.pilot.name,
                "step": c.step,
                "source": c.source,
                "added_at": _iso(c.created_at),
                "note": c.note,
                "conversation_url": c.conversation.url if c.conversation else "",
                "hire_id": c.hire_id,
                "moves": [
                    {"from": m.from_step, "to": m.to_step, "at": _iso(m.at), "note": m.note} for m in c.moves.all()
                ],
                "referral_why": referral.why if referral else "",
                "video_interviews": [
                    {"scheduled_at": _iso(i.scheduled_at), "outcome": i.outcome, "notes": i.notes}
                    for i in c.video_interviews.all()
                ],
                "videos_pointed_to": [
                    {
                        "video": str(p.video),
                        "pointed_at": _iso(p.pointed_at),
                        "reaction": p.reaction,
                        "note": p.reaction_note,
                    }
                    for p in c.video_pointers.all()
                ],
            }
        )
    responses = PostResponse.objects.filter(person=person).select_related("post").order_by("responded_on", "id")
    rows.extend(
        {
            "kind": "post_response",
            "post": r.post.summary,
            "post_url": r.post.url,
            "responded_on": _iso(r.responded_on),
            "note": r.note,
        }
        for r in responses
    )
    return rows


@transaction.atomic
def erase_candidacies(person: Person, actor: User) -> int:
    """Delete the person's candidacies (their moves, referrals, interviews and pointers with them)
    and their responses to shared posts; one audit event with the counts."""
    candidacies = Candidate.objects.filter(person=person).count()
    responses = PostResponse.objects.filter(person=person).count()
    if not (candidacies or responses):
        return 0
    Candidate.objects.filter(person=person).delete()
    PostResponse.objects.filter(person=person).delete()
    audit_record(
        actor=actor,
        verb="candidates.erased",
        target=person,
        data={"candidacies": candidacies, "post_responses": responses},
    )
    return candidacies + responses


CANDIDACIES = PersonalDataSection(
    key="recruiting.candidacies",
    label="Candidacies and responses to shared posts",
    export=export_candidacies,
    erase=erase_candidacies,
)
