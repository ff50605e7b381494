"""A search run on a real Celery worker over Redis: two RSS sources served by a local HTTP
server, one of which keeps failing. The good source's conversations are stored once, the failing
one's error is recorded after its retries, and a second run adds nothing."""

from __future__ import annotations

import time

import pytest
from django.db import connections

from listening import services
from listening.http import reset_pacing
from listening.models import Conversation, SearchRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Jobs</title><link>http://example.invalid/</link>
<item><guid isPermaLink="false">a1</guid><title>Senior Python developer open to work</title><description>Django and PostgreSQL</description></item>
<item><guid isPermaLink="false">a2</guid><title>Bake sale on Friday</title><description>Cakes</description></item>
<item><guid isPermaLink="false">a3</guid><title>Python engineer, Berlin</title><description>Looking for a team</description></item>
</channel></rss>"""


def _wait_for_run(run: SearchRun, timeout: float = 30) -> SearchRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status != SearchRun.Status.RUNNING:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run still {run.status} after {timeout}s: {list(run.results.values())}")


@pytest.fixture
def fast_listening(settings):
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True
    settings.LISTENING_HOST_INTERVAL_SECONDS = 0
    settings.LISTENING_RETRY_BASE_SECONDS = 0.1
    reset_pacing()


def test_a_run_over_a_good_and_a_failing_source(worker, httpserver, hr_lead, fast_listening):
    httpserver.expect_request("/good.xml").respond_with_data(FEED, content_type="application/rss+xml")
    httpserver.expect_request("/broken.xml").respond_with_data("down", status=500)
    good = services.source_save(actor=hr_lead, name="Good", kind="rss", config={"url": httpserver.url_for("/good.xml")})
    broken = services.source_save(
        actor=hr_lead, name="Broken", kind="rss", config={"url": httpserver.url_for("/broken.xml")}
    )
    search = services.search_save(actor=hr_lead, name="Python", query="python", sources=[good, broken])

    run = _wait_for_run(services.run_start(search=search, actor=hr_lead))

    assert run.status == SearchRun.Status.PARTIAL
    results = {r.source_id: r for r in run.results.all()}
    assert (results[good.pk].status, results[good.pk].fetched, results[good.pk].stored) == ("done", 3, 2)
    assert results[broken.pk].status == "failed"
    assert "500" in results[broken.pk].error
    assert results[broken.pk].attempts == 4  # the first try and three retries
    assert set(Conversation.objects.values_list("external_id", flat=True)) == {"a1", "a3"}

    second = _wait_for_run(services.run_start(search=search, actor=hr_lead))

    assert second.results.get(source=good).stored == 0
    assert Conversation.objects.count() == 2
    connections.close_all()
