"""Forms of the survey pages: the survey (create, edit), a question, sending (the "I understand"
checkbox), the results' segment filter, and the alumnus's answer form built from the questions.
The rules live in alumni.services.surveys; these parse and bound the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs.models import Pilot

from ..models import AlumniSegment, SurveyQuestion
from ..models.surveys import SurveyQuestionKind
from ..services.surveys import (
    DEFAULT_TITLE,
    MAX_ANSWER,
    MAX_INTRODUCTION,
    MAX_QUESTION_TEXT,
    MAX_TITLE,
    MSG_ANSWER_LONG,
    MSG_CHOOSE,
    MSG_QUESTION_LONG,
    MSG_QUESTION_TEXT,
    MSG_SCALE,
    MSG_TITLE,
    MSG_TITLE_LONG,
    SCALE_VALUES,
    question_field,
)

MSG_PILOT = "Choose one of the pilots in the list."
MSG_SEGMENT_CHOICE = "Choose segments of the survey's pilot, or none for all its alumni."


class SurveyForm(forms.Form):
    title = forms.CharField(
        max_length=MAX_TITLE,
        initial=DEFAULT_TITLE,
        error_messages={"required": MSG_TITLE, "max_length": MSG_TITLE_LONG},
    )
    introduction = forms.CharField(
        max_length=MAX_INTRODUCTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The email's opening words: why you ask, and what you will do with the answers.",
    )
    segments = forms.ModelMultipleChoiceField(
        queryset=AlumniSegment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to ask all the pilot's alumni.",
        error_messages={"invalid_choice": MSG_SEGMENT_CHOICE, "invalid_pk_value": MSG_SEGMENT_CHOICE},
    )
    closes_on = forms.DateField(
        required=False,
        label="Closes on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The last day answers are taken. Empty: until you close it.",
    )

    def __init__(self, *args: Any, segments: QuerySet[AlumniSegment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segments"].queryset = segments  # type: ignore[attr-defined]
        self.fields["segments"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: f"{s.name} ({s.pilot.name}, rank {s.rank})"
        )


class SurveyCreateForm(SurveyForm):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        empty_label="Choose a pilot…",
        error_messages={"invalid_choice": MSG_PILOT, "required": "Choose the pilot."},
        help_text="A Stage 2 pilot, toward its end: alumni answer once trust has grown.",
    )

    field_order = ["pilot", "title", "introduction", "segments", "closes_on"]

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=MAX_QUESTION_TEXT,
        error_messages={"required": MSG_QUESTION_TEXT, "max_length": MSG_QUESTION_LONG},
    )
    kind = forms.ChoiceField(choices=SurveyQuestionKind.choices, initial=SurveyQuestionKind.CHOICE)
    options = forms.CharField(
        label="Answers offered",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Choice questions only: one answer per line, at least two.",
    )

    def clean_options(self) -> list[str]:
        return [line for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]


class SendForm(forms.Form):
    acknowledge_warnings = forms.BooleanField(
        required=False,
        label="I understand it may be too early, and want to send it anyway.",
    )


class SegmentFilterForm(forms.Form):
    segment = forms.ChoiceField(required=False, label="Segment")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", "Every segment"), *choices]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    """One field per question ("q_<id>"): choice and scale as radio buttons (required), text as a
    text area (optional). The service checks the same rules again."""

    def __init__(self, *args: Any, questions: list[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question_field(question)] = _answer_field(question)


def _answer_field(question: SurveyQuestion) -> forms.Field:
    if question.kind == SurveyQuestionKind.TEXT:
        return forms.CharField(
            label=question.text,
            required=False,
            max_length=MAX_ANSWER,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_ANSWER}),
            error_messages={"max_length": MSG_ANSWER_LONG},
            help_text="Optional.",
        )
    if question.kind == SurveyQuestionKind.SCALE:
        choices = [(v, v) for v in SCALE_VALUES]
        message = MSG_SCALE
        help_text = "1: not at all likely, 5: very likely."
    else:
        choices = [(o, o) for o in question.options]
        message = MSG_CHOOSE
        help_text = ""
    return forms.ChoiceField(
        label=question.text,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        help_text=help_text,
    )
