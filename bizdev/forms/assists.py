"""The form that logs an assist on a deal or help request: the ledger's assist form (person
picker, kind of help with its points, direction, date, note), in the target's pilot, with the
people involved in the target offered first. The rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from metrics.forms.ledger import AssistForm, Picker, PickerOption
from metrics.models import Assist, AssistDirection
from people.models import Person

from ..models import REF_OPPORTUNITY, REF_REQUEST, HelpRequest, Opportunity
from ..selectors.assists import touching_q

INVOLVED_LIMIT = 20


def involved_people(target: Opportunity | HelpRequest) -> list[Person]:
    """Who is involved in the target, for the picker's first rows: for a request its asking
    alumnus and its chosen alumni; for a deal those of its requests; for both, whoever already
    helped on it. At most INVOLVED_LIMIT, in two queries."""
    if isinstance(target, HelpRequest):
        requests = Q(pk=target.pk)
        helped = Q(reference_kind=REF_REQUEST, reference_id=str(target.pk))
    else:
        requests = Q(opportunity=target)
        helped = touching_q(target)
    request_ids = HelpRequest.objects.filter(requests).values("pk")
    people = Person.objects.filter(
        Q(alumnus__help_requests__in=request_ids)
        | Q(alumnus__help_requests_received__in=request_ids)
        | Q(pk__in=Assist.objects.filter(helped).values("person_id"))
    )
    return list(
        people.not_erased()
        .select_related("company")
        .distinct()
        .order_by("last_name", "first_name", "id")[:INVOLVED_LIMIT]
    )


class TargetAssistForm(AssistForm):
    """AssistForm for an assist on ``target``: in the target's pilot (no choice), received by default."""

    def __init__(self, data: Any = None, *, target: Opportunity | HelpRequest, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.target = target
        del self.fields["pilot"]  # the target's pilot, always
        self.fields["direction"].initial = AssistDirection.RECEIVED
        self._involved: list[Person] | None = None

    def plain(self) -> list[forms.BoundField]:
        """The ledger form's plain fields but the pilot (the target's, always)."""
        return [self[name] for name in self.plain_fields if name in self.fields]

    def involved(self) -> list[Person]:
        if self._involved is None:
            self._involved = involved_people(self.target)
        return self._involved

    def pickers(self) -> list[Picker]:
        """The ledger's picker, with the people involved in the target listed first."""
        out = super().pickers()
        for picker in out:
            if picker.name != "person":
                continue
            listed = {o.pk for o in picker.options}
            extra = [
                PickerOption(
                    p.pk,
                    p.full_name or f"Person {p.pk}",
                    " · ".join(x for x in (p.title, p.company.name if p.company else "") if x),
                    False,
                )
                for p in self.involved()
                if p.pk not in listed
            ]
            picker.options = (
                [*picker.options, *extra]
                if any(o.checked for o in picker.options)
                else [
                    *extra,
                    *picker.options,
                ]
            )
        return out

    def values(self) -> dict[str, Any]:
        data = super().values()
        data.pop("pilot", None)
        return data


def target_kind(target: Opportunity | HelpRequest) -> str:
    return REF_OPPORTUNITY if isinstance(target, Opportunity) else REF_REQUEST
