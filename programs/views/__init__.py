"""Pages of the program spine: pilots, their goals, members, sharing policies and playbook
checklists; sponsor organizations; venues. One module per concern, re-exported here for urls.py.

Each view: decorator (role) -> access helper (which object) -> form -> service -> redirect with a
message. A DomainError from a service becomes a form error and the page is shown again with 400.
"""

from .checklist import step_edit, step_row
from .goals import goal_add, goal_delete, goal_edit
from .members import (
    member_add,
    member_invitation_resend,
    member_invitation_withdraw,
    member_invite,
    member_remove,
    member_role,
    members_section,
)
from .pilots import pilot_create, pilot_detail, pilot_edit, pilot_list, pilot_scale, pilot_transition
from .policies import policy_acknowledge, policy_approve, policy_create, policy_detail, policy_edit
from .sponsors import sponsor_create, sponsor_delete, sponsor_edit, sponsor_list
from .venues import venue_create, venue_delete, venue_edit, venue_list

__all__ = [
    "goal_add",
    "goal_delete",
    "goal_edit",
    "member_add",
    "member_invitation_resend",
    "member_invitation_withdraw",
    "member_invite",
    "member_remove",
    "member_role",
    "members_section",
    "pilot_create",
    "pilot_detail",
    "pilot_edit",
    "pilot_list",
    "pilot_scale",
    "pilot_transition",
    "policy_acknowledge",
    "policy_approve",
    "policy_create",
    "policy_detail",
    "policy_edit",
    "sponsor_create",
    "sponsor_delete",
    "sponsor_edit",
    "sponsor_list",
    "step_edit",
    "step_row",
    "venue_create",
    "venue_delete",
    "venue_edit",
    "venue_list",
]
