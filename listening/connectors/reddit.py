"""Reddit: a subreddit's newest posts, a search inside a subreddit, or a site-wide search,
through the public .json listings (no login).

Config: {"subreddit": "cscareerquestions"}                     -> /r/{sub}/new.json
     or {"query": "alumni network"}                            -> /search.json?q=&sort=new
     or both                                                   -> /r/{sub}/search.json?q=&restrict_sr=1
        optional "base_url" (default https://www.reddit.com), "limit" (1-100, default 50).
State:  none needed (Conversation is unique per source and external id, so re-seen posts are
        not stored twice); the state passed in is returned unchanged.
Reddit rate-limits and sometimes blocks anonymous clients (HTTP 429/403): 429 is transient,
403 permanent.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from listening.connectors.base import ConfigCleaner, FetchResult, Post, as_dict, make_post, parse_datetime
from listening.http import FetchError, HttpClient

KIND = "reddit"
LABEL = "Reddit"
DEFAULT_BASE_URL = "https://www.reddit.com"
WEB_URL = "https://www.reddit.com"

SUBREDDIT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")
MSG_SUB_OR_QUERY = "Enter a subreddit, a search query, or both."
MSG_BAD_SUB = "A subreddit name has 2-21 letters, digits or underscores, e.g. cscareerquestions."
MSG_UNEXPECTED = "The server's answer is not a Reddit listing."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    subreddit = cleaner.text("subreddit", max_chars=30).strip("/")
    subreddit = re.sub(r"^r/", "", subreddit, flags=re.IGNORECASE)
    query = cleaner.text("query", max_chars=512)
    base_url = cleaner.url("base_url", default=DEFAULT_BASE_URL, base_only=True)
    limit = cleaner.integer("limit", default=50, low=1, high=100)
    if subreddit and not SUBREDDIT.match(subreddit):
        cleaner.error("subreddit", MSG_BAD_SUB)
    if not subreddit and not query and "subreddit" not in cleaner.errors:
        cleaner.error("subreddit", MSG_SUB_OR_QUERY)
    cleaner.raise_if_errors()
    return {"subreddit": subreddit, "query": query, "base_url": base_url, "limit": limit}


def _web(path: object) -> str:
    text = str(path or "")
    return f"{WEB_URL}{text}" if text.startswith("/") else text


def child_to_post(child: dict[str, Any]) -> Post | None:
    kind = child.get("kind")
    data = as_dict(child.get("data"))
    author = str(data.get("author") or "")
    known_author = author and author != "[deleted]"
    if kind == "t3":
        text = data.get("selftext") or data.get("title")
        if data.get("selftext") and not data.get("is_self", True):
            text = f"{data.get('selftext')}\n\n{data.get('url', '')}"
        title = data.get("title")
    elif kind == "t1":
        text = data.get("body")
        title = data.get("link_title")
    else:
        return None
    if text in ("[removed]", "[deleted]"):
        return None
    post = make_post(
        venue=KIND,
        external_id=data.get("name") or (f"{kind}_{data['id']}" if data.get("id") else ""),
        text=text,  # Reddit gives Markdown; we keep it as plain text (raw_json=1: no HTML entities)
        url=_web(data.get("permalink")),
        title=title,
        author=author if known_author else "",
        author_handle=f"u/{author}" if known_author else "",
        author_url=f"{WEB_URL}/user/{quote(author, safe='')}" if known_author else "",
        published_at=parse_datetime(data.get("created_utc")),
    )
    return post if post.text and post.external_id else None


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    cfg = validate_config(config)
    base, sub, query = cfg["base_url"], cfg["subreddit"], cfg["query"]
    params: dict[str, Any] = {"limit": cfg["limit"], "raw_json": 1}
    if sub and query:
        url = f"{base}/r/{sub}/search.json"
        params.update(q=query, restrict_sr=1, sort="new")
    elif sub:
        url = f"{base}/r/{sub}/new.json"
    else:
        url = f"{base}/search.json"
        params.update(q=query, sort="new")
    response, data = client.get_json(url, params=params)
    listing = data.get("data") if isinstance(data, dict) else None
    children = listing.get("children") if isinstance(listing, dict) else None
    if not isinstance(children, list):
        raise FetchError(MSG_UNEXPECTED, transient=False, code="bad_content", url=response.url)
    posts: list[Post] = []
    skipped = 0
    for child in children:
        post = child_to_post(child) if isinstance(child, dict) else None
        if post is None:
            skipped += 1
            continue
        posts.append(post)
    return FetchResult(posts=posts, state=dict(state or {}), skipped=skipped)
