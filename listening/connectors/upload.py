"""Posts uploaded as a CSV or JSON export (LinkedIn, X/Twitter, a spreadsheet...).

An upload source is never fetched: the HR lead uploads a file, parse_upload() turns it into
Posts, all or nothing. fetch() is a no-op so scheduled runs can treat every source alike.

Columns (CSV header or JSON keys; case, spaces, "_" and "-" are ignored when matching):
    text          required  text, content, body, message, post, full_text, sharecommentary, commentary
    id            optional  id, id_str, post_id, tweet_id, external_id
    url           optional  url, link, permalink, sharelink, post_url
    author        optional  author, author_name, name, display_name
    author_handle optional  author_handle, handle, screen_name, username, user
    author_url    optional  author_url, profile_url
    published_at  optional  published_at, published, date, created_at, timestamp, time, posted_at
    title         optional  title, subject, headline
    language      optional  language, lang
Other columns are ignored. The first matching column (in the order above) wins.
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from django.conf import settings

from listening.connectors.base import FetchResult, Post, make_post, parse_datetime, to_utc
from listening.http import HttpClient
from listening.sanitize import EXTERNAL_ID_MAX_CHARS, clean_url

KIND = "upload"
MSG_RUN_READS_NOTHING = "Filled by uploads: a run has nothing to read here."
LABEL = "Uploaded export (CSV or JSON)"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 5_000

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "message", "post", "fulltext", "sharecommentary", "commentary"),
    "id": ("id", "idstr", "postid", "tweetid", "externalid"),
    "url": ("url", "link", "permalink", "sharelink", "posturl"),
    "author": ("author", "authorname", "name", "displayname"),
    "author_handle": ("authorhandle", "handle", "screenname", "username", "user"),
    "author_url": ("authorurl", "profileurl"),
    "published_at": ("publishedat", "published", "date", "createdat", "timestamp", "time", "postedat"),
    "title": ("title", "subject", "headline"),
    "language": ("language", "lang"),
}
JSON_LIST_KEYS = ("posts", "items", "data", "tweets", "entries", "results")
ALLOWED_EXTENSIONS = {".csv", ".tsv", ".txt", ".json", ".js"}

MSG_EMPTY = "The file is empty."
MSG_TOO_LARGE = "The file is larger than {limit}. Split it into smaller files."
MSG_TOO_MANY_ROWS = "The file has more than {limit:,} posts. Split it into smaller files."
MSG_SPREADSHEET = "This looks like an Excel workbook or a zip archive. Save it as CSV (or export JSON) and upload that."
MSG_BINARY = "This is not a CSV or JSON file."
MSG_EXTENSION = "Upload a .csv or .json file."
MSG_BAD_JSON = "This is not valid JSON (line {line}, column {col}): {msg}."
MSG_JSON_SHAPE = 'The JSON must be a list of posts, or an object with a "posts" or "items" list.'
MSG_NO_TEXT_COLUMN = "There is no text column. Name the column with the post text one of: {names}."
MSG_NO_ROWS = "The file has no posts."
MSG_BAD_ROWS = "{count} row(s) have problems; nothing was imported. Fix them and upload the file again."
MSG_REQUIRED = "The text is empty."
MSG_NOT_OBJECT = "Each post must be a JSON object."
MSG_NOT_SCALAR = "Expected a single value, not a list or object."
MSG_BAD_DATE = "Not a date we understand; use ISO 8601, e.g. 2024-05-01T14:30:00Z."
MSG_BAD_URL = "Not a web address starting with http:// or https://."
MSG_ID_TOO_LONG = f"The id is longer than {EXTERNAL_ID_MAX_CHARS} characters."
MSG_DUPLICATE_ID = "The same id is already on row {row}."
MSG_EXTRA_CELLS = "This row has {got} values but the header has {expected} columns."
MSG_CSV = "This row cannot be read as CSV: {msg}."


@dataclass(frozen=True)
class RowError:
    row: int  # CSV: the spreadsheet row (the header is row 1); JSON: the position in the list, from 1
    column: str  # our field name ("text", "published_at"...), or "" for the whole row/file
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        return f"{where}, {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class UploadError(ValueError):
    """The upload was refused as a whole. errors: every problem found, by row and column."""

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    def __str__(self) -> str:
        if not self.errors:
            return self.message
        return self.message + "\n" + "\n".join(str(e) for e in self.errors[:50])


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    return {}


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    """Upload sources have nothing to fetch; posts arrive through parse_upload()."""
    return FetchResult(posts=[], state=dict(state or {}), not_modified=True, messages=[MSG_RUN_READS_NOTHING])


# --- decoding -------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UploadError(MSG_BINARY) from exc
    if b"\x00" in data[:8192]:
        raise UploadError(MSG_BINARY)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _key(name: object) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).casefold())


# --- values ---------------------------------------------------------------------------------------

_DATE_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # X/Twitter: Wed Oct 10 20:19:24 +0000 2018
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
)


def parse_upload_date(value: str) -> datetime | None:
    """ISO 8601, unix seconds/milliseconds, RFC 2822, X's format and a few unambiguous others.
    Times without a zone are taken as UTC. None when not understood (dd/mm vs mm/dd is refused)."""
    text = value.strip()
    if re.fullmatch(r"\d{9,10}(\.\d+)?", text):
        return parse_datetime(float(text))
    if re.fullmatch(r"\d{13}", text):
        return parse_datetime(int(text) / 1000)
    parsed = parse_datetime(text)
    if parsed is not None:
        return parsed
    for fmt in _DATE_FORMATS:
        try:
            result = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return to_utc(result)
    try:
        rfc = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return to_utc(rfc)


def _stable_id(values: dict[str, str]) -> str:
    basis = "\n".join(values.get(k, "") for k in ("url", "text", "published_at", "author", "author_handle"))
    return "upload:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()


# --- rows -----------------------------------------------------------------------------------------


def _row_to_post(values: dict[str, str], row: int, errors: list[RowError]) -> Post | None:
    """Validate one row's mapped values; append its errors; return the Post when valid."""
    start = len(errors)
    text = values.get("text", "").strip()
    if not text:
        errors.append(RowError(row, "text", MSG_REQUIRED))
    for column in ("url", "author_url"):
        raw = values.get(column, "").strip()
        if raw and not clean_url(raw):
            errors.append(RowError(row, column, MSG_BAD_URL))
    published_at = None
    raw_date = values.get("published_at", "").strip()
    if raw_date:
        published_at = parse_upload_date(raw_date)
        if published_at is None:
            errors.append(RowError(row, "published_at", MSG_BAD_DATE))
    raw_id = values.get("id", "").strip()
    if len(raw_id) > EXTERNAL_ID_MAX_CHARS:
        errors.append(RowError(row, "id", MSG_ID_TOO_LONG))
    if len(errors) > start:
        return None
    return make_post(
        venue=KIND,
        external_id=raw_id or _stable_id(values),
        text=text,
        url=values.get("url"),
        title=values.get("title"),
        author=values.get("author"),
        author_handle=values.get("author_handle"),
        author_url=values.get("author_url"),
        published_at=published_at,
        language=values.get("language"),
    )


def _csv_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    errors: list[RowError] = []
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    row_number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_number += 1
            errors.append(RowError(row_number, "", MSG_CSV.format(msg=exc)))
            break
        row_number += 1
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = cells
            keys = [_key(name) for name in header]
            for field_name, aliases in FIELDS.items():
                for alias in aliases:
                    if alias in keys:
                        columns[field_name] = keys.index(alias)
                        break
            if "text" not in columns:
                names = ", ".join(FIELDS["text"])
                raise UploadError(
                    MSG_NO_TEXT_COLUMN.format(names=names),
                    [RowError(row_number, "text", MSG_NO_TEXT_COLUMN.format(names=names))],
                )
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(RowError(row_number, "", MSG_EXTRA_CELLS.format(got=len(cells), expected=len(header))))
            continue
        rows.append((row_number, {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}))
    return rows, errors


def _json_list(text: str) -> list[Any]:
    """The list of posts in a JSON export: the document itself, or the first list under one of
    JSON_LIST_KEYS; an X/Twitter archive's ``window.YTD.tweets.part0 = [...]`` is unwrapped."""
    stripped = text.strip()
    if stripped.startswith("window.") and "=" in stripped[:200]:
        stripped = stripped.split("=", 1)[1].strip().rstrip(";")
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise UploadError(MSG_BAD_JSON.format(line=exc.lineno, col=exc.colno, msg=exc.msg)) from exc
    except RecursionError as exc:
        raise UploadError(MSG_JSON_SHAPE) from exc
    if isinstance(data, dict):
        data = next((data[k] for k in JSON_LIST_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise UploadError(MSG_JSON_SHAPE)
    return data


def _flat_item(item: dict[str, Any]) -> dict[str, Any]:
    """An item's keys normalised; a nested author ({"name", "handle"/"username", "url"}) flattened."""
    flat: dict[str, Any] = {_key(k): v for k, v in item.items()}
    author = flat.get("author")
    if isinstance(author, dict):
        nested = {_key(k): v for k, v in author.items()}
        flat["author"] = nested.get("name") or nested.get("displayname")
        flat.setdefault("authorhandle", nested.get("handle") or nested.get("username") or nested.get("screenname"))
        flat.setdefault("authorurl", nested.get("url"))
    return flat


def _item_values(flat: dict[str, Any], number: int, errors: list[RowError]) -> dict[str, str]:
    """Our fields from an item's keys (the first alias present wins); lists and objects are errors."""
    values: dict[str, str] = {}
    for field_name, aliases in FIELDS.items():
        alias = next((a for a in aliases if flat.get(a) is not None), None)
        if alias is None:
            continue
        value = flat[alias]
        if isinstance(value, dict | list):
            errors.append(RowError(number, field_name, MSG_NOT_SCALAR))
            value = ""
        values[field_name] = str(value)
    return values


def _json_rows(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    for number, item in enumerate(_json_list(text), start=1):
        if isinstance(item, dict) and len(item) == 1 and isinstance(next(iter(item.values())), dict):
            item = next(iter(item.values()))  # {"tweet": {...}}
        if not isinstance(item, dict):
            errors.append(RowError(number, "", MSG_NOT_OBJECT))
            continue
        rows.append((number, _item_values(_flat_item(item), number, errors)))
    return rows, errors


def _checked_text(data: bytes, *, filename: str, max_bytes: int) -> tuple[str, bool]:
    """The file decoded, and whether it is JSON; refused when too large, empty, a workbook or
    archive, or of another kind."""
    if len(data) > max_bytes:
        raise UploadError(MSG_TOO_LARGE.format(limit=f"{max_bytes / (1024 * 1024):g} MB"))
    if not data.strip():
        raise UploadError(MSG_EMPTY)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(MSG_SPREADSHEET)
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension and extension not in ALLOWED_EXTENSIONS:
        raise UploadError(MSG_EXTENSION)
    text = _decode(data)
    head = text.lstrip()[:20]
    is_json = extension in (".json", ".js") or (not extension and head[:1] in "[{") or head.startswith("window.")
    return text, is_json


def _posts(rows: list[tuple[int, dict[str, str]]], errors: list[RowError]) -> list[Post]:
    """Every row checked; the good ones as posts. A repeated id is an error; a row that repeats
    an earlier one's content (without an id) is dropped. Appends to ``errors``."""
    posts: list[Post] = []
    ids_seen: dict[str, int] = {}
    hashes_seen: set[str] = set()
    bad_rows = {e.row for e in errors}
    for row_number, values in rows:
        if row_number in bad_rows:  # still report its other problems, once per column
            reported = {e.column for e in errors if e.row == row_number}
            more: list[RowError] = []
            _row_to_post(values, row_number, more)
            errors.extend(e for e in more if e.column not in reported)
            continue
        post = _row_to_post(values, row_number, errors)
        if post is None:
            continue
        if values.get("id", "").strip():
            if post.external_id in ids_seen:
                errors.append(RowError(row_number, "id", MSG_DUPLICATE_ID.format(row=ids_seen[post.external_id])))
                continue
            ids_seen[post.external_id] = row_number
        elif post.external_id in hashes_seen:
            continue
        else:
            hashes_seen.add(post.external_id)
        posts.append(post)
    return posts


def parse_upload(
    data: bytes,
    *,
    filename: str = "",
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> list[Post]:
    """Parse a CSV or JSON export into Posts. Every row is validated first; any problem raises
    UploadError listing each bad row by number and column, and nothing is returned.
    Rows that are exact duplicates of an earlier row (same content, no id) are dropped."""
    if max_bytes is None:
        max_bytes = int(getattr(settings, "LISTENING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    if max_rows is None:
        max_rows = int(getattr(settings, "LISTENING_UPLOAD_MAX_ROWS", DEFAULT_MAX_ROWS))
    text, is_json = _checked_text(data, filename=filename, max_bytes=max_bytes)
    rows, errors = _json_rows(text) if is_json else _csv_rows(text)
    if len(rows) + len(errors) > max_rows:
        raise UploadError(MSG_TOO_MANY_ROWS.format(limit=max_rows))
    if not rows and not errors:
        raise UploadError(MSG_NO_ROWS)
    posts = _posts(rows, errors)
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        raise UploadError(MSG_BAD_ROWS.format(count=len({e.row for e in errors})), errors)
    return posts
