"""Query-string filters of the recruiting API lists. Bad values are a 400 naming the filter
(django-filter validates each one), never a 500; ids are bounded by core.api.IdFilter."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters import rest_framework as filters

from core.api import IdFilter

from ..models import (
    Candidate,
    CandidateProfile,
    CandidateSource,
    FeedbackStatus,
    InterviewOutcome,
    JobOpening,
    OpeningFeedback,
    OpeningStatus,
    PostKind,
    PostResponse,
    RecruitingVideo,
    Referral,
    SharedPost,
    Step,
    VideoInterview,
    VideoPointer,
    VideoReaction,
)


class ProfileFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")

    class Meta:
        model = CandidateProfile
        fields = ["pilot"]


class OpeningFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    profile = IdFilter(field_name="profile_id")
    status = filters.ChoiceFilter(choices=OpeningStatus.choices)

    class Meta:
        model = JobOpening
        fields = ["pilot", "profile", "status"]


class FeedbackFilter(filters.FilterSet):
    opening = IdFilter(field_name="opening_id")
    status = filters.ChoiceFilter(choices=FeedbackStatus.choices)
    mine = filters.BooleanFilter(method="filter_mine", label="Only the feedback you gave")

    class Meta:
        model = OpeningFeedback
        fields = ["opening", "status", "mine"]

    def filter_mine(self, queryset: QuerySet[OpeningFeedback], name: str, value: bool | None) -> QuerySet:
        return queryset.filter(author=self.request.user) if value else queryset


class CandidateFilter(filters.FilterSet):
    opening = IdFilter(field_name="opening_id")
    pilot = IdFilter(field_name="opening__pilot_id")
    person = IdFilter(field_name="person_id")
    step = filters.ChoiceFilter(choices=Step.choices)
    source = filters.ChoiceFilter(choices=CandidateSource.choices)

    class Meta:
        model = Candidate
        fields = ["opening", "pilot", "person", "step", "source"]


class ReferralFilter(filters.FilterSet):
    opening = IdFilter(field_name="candidate__opening_id")
    mine = filters.BooleanFilter(method="filter_mine", label="Only the referrals you made")
    thanked = filters.BooleanFilter(field_name="thanked_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Referral
        fields = ["opening", "mine", "thanked"]

    def filter_mine(self, queryset: QuerySet[Referral], name: str, value: bool | None) -> QuerySet:
        return queryset.filter(referrer=self.request.user) if value else queryset


class PostFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")
    venue = IdFilter(field_name="venue_id")
    opening = IdFilter(field_name="opening_id")
    kind = filters.ChoiceFilter(choices=PostKind.choices)
    shared_after = filters.DateFilter(field_name="shared_on", lookup_expr="gte")
    shared_before = filters.DateFilter(field_name="shared_on", lookup_expr="lte")

    class Meta:
        model = SharedPost
        fields = ["pilot", "venue", "opening", "kind"]


class ResponseFilter(filters.FilterSet):
    post = IdFilter(field_name="post_id")
    person = IdFilter(field_name="person_id")
    profile = IdFilter(field_name="profile_id")

    class Meta:
        model = PostResponse
        fields = ["post", "person", "profile"]


class InterviewFilter(filters.FilterSet):
    candidate = IdFilter(field_name="candidate_id")
    opening = IdFilter(field_name="candidate__opening_id")
    outcome = filters.ChoiceFilter(choices=InterviewOutcome.choices)
    replaced_trip = filters.BooleanFilter()

    class Meta:
        model = VideoInterview
        fields = ["candidate", "opening", "outcome", "replaced_trip"]


class VideoFilter(filters.FilterSet):
    pilot = IdFilter(field_name="pilot_id")

    class Meta:
        model = RecruitingVideo
        fields = ["pilot"]


class PointerFilter(filters.FilterSet):
    candidate = IdFilter(field_name="candidate_id")
    video = IdFilter(field_name="video_id")
    reaction = filters.ChoiceFilter(choices=[c for c in VideoReaction.choices if c[0]])

    class Meta:
        model = VideoPointer
        fields = ["candidate", "video", "reaction"]
