"""Shared posts: what contributors shared, where and when, its engagement (typed in or uploaded as
CSV) and the people who responded to it.

Rules:
- Contributors log their own posts (the author is the actor) in the pilots they work in; HR leads
  log posts for any pilot. A contributor corrects and deletes only the posts they logged; HR leads
  any (recruiting.access.can_edit_post).
- A post is not shared in the future, nor before 2000; its counts are whole numbers from 0 to
  MAX_COUNT; its link is an http(s) address; the opening it advertises is one of its pilot's.
- A person responds to a post once (the second attempt names the first); the profile they fit is
  one of the post's pilot; they cannot respond before the post was shared, nor in the future.
  Responses are recorded by whoever works in the post's pilot, and deleted by who recorded them
  or who may correct the post.
- An engagement upload (``post_engagement_upload``) checks every row first and is refused whole,
  with each bad row named by number and column; it keeps to listening's upload rules (size cap,
  row cap, UTF-8 with or without BOM, CRLF) by reading the file through listening's upload helpers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import audit_record
from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError
from core.web import as_pk
from listening.connectors.upload import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    MSG_TOO_MANY_ROWS,
    RowError,
    UploadError,
    _checked_text,
)
from listening.sanitize import clean_url
from metrics.services import UNSET, Unset
from people.models import Person
from people.services import PersonData, person_create
from programs.access import can_work_in
from programs.models import Pilot, Venue

from ..access import can_edit_post, can_work, work_pilots
from ..models import CandidateProfile, JobOpening, PostKind, PostResponse, SharedPost

MAX_COUNT = 10_000_000
EARLIEST = dt.date(2000, 1, 1)
COUNTS = ("likes", "comments", "shares", "clicks")

MSG_PILOT = "Choose one of your pilots: you can log posts only in pilots you work in."
MSG_EDIT_OWN = "You can change only the posts you logged; ask an HR lead for the others."
MSG_SUMMARY = "Say in a few words what the post was about."
MSG_KIND = "Choose what kind of content it was."
MSG_FUTURE = "The date cannot be in the future."
MSG_TOO_OLD = "The date is before 2000; check the year."
MSG_COUNT = f"A count is a whole number from 0 to {MAX_COUNT:,}."
MSG_URL = "Give the post's web address, starting with http:// or https://."
MSG_OPENING = "Choose an opening of the post's pilot ({pilot})."
MSG_RESPOND_PILOT = "You can record responses only to posts of the pilots you work in."
MSG_RESPONSE_TWICE = "{person} already responded to this post (recorded for {date}); change or delete that response."
MSG_PROFILE = "Choose a profile of the post's pilot ({pilot})."
MSG_RESPONDED_BEFORE = "The response ({responded}) cannot be before the post was shared ({shared})."
MSG_WHO = "Choose the person who responded, or give the first name of a new person."
MSG_DELETE_RESPONSE = "You can delete only the responses you recorded or those to your own posts."

# Engagement uploads
MSG_UPLOAD_JSON = "Upload the engagement as a CSV file (columns post_id or url, likes, comments, shares, clicks)."
MSG_UPLOAD_NO_KEY = "The header has no post_id or url column: name the column that says which post each row is."
MSG_UPLOAD_NO_COUNTS = "The header has none of the columns likes, comments, shares, clicks."
MSG_UPLOAD_NO_ROWS = "The file has a header but no rows."
MSG_UPLOAD_BAD_ROWS = "{count} row(s) have problems; nothing was changed. Fix them and upload the file again."
MSG_ROW_NO_POST = "Give the post's id or its url."
MSG_ROW_ID = "“{value}” is not the id of a post you can update."
MSG_ROW_URL = "No post you can update has the address “{value}”."
MSG_ROW_URL_TWICE = "{n} of your posts have the address “{value}”: use post_id instead."
MSG_ROW_NUMBER = "“{value}” is not a whole number."
MSG_ROW_RANGE = f"“{{value}}” is out of range: a count is from 0 to {MAX_COUNT:,}."
MSG_ROW_SAME_POST = "The same post is already on row {row}."
MSG_ROW_CELLS = "This row has {got} values but the header has {expected} columns."
MSG_ROW_CSV = "This row cannot be read as CSV: {msg}."
KEY_COLUMNS = {"post_id": ("post_id", "postid", "id"), "url": ("url", "link", "post_url")}


def _error(message: str, field: str) -> DomainError:
    return DomainError(message, fields={field: [message]})


def today(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def _check_date(value: dt.date, field: str, now: dt.datetime | None) -> None:
    if value > today(now):
        raise _error(MSG_FUTURE, field)
    if value < EARLIEST:
        raise _error(MSG_TOO_OLD, field)


def _check_count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
        raise _error(MSG_COUNT, field)
    return value


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if url and not clean_url(url, max_chars=2000):
        raise _error(MSG_URL, "url")
    return url


def _clean_summary(summary: str) -> str:
    summary = " ".join((summary or "").split())
    if not summary:
        raise _error(MSG_SUMMARY, "summary")
    return summary[:300]


def _check_pilot(actor: User, pilot: Pilot) -> None:
    if not can_work_in(actor, pilot):
        raise DomainError(MSG_PILOT, code="pilot", fields={"pilot": [MSG_PILOT]})


def _check_opening(opening: JobOpening | None, pilot: Pilot) -> None:
    if opening is not None and opening.pilot_id != pilot.pk:
        raise _error(MSG_OPENING.format(pilot=pilot.name), "opening")


def _validate(post: SharedPost, now: dt.datetime | None) -> None:
    if post.kind not in PostKind.values:
        raise _error(MSG_KIND, "kind")
    _check_date(post.shared_on, "shared_on", now)
    for name in COUNTS:
        _check_count(getattr(post, name), name)
    _check_opening(post.opening, post.pilot)


def _check_editable(actor: User, post: SharedPost) -> None:
    if not can_edit_post(actor, post):
        raise ForbiddenError(MSG_EDIT_OWN)


def _audit(actor: User, verb: str, post: SharedPost, data: dict[str, Any], now: dt.datetime | None, **kw: Any) -> None:
    audit_record(actor=actor, verb=verb, target=post, data=data, now=now, **kw)


@transaction.atomic
def post_record(
    *,
    actor: User,
    pilot: Pilot,
    venue: Venue,
    kind: str,
    shared_on: dt.date,
    summary: str,
    url: str = "",
    likes: int = 0,
    comments: int = 0,
    shares: int = 0,
    clicks: int = 0,
    opening: JobOpening | None = None,
    now: dt.datetime | None = None,
) -> SharedPost:
    """Log a post the actor shared (they are its author) in one of their pilots."""
    _check_pilot(actor, pilot)
    now = now or timezone.now()
    post = SharedPost(
        pilot=pilot,
        author=actor,
        venue=venue,
        kind=kind,
        shared_on=shared_on,
        summary=_clean_summary(summary),
        url=_clean_url(url),
        likes=likes,
        comments=comments,
        shares=shares,
        clicks=clicks,
        opening=opening,
        created_at=now,
        updated_at=now,
    )
    _validate(post, now)
    post.save()
    data = {"pilot": pilot.pk, "venue": venue.pk, "kind": kind, "shared_on": shared_on.isoformat()}
    _audit(actor, "post.created", post, data, now)
    return post


@transaction.atomic
def post_update(
    *,
    actor: User,
    post: SharedPost,
    pilot: Pilot | Unset = UNSET,
    venue: Venue | Unset = UNSET,
    kind: str | Unset = UNSET,
    shared_on: dt.date | Unset = UNSET,
    summary: str | Unset = UNSET,
    url: str | Unset = UNSET,
    likes: int | Unset = UNSET,
    comments: int | Unset = UNSET,
    shares: int | Unset = UNSET,
    clicks: int | Unset = UNSET,
    opening: JobOpening | Unset | None = UNSET,
    now: dt.datetime | None = None,
) -> dict[str, list[Any]]:
    """Correct a post; only the fields given change. Returns the field diff (also audited)."""
    _check_editable(actor, post)
    given: dict[str, Any] = {
        name: value
        for name, value in {
            "venue": venue,
            "kind": kind,
            "shared_on": shared_on,
            "likes": likes,
            "comments": comments,
            "shares": shares,
            "clicks": clicks,
            "opening": opening,
        }.items()
        if value is not UNSET
    }
    if isinstance(pilot, Pilot):
        if pilot.pk != post.pilot_id:
            _check_pilot(actor, pilot)
        given["pilot"] = pilot
    if isinstance(summary, str):
        given["summary"] = _clean_summary(summary)
    if isinstance(url, str):
        given["url"] = _clean_url(url)
    changes = changed_fields(post, given)
    _validate(post, now)
    if changes:
        post.updated_at = now or timezone.now()
        post.save(update_fields=[*changes, "updated_at"])
        _audit(actor, "post.changed", post, {"changes": changes}, now)
    return changes


@transaction.atomic
def post_delete(*, actor: User, post: SharedPost, now: dt.datetime | None = None) -> None:
    """Delete a post and its responses (audited first, so the event keeps the post's summary)."""
    _check_editable(actor, post)
    data = {"pilot": post.pilot_id, "responses": post.responses.count()}
    _audit(actor, "post.deleted", post, data, now)
    post.delete()


# --- responses -----------------------------------------------------------------------------------


def _new_person(actor: User, first_name: str, last_name: str, email: str, allow_same_name: bool) -> Person:
    data = PersonData(
        first_name=first_name,
        last_name=last_name,
        emails=[email] if email.strip() else [],
        source=Person.Source.OTHER,
        source_detail="Responded to a shared post",
    )
    return person_create(actor=actor, data=data, allow_same_name=allow_same_name)


@transaction.atomic
def response_record(
    *,
    actor: User,
    post: SharedPost,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    allow_same_name: bool = False,
    profile: CandidateProfile | None = None,
    responded_on: dt.date,
    note: str = "",
    now: dt.datetime | None = None,
) -> PostResponse:
    """Record that ``person`` (or a new person made from ``first_name``, ``last_name``, ``email``
    through people.services.person_create) responded to ``post``. Everything is checked before
    the new person is created, so a refusal leaves nobody behind."""
    if not can_work_in(actor, post.pilot):
        raise ForbiddenError(MSG_RESPOND_PILOT)
    if person is None and not first_name.strip():
        raise _error(MSG_WHO, "person")
    if profile is not None and profile.pilot_id != post.pilot_id:
        raise _error(MSG_PROFILE.format(pilot=post.pilot.name), "profile")
    _check_date(responded_on, "responded_on", now)
    if responded_on < post.shared_on:
        msg = MSG_RESPONDED_BEFORE.format(responded=responded_on.isoformat(), shared=post.shared_on.isoformat())
        raise _error(msg, "responded_on")
    if person is not None:
        earlier = PostResponse.objects.filter(post=post, person=person).first()
        if earlier is not None:
            msg = MSG_RESPONSE_TWICE.format(person=person, date=earlier.responded_on.isoformat())
            raise ConflictError(msg, fields={"person": [msg]})
    else:
        person = _new_person(actor, first_name, last_name, email, allow_same_name)
    response = PostResponse.objects.create(
        post=post,
        person=person,
        profile=profile,
        responded_on=responded_on,
        note=" ".join(note.split())[:500],
        created_by=actor,
        created_at=now or timezone.now(),
    )
    data = {"post": post.pk, "profile": profile.pk if profile else None, "responded_on": responded_on.isoformat()}
    _audit(actor, "post.response_recorded", post, data, now, person_id=person.pk)
    return response


def can_delete_response(user: User, response: PostResponse) -> bool:
    """Who recorded it (still working in the pilot), or who may correct the post."""
    if can_edit_post(user, response.post):
        return True
    return bool(response.created_by_id == user.pk and can_work_in(user, response.post.pilot))


def responses_deletable(user: User, post: SharedPost, responses: list[PostResponse]) -> list[tuple[PostResponse, bool]]:
    """``can_delete_response`` for each of a post's responses, with the post's two checks made once
    (not two queries per row)."""
    editable = can_edit_post(user, post)
    works = editable or can_work_in(user, post.pilot)
    return [(r, editable or (r.created_by_id == user.pk and works)) for r in responses]


@transaction.atomic
def response_delete(*, actor: User, response: PostResponse, now: dt.datetime | None = None) -> None:
    if not can_delete_response(actor, response):
        raise ForbiddenError(MSG_DELETE_RESPONSE)
    data = {"post": response.post_id, "response": response.pk}
    _audit(actor, "post.response_deleted", response.post, data, now, person_id=response.person_id)
    response.delete()


# --- engagement upload ---------------------------------------------------------------------------


def row_error_text(error: RowError) -> str:
    """“Row 4, column likes: …”, the words the upload page lists each problem with."""
    if not error.row:
        return f"File: {error.message}"
    return (
        f"Row {error.row}, column {error.column}: {error.message}"
        if error.column
        else f"Row {error.row}: {error.message}"
    )


class EngagementUploadError(DomainError):
    """The upload was refused whole; ``problems`` lists each bad row by number and column."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or []
        full = "\n".join([message, *self.problems[:50]])
        super().__init__(full, code="upload", fields={"file": [message]})
        self.summary = message


class EngagementUploadResult(NamedTuple):
    rows: int
    updated: int  # posts whose counts changed
    unchanged: int


@dataclass
class _Row:
    number: int
    key: str  # "post_id" | "url"
    value: str
    counts: dict[str, int | None]


def _header_columns(header: list[str]) -> tuple[dict[str, int], str]:
    names = [cell.strip().lower().replace(" ", "_").replace("-", "_") for cell in header]
    columns: dict[str, int] = {}
    for field_name, aliases in KEY_COLUMNS.items():
        index = next((names.index(a) for a in aliases if a in names), None)
        if index is not None:
            columns[field_name] = index
    if not columns:
        raise EngagementUploadError(MSG_UPLOAD_NO_KEY)
    key = "post_id" if "post_id" in columns else "url"
    for name in COUNTS:
        if name in names:
            columns[name] = names.index(name)
    if not any(name in columns for name in COUNTS):
        raise EngagementUploadError(MSG_UPLOAD_NO_COUNTS)
    return columns, key


def _parse_count(raw: str, row: int, column: str, errors: list[RowError]) -> int | None:
    """A count cell: empty leaves the count as it is (None); "1,234" and "1 234" are read as 1234."""
    text = raw.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        shown = raw.strip()[:40]
        errors.append(RowError(row, column, MSG_ROW_NUMBER.format(value=shown)))
        return None
    # A count longer than MAX_COUNT's digits is out of range (and int() refuses 4,300+ digits).
    value = int(text) if len(text) <= len(str(MAX_COUNT)) else MAX_COUNT + 1
    if value > MAX_COUNT:
        errors.append(RowError(row, column, MSG_ROW_RANGE.format(value=raw.strip()[:40])))
        return None
    return value


def _parse_row(number: int, cells: list[str], columns: dict[str, int], key: str, errors: list[RowError]) -> _Row:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    value = cell(key).strip()
    if not value:
        errors.append(RowError(number, key, MSG_ROW_NO_POST))
    counts = {name: _parse_count(cell(name), number, name, errors) for name in COUNTS if name in columns}
    return _Row(number, key, value, counts)


def _read_rows(text: str, errors: list[RowError], max_rows: int) -> list[_Row]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[_Row] = []
    header: list[str] | None = None
    columns: dict[str, int] = {}
    key = "post_id"
    number = data_rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(number + 1, "", MSG_ROW_CSV.format(msg=exc)))
            break
        number += 1
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = cells
            columns, key = _header_columns(cells)
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise EngagementUploadError(MSG_TOO_MANY_ROWS.format(limit=max_rows))
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(RowError(number, "", MSG_ROW_CELLS.format(got=len(cells), expected=len(header))))
            continue
        rows.append(_parse_row(number, cells, columns, key, errors))
    if header is None:
        raise EngagementUploadError(MSG_UPLOAD_NO_ROWS)
    return rows


def _match_posts(rows: list[_Row], editable: Any, errors: list[RowError]) -> dict[int, SharedPost]:
    """The post of each row, by id or url, among the posts the actor may update (two queries)."""
    ids = {pk for r in rows if r.key == "post_id" and (pk := as_pk(r.value)) is not None}
    urls = {r.value for r in rows if r.key == "url" and r.value}
    by_id = {p.pk: p for p in editable.filter(pk__in=ids)} if ids else {}
    by_url: dict[str, list[SharedPost]] = {}
    if urls:
        for p in editable.filter(url__in=urls):
            by_url.setdefault(p.url, []).append(p)
    matched: dict[int, SharedPost] = {}
    seen: dict[int, int] = {}
    for r in rows:
        if not r.value:
            continue
        post: SharedPost | None = None
        if r.key == "post_id":
            post = by_id.get(as_pk(r.value) or 0)
            if post is None:
                errors.append(RowError(r.number, "post_id", MSG_ROW_ID.format(value=r.value[:40])))
        else:
            found = by_url.get(r.value, [])
            if len(found) > 1:
                errors.append(RowError(r.number, "url", MSG_ROW_URL_TWICE.format(n=len(found), value=r.value[:200])))
            elif not found:
                errors.append(RowError(r.number, "url", MSG_ROW_URL.format(value=r.value[:200])))
            else:
                post = found[0]
        if post is None:
            continue
        if post.pk in seen:
            errors.append(RowError(r.number, r.key, MSG_ROW_SAME_POST.format(row=seen[post.pk])))
            continue
        seen[post.pk] = r.number
        matched[r.number] = post
    return matched


def editable_posts(actor: User) -> Any:
    """The posts an upload may update: HR leads any; a contributor theirs, in their pilots."""
    qs = SharedPost.objects.all()
    if actor.is_hr_lead:
        return qs
    return qs.filter(author=actor, pilot__in=work_pilots(actor))


@transaction.atomic
def post_engagement_upload(
    *, actor: User, data: bytes, filename: str, now: dt.datetime | None = None
) -> EngagementUploadResult:
    """Set the counts of the posts named in an uploaded CSV (post_id or url, likes, comments,
    shares, clicks; an empty cell keeps the count). All rows are checked first; any bad row
    refuses the whole file (EngagementUploadError names each by row and column), nothing written."""
    if not can_work(actor):
        raise ForbiddenError(MSG_PILOT)
    max_bytes = int(getattr(settings, "LISTENING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    max_rows = int(getattr(settings, "LISTENING_UPLOAD_MAX_ROWS", DEFAULT_MAX_ROWS))
    try:
        text, is_json = _checked_text(data, filename=filename, max_bytes=max_bytes)
    except UploadError as exc:
        raise EngagementUploadError(exc.message) from exc
    if is_json:
        raise EngagementUploadError(MSG_UPLOAD_JSON)
    errors: list[RowError] = []
    rows = _read_rows(text, errors, max_rows)
    if not rows and not errors:
        raise EngagementUploadError(MSG_UPLOAD_NO_ROWS)
    matched = _match_posts(rows, editable_posts(actor), errors)
    if errors:
        errors.sort(key=lambda e: (e.row, e.column))
        summary = MSG_UPLOAD_BAD_ROWS.format(count=len({e.row for e in errors}))
        raise EngagementUploadError(summary, [row_error_text(e) for e in errors])
    now = now or timezone.now()
    changed: list[SharedPost] = []
    for r in rows:
        post = matched[r.number]
        values = {name: value for name, value in r.counts.items() if value is not None}
        if changed_fields(post, values):
            post.updated_at = now
            changed.append(post)
    SharedPost.objects.bulk_update(changed, [*COUNTS, "updated_at"], batch_size=500)
    audit_record(
        actor=actor,
        verb="post.engagement_uploaded",
        data={"filename": filename[:200], "rows": len(rows), "updated": [p.pk for p in changed]},
        now=now,
    )
    return EngagementUploadResult(rows=len(rows), updated=len(changed), unchanged=len(rows) - len(changed))
