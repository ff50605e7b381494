"""JSON Feed 1.0 / 1.1 (https://www.jsonfeed.org/version/1.1/).

Config: {"url": "https://example.org/feed.json"}
State:  {"url", "etag", "last_modified"} for conditional GET.
"""

from __future__ import annotations

from typing import Any

from listening.connectors.base import ConfigCleaner, FetchResult, Post, make_post, parse_datetime
from listening.http import FetchError, HttpClient, updated_validators

KIND = "jsonfeed"
LABEL = "JSON Feed"
MAX_ITEMS = 500
ACCEPT = "application/feed+json, application/json;q=0.9, */*;q=0.5"

MSG_NOT_A_JSON_FEED = "This address does not return a JSON Feed."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    url = cleaner.url("url", required=True)
    cleaner.raise_if_errors()
    return {"url": url}


def _author(item: dict[str, Any], feed: dict[str, Any]) -> dict[str, Any]:
    for source in (item, feed):
        authors = source.get("authors")
        if isinstance(authors, list) and authors and isinstance(authors[0], dict):
            return authors[0]
        author = source.get("author")  # JSON Feed 1.0
        if isinstance(author, dict):
            return author
    return {}


def parse_items(data: Any, *, url: str) -> tuple[list[Post], int]:
    if (
        not isinstance(data, dict)
        or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/")
        or not isinstance(data.get("items"), list)
    ):
        raise FetchError(MSG_NOT_A_JSON_FEED, transient=False, code="not_a_feed", url=url)
    feed_language = data.get("language")
    posts: list[Post] = []
    skipped = 0
    seen: set[str] = set()
    for item in data["items"][:MAX_ITEMS]:
        if not isinstance(item, dict) or item.get("id") in (None, ""):
            skipped += 1
            continue
        author = _author(item, data)
        html = item.get("content_html")
        post = make_post(
            venue=KIND,
            external_id=item["id"],
            html=html if isinstance(html, str) and html.strip() else None,
            text=item.get("content_text") or item.get("summary") or item.get("title"),
            url=item.get("url") or item.get("external_url"),
            title=item.get("title"),
            author=author.get("name"),
            author_url=author.get("url"),
            published_at=parse_datetime(item.get("date_published") or item.get("date_modified")),
            language=item.get("language") or feed_language,
        )
        if not post.text or post.external_id in seen:
            skipped += 1
            continue
        seen.add(post.external_id)
        posts.append(post)
    skipped += max(len(data["items"]) - MAX_ITEMS, 0)
    return posts, skipped


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    url = validate_config(config)["url"]
    response = client.get(url, state=state, accept=ACCEPT)
    new_state = updated_validators(state, url, response)
    if response.not_modified:
        return FetchResult(posts=[], state=new_state, not_modified=True)
    try:
        data = response.json()
    except FetchError as exc:
        raise FetchError(MSG_NOT_A_JSON_FEED, transient=False, code="not_a_feed", url=response.url) from exc
    posts, skipped = parse_items(data, url=response.url)
    return FetchResult(posts=posts, state=new_state, skipped=skipped)
