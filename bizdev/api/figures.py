"""Stage 3 figures in the API: sales-cycle velocity and the give/get balance, read-only.

- ``velocity``: the rows of the velocity page and its CSV (bizdev.selectors.velocity.figure_rows):
  the same keys, values (rounded once, half-up, as decimal strings), deal counts, notes and formulas.
- ``balance``: assists given and received per team, per contributor and per alumnus, by type, and
  the alumni requests met (bizdev.selectors.balance).

Query: ``pilot`` (one Stage 3 pilot; default all the reader may see), ``start`` and ``end`` (ISO
dates; default this quarter). Who reads them: HR leads, contributors (their pilots) and managers
(their sponsors' pilots); anyone else gets a 403, a pilot they may not see (or not of Stage 3) a
404, bad dates a 400. Managers get no names: ``by_contributor`` and ``by_alumnus`` are null for
them. A balance that names alumni is audited once per request. The figures read from baselines
follow metrics' baseline rule: ``withheld`` says why one carries no value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.services import audit_record
from core.api import MAX_ID, error_responses
from metrics.money import half_up
from metrics.report import WITHHELD, period_containing
from programs.models import Pilot

from ..access import can_read_figures, can_work, work_pilots
from ..selectors import balance, stage, velocity

MAX_DAYS = 3660  # ten years: a longer range is refused, not computed
MSG_PILOT = "No such Stage 3 pilot among those whose figures you may read."
MSG_RANGE = "The end cannot be before the start."
MSG_TOO_LONG = "Choose a range of at most ten years."
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def _user(request: Request) -> User:
    return cast(User, request.user)


class FiguresQuerySerializer(serializers.Serializer):
    pilot = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="A Stage 3 pilot's id; all you may see by default."
    )
    start = serializers.DateField(required=False, help_text="First day (ISO date); default: this quarter's.")
    end = serializers.DateField(required=False, help_text="Last day, included (ISO date); default: this quarter's.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        quarter = period_containing("quarter", timezone.localdate())
        start, end = attrs.get("start") or quarter.start, attrs.get("end") or quarter.end
        for name, day in (("start", start), ("end", end)):
            if not EARLIEST <= day <= LATEST:
                raise serializers.ValidationError({name: [f"Choose a day between {EARLIEST} and {LATEST}."]})
        if end < start:
            raise serializers.ValidationError({"end": [MSG_RANGE]})
        if (end - start).days > MAX_DAYS:
            raise serializers.ValidationError({"end": [MSG_TOO_LONG]})
        return {**attrs, "start": start, "end": end}


class CanReadFigures(permissions.BasePermission):
    message = "Only HR leads, contributors in a pilot and managers of a sponsor read Stage 3 figures."

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and can_read_figures(request.user))


def _scope(request: Request) -> tuple[QuerySet[Pilot], velocity.Scope, Pilot | None]:
    query = FiguresQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    pilots = stage.readable_pilots(_user(request))
    chosen = None
    if data.get("pilot") is not None:
        chosen = pilots.filter(pk=data["pilot"]).first()
        if chosen is None:
            raise NotFound(MSG_PILOT)
        pilots = pilots.filter(pk=chosen.pk)
    scope = velocity.Scope(pilot_ids=list(pilots.values_list("pk", flat=True)), start=data["start"], end=data["end"])
    return pilots, scope, chosen


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable key, e.g. bizdev.cycle_days.assisted.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    value = serializers.CharField(
        allow_null=True, help_text="Decimal string rounded half-up as the page shows it; null when undefined."
    )
    unit = serializers.CharField(help_text="days, % or the program's currency.")
    deals = serializers.IntegerField(allow_null=True, help_text="The deals behind the figure.")
    note = serializers.CharField(allow_blank=True, help_text="“too few deals to conclude” below five deals.")
    formula = serializers.CharField(allow_blank=True)
    withheld = serializers.CharField(allow_blank=True, help_text="Why there is no value (a baseline you may not see).")


class VelocitySerializer(serializers.Serializer):
    pilot = serializers.IntegerField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    currency = serializers.CharField()
    deals = serializers.IntegerField(help_text="Deals closed (won or lost) in the period; open deals never count.")
    figures = FigureRowSerializer(many=True)


class BalanceRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The pilot's, user's or alumnus's id.")
    name = serializers.CharField()
    given = serializers.IntegerField()
    given_points = serializers.IntegerField()
    received = serializers.IntegerField()
    received_points = serializers.IntegerField()
    balance = serializers.IntegerField(help_text="Points given - points received.")


class TypeRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    given = serializers.IntegerField()
    received = serializers.IntegerField()
    given_points = serializers.IntegerField()
    received_points = serializers.IntegerField()


class AlumniRequestsSerializer(serializers.Serializer):
    asked = serializers.IntegerField()
    met = serializers.IntegerField()
    share_met = serializers.CharField(allow_null=True, help_text="Percent, to 0.01, half-up.")
    median_days_to_meet = serializers.CharField(allow_null=True, help_text="Days, to 0.1, half-up.")


class BalanceSerializer(serializers.Serializer):
    pilot = serializers.IntegerField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    totals = BalanceRowSerializer()
    by_type = TypeRowSerializer(many=True)
    by_team = BalanceRowSerializer(many=True)
    by_contributor = BalanceRowSerializer(many=True, allow_null=True, help_text="Null for managers.")
    by_alumnus = BalanceRowSerializer(many=True, allow_null=True, help_text="Null for managers.")
    alumni_requests = AlumniRequestsSerializer()


def _row(row: balance.BalanceRow) -> dict[str, Any]:
    return {
        "id": row.key,
        "name": row.label,
        "given": row.given,
        "given_points": row.given_points,
        "received": row.received,
        "received_points": row.received_points,
        "balance": row.balance,
    }


def _plain(value: Any, places: str) -> str | None:
    return None if value is None else f"{half_up(value, places):f}"


class OneObjectSchema(AutoSchema):
    """The figures answer one object per request, not a list of rows: no array in the schema, no
    pagination or filter parameters."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class _FiguresViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    schema = OneObjectSchema()
    permission_classes = [CanReadFigures]
    pagination_class = None
    filter_backends: list[Any] = []


@extend_schema(tags=["bizdev"])
class VelocityViewSet(_FiguresViewSet):
    """Sales-cycle velocity of assisted vs unassisted deals, by assist type, against the baseline."""

    serializer_class = VelocitySerializer

    @extend_schema(
        parameters=[FiguresQuerySerializer], responses={200: VelocitySerializer, **error_responses(400, 403, 404)}
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _pilots, scope, chosen = _scope(request)
        figures = velocity.velocity(scope)
        visible = stage.baselines_visible(_user(request), figures)
        rows = velocity.figure_rows(figures, withheld="" if visible else WITHHELD)
        data = {
            "pilot": chosen.pk if chosen is not None else None,
            "start": scope.start,
            "end": scope.end,
            "currency": settings.PROGRAM_CURRENCY,
            "deals": figures.deals,
            "figures": [
                {
                    "key": r.key,
                    "label": r.label,
                    "value": r.plain or None,
                    "unit": r.unit,
                    "deals": r.cases,
                    "note": r.note,
                    "formula": r.formula,
                    "withheld": r.withheld,
                }
                for r in rows
            ],
        }
        return Response(VelocitySerializer(data).data)


@extend_schema(tags=["bizdev"])
class BalanceViewSet(_FiguresViewSet):
    """Give/get balance per team, contributor and alumnus, and alumni requests met."""

    serializer_class = BalanceSerializer

    @extend_schema(
        parameters=[FiguresQuerySerializer], responses={200: BalanceSerializer, **error_responses(400, 403, 404)}
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = _user(request)
        pilots, scope, chosen = _scope(request)
        teams = balance.by_team(scope)
        t = balance.totals(teams)
        by_contributor = by_alumnus = None
        if can_work(user):
            named = velocity.Scope(
                pilot_ids=list(pilots.filter(pk__in=work_pilots(user).values("pk")).values_list("pk", flat=True)),
                start=scope.start,
                end=scope.end,
            )
            by_contributor = [_row(r) for r in balance.by_contributor(named)]
            by_alumnus = [_row(r) for r in balance.by_alumnus(named)]
        requests = balance.alumni_requests(scope)
        data = {
            "pilot": chosen.pk if chosen is not None else None,
            "start": scope.start,
            "end": scope.end,
            "totals": _row(balance.BalanceRow(0, "All", t.given, t.given_points, t.received, t.received_points)),
            "by_type": [vars(r) for r in balance.by_type(scope)],
            "by_team": [_row(r) for r in teams],
            "by_contributor": by_contributor,
            "by_alumnus": by_alumnus,
            "alumni_requests": {
                "asked": requests.asked,
                "met": requests.met,
                "share_met": _plain(requests.share_met, "0.01"),
                "median_days_to_meet": _plain(requests.median_days, "0.1"),
            },
        }
        if by_alumnus:
            audit_record(
                actor=user,
                verb=stage.AUDIT_BALANCE_API_LISTED,
                data={
                    "pilot": data["pilot"],
                    "start": scope.start.isoformat(),
                    "end": scope.end.isoformat(),
                    "rows": len(by_alumnus),
                },
            )
        return Response(BalanceSerializer(data).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("velocity", VelocityViewSet, "api-bizdev-velocity"),
    ("balance", BalanceViewSet, "api-bizdev-balance"),
]
