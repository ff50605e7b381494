"""Forms of the interview and video pages: scheduling and correcting a video interview, a
recruiting video (its length typed as "m:ss" or seconds), pointing a candidate to a video and
noting their reaction, and the pilot filter of the video list.

Times are typed in the site's time zone (Django's forms make them aware in the current zone, as
every page of the app shows them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from core.errors import DomainError
from programs.models import Pilot

from ..models import InterviewOutcome, RecruitingVideo, VideoReaction
from ..services.interviews import LINK_MAX, MSG_INTERVIEWERS, MSG_LINK, MSG_WHEN_MISSING, NOTES_MAX
from ..services.videos import MSG_LENGTH, length_text, parse_length


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class InterviewerField(forms.ModelMultipleChoiceField):
    """The interviewers, as checkboxes of the users who may interview for the pilot."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class InterviewForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label="When",
        widget=DateTimeLocalInput(),
        error_messages={"required": MSG_WHEN_MISSING, "invalid": "Give the date and time, e.g. 2025-05-14 10:30."},
    )
    link = forms.CharField(
        label="Video call link",
        required=False,
        max_length=LINK_MAX,
        help_text="The meeting address (https://…); you can add it later.",
        error_messages={"max_length": MSG_LINK},
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    interviewers = InterviewerField(
        queryset=User.objects.none(),
        required=False,
        help_text="The pilot's members and the HR leads.",
        error_messages={"invalid_choice": MSG_INTERVIEWERS, "invalid_pk_value": MSG_INTERVIEWERS},
    )
    replaced_trip = forms.BooleanField(label="This interview replaced a trip", required=False)
    outcome = forms.ChoiceField(label="Outcome", choices=InterviewOutcome.choices, initial=InterviewOutcome.PENDING)
    notes = forms.CharField(
        required=False, max_length=NOTES_MAX, widget=forms.Textarea(attrs={"rows": 3}), help_text="For the team."
    )

    def __init__(
        self, *args: Any, eligible: QuerySet[User], trip_help: str, with_outcome: bool, tz_name: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = eligible  # type: ignore[attr-defined]
        self.fields["replaced_trip"].help_text = trip_help
        self.fields["scheduled_at"].help_text = f"Date and time in {tz_name}."
        if not with_outcome:
            del self.fields["outcome"]


class VideoForm(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"required": "Choose the pilot.", "invalid_choice": "Choose one of the pilots listed."},
    )
    speaker = forms.CharField(max_length=150, help_text="Who talks in it, e.g. “Ines, lead data engineer”.")
    topic = forms.CharField(max_length=200)
    url = forms.CharField(
        label="Link",
        max_length=2000,
        help_text="Where candidates watch it (https://…).",
        error_messages={"max_length": MSG_LINK},
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    length = forms.CharField(
        label="Length",
        max_length=12,
        help_text="Minutes:seconds (4:30) or seconds (270); 2 hours at most.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "4:30"}),
    )

    def __init__(self, *args: Any, pilots: QuerySet[Pilot] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if pilots is None:
            del self.fields["pilot"]  # editing: a video stays in its pilot
        else:
            self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]

    def clean_length(self) -> int:
        try:
            return parse_length(self.cleaned_data["length"])
        except DomainError as exc:
            raise forms.ValidationError(MSG_LENGTH) from exc

    @staticmethod
    def initial_for(video: RecruitingVideo) -> dict[str, Any]:
        return {
            "speaker": video.speaker,
            "topic": video.topic,
            "url": video.url,
            "length": length_text(video.length_seconds),
        }

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        data = dict(self.cleaned_data)
        data["length_seconds"] = data.pop("length")
        return data


class VideoChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.speaker}: {obj.topic} ({length_text(obj.length_seconds)})"


class PointerForm(forms.Form):
    video = VideoChoiceField(
        queryset=RecruitingVideo.objects.none(),
        empty_label="Choose a video…",
        error_messages={"required": "Choose the video.", "invalid_choice": "Choose one of the pilot's videos."},
    )
    reaction = forms.ChoiceField(
        choices=VideoReaction.choices, required=False, help_text="Leave “Not known yet” until they tell you."
    )
    reaction_note = forms.CharField(
        label="What they said", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, videos: QuerySet[RecruitingVideo] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if videos is None:
            del self.fields["video"]  # editing: only the reaction changes
        else:
            self.fields["video"].queryset = videos  # type: ignore[attr-defined]


class VideoFilterForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All your pilots")

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
