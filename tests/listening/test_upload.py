"""Uploaded CSV/JSON exports: mapping, encodings, all-or-nothing validation by row and column."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from listening.connectors.upload import RowError, UploadError, parse_upload, parse_upload_date

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_good_csv_maps_every_documented_column():
    posts = parse_upload(read("export.csv"), filename="export.csv")
    assert [p.external_id for p in posts[:2]] == ["li-1001", "li-1002"]
    first, multiline, hashed = posts
    assert first.venue == "upload"
    assert first.text == "Proud of our alumni mentoring program, ten pairs so far!"
    assert first.url == "https://www.linkedin.com/feed/update/urn:li:activity:1001"
    assert (first.author, first.author_handle, first.title) == ("Sam Rivera", "samrivera", "Mentoring")
    assert first.published_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert multiline.text == "Multi-line post:\nwe are hiring 2 data engineers"
    assert multiline.published_at == datetime(2024, 5, 2, 8, 30, tzinfo=UTC)  # no zone: UTC
    assert hashed.external_id.startswith("upload:")
    assert hashed.published_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)  # X's date format


def test_hash_ids_are_stable_across_uploads():
    again = parse_upload(read("export.csv"), filename="export.csv")
    assert again[2].external_id == parse_upload(read("export.csv"))[2].external_id


def test_linkedin_shares_export_columns_are_recognised():
    (post,) = parse_upload(read("linkedin_shares.csv"), filename="Shares.csv")
    assert post.text == "Great evening with former colleagues in Lisbon — thanks all!"
    assert post.url == "https://www.linkedin.com/feed/update/urn:li:share:7184000000000000001"
    assert post.published_at == datetime(2024, 4, 12, 7, 45, 10, tzinfo=UTC)


def test_utf8_bom_and_semicolons_are_handled():
    (post,) = parse_upload(read("bom_semicolon.csv"), filename="export.csv")
    assert post.text == "Café meetup for alumni — Paris"
    assert post.author == "Zélie"
    assert post.published_at == datetime(2024, 5, 1, tzinfo=UTC)


def test_windows_1252_files_fall_back_without_error():
    data = "text,author\nCaf\u00e9 \u201cmeetup\u201d,Ren\u00e9\n".encode("cp1252")
    (post,) = parse_upload(data, filename="export.csv")
    assert post.text == "Café “meetup”"
    assert post.author == "René"


def test_utf16_excel_export_is_read():
    data = "text\tauthor\nHello alumni\tIngrid\n".encode("utf-16")
    (post,) = parse_upload(data, filename="export.txt")
    assert (post.text, post.author) == ("Hello alumni", "Ingrid")


def test_good_json_with_nested_author_and_epoch_dates():
    first, second, third = parse_upload(read("export.json"), filename="export.json")
    assert first.external_id == "x-1"
    assert first.text == "Alumni <b>coffee</b> chat this Friday"  # plain text: kept literally, escaped on output
    assert (first.author, first.author_handle) == ("Alumni Team", "@acme_alumni")
    assert first.published_at == datetime(2024, 5, 5, 7, 0, tzinfo=UTC)
    assert second.external_id == "2"
    assert second.text == "Numbers as ids are fine"
    assert second.published_at == datetime.fromtimestamp(1714900000, tz=UTC)
    assert third.external_id.startswith("upload:")


def test_x_archive_tweets_js_is_read():
    (post,) = parse_upload(read("x_tweets.js"), filename="tweets.js")
    assert post.external_id == "1788000000000000001"
    assert post.text.startswith("Former colleagues are our best recruiters")
    assert post.published_at == datetime(2024, 5, 7, 10, 0, tzinfo=UTC)


def test_json_without_a_filename_is_sniffed():
    data = json.dumps([{"text": "hello"}]).encode()
    assert [p.text for p in parse_upload(data)] == ["hello"]


def test_bad_rows_are_each_reported_by_number_and_column_and_nothing_is_returned():
    with pytest.raises(UploadError) as caught:
        parse_upload(read("export_bad.csv"), filename="export.csv")
    assert caught.value.errors == [
        RowError(3, "text", "The text is empty."),
        RowError(4, "url", "Not a web address starting with http:// or https://."),
        RowError(5, "published_at", "Not a date we understand; use ISO 8601, e.g. 2024-05-01T14:30:00Z."),
        RowError(6, "id", "The same id is already on row 2."),
    ]
    assert "4 row(s)" in caught.value.message
    assert "Row 4, url:" in str(caught.value)


def test_one_row_with_several_problems_reports_each_column():
    data = b"text,url,published_at\n,ftp://x.example/,yesterday\n"
    with pytest.raises(UploadError) as caught:
        parse_upload(data, filename="x.csv")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "published_at"), (2, "text"), (2, "url")]


def test_bad_json_items_are_reported_by_position():
    data = json.dumps(
        [{"text": "ok"}, "just a string", {"text": ["a", "list"]}, {"text": "x", "date": "soon"}]
    ).encode()
    with pytest.raises(UploadError) as caught:
        parse_upload(data, filename="posts.json")
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (2, ""),
        (3, "text"),
        (4, "published_at"),
    ]


def test_extra_cells_beyond_the_header_are_an_error():
    with pytest.raises(UploadError) as caught:
        parse_upload(b"text,author\nhello,ann,surprise\n", filename="x.csv")
    assert caught.value.errors[0].row == 2
    assert "3 values" in caught.value.errors[0].message


def test_missing_text_column_says_which_names_work():
    with pytest.raises(UploadError) as caught:
        parse_upload(b"name,email\nAnn,ann@example.com\n", filename="people.csv")
    assert "no text column" in caught.value.message
    assert "content" in caught.value.message


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "Upload a .csv or .json file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "not a CSV or JSON"),
        (b"PK\x03\x04\x14\x00\x06\x00", "posts.xlsx", "Excel"),
        (b"PK\x03\x04\x14\x00\x06\x00", "posts.csv", "Excel"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "posts.pdf", "Upload a .csv or .json file"),
        (b'{"posts": "not a list"}', "posts.json", "must be a list"),
        (b"[{broken", "posts.json", "not valid JSON (line 1"),
        (b"", "posts.csv", "empty"),
        (b"text\n", "posts.csv", "no posts"),
    ],
)
def test_wrong_kinds_of_file_are_refused_with_a_clear_message(data, filename, message):
    with pytest.raises(UploadError) as caught:
        parse_upload(data, filename=filename)
    assert message in caught.value.message


def test_size_cap(settings):
    settings.LISTENING_UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadError, match="larger than"):
        parse_upload(b"text\n" + b"x" * 200, filename="x.csv")


def test_row_cap():
    data = b"text\n" + b"".join(b"post %d\n" % i for i in range(11))
    with pytest.raises(UploadError, match="more than 10 posts"):
        parse_upload(data, filename="x.csv", max_rows=10)
    assert len(parse_upload(data, filename="x.csv", max_rows=11)) == 11


def test_identical_rows_without_ids_are_stored_once():
    posts = parse_upload(b"text,url\nsame,https://a.example/1\nsame,https://a.example/1\nother,\n", filename="x.csv")
    assert [p.text for p in posts] == ["same", "other"]


def test_blank_lines_are_skipped_and_rows_keep_spreadsheet_numbers():
    with pytest.raises(UploadError) as caught:
        parse_upload(b"text,url\n\nfine,\n,\nbad,nope\n", filename="x.csv")
    # row 2 is blank, row 4 is all-empty (skipped), row 5 has a bad url
    assert [(e.row, e.column) for e in caught.value.errors] == [(5, "url")]


def test_control_characters_and_nul_are_removed():
    (post,) = parse_upload(b'text,author\n"hi\x01 there",An\x7fn\n', filename="x.csv")
    assert post.text == "hi there"
    assert post.author == "Ann"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05-01T12:00:00+02:00", datetime(2024, 5, 1, 10, 0, tzinfo=UTC)),
        ("1714560000", datetime(2024, 5, 1, 10, 40, tzinfo=UTC)),
        ("1714560000000", datetime(2024, 5, 1, 10, 40, tzinfo=UTC)),
        ("Wed, 01 May 2024 12:00:00 GMT", datetime(2024, 5, 1, 12, 0, tzinfo=UTC)),
        ("2024/05/01 08:15", datetime(2024, 5, 1, 8, 15, tzinfo=UTC)),
        ("May 1, 2024", datetime(2024, 5, 1, tzinfo=UTC)),
    ],
)
def test_common_date_formats(raw, expected):
    assert parse_upload_date(raw) == expected


@pytest.mark.parametrize("raw", ["05/01/2024", "next tuesday", "2024-13-45"])
def test_ambiguous_or_invalid_dates_are_refused(raw):
    assert parse_upload_date(raw) is None


def test_a_date_outside_what_utc_can_hold_is_a_bad_row_not_a_crash():
    data = b"text,published_at\nhello,2026-01-05\nworld,0001-01-01T00:00:00+14:00\n"
    with pytest.raises(UploadError) as caught:
        parse_upload(data, filename="export.csv")
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "published_at")]
