"""Forms of the opportunity pages. Field names equal bizdev.services.opportunities' keywords, so a
service's refusal lands on the right field; the rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from accounts.models import Role, User
from people.models import Company
from programs.models import Membership, Pilot

from ..models import Opportunity, OpportunityStage


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OwnerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.full_name or obj.email


def owner_candidates(pilots: QuerySet[Pilot]) -> QuerySet[User]:
    """Who may own a deal in one of ``pilots``: their active contributors and the HR leads (the
    service checks the pilot the deal is in)."""
    members = Membership.objects.filter(pilot__in=pilots).values("user_id")
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.HR_LEAD) | Q(role=Role.CONTRIBUTOR, pk__in=members))
        .order_by("full_name", "email")
    )


class OpportunityForm(forms.Form):
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), empty_label="Choose a pilot")
    name = forms.CharField(max_length=200, help_text="What the deal is, e.g. “Shrinkage study for XYZ's malls”.")
    company = forms.ModelChoiceField(
        label="Prospect company",
        queryset=Company.objects.none(),
        required=False,
        empty_label="Choose a company",
        help_text="Or type a new company's name below.",
    )
    new_company = forms.CharField(label="New company", max_length=200, required=False)
    value = forms.DecimalField(
        max_digits=14, decimal_places=2, required=False, help_text="In the program's currency; 0 if not known yet."
    )
    stage = forms.ChoiceField(choices=OpportunityStage.choices, initial=OpportunityStage.PROSPECTING)
    owner = OwnerChoice(queryset=User.objects.none(), required=False, empty_label="Me")
    opened_on = forms.DateField(label="Opened", widget=_date_widget(), required=False, help_text="Today if empty.")
    closed_on = forms.DateField(
        label="Closed",
        widget=_date_widget(),
        required=False,
        help_text="Only for won or lost deals; today if empty.",
    )
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        data: Any = None,
        *,
        pilots: QuerySet[Pilot],
        owners: QuerySet[User],
        companies: QuerySet[Company],
        initial: dict[str, Any] | None = None,
        editing: bool = False,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]
        if editing:
            del self.fields["pilot"]  # a deal stays in its pilot: its assists are the pilot's
            self.fields["owner"].required = True
            self.fields["owner"].empty_label = None  # type: ignore[attr-defined]
            self.fields["opened_on"].required = True

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments; empty optional fields left to the service's defaults."""
        data = dict(self.cleaned_data)
        if data.get("value") is None:
            data.pop("value", None)
        for name in ("owner", "opened_on"):
            if data.get(name) is None:
                data.pop(name, None)
        return data

    @staticmethod
    def initial_for(opportunity: Opportunity) -> dict[str, Any]:
        return {
            "name": opportunity.name,
            "company": opportunity.company_id,
            "value": opportunity.value,
            "stage": opportunity.stage,
            "owner": opportunity.owner_id,
            "opened_on": opportunity.opened_on,
            "closed_on": opportunity.closed_on,
            "description": opportunity.description,
        }


STATUS_CHOICES = [("", "Any"), ("open", "Open"), ("closed", "Closed (won or lost)")]
YES_NO = [("", "Any"), ("yes", "Yes"), ("no", "No")]


class OpportunityFilterForm(forms.Form):
    """The GET form above the list and the board. A bad value drops that filter only."""

    q = forms.CharField(label="Search", required=False, max_length=200, help_text="Deal or company name.")
    pilot = forms.ModelChoiceField(queryset=Pilot.objects.none(), required=False, empty_label="Any")
    stage = forms.ChoiceField(choices=[("", "Any"), *OpportunityStage.choices], required=False)
    owner = OwnerChoice(queryset=User.objects.none(), required=False, empty_label="Anyone")
    status = forms.ChoiceField(label="Open or closed", choices=STATUS_CHOICES, required=False)
    assisted = forms.ChoiceField(label="Assisted by alumni", choices=YES_NO, required=False)

    NAMES = ("q", "pilot", "stage", "owner", "status", "assisted")

    def __init__(self, data: Any = None, *, pilots: QuerySet[Pilot], owners: QuerySet[User], board: bool = False):
        super().__init__(data)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if board:  # the board's columns are the stages
            for name in ("stage", "status"):
                del self.fields[name]

    def values(self) -> dict[str, Any]:
        """The valid filters (an invalid one is dropped, never an error page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(
        choices=OpportunityStage.choices, error_messages={"required": "Choose the stage to move the deal to."}
    )
    closed_on = forms.DateField(
        label="Closed on", widget=_date_widget(), required=False, help_text="For won or lost; today if empty."
    )
