"""API for Stage 1, recruiting, under /api/v1/recruiting/: candidate profiles, openings (status,
description revisions, asking contributors), feedback, candidates (moves and hires), referrals,
shared posts and their responses (and engagement uploads), video interviews, recruiting videos
and the candidates pointed to them. One module per concern; the viewsets are re-exported here for
alumni_program/api_urls.py.

Who may do what is recruiting.access and recruiting.services, as on the pages: HR leads and
contributors in a pilot come in (managers and contributors without a pilot: 403 everywhere);
lists hold what the reader may see; another pilot's object is a 404; a visible object the reader
may not change is a 403. Every write is one service, so refusals are the pages' messages in the
API's error format (core.drf). Lists of candidates, referrals and post responses, and reading a
candidate, are audited once per request.
"""

from .candidates import CandidateViewSet
from .feedback import FeedbackViewSet
from .interviews import InterviewViewSet
from .openings import OpeningViewSet
from .posts import PostResponseViewSet, PostViewSet
from .profiles import ProfileViewSet
from .referrals import ReferralViewSet
from .videos import VideoPointerViewSet, VideoViewSet

__all__ = [
    "CandidateViewSet",
    "FeedbackViewSet",
    "InterviewViewSet",
    "OpeningViewSet",
    "PostResponseViewSet",
    "PostViewSet",
    "ProfileViewSet",
    "ReferralViewSet",
    "VideoPointerViewSet",
    "VideoViewSet",
]
