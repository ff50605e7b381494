"""Reading an uploaded file safely: its size bounded before a byte is read into memory, its bytes
decoded as UTF-8 (with or without a byte-order mark) or refused with a message that says what to
do, and its rows bounded.

The bounds are settings with defaults here (tests lower them):
- ``ALUMNI_IMPORT_MAX_BYTES`` (20 MB): a bigger upload is refused from its declared size, so a
  1 GB upload (which Django has streamed to a temporary file) is never read.
- ``ALUMNI_IMPORT_MAX_ROWS`` (100,000): the parsers stop and refuse past this many data rows.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings

from core.errors import DomainError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000

MSG_EMPTY = "The file is empty: export the file again and upload it."
MSG_TOO_BIG = "The file is {size}; at most {limit} can be imported at once. Split it into smaller files."
MSG_BINARY = (
    "This is not a CSV text file (it holds binary data: a spreadsheet workbook, a zip or an image?). "
    "Save it as “CSV UTF-8” and upload that."
)
MSG_UTF16 = "The file is in UTF-16. Save it as “CSV UTF-8” and upload that."
MSG_ENCODING = (
    "The file is not UTF-8 text (byte {offset} cannot be read): it was probably saved in another encoding. "
    "Save it as “CSV UTF-8” and upload that."
)
MSG_TOO_MANY_ROWS = "The file has more than {limit:,} rows; split it into smaller files."


class ImportFileError(DomainError):
    """The file as a whole cannot be read (size, encoding, header): nothing is stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message, fields={"file": [message]})


class Upload(Protocol):
    """What Django's UploadedFile offers that reading needs."""

    size: int | None

    def read(self, size: int = ..., /) -> Any: ...


def max_bytes() -> int:
    return int(getattr(settings, "ALUMNI_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_rows() -> int:
    return int(getattr(settings, "ALUMNI_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


def check_size(size: int | None) -> None:
    limit = max_bytes()
    if size is not None and size > limit:
        raise ImportFileError(MSG_TOO_BIG.format(size=human_size(size), limit=human_size(limit)))


def read_upload(upload: Upload) -> bytes:
    """The upload's bytes, refused before reading when its declared size is over the bound, and
    never more than the bound + 1 bytes read (a size that lied is caught too)."""
    check_size(upload.size)
    limit = max_bytes()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(MSG_TOO_BIG.format(size=f"over {human_size(limit)}", limit=human_size(limit)))
    return bytes(data)


def decode(data: bytes) -> str:
    """The file's text: UTF-8, a leading byte-order mark dropped. Binary data, UTF-16 and other
    encodings are refused with a message naming the fix."""
    check_size(len(data))
    if not data.strip():
        raise ImportFileError(MSG_EMPTY)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(MSG_UTF16)
    if b"\x00" in data:
        raise ImportFileError(MSG_BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(MSG_ENCODING.format(offset=exc.start + 1)) from exc
