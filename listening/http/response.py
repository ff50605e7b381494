"""What a fetch gives back: the response (status, headers, decoded body, final URL) or a FetchError
with a message written for the HR lead; the limits and messages; conditional GET validators."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_CONNECT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
DEFAULT_HOST_INTERVAL_SECONDS = 1.0
CHUNK_BYTES = 64 * 1024

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_STATUSES = frozenset({408, 425, 429})

# User-facing messages (SearchRun shows them to the HR lead).
MSG_BAD_URL = "This is not a valid web address."
MSG_BAD_SCHEME = "Only http:// and https:// addresses can be fetched."
MSG_CREDENTIALS = "Web addresses with a user name or password are not supported."
MSG_BLOCKED = "This address points to a private or internal network, which listening may not fetch."
MSG_DNS = "The host name could not be resolved."
MSG_CONNECT = "Could not connect to the server."
MSG_TIMEOUT = "The server took too long to answer."
MSG_TOO_LARGE = "The response is larger than the {limit} limit."
MSG_TOO_MANY_REDIRECTS = "The address redirects too many times."
MSG_REDIRECT_NO_LOCATION = "The server sent a redirect without a target."
MSG_TLS = "The server's security certificate could not be verified."
MSG_BROKEN = "The server sent a broken response."
MSG_BAD_ENCODING = "The response is compressed in a way we cannot read."
MSG_NOT_JSON = "The response is not valid JSON."
MSG_RATE_LIMITED = "The server asks us to slow down (HTTP 429); we will try again later."
MSG_SERVER_ERROR = "The server had an error (HTTP {status}); we will try again later."
MSG_NOT_FOUND = "Nothing was found at this address (HTTP 404)."
MSG_GONE = "This address no longer exists (HTTP 410)."
MSG_FORBIDDEN = "The server refused access (HTTP {status})."
MSG_CLIENT_ERROR = "The server rejected the request (HTTP {status})."


class FetchError(Exception):
    """A fetch failed. `transient` says whether trying again later may help.

    code is a short machine word (timeout, too_large, blocked_address, bad_scheme, bad_url,
    dns, connection, tls, http_status, too_many_redirects, bad_content, not_a_feed, ...).
    """

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        code: str = "error",
        url: str = "",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.code = code
        self.url = url
        self.status = status
        self.retry_after = retry_after

    def __repr__(self) -> str:
        return f"FetchError({self.message!r}, code={self.code!r}, transient={self.transient}, status={self.status})"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    url: str  # final URL, after redirects

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def text(self) -> str:
        charset = "utf-8"
        for param in self.content_type.split(";")[1:]:
            name, _, value = param.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError) as exc:
            raise FetchError(MSG_NOT_JSON, transient=False, code="bad_content", url=self.url) from exc


def conditional_headers(state: Mapping[str, Any] | None, url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from a connector's state, only for the same URL."""
    if not state or state.get("url") != url:
        return {}
    headers = {}
    if state.get("etag"):
        headers["If-None-Match"] = str(state["etag"])
    if state.get("last_modified"):
        headers["If-Modified-Since"] = str(state["last_modified"])
    return headers


def updated_validators(state: Mapping[str, Any] | None, url: str, response: HttpResponse) -> dict[str, Any]:
    """A copy of state with the response's ETag / Last-Modified remembered for `url`."""
    new = dict(state or {})
    if response.not_modified:
        return new
    new["url"] = url
    new["etag"] = response.headers.get("etag", "")
    new["last_modified"] = response.headers.get("last-modified", "")
    return new
