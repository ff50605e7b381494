"""Bluesky post search through the public AppView (no login): app.bsky.feed.searchPosts.

Config: {"query": "hiring python"}; optional "base_url" (default https://public.api.bsky.app/xrpc),
        "lang" (e.g. "en"), "limit" (1-100, default 50).
State:  {"query", "since"}: the newest post time seen, sent as `since` next time.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from listening.connectors.base import ConfigCleaner, FetchResult, Post, as_dict, make_post, parse_datetime
from listening.http import FetchError, HttpClient

KIND = "bluesky"
LABEL = "Bluesky search"
DEFAULT_BASE_URL = "https://public.api.bsky.app/xrpc"

LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
MSG_BAD_LANG = "Enter a language code such as en or pt-BR."
MSG_UNEXPECTED = "The server's answer is not a Bluesky search result."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    query = cleaner.text("query", required=True, max_chars=300)
    base_url = cleaner.url("base_url", default=DEFAULT_BASE_URL, base_only=True)
    lang = cleaner.text("lang", max_chars=12)
    limit = cleaner.integer("limit", default=50, low=1, high=100)
    if lang and not LANG.match(lang):
        cleaner.error("lang", MSG_BAD_LANG)
    cleaner.raise_if_errors()
    return {"query": query, "base_url": base_url, "lang": lang, "limit": limit}


def post_url(uri: str, handle: str) -> str:
    # at://did:plc:abc/app.bsky.feed.post/3kxyz -> https://bsky.app/profile/<handle>/post/3kxyz
    match = re.match(r"^at://([^/]+)/app\.bsky\.feed\.post/([^/]+)$", uri)
    if not match:
        return ""
    who = handle or match.group(1)
    return f"https://bsky.app/profile/{quote(who, safe=':.')}/post/{quote(match.group(2), safe='')}"


def item_to_post(item: dict[str, Any]) -> Post | None:
    author = as_dict(item.get("author"))
    record = as_dict(item.get("record"))
    uri = str(item.get("uri") or "")
    handle = str(author.get("handle") or "")
    langs = record.get("langs")
    post = make_post(
        venue=KIND,
        external_id=uri,
        text=record.get("text"),  # Bluesky text is plain text, never HTML
        url=post_url(uri, handle),
        author=author.get("displayName") or handle,
        author_handle=f"@{handle}" if handle else "",
        author_url=f"https://bsky.app/profile/{quote(handle, safe='.')}" if handle else "",
        published_at=parse_datetime(record.get("createdAt") or item.get("indexedAt")),
        language=langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else "",
    )
    return post if post.text and post.external_id else None


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    cfg = validate_config(config)
    new_state = dict(state or {})
    params: dict[str, Any] = {"q": cfg["query"], "sort": "latest", "limit": cfg["limit"], "lang": cfg["lang"]}
    if new_state.get("query") == cfg["query"] and new_state.get("since"):
        params["since"] = new_state["since"]
    response, data = client.get_json(f"{cfg['base_url']}/app.bsky.feed.searchPosts", params=params)
    if not isinstance(data, dict) or not isinstance(data.get("posts"), list):
        raise FetchError(MSG_UNEXPECTED, transient=False, code="bad_content", url=response.url)
    posts: list[Post] = []
    skipped = 0
    newest = parse_datetime(new_state.get("since")) if new_state.get("query") == cfg["query"] else None
    for item in data["posts"]:
        post = item_to_post(item) if isinstance(item, dict) else None
        if post is None:
            skipped += 1
            continue
        seen_at = parse_datetime(item.get("indexedAt")) or post.published_at
        if seen_at is not None and (newest is None or seen_at > newest):
            newest = seen_at
        posts.append(post)
    new_state["query"] = cfg["query"]
    new_state["since"] = newest.isoformat().replace("+00:00", "Z") if newest else ""
    return FetchResult(posts=posts, state=new_state, skipped=skipped)
