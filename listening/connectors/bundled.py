"""A feed shipped with the app (listening/demo_feeds/), so a search can run on a machine with no
internet: the demo data's source uses it. Only files in that folder can be named; nothing is fetched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from listening.connectors.base import ConnectorConfigError, FetchResult
from listening.connectors.rss import parse_feed
from listening.http import HttpClient, HttpResponse

KIND = "bundled"
LABEL = "Feed shipped with the app (demo)"
FEEDS_DIR = Path(__file__).resolve().parent.parent / "demo_feeds"


def available_feeds() -> list[str]:
    return sorted(p.stem for p in FEEDS_DIR.glob("*.xml"))


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    name = str(config.get("feed") or "").strip()
    feeds = available_feeds()
    if name not in feeds:
        raise ConnectorConfigError({"feed": [f"Choose one of the shipped feeds: {', '.join(feeds)}."]})
    return {"feed": name}


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    name = validate_config(config)["feed"]
    body = (FEEDS_DIR / f"{name}.xml").read_bytes()
    response = HttpResponse(
        status=200,
        headers={"content-type": "application/rss+xml"},
        body=body,
        url=f"https://demo.invalid/feeds/{name}.xml",
    )
    posts, skipped, notices = parse_feed(response, venue=KIND)
    return FetchResult(posts=posts, state=dict(state), skipped=skipped, messages=notices)
