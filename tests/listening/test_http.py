"""The listening HTTP client: address policy, deadlines, size cap, redirects, conditional GET.

Every request goes to pytest-httpserver on loopback (allowed here by setting) or is refused
before any connection is made; no test reaches the internet.
"""

from __future__ import annotations

import gzip
import threading
import time

import pytest
from werkzeug import Request, Response

from listening.http import (
    FetchError,
    HttpClient,
    address_is_allowed,
    conditional_headers,
    reset_pacing,
    updated_validators,
)


@pytest.fixture(autouse=True)
def listening_settings(settings):
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True  # loopback only: the fixture server
    settings.LISTENING_HOST_INTERVAL_SECONDS = 0
    settings.LISTENING_ALLOWED_NETWORKS = []
    settings.SITE_URL = "https://alumni.firm.example"
    reset_pacing()
    return settings


@pytest.fixture
def client():
    return HttpClient(timeout=2.0, connect_timeout=1.0)


# --- basics -------------------------------------------------------------------------------------


def test_get_returns_status_headers_body_and_final_url(httpserver, client):
    httpserver.expect_request("/feed").respond_with_data(
        "hello", content_type="text/plain; charset=utf-8", headers={"X-Thing": "1"}
    )
    response = client.get(httpserver.url_for("/feed"))
    assert response.status == 200
    assert response.body == b"hello"
    assert response.text() == "hello"
    assert response.headers["x-thing"] == "1"
    assert response.content_type.startswith("text/plain")
    assert response.url == httpserver.url_for("/feed")
    assert not response.not_modified


def test_user_agent_names_the_product_and_site(httpserver, client):
    httpserver.expect_request(
        "/ua", headers={"User-Agent": "AlumniProgram/1.0 (+https://alumni.firm.example)"}
    ).respond_with_data("ok")
    assert client.get(httpserver.url_for("/ua")).body == b"ok"


def test_params_are_encoded_into_the_query(httpserver, client):
    httpserver.expect_request("/search", query_string={"q": "alumni & friends", "n": "5"}).respond_with_data("ok")
    assert (
        client.get(httpserver.url_for("/search"), params={"q": "alumni & friends", "n": 5, "skip": None}).body == b"ok"
    )


def test_invalid_json_is_a_permanent_bad_content_error(httpserver, client):
    httpserver.expect_request("/api").respond_with_data("{not json", content_type="application/json")
    with pytest.raises(FetchError) as caught:
        client.get_json(httpserver.url_for("/api"))
    assert caught.value.code == "bad_content"
    assert caught.value.transient is False


# --- status codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(httpserver, client, status):
    httpserver.expect_request("/boom").respond_with_data("oops", status=status)
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/boom"))
    assert caught.value.transient is True
    assert caught.value.status == status
    assert str(status) in caught.value.message


def test_rate_limit_is_transient_and_keeps_retry_after(httpserver, client):
    httpserver.expect_request("/slowdown").respond_with_data("", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/slowdown"))
    assert caught.value.transient is True
    assert caught.value.retry_after == 120


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
def test_client_errors_are_permanent(httpserver, client, status):
    httpserver.expect_request("/nope").respond_with_data("", status=status)
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/nope"))
    assert caught.value.transient is False
    assert caught.value.status == status


# --- address policy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "fd00::1",
        "fe80::1",
        "ff02::1",
        "::",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
    ],
)
def test_non_public_addresses_are_refused_even_with_loopback_allowed(ip):
    assert address_is_allowed(ip) is False


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"])
def test_loopback_follows_the_setting(settings, ip):
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True
    assert address_is_allowed(ip) is True
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = False
    assert address_is_allowed(ip) is False


@pytest.mark.parametrize("ip", ["93.184.215.14", "2606:4700::6810:85e5", "1.1.1.1"])
def test_public_addresses_are_allowed(ip):
    assert address_is_allowed(ip) is True


def test_allowed_networks_setting_opens_one_private_range(settings):
    settings.LISTENING_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert address_is_allowed("10.20.3.4") is True
    assert address_is_allowed("10.21.3.4") is False


def test_loopback_is_refused_when_the_setting_is_off(settings, httpserver, client):
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = False
    httpserver.expect_request("/feed").respond_with_data("secret")
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/feed"))
    assert caught.value.code == "blocked_address"
    assert caught.value.transient is False
    assert httpserver.log == []  # refused before connecting


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://0.0.0.0:8080/",
    ],
)
def test_redirect_to_a_private_address_is_refused(httpserver, client, target):
    httpserver.expect_request("/feed").respond_with_data("", status=302, headers={"Location": target})
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/feed"))
    assert caught.value.code == "blocked_address"
    assert caught.value.url == target


def test_a_host_with_any_private_address_is_refused(httpserver):
    resolved = []

    def resolver(host, port):
        resolved.append(host)
        return ["93.184.215.14", "10.0.0.7"]  # one public, one private: refused

    client = HttpClient(resolver=resolver, timeout=1)
    with pytest.raises(FetchError) as caught:
        client.get("http://feeds.rebind.example/feed.xml")
    assert caught.value.code == "blocked_address"
    assert resolved == ["feeds.rebind.example"]


def test_connection_goes_to_the_checked_address_with_the_hosts_name(httpserver):
    calls = []

    def resolver(host, port):
        calls.append((host, port))
        return ["127.0.0.1"]

    httpserver.expect_request("/feed.xml").respond_with_data("pinned")
    client = HttpClient(resolver=resolver, timeout=2)
    response = client.get(f"http://feeds.pinned.example:{httpserver.port}/feed.xml")
    assert response.body == b"pinned"
    assert calls == [("feeds.pinned.example", httpserver.port)]  # resolved once, then connected to that IP
    request, _ = httpserver.log[0]
    assert request.headers["Host"] == f"feeds.pinned.example:{httpserver.port}"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/feed.xml",
        "gopher://example.com/",
        "javascript:alert(1)",
        "data:text/plain,hello",
        "//example.com/feed",
    ],
)
def test_only_http_and_https_are_fetched(client, url):
    with pytest.raises(FetchError) as caught:
        client.get(url)
    assert caught.value.code == "bad_scheme"
    assert caught.value.transient is False


def test_redirect_to_a_non_http_scheme_is_refused(httpserver, client):
    httpserver.expect_request("/feed").respond_with_data("", status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/feed"))
    assert caught.value.code == "bad_scheme"


@pytest.mark.parametrize("url", ["http://user:pw@example.com/", "http://example.com:99999/", "http:///nohost"])
def test_malformed_urls_are_refused(client, url):
    with pytest.raises(FetchError) as caught:
        client.get(url)
    assert caught.value.code == "bad_url"


# --- redirects ------------------------------------------------------------------------------------


def test_redirects_are_followed_and_the_final_url_reported(httpserver, client):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/middle"})
    httpserver.expect_request("/middle").respond_with_data("", status=307, headers={"Location": "/new?x=1"})
    httpserver.expect_request("/new").respond_with_data("arrived")
    response = client.get(httpserver.url_for("/old"))
    assert response.body == b"arrived"
    assert response.url == httpserver.url_for("/new?x=1")


def test_more_than_five_redirects_is_a_permanent_error(httpserver, client):
    for i in range(7):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/r0"))
    assert caught.value.code == "too_many_redirects"
    assert caught.value.transient is False
    assert len(httpserver.log) == 6  # the first request and five redirects, no more


def test_five_redirects_are_allowed(httpserver, client):
    for i in range(5):
        httpserver.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    httpserver.expect_request("/r5").respond_with_data("done")
    assert client.get(httpserver.url_for("/r0")).body == b"done"


# --- deadlines ------------------------------------------------------------------------------------


def test_a_response_slower_than_the_deadline_fails_as_transient_timeout(httpserver):
    """The client gives up at its deadline while the server is still holding the answer back (how
    long that takes is measured in bench/http_client.py, not asserted here)."""
    released = threading.Event()

    def slow(request: Request) -> Response:
        released.wait(10)
        return Response("too late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    client = HttpClient(timeout=0.4, connect_timeout=0.4)
    try:
        with pytest.raises(FetchError) as caught:
            client.get(httpserver.url_for("/slow"))
        assert not released.is_set()  # it returned before the server answered
    finally:
        released.set()
    assert caught.value.code == "timeout"
    assert caught.value.transient is True


DRIP_BYTES = 200  # one byte every 0.05 s: about 10 s for the whole body, far past the deadline


def dripping(gave_up: threading.Event, sent: dict[str, int]):
    """A handler whose body (no length: it ends when the connection closes) drips one byte every
    0.05 s, counting them in ``sent``, until the whole body is out or ``gave_up`` is set."""

    def handler(request: Request) -> Response:
        def body():
            for _ in range(DRIP_BYTES):
                if gave_up.is_set():
                    return
                sent["bytes"] += 1
                yield b"<"
                time.sleep(0.05)

        return Response(body(), content_type="application/xml")

    return handler


def test_a_body_dripping_slowly_past_the_deadline_fails(httpserver):
    """Each read is quick but the whole body is too slow: the client stops at its deadline, long
    before the server has sent everything."""
    sent = {"bytes": 0}
    gave_up = threading.Event()
    httpserver.expect_request("/drip").respond_with_handler(dripping(gave_up, sent))
    client = HttpClient(timeout=0.5, connect_timeout=0.5)
    try:
        with pytest.raises(FetchError) as caught:
            client.get(httpserver.url_for("/drip"))
        sent_when_it_gave_up = sent["bytes"]
    finally:
        gave_up.set()
    assert caught.value.code == "timeout"
    assert caught.value.transient is True
    assert 0 < sent_when_it_gave_up < DRIP_BYTES


def test_a_body_cut_off_at_the_deadline_is_a_timeout_not_a_shorter_body(httpserver):
    """A body without a length ends when the connection closes. The deadline closes it too: that
    must read as a timeout, never as a complete (truncated) 200. The clock given to the client
    stands still, so only the deadline's watchdog ends the exchange (no socket timeout first)."""
    gave_up = threading.Event()
    httpserver.expect_request("/drip").respond_with_handler(dripping(gave_up, {"bytes": 0}))
    client = HttpClient(timeout=0.5, connect_timeout=0.5, clock=lambda: 0.0)
    try:
        with pytest.raises(FetchError) as caught:
            client.get(httpserver.url_for("/drip"))
    finally:
        gave_up.set()
    assert caught.value.code == "timeout"


# --- size cap -------------------------------------------------------------------------------------


def test_a_huge_body_is_abandoned_at_the_cap_without_reading_it_all(httpserver):
    produced = {"bytes": 0}
    total = 1024 * 1024 * 1024  # 1 GB offered
    chunk = b"x" * (256 * 1024)
    finished = threading.Event()

    def huge(request: Request) -> Response:
        def body():
            try:
                while produced["bytes"] < total:
                    produced["bytes"] += len(chunk)
                    yield chunk
            finally:
                finished.set()

        return Response(body(), content_type="application/xml")

    httpserver.expect_request("/huge").respond_with_handler(huge)
    client = HttpClient(timeout=10, max_bytes=1024 * 1024)
    with pytest.raises(FetchError) as caught:
        client.get(httpserver.url_for("/huge"))
    assert caught.value.code == "too_large"
    assert caught.value.transient is False
    assert "1 MB" in caught.value.message
    finished.wait(5)
    assert produced["bytes"] < 64 * 1024 * 1024  # the server gave up soon after we hung up


def test_a_declared_length_over_the_cap_is_refused_before_reading(httpserver):
    def declared(request: Request) -> Response:
        response = Response(iter([b"x" * 1024]), content_type="application/xml")
        response.headers["Content-Length"] = str(10 * 1024 * 1024 * 1024)
        return response

    httpserver.expect_request("/declared").respond_with_handler(declared)
    with pytest.raises(FetchError) as caught:
        HttpClient(timeout=2, max_bytes=1024 * 1024).get(httpserver.url_for("/declared"))
    assert caught.value.code == "too_large"


def test_gzip_bodies_are_decoded(httpserver, client):
    httpserver.expect_request("/gz").respond_with_data(
        gzip.compress(b"<rss>compressed</rss>"), headers={"Content-Encoding": "gzip"}
    )
    response = client.get(httpserver.url_for("/gz"))
    assert response.body == b"<rss>compressed</rss>"
    assert "content-encoding" not in response.headers


def test_a_gzip_bomb_stops_at_the_cap(httpserver):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024))  # ~50 KB on the wire, 50 MB unpacked
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as caught:
        HttpClient(timeout=5, max_bytes=1024 * 1024).get(httpserver.url_for("/bomb"))
    assert caught.value.code == "too_large"


# --- conditional GET and pacing -----------------------------------------------------------------


def test_conditional_get_sends_validators_and_reports_not_modified(httpserver, client):
    url = httpserver.url_for("/feed")
    httpserver.expect_ordered_request("/feed").respond_with_data(
        "v1", headers={"ETag": '"abc"', "Last-Modified": "Tue, 07 May 2024 09:30:00 GMT"}
    )
    httpserver.expect_ordered_request(
        "/feed", headers={"If-None-Match": '"abc"', "If-Modified-Since": "Tue, 07 May 2024 09:30:00 GMT"}
    ).respond_with_data("", status=304)
    first = client.get(url, state={})
    state = updated_validators({}, url, first)
    assert state == {"url": url, "etag": '"abc"', "last_modified": "Tue, 07 May 2024 09:30:00 GMT"}
    second = client.get(url, state=state)
    assert second.not_modified is True
    assert second.body == b""
    assert updated_validators(state, url, second) == state
    httpserver.check_assertions()


def test_validators_are_not_sent_to_a_different_url():
    state = {"url": "https://a.example/feed", "etag": '"abc"', "last_modified": ""}
    assert conditional_headers(state, "https://a.example/feed") == {"If-None-Match": '"abc"'}
    assert conditional_headers(state, "https://b.example/feed") == {}


def test_requests_to_the_same_host_are_paced(httpserver):
    httpserver.expect_request("/a").respond_with_data("a")
    sleeps: list[float] = []
    client = HttpClient(host_interval=5.0, sleep=sleeps.append, timeout=2)
    client.get(httpserver.url_for("/a"))
    client.get(httpserver.url_for("/a"))
    assert len(sleeps) == 1
    assert 4.0 < sleeps[0] <= 5.0


def test_pacing_interval_comes_from_settings(settings, httpserver):
    settings.LISTENING_HOST_INTERVAL_SECONDS = 3
    httpserver.expect_request("/a").respond_with_data("a")
    sleeps: list[float] = []
    client = HttpClient(sleep=sleeps.append, timeout=2)
    client.get(httpserver.url_for("/a"))
    client.get(httpserver.url_for("/a"))
    assert len(sleeps) == 1 and 2.0 < sleeps[0] <= 3.0


def test_headers_dripping_slowly_past_the_deadline_fail():
    """A server that never finishes its headers (one line every 0.05 s) is cut off at the deadline,
    long before it would have stopped on its own."""
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()
    sent = {"lines": 0}

    def serve():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.is_set() and sent["lines"] < DRIP_BYTES:
                try:
                    conn.sendall(b"X-Drip: 1\r\n")
                except OSError:
                    return
                sent["lines"] += 1
                time.sleep(0.05)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(FetchError) as caught:
            HttpClient(timeout=0.5, connect_timeout=0.5).get(f"http://127.0.0.1:{port}/")
        sent_when_it_gave_up = sent["lines"]
        assert caught.value.code == "timeout"
        assert 0 < sent_when_it_gave_up < DRIP_BYTES
    finally:
        stop.set()
        thread.join(2)
        server.close()


@pytest.mark.parametrize(("value", "expected"), [("120", 120.0), ("²", None), ("99999999", 86400.0), (None, None)])
def test_retry_after_reads_ascii_seconds_only_and_caps_them(value, expected):
    from listening.http import _retry_after

    assert _retry_after(value) == expected
