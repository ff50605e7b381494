"""The one HTTP client every listening connector uses.

Why not `requests`: we need to pin the connection to the IP address we checked (no DNS rebinding
between the check and the connect), a hard total deadline (a server dripping one byte a second
must not hold a worker), and a streamed size cap. The standard library's http.client gives us all
three in a few lines.

Guarantees, per request (see docs/listening-sources.md):
- http and https only; no credentials in URLs.
- The host name is resolved once; *every* resolved address must be public, or the request is
  refused before any connection is made. The socket then connects to one of those checked
  addresses (the Host header and TLS SNI/certificate check still use the host name).
  Loopback (127.0.0.0/8, ::1) is allowed only when settings.LISTENING_ALLOW_PRIVATE_ADDRESSES is
  true (tests); other networks only when listed in settings.LISTENING_ALLOWED_NETWORKS.
- Redirects are followed by hand (at most 5), each hop re-checked like the first.
- A connect timeout, and a total deadline for the whole exchange (headers and body).
- The body is streamed and abandoned past max_bytes (declared Content-Length is checked first);
  gzip is decompressed incrementally under the same cap (no zip bombs).
- Polite pacing: at least LISTENING_HOST_INTERVAL_SECONDS between requests to the same host
  (per process).
- Conditional GET from a state dict (ETag / Last-Modified); 304 comes back as not_modified.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from django.conf import settings

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


# --- address policy -----------------------------------------------------------------------------


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for value in getattr(settings, "LISTENING_ALLOWED_NETWORKS", []) or []:
        networks.append(ipaddress.ip_network(str(value), strict=False))
    return networks


def address_is_allowed(ip_text: str, *, allow_loopback: bool | None = None) -> bool:
    """Public unicast addresses are allowed; private, loopback, link-local, multicast, reserved,
    unspecified, shared (CGNAT) and documentation ranges are not. Loopback only when allowed;
    anything in LISTENING_ALLOWED_NETWORKS explicitly."""
    try:
        ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    if any(ip in network for network in _allowed_networks()):
        return True
    if allow_loopback is None:
        allow_loopback = bool(getattr(settings, "LISTENING_ALLOW_PRIVATE_ADDRESSES", False))
    if ip.is_loopback:
        return allow_loopback
    blocked = (
        ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )
    return not blocked


def _default_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0])
        if ip not in seen:
            seen.append(ip)
    return seen


# --- per-host pacing ------------------------------------------------------------------------------

_pacing_lock = threading.Lock()
_next_slot: dict[str, float] = {}


def reset_pacing() -> None:
    """Forget pacing history (tests)."""
    with _pacing_lock:
        _next_slot.clear()


def _wait_for_slot(host_key: str, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
    if interval <= 0:
        return
    with _pacing_lock:
        now = clock()
        slot = max(now, _next_slot.get(host_key, now))
        _next_slot[host_key] = slot + interval
    if slot > now:
        sleep(slot - now)


# --- connections pinned to a checked IP -----------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, ip: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip = ip
        self._ssl_context = context

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        # server_hostname = the name, so SNI and certificate verification use it, not the IP.
        self.sock = self._ssl_context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class _Hop:
    status: int
    headers: dict[str, str]
    body: bytes = b""
    location: str = ""


@dataclass
class _Watchdog:
    """Shuts the socket down at the deadline, so even a response that drips header bytes ends."""

    deadline: float
    fired: bool = False
    _timer: threading.Timer | None = field(default=None, repr=False)

    def start(self, sock: socket.socket, remaining: float) -> None:
        def fire() -> None:
            self.fired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self._timer = threading.Timer(max(remaining, 0.0), fire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _format_bytes(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n} bytes"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), 24 * 3600.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


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
            return self._exchange(conn, sock, opened, target, headers, url, deadline)
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
        response_headers: dict[str, str] = {}
        for name, value in response.getheaders():
            key = name.lower()
            response_headers[key] = f"{response_headers[key]}, {value}" if key in response_headers else value
        status = response.status
        if status in REDIRECT_STATUSES:
            return _Hop(status=status, headers=response_headers, location=response_headers.get("location", ""))
        if status == 304 or not (200 <= status < 300):
            return _Hop(status=status, headers=response_headers)

        limit = self.max_bytes
        too_large = FetchError(
            MSG_TOO_LARGE.format(limit=_format_bytes(limit)), transient=False, code="too_large", url=url
        )
        declared = response_headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise too_large
        encoding = response_headers.get("content-encoding", "").strip().lower()
        decompressor = None
        if encoding in ("gzip", "x-gzip"):
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            decompressor = zlib.decompressobj()
        elif encoding not in ("", "identity"):
            raise FetchError(MSG_BAD_ENCODING, transient=False, code="bad_content", url=url)

        body = bytearray()
        raw_total = 0
        while True:
            set_timeout()
            chunk = response.read1(CHUNK_BYTES)
            if not chunk:
                break
            raw_total += len(chunk)
            if raw_total > limit:
                raise too_large
            if decompressor is None:
                body += chunk
            else:
                try:
                    body += decompressor.decompress(chunk, limit - len(body) + 1)
                except zlib.error as exc:
                    raise FetchError(MSG_BAD_ENCODING, transient=False, code="bad_content", url=url) from exc
                if decompressor.unconsumed_tail:
                    raise too_large
            if len(body) > limit:
                raise too_large
        if decompressor is not None:
            try:
                body += decompressor.flush()
            except zlib.error as exc:
                raise FetchError(MSG_BAD_ENCODING, transient=False, code="bad_content", url=url) from exc
            if len(body) > limit:
                raise too_large
        # The body is decoded; the headers describing the wire form no longer apply.
        response_headers.pop("content-encoding", None)
        response_headers.pop("content-length", None)
        return _Hop(status=status, headers=response_headers, body=bytes(body))
