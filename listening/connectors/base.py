"""The shape every connector shares: Post, FetchResult, the config cleaner, date helpers and
the errors. The connector modules import these from here (not from the package), so the package
(which imports every connector for its registry) and the connectors do not import each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from listening.http import HttpClient
from listening.sanitize import (
    HANDLE_MAX_CHARS,
    LANGUAGE_MAX_CHARS,
    NAME_MAX_CHARS,
    TEXT_MAX_CHARS,
    TITLE_MAX_CHARS,
    clean_external_id,
    clean_line,
    clean_plain_text,
    clean_url,
    html_to_text,
)

MSG_REQUIRED = "This field is required."
MSG_BAD_URL = "Enter a full web address starting with http:// or https://."
MSG_URL_EXTRA = "Enter the server's address only, without a query or #fragment."
MSG_BAD_INT = "Enter a whole number between {low} and {high}."
MSG_UNKNOWN_KIND = "Unknown source kind: {kind}."


class ConnectorConfigError(ValueError):
    """A source's config is invalid. fields: {config key: [user-facing messages]}."""

    def __init__(self, fields: dict[str, list[str]], message: str = "Please correct the source settings.") -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields

    def __str__(self) -> str:
        details = "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in self.fields.items())
        return f"{self.message} ({details})" if details else self.message


class UnknownConnectorError(KeyError):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.message = MSG_UNKNOWN_KIND.format(kind=kind)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Post:
    """One harvested post, already sanitized: every string is plain text or an http(s) URL."""

    venue: str  # connector kind: rss|jsonfeed|mastodon|bluesky|reddit|hackernews|youtube|upload
    external_id: str  # stable per source; (source, external_id) is unique
    text: str
    url: str = ""
    title: str = ""
    author: str = ""  # display name
    author_handle: str = ""
    author_url: str = ""
    published_at: datetime | None = None  # aware (UTC) or None
    language: str = ""


@dataclass
class FetchResult:
    posts: list[Post]
    state: dict[str, Any]  # store it; pass it back as `state` next run
    not_modified: bool = False
    skipped: int = 0  # entries dropped as unusable (no text and no title, ...)
    messages: list[str] = field(default_factory=list)  # non-fatal notes for the SearchRun


def make_post(
    *,
    venue: str,
    external_id: object,
    text: object = None,
    html: object = None,
    url: object = None,
    title: object = None,
    author: object = None,
    author_handle: object = None,
    author_url: object = None,
    published_at: datetime | None = None,
    language: object = None,
) -> Post:
    """Build a Post from untrusted values: HTML (html=) or plain text (text=) becomes capped plain text."""
    body = html_to_text(html, TEXT_MAX_CHARS) if html is not None else ""
    if not body and text is not None:
        body = clean_plain_text(text, TEXT_MAX_CHARS)
    published_at = to_utc(published_at)
    return Post(
        venue=venue,
        external_id=clean_external_id(external_id),
        text=body,
        url=clean_url(url),
        title=clean_line(html_to_text(title, TITLE_MAX_CHARS * 2) if title else "", TITLE_MAX_CHARS),
        author=clean_line(author, NAME_MAX_CHARS),
        author_handle=clean_line(author_handle, HANDLE_MAX_CHARS),
        author_url=clean_url(author_url),
        published_at=published_at,
        language=clean_line(language, LANGUAGE_MAX_CHARS),
    )


# --- config helpers shared by the connectors ------------------------------------------------------


class ConfigCleaner:
    """Collects per-field errors while cleaning a config dict; raise_if_errors() at the end."""

    def __init__(self, config: dict[str, Any] | None) -> None:
        self.raw = dict(config or {})
        self.errors: dict[str, list[str]] = {}

    def error(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def text(self, key: str, *, required: bool = False, max_chars: int = 500) -> str:
        value = self.raw.get(key)
        cleaned = clean_line(value, max_chars * 2) if value is not None else ""
        if required and not cleaned:
            self.error(key, MSG_REQUIRED)
        elif len(cleaned) > max_chars:
            self.error(key, f"Keep this under {max_chars} characters.")
        return cleaned

    def url(self, key: str, *, required: bool = False, default: str = "", base_only: bool = False) -> str:
        value = self.raw.get(key)
        raw = str(value).strip() if value not in (None, "") else default
        if not raw:
            if required:
                self.error(key, MSG_REQUIRED)
            return ""
        cleaned = clean_url(raw)
        if not cleaned:
            self.error(key, MSG_BAD_URL)
            return ""
        if base_only:
            parts = urlsplit(cleaned)
            if parts.query or parts.fragment:
                self.error(key, MSG_URL_EXTRA)
                return ""
            cleaned = cleaned.rstrip("/")
        return cleaned

    def integer(self, key: str, *, default: int, low: int, high: int) -> int:
        value = self.raw.get(key)
        if value in (None, ""):
            return default
        try:
            number = int(str(value).strip())
        except ValueError:
            self.error(key, MSG_BAD_INT.format(low=low, high=high))
            return default
        if not low <= number <= high:
            self.error(key, MSG_BAD_INT.format(low=low, high=high))
            return default
        return number

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ConnectorConfigError(fields=self.errors)


def as_dict(value: object) -> dict[str, Any]:
    """value if it is a dict, else {} (JSON from the internet has no guaranteed shape)."""
    return value if isinstance(value, dict) else {}


def to_utc(value: datetime | None) -> datetime | None:
    """An aware UTC datetime (naive ones are taken as UTC); None when it falls outside the years
    Python can hold once converted (0001-01-01T00:00+14:00 does)."""
    if value is None:
        return None
    try:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def parse_datetime(value: object) -> datetime | None:
    """ISO 8601 (with Z), or epoch seconds, to an aware UTC datetime; None if unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return to_utc(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return to_utc(parsed)


class Connector(Protocol):
    KIND: str
    LABEL: str

    def validate_config(self, config: dict[str, Any]) -> dict[str, Any]: ...

    def fetch(self, config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult: ...
