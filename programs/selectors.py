"""Reads used by more than one view (dashboard, pilot pages, API)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When

from accounts.models import User

from .access import pilot_empty_hint, visible_pilots
from .models import Membership, Pilot, PilotStep, PolicyAcknowledgement, SharingPolicy


def pilots_with_progress(user: User) -> QuerySet[Pilot]:
    """Visible pilots annotated with checklist progress and member count."""
    return visible_pilots(user).annotate(
        steps_total=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
        member_count=Count("memberships", distinct=True),
    )


def unacknowledged_policies(user: User) -> QuerySet[SharingPolicy]:
    """Current policies of the user's pilots that the user has not acknowledged yet."""
    if not (user.is_contributor or user.is_hr_lead):
        return SharingPolicy.objects.none()  # managers read; they don't post for a pilot
    acknowledged = PolicyAcknowledgement.objects.filter(policy=OuterRef("pk"), user=user)
    return (
        SharingPolicy.objects.filter(status=SharingPolicy.Status.APPROVED, pilot__memberships__user=user)
        .exclude(Exists(acknowledged))
        .select_related("pilot")
        .distinct()
    )


def next_steps(user: User, *, limit: int = 8) -> QuerySet[PilotStep]:
    """Open checklist steps of the user's pilots: the user's own first, then by due date."""
    pilots = visible_pilots(user).exclude(status__in=[Pilot.Status.SCALED, Pilot.Status.CLOSED])
    return (
        PilotStep.objects.filter(pilot__in=pilots, done_at__isnull=True)
        .select_related("pilot", "step", "owner")
        .annotate(
            mine=Case(When(owner=user, then=Value(0)), default=Value(1)),
            is_goal=Case(When(step__kind="goal", then=Value(1)), default=Value(0)),
        )
        # Dated steps first (soonest first), then each pilot's how-to steps in playbook order
        # before its recommended goals.
        .order_by(F("due_date").asc(nulls_last=True), "mine", "is_goal", "pilot__name", "step__order")[:limit]
    )


def checklist_progress(pilot: Pilot) -> dict[str, int]:
    counts = pilot.steps.aggregate(steps_total=Count("pk"), steps_done=Count("pk", filter=Q(done_at__isnull=False)))
    return {"steps_total": counts["steps_total"], "steps_done": counts["steps_done"]}


def dashboard_for_user(user: User) -> dict[str, Any]:
    pilots = list(pilots_with_progress(user).exclude(status=Pilot.Status.CLOSED)[:20])
    return {
        "pilots": pilots,
        "next_steps": list(next_steps(user)),
        "unacknowledged": list(unacknowledged_policies(user)),
        "empty_hint": pilot_empty_hint(user),
    }


def pilot_detail(pilot: Pilot, user: User) -> dict[str, Any]:
    """Everything the pilot page shows to ``user``, in a fixed number of queries."""
    memberships = list(Membership.objects.filter(pilot=pilot).select_related("user"))
    steps = list(pilot.steps.select_related("step", "owner", "done_by"))
    policies = list(pilot.policies.annotate(ack_count=Count("acknowledgements")).select_related("approved_by"))
    current = next((p for p in policies if p.status == SharingPolicy.Status.APPROVED), None)
    acknowledged_ids: set[int] = set()
    if current is not None:
        acknowledged_ids = set(current.acknowledgements.values_list("user_id", flat=True))
    return {
        "memberships": memberships,
        "steps": [s for s in steps if s.step.kind == "step"],
        "goal_steps": [s for s in steps if s.step.kind == "goal"],
        "goals": list(pilot.goals.all()),
        "policies": policies,
        "current_policy": current,
        "acknowledged_ids": acknowledged_ids,
        # Only the related pilots this user may open: no links that lead to a 404.
        "scaled_to": list(visible_pilots(user).filter(scaled_from=pilot)),
        "scaled_from_visible": pilot.scaled_from_id is not None
        and visible_pilots(user).filter(scaled_to=pilot).exists(),
    }
