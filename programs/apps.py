from django.apps import AppConfig

# How each audit verb programs records reads in the audit log ("… by <actor>" is appended).
AUDIT_PHRASES = {
    "sponsor.created": "Sponsor organization {target} created",
    "sponsor.updated": "Sponsor organization {target} changed",
    "sponsor.deleted": "Sponsor organization {target} deleted",
    "pilot.created": "Pilot {target} created",
    "pilot.updated": "Pilot {target} changed",
    "pilot.status_changed": "Status of pilot {target} changed",
    "pilot.scaled": "Pilot {target} scaled to another sponsor",
    "pilot.member_added": "Member added to {target}",
    "pilot.member_role_changed": "Member's role changed in {target}",
    "pilot.member_removed": "Member removed from {target}",
    "pilot.member_invited": "Someone invited by email to join {target}",
    "pilot.member_joined": "Invited member joined {target}",
    "pilot.invitation_withdrawn": "Invitation to join {target} withdrawn",
    "pilot.goal_added": "Goal added to {target}",
    "pilot.goal_updated": "Goal changed in {target}",
    "pilot.goal_removed": "Goal removed from {target}",
    "pilot.step_updated": "Checklist step updated in {target}",
    "policy.drafted": "Sharing policy drafted: {target}",
    "policy.edited": "Sharing policy draft edited: {target}",
    "policy.approved": "Sharing policy approved: {target}",
    "policy.acknowledged": "Sharing policy acknowledged: {target}",
    "venue.created": "Venue {target} added",
    "venue.updated": "Venue {target} changed",
    "venue.deleted": "Venue {target} deleted",
}


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"

    def ready(self) -> None:
        from accounts.audit import register_phrases

        register_phrases(AUDIT_PHRASES)

        # Invitations can name a pilot and a role; accepting one makes the membership
        # (programs.services.invitations explains why programs registers it, not alumni_program).
        from accounts.registry import register_placement

        from .services import PILOT_PLACEMENT

        register_placement(PILOT_PLACEMENT)
