"""Writes with a rule for recruiting, one module per concern; the public names are re-exported here.

- profiles: candidate profiles and their ranking
- openings: openings, their status and description revisions; asking contributors for suggestions
- feedback: contributors' feedback on a description, the decision and the thank-you
- candidates: adding, moving (the rules are recruiting.pipeline), promoting a conversation, hiring
- referrals: a contributor's referral and its thank-you
- posts: shared posts, their engagement (typed or uploaded) and responses
- interviews: video-first interviews and the travel they avoided
- videos: recruiting videos and the candidates pointed to them

Emails are enqueued by task name, so this package never imports recruiting.tasks.
"""

from .candidates import (
    MSG_HIRE_NOT_AT_OFFER,
    MSG_HIRE_VIA_FORM,
    DuplicateCandidateError,
    candidate_add,
    candidate_delete,
    candidate_hire,
    candidate_move,
    candidate_promote,
    candidate_update,
    candidate_viewed,
    existing_candidate,
    first_contact,
)
from .feedback import (
    MAX_COMMENT,
    THANKS_KIND,
    THANKS_TASK,
    feedback_create,
    feedback_decide,
    thanks_send,
)
from .interviews import (
    check_candidate,
    clean_link,
    interview_delete,
    interview_schedule,
    interview_update,
    trip_baseline,
)
from .openings import (
    ASK_KIND,
    ASK_TASK,
    STATUS_MOVES,
    allowed_statuses,
    latest_revision,
    opening_ask,
    opening_ask_send,
    opening_create,
    opening_revise,
    opening_set_status,
    opening_update,
)
from .posts import (
    MAX_COUNT,
    EngagementUploadError,
    EngagementUploadResult,
    can_delete_response,
    post_delete,
    post_engagement_upload,
    post_record,
    post_update,
    response_delete,
    response_record,
    responses_deletable,
)
from .profiles import (
    linkable_families,
    linkable_searches,
    profile_create,
    profile_delete,
    profile_update,
)
from .referrals import (
    referral_create,
    referral_thank,
)
from .videos import (
    RECOMMENDED_VIDEOS,
    existing_pointer,
    length_text,
    many_videos_notice,
    parse_length,
    pointer_delete,
    pointer_record,
    pointer_update,
    video_delete,
    video_record,
    video_update,
)

__all__ = [
    "ASK_KIND",
    "ASK_TASK",
    "MAX_COMMENT",
    "MAX_COUNT",
    "MSG_HIRE_NOT_AT_OFFER",
    "MSG_HIRE_VIA_FORM",
    "RECOMMENDED_VIDEOS",
    "STATUS_MOVES",
    "THANKS_KIND",
    "THANKS_TASK",
    "DuplicateCandidateError",
    "EngagementUploadError",
    "EngagementUploadResult",
    "allowed_statuses",
    "can_delete_response",
    "candidate_add",
    "candidate_delete",
    "candidate_hire",
    "candidate_move",
    "candidate_promote",
    "candidate_update",
    "candidate_viewed",
    "check_candidate",
    "clean_link",
    "existing_candidate",
    "existing_pointer",
    "feedback_create",
    "feedback_decide",
    "first_contact",
    "interview_delete",
    "interview_schedule",
    "interview_update",
    "latest_revision",
    "length_text",
    "linkable_families",
    "linkable_searches",
    "many_videos_notice",
    "opening_ask",
    "opening_ask_send",
    "opening_create",
    "opening_revise",
    "opening_set_status",
    "opening_update",
    "parse_length",
    "pointer_delete",
    "pointer_record",
    "pointer_update",
    "post_delete",
    "post_engagement_upload",
    "post_record",
    "post_update",
    "profile_create",
    "profile_delete",
    "profile_update",
    "referral_create",
    "referral_thank",
    "response_delete",
    "response_record",
    "responses_deletable",
    "thanks_send",
    "trip_baseline",
    "video_delete",
    "video_record",
    "video_update",
]
