"""The wire: connections pinned to a checked address, the watchdog that ends a request at its
deadline, and the body read under a size cap (gzip inflated under the same cap: no zip bombs)."""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import socket
import ssl
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .response import CHUNK_BYTES, MSG_BAD_ENCODING, MSG_TOO_LARGE, FetchError

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


def joined_headers(response: http.client.HTTPResponse) -> dict[str, str]:
    """The response's headers by lower-case name; a header sent twice is joined with ", "."""
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return headers


def _decompressor(encoding: str, url: str) -> Any:
    """A zlib decompressor for the Content-Encoding, None for none; anything else is refused."""
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    if encoding not in ("", "identity"):
        raise FetchError(MSG_BAD_ENCODING, transient=False, code="bad_content", url=url)
    return None


def _inflate(decompressor: Any, data: bytes, room: int, url: str) -> tuple[bytes, bool]:
    """Inflate ``data`` into at most ``room`` bytes: (bytes, whether more was left over)."""
    try:
        out = decompressor.decompress(data, room) if data else decompressor.flush()
    except zlib.error as exc:
        raise FetchError(MSG_BAD_ENCODING, transient=False, code="bad_content", url=url) from exc
    return out, bool(data) and bool(decompressor.unconsumed_tail)


def read_body(
    response: http.client.HTTPResponse,
    headers: Mapping[str, str],
    *,
    limit: int,
    url: str,
    before_read: Callable[[], None],
) -> bytes:
    """The body, streamed in chunks and abandoned past ``limit`` bytes (the declared
    Content-Length is checked first; gzip/deflate are inflated under the same cap).
    ``before_read`` runs before each read (it sets the socket's remaining deadline)."""
    too_large = FetchError(MSG_TOO_LARGE.format(limit=_format_bytes(limit)), transient=False, code="too_large", url=url)
    declared = headers.get("content-length", "").strip()
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise too_large
    decompressor = _decompressor(headers.get("content-encoding", ""), url)
    body = bytearray()
    raw_total = 0
    while True:
        before_read()
        chunk = response.read1(CHUNK_BYTES)
        raw_total += len(chunk)
        if raw_total > limit:
            raise too_large
        if decompressor is None:
            body += chunk
        else:
            inflated, left_over = _inflate(decompressor, chunk, limit - len(body) + 1, url)
            body += inflated
            if left_over:
                raise too_large
        if len(body) > limit:
            raise too_large
        if not chunk:
            return bytes(body)
