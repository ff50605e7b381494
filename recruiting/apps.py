from django.apps import AppConfig

# Every audit verb recruiting writes, as the audit log reads it ("<phrase> by <actor>").
AUDIT_PHRASES: dict[str, str] = {
    # profiles, openings, feedback (helper A)
    "profile.created": "Candidate profile {target} added",
    "profile.changed": "Candidate profile {target} changed",
    "profile.deleted": "Candidate profile {target} deleted",
    "opening.created": "Opening {target} created",
    "opening.changed": "Opening {target} changed",
    "opening.status_changed": "Opening {target} status changed",
    "opening.revised": "Opening {target} description revised",
    "opening.asked": "Contributors asked for suggestions on {target}",
    "feedback.created": "{target} given",
    "feedback.decided": "Decision on {target} recorded",
    # interviews and videos (helper D)
    "interview.scheduled": "{target} scheduled",
    "interview.changed": "{target} changed",
    "interview.deleted": "{target} deleted",
    "video.added": "Recruiting video {target} added",
    "video.changed": "Recruiting video {target} changed",
    "video.deleted": "Recruiting video {target} deleted",
    "video_pointer.recorded": "Candidate pointed to a recruiting video: {target}",
    "video_pointer.changed": "Reaction to a recruiting video noted: {target}",
    "video_pointer.deleted": "Pointer to a recruiting video deleted: {target}",
    # shared posts and their responses (helper C)
    "post.created": "Shared post “{target}” logged",
    "post.changed": "Shared post “{target}” changed",
    "post.deleted": "Shared post “{target}” deleted",
    "post.response_recorded": "Response to the shared post “{target}” recorded",
    "post.response_deleted": "Response to the shared post “{target}” deleted",
    "post.engagement_uploaded": "Engagement of shared posts uploaded",
    # candidates and referrals (helper B)
    "candidate.added": "Candidate {target} added",
    "candidate.moved": "Candidate {target} moved in the pipeline",
    "candidate.changed": "Candidate {target} changed",
    "candidate.deleted": "Candidate {target} deleted",
    "candidate.hired": "Candidate {target} hired: the hire is on the ledger",
    "candidate.viewed": "Candidate {target} viewed",
    "candidates.erased": "Candidacies and post responses of {target} erased",
    "referral.created": "{target} made",
    "referral.thanked": "Referrer thanked for {target}",
    # reads through the API (helper F)
    "candidates.api_listed": "Candidates listed through the API",
    "candidate.api_viewed": "Candidate read through the API: {target}",
    "referrals.api_listed": "Referrals listed through the API",
    "post_responses.api_listed": "Responses to shared posts listed through the API",
    "referral.api_viewed": "Referral read through the API: {target}",
    "post_response.api_viewed": "Response to a shared post read through the API: {target}",
}


class RecruitingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recruiting"

    def ready(self) -> None:
        # Imported here, once the apps are loaded (Django's rule for ready()), not to break a cycle.
        from accounts.audit import register_phrases

        from . import tasks  # noqa: F401  (the emails of openings, feedback and referrals, by task name)

        register_phrases(AUDIT_PHRASES)

        # Stage 1's figures in the ROI report and as goal measures (helper E).
        from metrics.registry import register_figures

        from .figures import recruiting_figures

        register_figures(stage=1, key="recruiting", provider=recruiting_figures)

        # Candidates (helper B): "Promote to candidate" on listening's conversations, the venue
        # ranking's "Candidates" column, and the candidacies in a person's data export and erasure.
        from listening.registry import register_conversation_action, register_followup
        from people.registry import register_personal_data

        from .access import can_work
        from .personal_data import CANDIDACIES
        from .selectors.followups import candidates_of

        register_conversation_action(
            key="promote", label="Promote to candidate", url_name="recruiting:conversation_promote", allowed=can_work
        )
        register_followup(key="candidates", label="Candidates", counter=candidates_of)
        register_personal_data(CANDIDACIES)
        from .timeline import register as register_timeline  # the person page's timeline entries

        register_timeline()
