"""What the metrics API viewsets share: the write permission, the input fields (one answer for
an id that does not exist and one the user may not use), filling in the user's only pilot, and
the ledger viewset: its list is audited (it names people), and its create / correct / delete go
through the row kind's three services (``LedgerWrites``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import Model, QuerySet
from rest_framework import permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.services import audit_record
from core.api import ReadViewSet, listing_audit_data
from people.models import Company, Person
from programs.access import can_log, visible_sponsors, workable_pilots
from programs.models import Pilot, SponsorOrganization

from .. import services
from ..access import get_row_for_user, visible_rows
from ..services.common import named_employee
from ..services.ledger import check_editable

MSG_SEVERAL_PILOTS = "You work in several pilots; say which one this is for."
MSG_TOO_LARGE = "The costs add up to more than 9,999,999,999.99; check the figures."
MSG_UNKNOWN_PERSON = "No such person in the directory; choose one of /api/v1/people/."
MSG_UNKNOWN_COMPANY = "No such company in the directory; choose one of /api/v1/companies/."
MONEY_LIMIT = Decimal("1e10")
INT_MAX = 2_147_483_647


def fake(view: Any) -> bool:
    """True while drf-spectacular builds the schema (no real user, no URL kwargs)."""
    return getattr(view, "swagger_fake_view", False)


def user_of(view: Any) -> User:
    return cast(User, view.request.user)


class CanLogOrReadOnly(permissions.BasePermission):
    """Anyone signed in reads (rows are filtered by pilot); those who may log (HR leads and
    contributors with a pilot: programs.access.can_log) write."""

    message = "Managers read the ledger; only HR leads and pilot contributors log and correct it."

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in permissions.SAFE_METHODS or can_log(request.user)


class WorkablePilotField(serializers.PrimaryKeyRelatedField):
    """A pilot the requesting user may log work in (programs.access.workable_pilots). A pilot that
    does not exist and one that is not theirs are the same field error, whatever else the request
    gets wrong: ids of other pilots stay unrevealed."""

    def __init__(self, **kwargs: Any) -> None:
        # The whole table for the schema (an integer id); get_queryset narrows it per request.
        kwargs.setdefault("queryset", Pilot.objects.select_related("sponsor"))
        kwargs.setdefault(
            "error_messages", {"does_not_exist": services.MSG_PILOT, "incorrect_type": services.MSG_PILOT}
        )
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Pilot]:
        request = self.context.get("request")
        if request is None:
            return Pilot.objects.none()
        return workable_pilots(request.user)


def pilot_field(**kwargs: Any) -> WorkablePilotField:
    return WorkablePilotField(**kwargs)


def money_field(max_digits: int = 12, **kwargs: Any) -> serializers.DecimalField:
    kwargs.setdefault("required", False)
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=2,
        min_value=Decimal("0"),
        error_messages={"min_value": services.MSG_NEGATIVE, "invalid": services.MSG_NOT_A_NUMBER},
        **kwargs,
    )


def days_field() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=INT_MAX, allow_null=True, required=False, default=None)


def person_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        error_messages={"does_not_exist": MSG_UNKNOWN_PERSON, "incorrect_type": MSG_UNKNOWN_PERSON},
        **kwargs,
    )


def company_field(**kwargs: Any) -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(),
        error_messages={"does_not_exist": MSG_UNKNOWN_COMPANY, "incorrect_type": MSG_UNKNOWN_COMPANY},
        **kwargs,
    )


def employee_field(help_text: str) -> serializers.IntegerField:
    """A user id, looked up only once the row's pilot is known (``LedgerWrites.employee``): a user
    id that does not exist, an inactive user and a colleague outside the pilot then all get the
    service's one refusal at the same point. The API must not reveal who works here."""
    return serializers.IntegerField(
        required=False,
        help_text=help_text,
        error_messages={
            "invalid": services.MSG_EMPLOYEE_NOT_MEMBER,
            "max_string_length": services.MSG_EMPLOYEE_NOT_MEMBER,
        },
    )


class VisibleSponsorField(serializers.PrimaryKeyRelatedField):
    """A sponsor the requesting user may see (programs.access.visible_sponsors); one that does not
    exist and one they may not see get the same message."""

    def __init__(self, **kwargs: Any) -> None:
        # The whole table for the schema (an integer id); get_queryset narrows it per request.
        kwargs.setdefault("queryset", SponsorOrganization.objects.all())
        kwargs.setdefault(
            "error_messages",
            {"does_not_exist": services.MSG_HIRE_SPONSOR, "incorrect_type": services.MSG_HIRE_SPONSOR},
        )
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[SponsorOrganization]:
        request = self.context.get("request")
        if request is None:
            return SponsorOrganization.objects.none()
        return visible_sponsors(request.user)


def with_pilot(user: User, values: dict[str, Any]) -> dict[str, Any]:
    """The values with ``pilot`` filled in from the user's only workable pilot when omitted."""
    if values.get("pilot") is not None:
        return values
    pilots = list(workable_pilots(user)[:2])
    if len(pilots) != 1:
        message = services.MSG_PILOT if not pilots else MSG_SEVERAL_PILOTS
        raise serializers.ValidationError({"pilot": [message]})
    return {**values, "pilot": pilots[0]}


def audit_listing(request: Request, verb: str, rows: int | None) -> None:
    """One audit event for a list request that named people: who, which filters, how many rows."""
    audit_record(actor=cast(User, request.user), verb=verb, data=listing_audit_data(request, rows))


@dataclass(frozen=True)
class LedgerWrites:
    """How a ledger viewset writes its rows: the kind's services and what they call the row.

    ``record(actor=, **values)`` returns the new row; ``update(actor=, <row>=row, **values)``
    corrects it; ``delete(actor=, <row>=row)`` removes it. ``fills_pilot``: a missing pilot is
    the user's only workable one (with_pilot). ``employee``: the input field (an employee_field)
    whose user id is looked up against the row's pilot before the service is called."""

    input: type[serializers.Serializer]
    record: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    row: str
    fills_pilot: bool = True
    employee: str = ""


class LedgerViewSet(ReadViewSet):
    """List and retrieve the rows of one ledger model in the pilots the user may see. A list of
    rows that name people (``audit_verb`` set) is audited once per request. A viewset that sets
    ``writes`` also creates (POST), corrects (PATCH) and deletes (DELETE) them through its services;
    each subclass documents those actions with extend_schema_view, and may check the values
    first (``check``) or answer with more than the row (``written``)."""

    model: type[Model]
    audit_verb: str = ""
    writes: LedgerWrites
    permission_classes = [CanLogOrReadOnly]
    ordering_fields = ["date", "created_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        if fake(self):
            return self.model._default_manager.none()
        return visible_rows(user_of(self), self.model)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        if self.audit_verb and response.status_code == status.HTTP_200_OK:
            data = response.data
            count = data.get("count") if isinstance(data, dict) else len(data)
            audit_listing(request, self.audit_verb, count)
        return response

    def _row(self, pk: int) -> Any:
        return get_row_for_user(user_of(self), self.model, pk)

    def _fresh(self, row: Model) -> Any:
        return visible_rows(user_of(self), self.model).get(pk=row.pk)

    def _respond(self, row: Model, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self._fresh(row)).data, status=code)

    def check(self, values: dict[str, Any], row: Any | None) -> None:
        """Refuse values the database could not hold (a 400 naming the field). ``row`` is the row
        being corrected (``values`` then holds only what changes), None when recording."""

    def written(self, row: Model, code: int) -> Response:
        return self._respond(row, code)

    def _with_employee(self, values: dict[str, Any], pilot: Pilot) -> dict[str, Any]:
        """The values with the employee's id replaced by the user, if the actor may name them on a
        row of ``pilot`` (one refusal for an id that does not exist and one they may not name)."""
        field = self.writes.employee
        if not field or values.get(field) is None:
            return values
        return {**values, field: named_employee(user_of(self), values[field], pilot, field)}

    def create(self, request: Request) -> Response:
        data = self.writes.input(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if self.writes.fills_pilot:
            values = with_pilot(cast(User, request.user), values)
        self.check(values, None)
        values = self._with_employee(values, values["pilot"])
        row = self.writes.record(actor=request.user, **values)
        return self.written(row, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: int) -> Response:
        row = self._row(pk)
        data = self.writes.input(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        self.check(values, row)
        if self.writes.employee in values:
            check_editable(user_of(self), row)  # a row you may not correct is a 403 first, as in the service
            values = self._with_employee(values, values.get("pilot") or row.pilot)
        self.writes.update(actor=request.user, **{self.writes.row: row}, **values)
        return self.written(row, status.HTTP_200_OK)

    def destroy(self, request: Request, pk: int) -> Response:
        self.writes.delete(actor=request.user, **{self.writes.row: self._row(pk)})
        return Response(status=status.HTTP_204_NO_CONTENT)
