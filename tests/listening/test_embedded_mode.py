"""Embedded mode: no broker, Celery runs the fetch tasks inside the web request ("Run now" and the
API's run action). A source failing with an error worth retrying (connection refused, a 5xx, a
timeout) must not escape as Celery's Retry: the page and the API answer as usual, the source's
result says it failed and why (and that the next run tries again), the sources after it are still
read, and the run is completed. The failing servers are local (pytest-httpserver, or a port
nobody listens on)."""

from __future__ import annotations

import socket

import pytest
from django.urls import reverse
from werkzeug import Response

from listening import services
from listening.models import SearchRun, SearchRunSource
from listening.services import MSG_NOT_RETRIED_IN_PROCESS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def embedded(settings, monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True  # loopback: the local failing server
    settings.LISTENING_HOST_INTERVAL_SECONDS = 0
    settings.LISTENING_HTTP_TIMEOUT_SECONDS = 2


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["server error", "connection refused"])
def failing_url(request, httpserver):
    if request.param == "server error":
        httpserver.expect_request("/feed.xml").respond_with_response(Response("down", status=503))
        return httpserver.url_for("/feed.xml")
    return f"http://127.0.0.1:{_closed_port()}/feed.xml"


@pytest.fixture
def search(hr_lead, failing_url):
    """Two sources, read in name order: the failing feed first, then the feed shipped with the app."""
    failing = services.source_save(actor=hr_lead, name="A failing feed", kind="rss", config={"url": failing_url})
    shipped = services.source_save(
        actor=hr_lead, name="B shipped feed", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    return services.search_save(actor=hr_lead, name="Python people", query="python", sources=[failing, shipped])


def _assert_completed_with_the_retry_recorded(run: SearchRun) -> None:
    run.refresh_from_db()
    failing, shipped = run.results.order_by("source__name")
    assert run.status == SearchRun.Status.PARTIAL
    assert run.finished_at is not None
    assert failing.status == SearchRunSource.Status.FAILED
    assert MSG_NOT_RETRIED_IN_PROCESS in failing.error
    assert failing.error.split(MSG_NOT_RETRIED_IN_PROCESS)[0].strip()  # the fetch error itself comes first
    assert shipped.status == SearchRunSource.Status.DONE and shipped.fetched > 0


def test_run_now_records_a_retryable_failure_and_completes_the_run(client_for, hr_lead, search):
    response = client_for(hr_lead).post(reverse("listening:search_run", args=[search.pk]))

    run = SearchRun.objects.get(search=search)
    assert response.status_code == 302
    assert response["Location"] == reverse("listening:run_detail", args=[run.pk])
    _assert_completed_with_the_retry_recorded(run)
    page = client_for(hr_lead).get(response["Location"])
    assert page.status_code == 200 and MSG_NOT_RETRIED_IN_PROCESS in page.content.decode()


def test_the_api_run_action_records_a_retryable_failure_and_completes_the_run(api_client_for, hr_lead, search):
    response = api_client_for(hr_lead).post(f"/api/v1/searches/{search.pk}/run/", {}, format="json")

    assert response.status_code == 202
    run = SearchRun.objects.get(pk=response.json()["id"])
    _assert_completed_with_the_retry_recorded(run)
    body = api_client_for(hr_lead).get(f"/api/v1/runs/{run.pk}/").json()
    assert body["status"] == "partial"
    assert [r["status"] for r in body["results"]] == ["failed", "done"]


def test_run_now_on_a_feed_of_countless_tiny_items_reads_the_first_entries_and_says_so(client_for, hr_lead, httpserver):
    from listening.connectors import rss

    items = "".join(f"<item><guid>urn:item:{i}</guid><title>python {i}</title></item>" for i in range(60_000))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    httpserver.expect_request("/big.xml").respond_with_data(body, content_type="application/rss+xml")
    source = services.source_save(
        actor=hr_lead, name="Big feed", kind="rss", config={"url": httpserver.url_for("/big.xml")}
    )
    search = services.search_save(actor=hr_lead, name="Python", query="python", sources=[source])

    response = client_for(hr_lead).post(reverse("listening:search_run", args=[search.pk]), follow=True)

    result = SearchRunSource.objects.get(run__search=search)
    notice = rss.MSG_ENTRIES_CUT.format(limit=rss.MAX_ENTRIES)
    assert (result.status, result.fetched, result.stored, result.error) == ("done", 500, 500, notice)
    assert notice in response.content.decode()
