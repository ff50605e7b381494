"""The HTTP client itself: one GET with every rule of the package docstring."""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings

from .pacing import _wait_for_slot
from .policy import _default_resolver, address_is_allowed
from .response import (
    DEFAULT_CONNECT_TIMEOUT_SECONDS,
    DEFAULT_HOST_INTERVAL_SECONDS,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT_SECONDS,
    MSG_BAD_SCHEME,
    MSG_BAD_URL,
    MSG_BLOCKED,
    MSG_BROKEN,
    MSG_CLIENT_ERROR,
    MSG_CONNECT,
    MSG_CREDENTIALS,
    MSG_DNS,
    MSG_FORBIDDEN,
    MSG_GONE,
    MSG_NOT_FOUND,
    MSG_RATE_LIMITED,
    MSG_REDIRECT_NO_LOCATION,
    MSG_SERVER_ERROR,
    MSG_TIMEOUT,
    MSG_TLS,
    MSG_TOO_MANY_REDIRECTS,
    REDIRECT_STATUSES,
    TRANSIENT_STATUSES,
    FetchError,
    HttpResponse,
    conditional_headers,
)
from .wire import (
    _Hop,
    _PinnedHTTPConnection,
    _PinnedHTTPSConnection,
    _retry_after,
    _Watchdog,
    joined_headers,
    read_body,
)


def default_user_agent() -> str:
    site = getattr(settings, "SITE_URL", "") or ""
    return f"AlumniProgram/1.0 (+{site})" if site else "AlumniProgram/1.0"


class HttpClient:
    """GET-only HTTP client with the safety rules above. Thread-safe; cheap to create.

    Arguments left as None are read from Django settings at request time:
    LISTENING_HTTP_TIMEOUT_SECONDS, LISTENING_HTTP_CONNECT_TIMEOUT_SECONDS, LISTENING_HTTP_MAX_BYTES,
    LISTENING_HOST_INTERVAL_SECONDS, LISTENING_ALLOW_PRIVATE_ADDRESSES.
    """

    def __init__(
        self,
        *,
        timeout: float | None = None,
        connect_timeout: float | None = None,
        max_bytes: int | None = None,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        host_interval: float | None = None,
        user_agent: str | None = None,
        allow_loopback: bool | None = None,
        resolver: Callable[[str, int], list[str]] | None = None,
        ssl_context: ssl.SSLContext | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._host_interval = host_interval
        self._user_agent = user_agent
        self._allow_loopback = allow_loopback
        self._resolver = resolver or _default_resolver
        self._ssl_context = ssl_context
        self._clock = clock
        self._sleep = sleep

    # settings, read late so override_settings works on a client created earlier
    @property
    def timeout(self) -> float:
        if self._timeout is not None:
            return self._timeout
        return float(getattr(settings, "LISTENING_HTTP_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))

    @property
    def connect_timeout(self) -> float:
        if self._connect_timeout is not None:
            return self._connect_timeout
        return float(getattr(settings, "LISTENING_HTTP_CONNECT_TIMEOUT_SECONDS", DEFAULT_CONNECT_TIMEOUT_SECONDS))

    @property
    def max_bytes(self) -> int:
        if self._max_bytes is not None:
            return self._max_bytes
        return int(getattr(settings, "LISTENING_HTTP_MAX_BYTES", DEFAULT_MAX_BYTES))

    @property
    def host_interval(self) -> float:
        if self._host_interval is not None:
            return self._host_interval
        return float(getattr(settings, "LISTENING_HOST_INTERVAL_SECONDS", DEFAULT_HOST_INTERVAL_SECONDS))

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | Iterable[tuple[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        state: Mapping[str, Any] | None = None,
        accept: str = "*/*",
    ) -> HttpResponse:
        """GET url (+ params). Returns 2xx and 304 responses; raises FetchError for everything else.

        `state`: a connector state dict; its etag/last_modified (for this same URL) become
        If-None-Match / If-Modified-Since. Use updated_validators() to remember the new ones.
        """
        if params:
            items = params.items() if isinstance(params, Mapping) else params
            query = urlencode([(k, v) for k, v in items if v is not None and v != ""])
            if query:
                url = url + ("&" if "?" in url else "?") + query
        request_headers = {
            "User-Agent": self._user_agent or default_user_agent(),
            "Accept": accept,
            "Accept-Encoding": "gzip",
            "Connection": "close",
        }
        request_headers.update(conditional_headers(state, url))
        request_headers.update(headers or {})

        deadline = self._clock() + self.timeout
        current = url
        for hop_number in range(self.max_redirects + 1):
            hop = self._one_hop(current, request_headers, deadline)
            if hop.status in REDIRECT_STATUSES:
                if not hop.location:
                    raise FetchError(MSG_REDIRECT_NO_LOCATION, transient=False, code="bad_redirect", url=current)
                if hop_number == self.max_redirects:
                    break
                current = urljoin(current, hop.location)
                continue
            if hop.status == 304 or 200 <= hop.status < 300:
                return HttpResponse(status=hop.status, headers=hop.headers, body=hop.body, url=current)
            raise self._status_error(hop, current)
        raise FetchError(MSG_TOO_MANY_REDIRECTS, transient=False, code="too_many_redirects", url=url)

    def get_json(self, url: str, **kwargs: Any) -> tuple[HttpResponse, Any]:
        """GET and decode JSON. A 304 gives (response, None)."""
        kwargs.setdefault("accept", "application/json")
        response = self.get(url, **kwargs)
        if response.not_modified:
            return response, None
        return response, response.json()

    # --- internals ------------------------------------------------------------------------------

    @staticmethod
    def _status_error(hop: _Hop, url: str) -> FetchError:
        status = hop.status
        retry = _retry_after(hop.headers.get("retry-after"))
        if status == 429:
            return FetchError(
                MSG_RATE_LIMITED, transient=True, code="http_status", url=url, status=status, retry_after=retry
            )
        if status >= 500 or status in TRANSIENT_STATUSES:
            return FetchError(
                MSG_SERVER_ERROR.format(status=status),
                transient=True,
                code="http_status",
                url=url,
                status=status,
                retry_after=retry,
            )
        if status == 404:
            message = MSG_NOT_FOUND
        elif status == 410:
            message = MSG_GONE
        elif status in (401, 403):
            message = MSG_FORBIDDEN.format(status=status)
        else:
            message = MSG_CLIENT_ERROR.format(status=status)
        return FetchError(message, transient=False, code="http_status", url=url, status=status)

    def check_url(self, url: str) -> tuple[str, str, int, str]:
        """Validate scheme and shape; returns (scheme, host, port, request target)."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError as exc:
            raise FetchError(MSG_BAD_URL, transient=False, code="bad_url", url=url) from exc
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(MSG_BAD_SCHEME, transient=False, code="bad_scheme", url=url)
        if parts.username is not None or parts.password is not None:
            raise FetchError(MSG_CREDENTIALS, transient=False, code="bad_url", url=url)
        host = parts.hostname or ""
        if not host:
            raise FetchError(MSG_BAD_URL, transient=False, code="bad_url", url=url)
        try:
            host = host.encode("idna").decode("ascii") if not host.isascii() else host
        except UnicodeError as exc:
            raise FetchError(MSG_BAD_URL, transient=False, code="bad_url", url=url) from exc
        if port is None:
            port = 443 if scheme == "https" else 80
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        if any(ch in target for ch in "\r\n ") or any(ch in host for ch in "\r\n /"):
            raise FetchError(MSG_BAD_URL, transient=False, code="bad_url", url=url)
        return scheme, host, port, target

    def resolve_checked(self, host: str, port: int, url: str = "") -> list[str]:
        """Resolve host; refuse unless every address is allowed. Returns the checked addresses."""
        try:
            literal = ipaddress.ip_address(host)
            addresses = [str(literal)]
        except ValueError:
            try:
                addresses = self._resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(MSG_DNS, transient=True, code="dns", url=url) from exc
        if not addresses:
            raise FetchError(MSG_DNS, transient=True, code="dns", url=url)
        for ip in addresses:
            if not address_is_allowed(ip, allow_loopback=self._allow_loopback):
                raise FetchError(MSG_BLOCKED, transient=False, code="blocked_address", url=url)
        return addresses

    def _connect(
        self, scheme: str, host: str, port: int, addresses: list[str], url: str, deadline: float
    ) -> http.client.HTTPConnection:
        last_error: Exception | None = None
        for ip in addresses:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url)
            connect_timeout = min(self.connect_timeout, remaining)
            conn: http.client.HTTPConnection
            if scheme == "https":
                context = self._ssl_context or ssl.create_default_context()
                conn = _PinnedHTTPSConnection(host, port, ip=ip, timeout=connect_timeout, context=context)
            else:
                conn = _PinnedHTTPConnection(host, port, ip=ip, timeout=connect_timeout)
            try:
                conn.connect()
                return conn
            except ssl.SSLCertVerificationError as exc:
                conn.close()
                raise FetchError(MSG_TLS, transient=False, code="tls", url=url) from exc
            except TimeoutError as exc:
                conn.close()
                last_error = exc
            except OSError as exc:
                conn.close()
                last_error = exc
        if isinstance(last_error, TimeoutError):
            raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url) from last_error
        raise FetchError(MSG_CONNECT, transient=True, code="connection", url=url) from last_error

    def _one_hop(self, url: str, headers: Mapping[str, str], deadline: float) -> _Hop:
        scheme, host, port, target = self.check_url(url)
        addresses = self.resolve_checked(host, port, url)
        _wait_for_slot(f"{host}:{port}", self.host_interval, self._clock, self._sleep)
        if self._clock() >= deadline:
            raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url)
        conn = self._connect(scheme, host, port, addresses, url, deadline)
        # Keep our own handle on the socket: http.client hands it to the response and forgets it.
        sock = conn.sock
        if sock is None:  # pragma: no cover - connect() always sets it
            raise FetchError(MSG_CONNECT, transient=True, code="connection", url=url)
        watchdog = _Watchdog(deadline=deadline)
        watchdog.start(sock, deadline - self._clock())
        opened: list[http.client.HTTPResponse] = []
        try:
            hop = self._exchange(conn, sock, opened, target, headers, url, deadline)
            if watchdog.fired:
                # The deadline shut the socket: the end of the body we saw may be that shutdown,
                # not the server's end (a close-delimited body would otherwise come back cut short).
                raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url)
            return hop
        except FetchError:
            raise
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if watchdog.fired or isinstance(exc, TimeoutError) or self._clock() >= deadline:
                raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url) from exc
            raise FetchError(MSG_BROKEN, transient=True, code="connection", url=url) from exc
        finally:
            watchdog.cancel()
            # Hang up for real (an abandoned 1 GB body must not keep the socket open).
            for response in opened:
                with contextlib.suppress(Exception):
                    response.close()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            conn.close()

    def _exchange(
        self,
        conn: http.client.HTTPConnection,
        sock: socket.socket,
        opened: list[http.client.HTTPResponse],
        target: str,
        headers: Mapping[str, str],
        url: str,
        deadline: float,
    ) -> _Hop:
        def set_timeout() -> None:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise FetchError(MSG_TIMEOUT, transient=True, code="timeout", url=url)
            sock.settimeout(remaining)

        set_timeout()
        conn.request("GET", target, headers=dict(headers))
        response = conn.getresponse()
        opened.append(response)
        response_headers = joined_headers(response)
        status = response.status
        if status in REDIRECT_STATUSES:
            return _Hop(status=status, headers=response_headers, location=response_headers.get("location", ""))
        if status == 304 or not (200 <= status < 300):
            return _Hop(status=status, headers=response_headers)
        body = read_body(response, response_headers, limit=self.max_bytes, url=url, before_read=set_timeout)
        # The body is decoded; the headers describing the wire form no longer apply.
        response_headers.pop("content-encoding", None)
        response_headers.pop("content-length", None)
        return _Hop(status=status, headers=response_headers, body=body)
