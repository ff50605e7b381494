"""Listening's HTTP client against hostile servers: how long it takes to give up.

The test suite asserts what the client does (a timeout error, that it stopped before the server
finished, that a huge body is abandoned at the cap); how long that takes is measured here, for a
human to read (see bench/README.md). Each case runs against a local server on loopback:

1. a server that holds its answer back past the deadline (0.4 s);
2. a body dripping one byte every 0.05 s (deadline 0.5 s);
3. headers dripping one line every 0.05 s (deadline 0.5 s);
4. a 1 GB body, abandoned at a 5 MB cap: time and bytes the server managed to send.

For each: median, max and min of the seconds from the call to the error over a few runs, and the
overshoot past the deadline.

    .venv/bin/python bench/http_client.py
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402

from listening.http import FetchError, HttpClient, reset_pacing  # noqa: E402

RUNS = 5


def _serve(handle: Callable[[socket.socket], None]) -> tuple[int, threading.Event]:
    """A one-connection-at-a-time server on loopback; ``handle`` writes the response."""
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def loop() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                with contextlib.suppress(OSError):
                    handle(conn)
        server.close()

    threading.Thread(target=loop, daemon=True).start()
    return port, stop


def _hold_back(conn: socket.socket) -> None:
    time.sleep(1.2)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\ntoo late")


def _drip_body(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n")
    for _ in range(200):
        conn.sendall(b"<")
        time.sleep(0.05)


def _drip_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(200):
        conn.sendall(b"X-Drip: 1\r\n")
        time.sleep(0.05)


sent = {"bytes": 0}


def _huge(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n")
    chunk = b"x" * (256 * 1024)
    sent["bytes"] = 0
    while sent["bytes"] < 1024**3:
        conn.sendall(chunk)
        sent["bytes"] += len(chunk)


def _time(client: HttpClient, url: str) -> tuple[float, str]:
    started = time.monotonic()
    try:
        client.get(url)
        code = "no error"
    except FetchError as exc:
        code = exc.code
    return time.monotonic() - started, code


def _case(label: str, handle: Callable[[socket.socket], None], client: HttpClient, deadline: float) -> None:
    port, stop = _serve(handle)
    try:
        runs = [_time(client, f"http://127.0.0.1:{port}/") for _ in range(RUNS)]
    finally:
        stop.set()
    seconds = [s for s, _ in runs]
    codes = sorted({c for _, c in runs})
    median = statistics.median(seconds)
    print(
        f"{label:<34} deadline {deadline:.2f} s  median {median:.3f} s  min {min(seconds):.3f}  "
        f"max {max(seconds):.3f}  overshoot {median - deadline:+.3f} s  error {', '.join(codes)}"
    )


def main() -> None:
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True
    settings.LISTENING_HOST_INTERVAL_SECONDS = 0
    reset_pacing()
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min), {RUNS} runs per case")
    _case("answer held back 1.2 s", _hold_back, HttpClient(timeout=0.4, connect_timeout=0.4), 0.4)
    _case("body dripping 1 byte / 0.05 s", _drip_body, HttpClient(timeout=0.5, connect_timeout=0.5), 0.5)
    _case("headers dripping 1 line / 0.05 s", _drip_headers, HttpClient(timeout=0.5, connect_timeout=0.5), 0.5)
    cap = 5 * 1024 * 1024
    _case("1 GB body, 5 MB cap", _huge, HttpClient(timeout=10, connect_timeout=1, max_bytes=cap), 10)
    print(f"  the 1 GB server had sent {sent['bytes'] / 1024 / 1024:.1f} MB when the client hung up (cap 5 MB)")


if __name__ == "__main__":
    main()
