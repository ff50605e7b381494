"""Writes with a rule for the program spine: sponsors, pilots, members, goals, policies,
playbook checklists and venues. Each function is one transaction and records an audit event.

One module per concern; every public name is re-exported here, so callers keep writing
``from programs import services`` / ``services.pilot_create(...)``.
"""

from .common import MSG_DATES, MSG_NOT_HR, ProgramError, check_dates, require_hr
from .goals import MSG_NEGATIVE_TARGET, MSG_UNKNOWN_MEASURE, goal_delete, goal_save
from .invitations import (
    MSG_ALREADY_INVITED,
    MSG_HAS_ACCOUNT,
    PILOT_PLACEMENT,
    pilot_invitation_attach,
    pilot_invitation_create,
    pilot_invitation_withdraw,
    pilot_invitations_fulfil,
)
from .members import (
    MSG_ALREADY_MEMBER,
    MSG_MEMBER_ROLE,
    membership_add,
    membership_change_role,
    membership_join,
    membership_remove,
)
from .pilots import (
    MSG_BAD_TRANSITION,
    MSG_DUPLICATE_PILOT,
    MSG_ENDED,
    MSG_SCALE_SAME_SPONSOR,
    MSG_STAGE2_NEEDS_POLICY,
    MSG_STATUS_CHANGED,
    pilot_create,
    pilot_scale,
    pilot_transition,
    pilot_update,
)
from .playbook import MSG_OWNER_NOT_MEMBER, MSG_STEP_FORBIDDEN, pilot_checklist_create, pilot_step_update, playbook_sync
from .policies import (
    MSG_NOT_MEMBER,
    MSG_POLICY_EMPTY,
    MSG_POLICY_NOT_CURRENT,
    MSG_POLICY_NOT_DRAFT,
    current_policy,
    policy_acknowledge,
    policy_approve,
    policy_draft_save,
)
from .reminders import REMINDER_INTERVAL, REMINDER_KIND, policy_send_reminders, reminder_key
from .sponsors import MSG_SPONSOR_EXISTS, MSG_SPONSOR_IN_USE, sponsor_create, sponsor_delete, sponsor_update
from .venues import MSG_VENUE_EXISTS, MSG_VENUE_IN_USE, MSG_VENUE_URL, venue_delete, venue_save

__all__ = [
    "MSG_ALREADY_INVITED",
    "MSG_ALREADY_MEMBER",
    "MSG_BAD_TRANSITION",
    "MSG_DATES",
    "MSG_DUPLICATE_PILOT",
    "MSG_ENDED",
    "MSG_HAS_ACCOUNT",
    "MSG_MEMBER_ROLE",
    "MSG_NEGATIVE_TARGET",
    "MSG_NOT_HR",
    "MSG_NOT_MEMBER",
    "MSG_OWNER_NOT_MEMBER",
    "MSG_POLICY_EMPTY",
    "MSG_POLICY_NOT_CURRENT",
    "MSG_POLICY_NOT_DRAFT",
    "MSG_SCALE_SAME_SPONSOR",
    "MSG_SPONSOR_EXISTS",
    "MSG_SPONSOR_IN_USE",
    "MSG_STAGE2_NEEDS_POLICY",
    "MSG_STATUS_CHANGED",
    "MSG_STEP_FORBIDDEN",
    "MSG_UNKNOWN_MEASURE",
    "MSG_VENUE_EXISTS",
    "MSG_VENUE_IN_USE",
    "MSG_VENUE_URL",
    "PILOT_PLACEMENT",
    "REMINDER_INTERVAL",
    "REMINDER_KIND",
    "ProgramError",
    "check_dates",
    "current_policy",
    "goal_delete",
    "goal_save",
    "membership_add",
    "membership_change_role",
    "membership_join",
    "membership_remove",
    "pilot_checklist_create",
    "pilot_create",
    "pilot_invitation_attach",
    "pilot_invitation_create",
    "pilot_invitation_withdraw",
    "pilot_invitations_fulfil",
    "pilot_scale",
    "pilot_step_update",
    "pilot_transition",
    "pilot_update",
    "playbook_sync",
    "policy_acknowledge",
    "policy_approve",
    "policy_draft_save",
    "policy_send_reminders",
    "reminder_key",
    "require_hr",
    "sponsor_create",
    "sponsor_delete",
    "sponsor_update",
    "venue_delete",
    "venue_save",
]
