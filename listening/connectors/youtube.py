"""YouTube channel feeds (Atom): https://www.youtube.com/feeds/videos.xml?channel_id=UC...

Config: {"channel_id": "UC..."} or {"feed_url": "https://..."}; optional "base_url"
        (default https://www.youtube.com; tests point it at a local server).
State:  {"url", "etag", "last_modified"} for conditional GET.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from listening.connectors.base import ConfigCleaner, FetchResult
from listening.connectors.rss import fetch_feed
from listening.http import HttpClient

KIND = "youtube"
LABEL = "YouTube channel"
DEFAULT_BASE_URL = "https://www.youtube.com"

CHANNEL_ID = re.compile(r"^UC[A-Za-z0-9_-]{22}$")
MSG_CHANNEL_OR_FEED = "Enter a channel id (it starts with UC) or a feed address."
MSG_ONE_OF = "Enter either a channel id or a feed address, not both."
MSG_BAD_CHANNEL = "A channel id starts with UC and has 24 characters, e.g. UCXuqSBlHAE6Xw-yeJA0Tunw."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    channel_id = cleaner.text("channel_id", max_chars=64)
    feed_url = cleaner.url("feed_url")
    base_url = cleaner.url("base_url", default=DEFAULT_BASE_URL, base_only=True)
    if "/channel/" in channel_id:  # a pasted channel address
        channel_id = channel_id.rsplit("/channel/", 1)[1].split("/")[0].split("?")[0]
    if channel_id and not CHANNEL_ID.match(channel_id):
        cleaner.error("channel_id", MSG_BAD_CHANNEL)
    if not channel_id and not feed_url and "feed_url" not in cleaner.errors:
        cleaner.error("channel_id", MSG_CHANNEL_OR_FEED)
    if channel_id and feed_url:
        cleaner.error("feed_url", MSG_ONE_OF)
    cleaner.raise_if_errors()
    return {"channel_id": channel_id, "feed_url": feed_url, "base_url": base_url}


def feed_url_for(config: dict[str, Any]) -> str:
    if config.get("feed_url"):
        return str(config["feed_url"])
    return f"{config['base_url']}/feeds/videos.xml?{urlencode({'channel_id': config['channel_id']})}"


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    cleaned = validate_config(config)
    return fetch_feed(feed_url_for(cleaned), state=state, client=client, venue=KIND)
