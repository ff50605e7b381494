"""Uploads: an exported CSV/JSON stored into an upload source, all rows good or nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import transaction

from accounts.models import User
from accounts.services import audit_record

from ..connectors.upload import UploadError, parse_upload
from ..models import Source
from .common import ListeningError, require_hr
from .store import posts_store


class UploadResult(NamedTuple):
    rows: int
    matched: int
    stored: int


@transaction.atomic
def upload_import(
    *, actor: User, source: Source, data: bytes, filename: str, now: dt.datetime | None = None
) -> UploadResult:
    """Store an uploaded export (CSV/JSON) into an upload source. All rows are checked first
    (UploadError lists each bad row); nothing is stored unless every row is good."""
    require_hr(actor)
    try:
        posts = parse_upload(data, filename=filename)
    except UploadError as exc:
        raise ListeningError(str(exc), fields={"file": [str(exc)]}) from exc
    matched, stored, _ = posts_store(source=source, posts=posts, now=now)
    audit_record(
        actor=actor, verb="source.uploaded", target=source, data={"rows": len(posts), "stored": stored}, now=now
    )
    return UploadResult(len(posts), matched, stored)
