"""Stage 2, alumni: former employees (Alumnus, a Person plus their time with the firm), the
segments the sponsor ranks, their goodwill and private-group membership; imports of leavers and
LinkedIn connections; openings shared with alumni and what they recommend; networking events;
"how would you like us to help?" surveys; outplacement of employees whose jobs are eliminated;
coaching inside the pilot team.

Introductions on alumni's behalf and assists are the ledger's (metrics.models); this app reads
them and writes them through metrics.services. One module per concern, re-exported here.
"""

from .coaching import CoachingSession, CoachingTopic
from .directory import (
    AlumniSegment,
    Alumnus,
    ExitType,
    Goodwill,
    GoodwillChange,
    GroupMembership,
    GroupStatus,
)
from .events import EventIntroduction, NetworkingEvent
from .imports import AlumniImport, ImportKind, ImportMatch, ImportStatus, MatchResolution
from .outplacement import OutplacementCase, OutplacementStatus
from .referrals import AlumniRecommendation, OpeningShare, RecommendationKind, ShareChannel
from .surveys import Survey, SurveyAnswer, SurveyInvite, SurveyQuestion, SurveyQuestionKind, SurveyStatus

__all__ = [
    "AlumniImport",
    "AlumniRecommendation",
    "AlumniSegment",
    "Alumnus",
    "CoachingSession",
    "CoachingTopic",
    "EventIntroduction",
    "ExitType",
    "Goodwill",
    "GoodwillChange",
    "GroupMembership",
    "GroupStatus",
    "ImportKind",
    "ImportMatch",
    "ImportStatus",
    "MatchResolution",
    "NetworkingEvent",
    "OpeningShare",
    "OutplacementCase",
    "OutplacementStatus",
    "RecommendationKind",
    "ShareChannel",
    "Survey",
    "SurveyAnswer",
    "SurveyInvite",
    "SurveyQuestion",
    "SurveyQuestionKind",
    "SurveyStatus",
]
