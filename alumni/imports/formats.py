"""The two files an import reads (docs/alumni-imports.md describes both for HR staff).

**HRIS leavers file** (kind "hris"): a header row, then one leaver per row. Columns, in any order:
``first_name, last_name, email`` (required, each row must fill them) and ``department, role,
start_date, end_date, exit_type, rehire_eligible, company, title, city, country, linkedin_url``
(optional columns; an empty cell means "not known"). Dates ``YYYY-MM-DD``; ``exit_type`` one of
voluntary, eliminated, retired, other (empty: other); ``rehire_eligible`` yes or no (empty: not
decided); ``country`` a name or ISO code; ``linkedin_url`` an http(s) address. An unknown column
is refused (a misspelt header would otherwise drop a column silently).

**LinkedIn's Connections.csv** (kind "linkedin"): LinkedIn's own export, as downloaded: a UTF-8
byte-order mark, CRLF line ends, a preamble (``Notes:``, a quoted paragraph about missing emails,
a blank line) before the header ``First Name,Last Name,URL,Email Address,Company,Position,Connected
On``, quoted cells where a value holds a comma, names in any script, "Connected On" like
``05 Dec 2026`` and an email only where the connection allows it. First Name is required.

``ImportReader`` yields the valid rows one at a time (a 100,000-row file is never a list of
objects) and collects the problems of the others, each with its row number and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from alumni.models.directory import ExitType
from alumni.models.imports import ImportKind
from people.countries import country_code

from .reading import MSG_TOO_MANY_ROWS, ImportFileError, max_rows
from .rows import MSG_FIRST_NAME, MSG_LAST_NAME, DuplicateFinder, ImportRow, RowChecker, RowError

LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
LINKEDIN_FIELDS = {
    "first_name": "First Name",
    "last_name": "Last Name",
    "linkedin_url": "URL",
    "email": "Email Address",
    "company": "Company",
    "title": "Position",
    "connected_on": "Connected On",
}
HRIS_COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "department",
    "role",
    "start_date",
    "end_date",
    "exit_type",
    "rehire_eligible",
    "company",
    "title",
    "city",
    "country",
    "linkedin_url",
)
HRIS_NAMES = {name: name for name in HRIS_COLUMNS}
HRIS_REQUIRED = ("first_name", "last_name", "email")
# How far into a LinkedIn file the header may be (the preamble is three or four lines).
HEADER_SEARCH_ROWS = 20
# A cell bigger than this is not a name or a title: csv's own default, stated.
FIELD_LIMIT = 131_072

MSG_NO_LINKEDIN_HEADER = (
    "This does not look like LinkedIn's Connections.csv: no header “{header}” in its first {rows} lines."
)
MSG_LOOKS_HRIS = "This looks like an HRIS leavers file: choose “HRIS leavers file” as the kind."
MSG_LOOKS_LINKEDIN = "This looks like LinkedIn's Connections.csv: choose “LinkedIn Connections.csv” as the kind."
MSG_HRIS_MISSING = "The header lacks the column{s} {names} (the first row must name the columns)."
MSG_HRIS_UNKNOWN = "Unknown column “{name}”. The columns are: {known}."
MSG_HRIS_REPEATED = "The column “{name}” appears twice."
MSG_CELLS = "This row has {count} cells but the header has {expected}: a value with a comma needs double quotes."
MSG_NO_ROWS = "The file has a header but no rows to import."
MSG_CSV = "Row {row}: the file cannot be read as CSV ({error})."
MSG_EXIT_TYPE = "“{value}” is not an exit type: use one of {choices}."
MSG_REHIRE = "“{value}” is not yes or no (leave it empty when not decided)."
MSG_COUNTRY = "“{value}” is not a country: use its name or two-letter code, e.g. Sweden or SE."
MSG_DATES_ORDER = "The end date is before the start date."

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def iso_date(value: str) -> dt.date:
    if not ISO_DATE.match(value):
        raise ValueError(value)
    return dt.date.fromisoformat(value)


def linkedin_date(value: str) -> dt.date:
    """ "05 Dec 2026" (LinkedIn's English export); the ISO form is accepted too."""
    if ISO_DATE.match(value):
        return dt.date.fromisoformat(value)
    parts = value.replace(",", " ").split()
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        raise ValueError(value)
    month = MONTHS.get(parts[1][:3].lower())
    if month is None:
        raise ValueError(value)
    return dt.date(int(parts[2]), month, int(parts[0]))


def _lower(cells: list[str]) -> list[str]:
    cells = [c.strip().lower() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


class ImportReader:
    """Iterate to get the valid rows in file order; afterwards ``errors`` holds every bad row's
    problems and ``total_rows`` the number of data rows (blank lines not counted). A problem
    with the file as a whole (no header, too many rows, not CSV) raises ImportFileError."""

    def __init__(self, kind: str, text: str, *, validated: bool = False) -> None:
        """``validated``: the text was read without a problem before (an import's stored file):
        the checks that cannot change their answer (email syntax, duplicates) are skipped."""
        if kind not in ImportKind.values:
            raise ImportFileError(f"Unknown kind of file “{kind}”.")
        self.kind = kind
        self.text = text
        self.errors: list[RowError] = []
        self.total_rows = 0
        self.duplicates = DuplicateFinder()
        self.validated = validated

    def __iter__(self) -> Iterator[ImportRow]:
        csv.field_size_limit(FIELD_LIMIT)
        records = enumerate(csv.reader(io.StringIO(self.text, newline="")), start=1)
        try:
            header_row, columns = self._header(records)
            limit = max_rows()
            for number, cells in records:
                if not any(c.strip() for c in cells):
                    continue
                self.total_rows += 1
                if self.total_rows > limit:
                    raise ImportFileError(MSG_TOO_MANY_ROWS.format(limit=limit))
                row = self._row(number, cells, columns)
                if row is not None:
                    yield row
        except csv.Error as exc:
            raise ImportFileError(MSG_CSV.format(row=header_row if self.total_rows == 0 else "?", error=exc)) from exc
        if self.total_rows == 0:
            raise ImportFileError(MSG_NO_ROWS)

    def rows(self) -> list[ImportRow]:
        """Every valid row at once (small files and tests)."""
        return list(self)

    # The header ----------------------------------------------------------------------------
    def _header(self, records: Iterator[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
        if self.kind == ImportKind.LINKEDIN:
            return self._linkedin_header(records)
        return self._hris_header(records)

    def _linkedin_header(self, records: Iterator[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
        wanted = [h.lower() for h in LINKEDIN_HEADER]
        for number, cells in records:
            lowered = _lower(cells)
            if lowered == wanted:
                return number, {name: wanted.index(column.lower()) for name, column in LINKEDIN_FIELDS.items()}
            if "first_name" in lowered and "email" in lowered:
                raise ImportFileError(MSG_LOOKS_HRIS)
            if number >= HEADER_SEARCH_ROWS:
                break
        raise ImportFileError(MSG_NO_LINKEDIN_HEADER.format(header=",".join(LINKEDIN_HEADER), rows=HEADER_SEARCH_ROWS))

    def _hris_header(self, records: Iterator[tuple[int, list[str]]]) -> tuple[int, dict[str, int]]:
        for number, cells in records:
            lowered = _lower(cells)
            if not lowered:
                continue
            if lowered[:1] == ["notes:"] or lowered == [h.lower() for h in LINKEDIN_HEADER]:
                raise ImportFileError(MSG_LOOKS_LINKEDIN)
            columns: dict[str, int] = {}
            for index, name in enumerate(lowered):
                if name in columns:
                    raise ImportFileError(MSG_HRIS_REPEATED.format(name=name))
                if name not in HRIS_COLUMNS:
                    raise ImportFileError(MSG_HRIS_UNKNOWN.format(name=name[:60], known=", ".join(HRIS_COLUMNS)))
                columns[name] = index
            missing = [c for c in HRIS_REQUIRED if c not in columns]
            if missing:
                s = "s" if len(missing) > 1 else ""
                raise ImportFileError(MSG_HRIS_MISSING.format(s=s, names=", ".join(missing)))
            return number, columns
        raise ImportFileError(MSG_NO_ROWS)

    # A row ---------------------------------------------------------------------------------
    def _row(self, number: int, cells: list[str], columns: dict[str, int]) -> ImportRow | None:
        width = max(columns.values()) + 1
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            self.errors.append(RowError(number, "", MSG_CELLS.format(count=len(cells), expected=width)))
            return None
        if self.kind == ImportKind.LINKEDIN:
            checker = RowChecker(number, LINKEDIN_FIELDS, validated=self.validated)
            row = self._linkedin_row(checker, number, cells, columns)
        else:
            checker = RowChecker(number, HRIS_NAMES, validated=self.validated)
            row = self._hris_row(checker, number, cells, columns)
        if not checker.errors and not self.validated:
            duplicate = self.duplicates.check(row)
            if duplicate is not None:
                checker.fail(*duplicate)
        if checker.errors:
            self.errors.extend(checker.errors)
            return None
        return row

    @staticmethod
    def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    def _linkedin_row(self, c: RowChecker, number: int, cells: list[str], columns: dict[str, int]) -> ImportRow:
        def cell(name: str) -> str:
            return self._cell(cells, columns, name)

        return ImportRow(
            row=number,
            first_name=c.text("first_name", cell("first_name"), required=MSG_FIRST_NAME),
            last_name=c.text("last_name", cell("last_name")),
            linkedin_url=c.url("linkedin_url", cell("linkedin_url")),
            email=c.email(cell("email")),
            company=c.text("company", cell("company")),
            title=c.text("title", cell("title")),
            connected_on=c.date("connected_on", cell("connected_on"), linkedin_date, "like 05 Dec 2026"),
        )

    def _hris_row(self, c: RowChecker, number: int, cells: list[str], columns: dict[str, int]) -> ImportRow:
        def cell(name: str) -> str:
            return self._cell(cells, columns, name)

        row = ImportRow(
            row=number,
            first_name=c.text("first_name", cell("first_name"), required=MSG_FIRST_NAME),
            last_name=c.text("last_name", cell("last_name"), required=MSG_LAST_NAME),
            email=c.email(cell("email"), required=True),
            department=c.text("department", cell("department")),
            role=c.text("role", cell("role")),
            started_on=c.date("start_date", cell("start_date"), iso_date, "YYYY-MM-DD"),
            left_on=c.date("end_date", cell("end_date"), iso_date, "YYYY-MM-DD"),
            company=c.text("company", cell("company")),
            title=c.text("title", cell("title")),
            city=c.text("city", cell("city")),
            linkedin_url=c.url("linkedin_url", cell("linkedin_url")),
        )
        if row.started_on and row.left_on and row.left_on < row.started_on:
            c.fail("end_date", MSG_DATES_ORDER)
        exit_type = cell("exit_type").strip().lower()
        if exit_type and exit_type not in ExitType.values:
            c.fail("exit_type", MSG_EXIT_TYPE.format(value=exit_type[:40], choices=", ".join(ExitType.values)))
        row.exit_type = exit_type
        rehire = cell("rehire_eligible").strip().lower()
        if rehire in YES:
            row.rehire_eligible = True
        elif rehire in NO:
            row.rehire_eligible = False
        elif rehire:
            c.fail("rehire_eligible", MSG_REHIRE.format(value=rehire[:40]))
        country = country_code(cell("country"))
        if country is None:
            c.fail("country", MSG_COUNTRY.format(value=cell("country").strip()[:60]))
        row.country = country or ""
        return row
