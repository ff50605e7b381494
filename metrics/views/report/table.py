"""The report's small table model: a *spec* says what a table shows, a *table* is a spec filled in
with one report's values, written once as HTML cells and once as CSV rows.

A spec (``TableSpec``) names its columns (``Column``: a label, a kind from .format, and the
function that reads the cell's value from a row item), where its rows and total rows come from
(functions of the report), and its words (title, caption, the sentence shown when it is empty).
The page and the CSV of a table are built from the same spec, so they hold the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from ...exports import csv_cell
from ...report import Report
from .format import NUMERIC_KINDS, Kind, csv_value, fmt

R = TypeVar("R")
WITHHELD_COLUMNS = (
    "Legacy cost per hire, savings, legacy time to hire, value attributed and ROI rest on the sponsors’ "
    "legacy cost baselines, which only HR leads and each sponsor’s managers see: they are left out here."
)


def _no_rows(report: Report) -> Iterable[Any]:
    return ()


def _no_note(report: Report) -> str:
    return ""


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its label, the kind of its values, and how a row item gives its value."""

    label: str
    value: Callable[[R], Any]
    kind: Kind = "text"
    baseline: bool = False  # read from a sponsor's baseline: left out when the reader may not see it

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def csv_label(self, currency: str) -> str:
        if self.kind == "money":
            return f"{self.label} ({currency})"
        if self.kind == "pct":
            return f"{self.label} (fraction)"
        if self.kind == "month":
            return f"{self.label} (YYYY-MM)"
        return self.label


@dataclass(frozen=True)
class TableSpec(Generic[R]):
    """What one report table shows; ``build(report)`` fills it in."""

    key: str
    title: str
    caption: str
    columns: Sequence[Column[R]]
    rows: Callable[[Report], Iterable[R]]
    totals: Callable[[Report], Iterable[R]] = _no_rows
    link: Callable[[R], str] | None = None  # the row heading's link
    pilot_id: Callable[[R], int] | None = None  # the row's pilot, for the compare checkboxes
    empty: str = "Nothing recorded in this period."
    note: Callable[[Report], str] = _no_note
    pickable: bool = False  # rows can be ticked to compare two pilots
    transpose: bool = False  # few rows, many figures: one column per row on the page

    def _row(self, item: R, columns: list[Column[R]]) -> TRow:
        return TRow(
            values=[col.value(item) for col in columns],
            url=self.link(item) if self.link is not None else "",
            pilot_id=self.pilot_id(item) if self.pilot_id is not None else None,
        )

    def build(self, report: Report) -> Table:
        """The table of ``report``; columns read from baselines are left out (and the note says
        why) when the report's reader may not see them."""
        columns = list(self.columns)
        note = self.note(report)
        if not report.baseline_figures_visible and any(c.baseline for c in columns):
            columns = [c for c in columns if not c.baseline]
            note = " ".join(filter(None, [note, WITHHELD_COLUMNS]))
        return Table(
            key=self.key,
            title=self.title,
            caption=self.caption,
            columns=columns,
            rows=[self._row(item, columns) for item in self.rows(report)],
            totals=[self._row(item, columns) for item in self.totals(report)],
            currency=report.currency,
            empty=self.empty,
            note=note,
            pickable=self.pickable,
            transpose=self.transpose,
        )


@dataclass
class TRow:
    values: list[Any]
    url: str = ""
    pilot_id: int | None = None


@dataclass
class Table:
    """A spec filled in with one report's raw values; ``view`` is the HTML, ``csv_rows()`` the CSV."""

    key: str
    title: str
    caption: str
    columns: list[Column[Any]]
    rows: list[TRow]
    currency: str
    totals: list[TRow] = field(default_factory=list)
    empty: str = "Nothing recorded in this period."
    note: str = ""
    pickable: bool = False
    transpose: bool = False

    def _cell(self, value: Any, col: Column[Any]) -> dict[str, Any]:
        return {"text": fmt(value, col.kind, self.currency), "numeric": col.numeric}

    def _display(self, rows: list[TRow]) -> list[dict[str, Any]]:
        out = []
        for row in rows:
            cells = [self._cell(v, c) for v, c in zip(row.values, self.columns, strict=True)]
            out.append({"header": cells[0]["text"], "url": row.url, "pilot_id": row.pilot_id, "cells": cells[1:]})
        return out

    @cached_property
    def view(self) -> dict[str, Any]:
        """What the HTML table shows: head (column labels), body and foot rows. A transposed table
        (few rows, many figures) shows one column per row and one row per figure."""
        if not self.transpose:
            return {
                "head": [{"label": c.label, "numeric": c.numeric} for c in self.columns],
                "body": self._display(self.rows),
                "foot": self._display(self.totals),
            }
        every = [*self.rows, *self.totals]
        first = self.columns[0]
        return {
            "head": [{"label": "Figure", "numeric": False}]
            + [{"label": fmt(r.values[0], first.kind, self.currency), "numeric": True} for r in every],
            "body": [
                {
                    "header": col.label,
                    "url": "",
                    "pilot_id": None,
                    "cells": [self._cell(r.values[i], col) for r in every],
                }
                for i, col in enumerate(self.columns)
                if i > 0
            ],
            "foot": [],
        }

    def csv_rows(self) -> list[list[str]]:
        lines = [[csv_cell(c.csv_label(self.currency)) for c in self.columns]]
        for row in [*self.rows, *self.totals]:
            lines.append([csv_value(v, c.kind) for v, c in zip(row.values, self.columns, strict=True)])
        return lines
