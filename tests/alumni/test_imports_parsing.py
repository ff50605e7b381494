"""Reading import files: LinkedIn's real Connections.csv (preamble, BOM, CRLF, quoted commas, any
script), the HRIS leavers file, every bad row by spreadsheet row number and column, duplicates,
and the files refused as a whole (size, encoding, binary, wrong header)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from alumni.imports import ImportFileError, ImportReader, decode, read_upload
from alumni.imports.formats import linkedin_date

FIXTURES = Path(__file__).parent / "fixtures"
HRIS_HEADER = "first_name,last_name,email,department,role,start_date,end_date,exit_type,rehire_eligible,company,title,city,country,linkedin_url"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(kind: str, data: bytes) -> ImportReader:
    reader = ImportReader(kind, decode(data))
    reader.found = reader.rows()  # type: ignore[attr-defined]
    return reader


def problems(reader: ImportReader) -> list[tuple[int, str]]:
    return [(e.row, e.column) for e in reader.errors]


def test_linkedin_export_is_read_past_its_notes_with_bom_crlf_and_quoted_commas():
    data = fixture("Connections.csv")
    assert data.startswith(b"\xef\xbb\xbfNotes:\r\n")
    reader = read("linkedin", data)
    rows = reader.found  # type: ignore[attr-defined]
    assert reader.errors == [] and reader.total_rows == 5
    eleni, kenta, jose, siobhan, _ada = rows
    # Row numbers as a spreadsheet shows them: Notes (1), the paragraph (2), blank (3), header (4).
    assert [r.row for r in rows] == [5, 6, 7, 8, 9]
    assert (eleni.first_name, eleni.last_name, eleni.company, eleni.title) == (
        "Ελένη",
        "Παπαδοπούλου",
        "Acme, Inc.",
        "Head of Data",
    )
    assert eleni.linkedin_url == "https://linkedin.com/in/eleni-papadopoulou-4a1b2c"
    assert eleni.email == "" and eleni.connected_on == dt.date(2026, 12, 5)
    assert (kenta.first_name, kenta.last_name, kenta.company, kenta.email) == (
        "健太",
        "山田",
        "株式会社ヤマダ",
        "kenta.yamada@mail.example",
    )
    assert jose.title == "Director, Strategy"
    assert siobhan.last_name == "O'Brien" and siobhan.company == ""


def test_linkedin_without_preamble_or_bom_is_read_too():
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAnn,Lee,,,ACME,CTO,5 Dec 2026\n"
    reader = read("linkedin", text.encode())
    assert [(r.row, r.first_name, r.connected_on) for r in reader.found] == [(2, "Ann", dt.date(2026, 12, 5))]  # type: ignore[attr-defined]


def test_hris_file_is_read_with_every_documented_column():
    reader = read("hris", fixture("hris_leavers.csv"))
    assert reader.errors == []
    grace, lukasz, margaret = reader.found  # type: ignore[attr-defined]
    assert (grace.row, grace.department, grace.role, grace.started_on, grace.left_on) == (
        2,
        "Advisory",
        "Senior consultant",
        dt.date(2016, 4, 1),
        dt.date(2023, 6, 30),
    )
    assert (grace.exit_type, grace.rehire_eligible, grace.country, grace.city) == ("voluntary", True, "US", "Arlington")
    assert grace.linkedin_url == "https://linkedin.com/in/grace-hopper"
    assert (lukasz.first_name, lukasz.company, lukasz.country, lukasz.rehire_eligible) == (
        "Łukasz",
        "Nowak, Kowalski & Co",
        "PL",
        False,
    )
    assert (margaret.exit_type, margaret.rehire_eligible, margaret.company) == ("retired", None, "")


def test_bad_rows_are_reported_by_row_and_column():
    reader = read("hris", fixture("hris_bad_rows.csv"))
    assert [r.row for r in reader.found] == [2]  # type: ignore[attr-defined]
    assert problems(reader) == [
        (3, "first_name"),
        (4, "end_date"),
        (5, "email"),
        (5, "linkedin_url"),
        (5, "exit_type"),
        (5, "rehire_eligible"),
        (6, "email"),
    ]
    messages = {(e.row, e.column): e.message for e in reader.errors}
    assert messages[(3, "first_name")] == "A first name is required."
    assert "30/06/2023" in messages[(4, "end_date")] and "YYYY-MM-DD" in messages[(4, "end_date")]
    assert "not-an-email" in messages[(5, "email")]
    assert "fired" in messages[(5, "exit_type")]
    assert messages[(6, "email")] == "The same person as row 2 (the same email)."


def test_linkedin_bad_rows_name_linkedins_columns():
    text = (
        'Notes:\r\n"x"\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n'
        ",Lee,ftp://example.com/x,,,,05 Dec 2026\r\n"
        "Bo,Ek,https://linkedin.com/in/bo,,,,31 Feb 2026\r\n"
        "Bo,Ek,https://www.linkedin.com/in/bo/,,,,05 Dec 2026\r\n"
        "Cy,Do,,,Acme,,\r\n"
        "Cy,Do,,,ACME,,\r\n"
        "Too,Many,,,,,,extra\r\n"
    )
    reader = read("linkedin", text.encode())
    assert problems(reader) == [
        (5, "First Name"),
        (5, "URL"),
        (6, "Connected On"),
        (9, "First Name"),
        (10, ""),
    ]
    assert reader.errors[3].message == "The same person as row 8 (the same name and company)."
    assert "7 cells" not in reader.errors[4].message and "header has 7" in reader.errors[4].message
    # Row 7 repeats row 6's profile (another spelling of the same URL): the duplicate check sees it
    # even though row 6 itself was bad on its date — only valid rows are remembered.
    assert reader.total_rows == 6


def test_linkedin_dates():
    assert linkedin_date("05 Dec 2026") == dt.date(2026, 12, 5)
    assert linkedin_date("5 December 2026") == dt.date(2026, 12, 5)
    with pytest.raises(ValueError):
        linkedin_date("Dec 5 2026")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"\xff\xfeF\x00i\x00", "UTF-16"),
        (b"PK\x03\x04\x00\x00binary", "binary data"),
        ("first_name,last_name,email\nRené,Ö,a@b.example\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_files_that_are_not_utf8_text_are_refused_with_a_clear_message(data, expected):
    with pytest.raises(ImportFileError) as exc:
        decode(data)
    assert expected in exc.value.message


def test_a_file_over_the_size_bound_is_refused_without_reading_it(settings):
    settings.ALUMNI_IMPORT_MAX_BYTES = 1000

    class HugeUpload:
        size = 1024**3

        def read(self, size=-1):
            raise AssertionError("a refused upload is never read")

    with pytest.raises(ImportFileError) as exc:
        read_upload(HugeUpload())
    assert "1024.0 MB" in exc.value.message and "at most" in exc.value.message


def test_a_file_over_the_row_bound_is_refused(settings):
    settings.ALUMNI_IMPORT_MAX_ROWS = 3
    text = HRIS_HEADER + "\n" + "".join(f"A{i},B,a{i}@mail.example,,,,,,,,,,,\n" for i in range(4))
    with pytest.raises(ImportFileError) as exc:
        read("hris", text.encode())
    assert "more than 3 rows" in exc.value.message


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("linkedin", HRIS_HEADER + "\nA,B,a@b.example\n", "HRIS leavers file"),
        ("hris", 'Notes:\n"x"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n', "LinkedIn"),
        ("hris", "first_name,surname,email\nA,B,a@b.example\n", "Unknown column “surname”"),
        ("hris", "first_name,email\nA,a@b.example\n", "lacks the column last_name"),
        ("hris", HRIS_HEADER + "\n", "no rows"),
        ("linkedin", "a,b,c\n" * 30, "does not look like LinkedIn"),
    ],
)
def test_wrong_headers_are_refused_as_a_whole(kind, text, expected):
    with pytest.raises(ImportFileError) as exc:
        read(kind, text.encode())
    assert expected in exc.value.message


def test_html_in_a_name_is_kept_as_plain_text():
    text = HRIS_HEADER + "\n<script>alert(1)</script>,<b>Bold</b>,x@mail.example,,,,,,,,,,,\n"
    (row,) = read("hris", text.encode()).found  # type: ignore[attr-defined]
    assert (row.first_name, row.last_name) == ("<script>alert(1)</script>", "<b>Bold</b>")
