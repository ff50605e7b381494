"""Forms of the help request pages. Field names equal bizdev.services.requests' keywords, so a
service's refusal lands on the right field; the rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from alumni.models import AlumniSegment, Alumnus
from programs.models import Pilot, Venue

from ..models import Opportunity, ReferenceConversation, RequestAudience, RequestDirection, RequestKind, RequestStatus

MSG_CONFIRM = "I am not asking for privileged information: general insight only."


class AlumnusLabel:
    @staticmethod
    def label(obj: Any) -> str:
        company = obj.person.company.name if obj.person.company_id and obj.person.company else ""
        return f"{obj.person.full_name} ({company})" if company else obj.person.full_name


class AlumnusChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return AlumnusLabel.label(obj)


class AlumniChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return AlumnusLabel.label(obj)


class OpportunityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.company.name})"


class RequestForm(forms.Form):
    """One form for both directions: ``direction`` decides which fields it has (the audience for
    ours, the alumnus for an ask). Without ``pilots`` (an edit) the pilot and direction stay."""

    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot")
    kind = forms.ChoiceField(label="Kind of help", choices=RequestKind.choices)
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="What you ask",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000, "aria-describedby": "guidance"}),
    )
    audience = forms.ChoiceField(
        label="Who it goes to", choices=[("", "Choose…"), *RequestAudience.choices], required=False
    )
    segment = forms.ModelChoiceField(queryset=AlumniSegment.objects.none(), required=False, empty_label="—")
    chosen_alumni = AlumniChoice(
        label="Chosen alumni",
        queryset=Alumnus.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    venue = forms.ModelChoiceField(
        label="Private group", queryset=Venue.objects.none(), required=False, empty_label="—"
    )
    alumnus = AlumnusChoice(label="The alumnus who asks", queryset=Alumnus.objects.none(), required=False)
    opportunity = OpportunityChoice(
        label="About the deal", queryset=Opportunity.objects.none(), required=False, empty_label="No deal"
    )
    references = forms.ModelMultipleChoiceField(
        label="Reference conversations to cite",
        queryset=ReferenceConversation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    confirm_guardrail = forms.BooleanField(label=MSG_CONFIRM, required=False)
    disclosure = forms.CharField(
        label="Disclosure of the conflict of interest",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text="Up-front and matter of fact: who works where, and how you keep it fair. Everyone who sees "
        "the request reads it.",
    )

    OURS_ONLY = ("audience", "segment", "chosen_alumni", "venue", "confirm_guardrail", "disclosure")
    ALUMNI_ONLY = ("alumnus",)
    RULE_FIELDS = ("confirm_guardrail", "disclosure")

    def __init__(
        self,
        data: Any = None,
        *,
        direction: str,
        pilots: QuerySet[Pilot] | None,
        segments: QuerySet[AlumniSegment],
        alumni: QuerySet[Alumnus],
        askers: QuerySet[Alumnus],
        venues: QuerySet[Venue],
        opportunities: QuerySet[Opportunity],
        references: QuerySet[ReferenceConversation],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.direction = direction
        if pilots is None:
            del self.fields["pilot"]
        else:
            self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        drop = self.ALUMNI_ONLY if direction == RequestDirection.OURS else self.OURS_ONLY
        for name in drop:
            del self.fields[name]
        querysets = {
            "segment": segments,
            "chosen_alumni": alumni,
            "alumnus": askers,
            "venue": venues,
            "opportunity": opportunities,
            "references": references,
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        if direction == RequestDirection.ALUMNI:
            self.fields["alumnus"].required = True
            self.fields["body"].label = "What they ask"

    def main_fields(self) -> list[Any]:
        """The fields the page lays out in order (the rules' two fields have their own panels)."""
        return [self[name] for name in self.fields if name not in self.RULE_FIELDS]

    @staticmethod
    def initial_for(request: Any) -> dict[str, Any]:
        return {
            "kind": request.kind,
            "title": request.title,
            "body": request.body,
            "audience": request.audience,
            "segment": request.segment_id,
            "chosen_alumni": [a.pk for a in request.chosen_alumni.all()],
            "venue": request.venue_id,
            "alumnus": request.alumnus_id,
            "opportunity": request.opportunity_id,
            "references": [r.pk for r in request.references.all()],
            "disclosure": request.disclosure,
        }


PRESET_ALUMNI_OPEN = "alumni_open"


class RequestFilterForm(forms.Form):
    preset = forms.ChoiceField(
        label="Show",
        choices=[("", "All requests"), (PRESET_ALUMNI_OPEN, "Alumni asks still open, oldest first")],
        required=False,
    )
    direction = forms.ChoiceField(choices=[("", "Both ways"), *RequestDirection.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *RequestStatus.choices], required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *RequestKind.choices], required=False)
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="All your pilots")
    opportunity = OpportunityChoice(
        label="Deal", queryset=Opportunity.objects.none(), required=False, empty_label="Any deal"
    )

    def __init__(self, data: Any = None, *, pilots: QuerySet[Pilot], opportunities: QuerySet[Opportunity]) -> None:
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["opportunity"].queryset = opportunities  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    body = forms.CharField(label="Answer", max_length=4000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}))
    alumnus = AlumnusChoice(
        label="Answered by an alumnus",
        queryset=Alumnus.objects.none(),
        required=False,
        empty_label="No: my own answer",
        help_text="Log an answer an alumnus gave you by phone, message or in the group.",
    )
    mark_answered = forms.BooleanField(label="This answers the request", required=False)

    def __init__(self, data: Any = None, *, alumni: QuerySet[Alumnus]) -> None:
        super().__init__(data)
        self.fields["alumnus"].queryset = alumni  # type: ignore[attr-defined]


class AskForm(forms.Form):
    """What an alumnus writes through the "Ask us for help" link."""

    kind = forms.ChoiceField(label="What kind of help", choices=RequestKind.choices)
    title = forms.CharField(label="In a few words", max_length=200)
    body = forms.CharField(
        label="What you are working on, and what would help",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
    )


class RespondForm(forms.Form):
    """What an alumnus writes through a request's answer link."""

    body = forms.CharField(
        label="Your answer", max_length=4000, widget=forms.Textarea(attrs={"rows": 6, "maxlength": 4000})
    )


class AskLinkForm(forms.Form):
    pilot = forms.ModelChoiceField(label="For the pilot", queryset=Pilot.objects.none(), empty_label=None)
    alumnus = AlumnusChoice(queryset=Alumnus.objects.none(), empty_label="Choose an alumnus")

    def __init__(self, data: Any = None, *, pilots: QuerySet[Pilot], alumni: QuerySet[Alumnus], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["alumnus"].queryset = alumni  # type: ignore[attr-defined]
