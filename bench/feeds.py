"""Listening: the feed parsing budget. The size cap bounds a feed's bytes, not feedparser's work.

Generates feeds just under the 5 MB cap — tens of thousands of tiny RSS items or Atom entries, and
a few items padded with empty tags — and prints the CPU seconds of:

1. feedparser on the whole feed (what a run cost before the budget);
2. listening.connectors.rss.parse_feed, which hands feedparser only the entries within the budget
   (MAX_ENTRIES entries, MAX_TAGS tags) and records a notice;
3. the budget's own scan (bounded_feed) alone.

Figures only, no pass/fail (see bench/README.md).

    .venv/bin/python bench/feeds.py
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")

import django

django.setup()

import feedparser  # noqa: E402

from listening.connectors import rss  # noqa: E402
from listening.http import HttpResponse  # noqa: E402


def _rss(count: int, filler: str = "") -> bytes:
    items = "".join(f"<item><guid>urn:item:{i}</guid><title>python {i}</title>{filler}</item>" for i in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


def _atom(count: int) -> bytes:
    entries = "".join(f"<entry><id>urn:{i}</id><title>python {i}</title></entry>" for i in range(count))
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{entries}</feed>'.encode()


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


def main() -> None:
    print(f"load average: {os.getloadavg()[0]:.2f} (1 min); budget: {rss.MAX_ENTRIES} entries, {rss.MAX_TAGS:,} tags")
    cases = {
        "60,000 tiny RSS items": (_rss(60_000), "application/rss+xml"),
        "60,000 tiny Atom entries": (_atom(60_000), "application/atom+xml"),
        "40 items of 10,000 empty tags": (_rss(40, "<x/>" * 10_000), "application/rss+xml"),
    }
    for label, (body, content_type) in cases.items():
        headers = {"content-type": content_type, "content-location": "https://feeds.example/x"}
        whole, parsed = _cpu(
            lambda body=body, headers=headers: feedparser.parse(io.BytesIO(body), response_headers=headers)
        )
        response = HttpResponse(
            status=200, headers={"content-type": content_type}, body=body, url="https://feeds.example/x"
        )
        bounded, (posts, _, notices) = _cpu(lambda response=response: rss.parse_feed(response, venue="rss"))
        scan, _ = _cpu(lambda body=body: rss.bounded_feed(body))
        print(
            f"{label:<32} {len(body) / 1024 / 1024:.1f} MB  feedparser on all {len(parsed.entries):>6} entries: "
            f"{whole:6.2f} s CPU  |  within the budget ({len(posts)} posts): {bounded:5.2f} s  |  scan alone: {scan:.3f} s"
        )
        for notice in notices:
            print(f"  notice: {notice}")


if __name__ == "__main__":
    main()
