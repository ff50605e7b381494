"""What the ledger, hire and cost pages share: breadcrumbs, the currency, the "filtered" flag,
and the audited CSV download of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.services import audit_record
from accounts.web import AuthedRequest

from ..access import can_manage_costs
from ..exports import csv_response


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Reports" (when the report page is mounted)."""
    try:
        root = [("Reports", reverse("metrics:index"))]
    except NoReverseMatch:
        root = []
    return [*root, *pairs]


def settings_crumbs(user: Any, *pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs of the program settings (costs, baselines, the assist scale): under "Settings"
    for who may change them, as the navigation files them; under "Reports" for who only reads them."""
    if not can_manage_costs(user):
        return crumbs(*pairs)
    return [("Settings", reverse("metrics:baseline_list")), *pairs]


def base_context() -> dict[str, Any]:
    return {"currency": settings.PROGRAM_CURRENCY}


def filtered(request: AuthedRequest, *names: str) -> bool:
    return any(request.GET.get(name) for name in names)


@dataclass(frozen=True)
class Column:
    """One column of a CSV download: its header and how to read it from a row."""

    header: str
    value: Callable[[Any], Any]


def money_header(label: str) -> str:
    return f"{label} ({settings.PROGRAM_CURRENCY})"


def csv_download(
    request: AuthedRequest,
    *,
    rows: QuerySet[Any],
    columns: Sequence[Column],
    name: str,
    filters: Mapping[str, Any],
    audit_verb: str = "",
) -> StreamingHttpResponse:
    """The rows of a list page as CSV (every page of it, the list's filters applied), named
    ``<name>-<date>.csv``. ``audit_verb``: the download names people, so it is audited, once per
    request, with the filters and the number of rows."""
    if audit_verb:
        audit_record(
            actor=request.user,
            verb=audit_verb,
            data={
                "filters": {k: _plain(v) for k, v in filters.items() if v not in (None, "", False)},
                "rows": rows.count(),
            },
        )
    lines: Iterable[list[Any]] = ([c.value(row) for c in columns] for row in rows.iterator(chunk_size=2000))
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    return csv_response(filename, [c.header for c in columns], lines)


def _plain(value: Any) -> Any:
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, (int, bool)):
        return value
    return str(value)
