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

from .feedback import (
    MAX_COMMENT as MAX_COMMENT,
    THANKS_KIND as THANKS_KIND,
    THANKS_TASK as THANKS_TASK,
    feedback_create as feedback_create,
    feedback_decide as feedback_decide,
    thanks_send as thanks_send,
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
    ASK_KIND as ASK_KIND,
    ASK_TASK as ASK_TASK,
    STATUS_MOVES as STATUS_MOVES,
    allowed_statuses as allowed_statuses,
    latest_revision as latest_revision,
    opening_ask as opening_ask,
    opening_ask_send as opening_ask_send,
    opening_create as opening_create,
    opening_revise as opening_revise,
    opening_set_status as opening_set_status,
    opening_update as opening_update,
)
from .profiles import (
    linkable_families as linkable_families,
    linkable_searches as linkable_searches,
    profile_create as profile_create,
    profile_delete as profile_delete,
    profile_update as profile_update,
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
from .posts import (
    MAX_COUNT as MAX_COUNT,
    EngagementUploadError as EngagementUploadError,
    EngagementUploadResult as EngagementUploadResult,
    can_delete_response as can_delete_response,
    post_delete as post_delete,
    post_engagement_upload as post_engagement_upload,
    post_record as post_record,
    post_update as post_update,
    response_delete as response_delete,
    response_record as response_record,
)
from .candidates import (
    MSG_HIRE_NOT_AT_OFFER as MSG_HIRE_NOT_AT_OFFER,
    MSG_HIRE_VIA_FORM as MSG_HIRE_VIA_FORM,
    DuplicateCandidateError as DuplicateCandidateError,
    candidate_add as candidate_add,
    candidate_delete as candidate_delete,
    candidate_hire as candidate_hire,
    candidate_move as candidate_move,
    candidate_promote as candidate_promote,
    candidate_update as candidate_update,
    candidate_viewed as candidate_viewed,
    existing_candidate as existing_candidate,
    first_contact as first_contact,
)
from .referrals import (
    referral_create as referral_create,
    referral_thank as referral_thank,
)
