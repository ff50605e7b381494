"""Hacker News stories and comments through the Algolia search API (no login).

Config: {"query": "remote hiring"}; optional "tags" ("story", "comment" or "story,comment",
        the default), "base_url" (default https://hn.algolia.com/api/v1), "limit" (1-100, default 50).
State:  {"query", "tags", "since": unix time of the newest item seen}, sent as
        numericFilters=created_at_i>since next time.
"""

from __future__ import annotations

from typing import Any

from listening.connectors.base import ConfigCleaner, FetchResult, Post, make_post, parse_datetime
from listening.http import FetchError, HttpClient

KIND = "hackernews"
LABEL = "Hacker News"
DEFAULT_BASE_URL = "https://hn.algolia.com/api/v1"
ITEM_URL = "https://news.ycombinator.com/item?id={id}"
USER_URL = "https://news.ycombinator.com/user?id={id}"

TAG_CHOICES = {"story": "story", "comment": "comment", "story,comment": "(story,comment)"}
MSG_BAD_TAGS = "Choose story, comment or story,comment."
MSG_UNEXPECTED = "The server's answer is not a Hacker News search result."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    query = cleaner.text("query", required=True, max_chars=300)
    tags = cleaner.text("tags", max_chars=30).replace(" ", "").strip("()") or "story,comment"
    if tags == "comment,story":
        tags = "story,comment"
    base_url = cleaner.url("base_url", default=DEFAULT_BASE_URL, base_only=True)
    limit = cleaner.integer("limit", default=50, low=1, high=100)
    if tags not in TAG_CHOICES:
        cleaner.error("tags", MSG_BAD_TAGS)
    cleaner.raise_if_errors()
    return {"query": query, "tags": tags, "base_url": base_url, "limit": limit}


def hit_to_post(hit: dict[str, Any]) -> Post | None:
    object_id = str(hit.get("objectID") or "")
    if not object_id.isdigit():
        return None
    author = str(hit.get("author") or "")
    title = hit.get("title") or (f"Re: {hit['story_title']}" if hit.get("story_title") else "")
    post = make_post(
        venue=KIND,
        external_id=object_id,
        html=hit.get("comment_text") or hit.get("story_text") or None,  # HN text is HTML
        text=hit.get("title") or hit.get("url"),
        url=ITEM_URL.format(id=object_id),
        title=title,
        author=author,
        author_handle=author,
        author_url=USER_URL.format(id=author) if author.replace("_", "").replace("-", "").isalnum() else "",
        published_at=parse_datetime(hit.get("created_at")) or parse_datetime(hit.get("created_at_i")),
    )
    return post if post.text else None


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    cfg = validate_config(config)
    new_state = dict(state or {})
    same_search = new_state.get("query") == cfg["query"] and new_state.get("tags") == cfg["tags"]
    since = int(new_state.get("since") or 0) if same_search else 0
    params: dict[str, Any] = {"query": cfg["query"], "tags": TAG_CHOICES[cfg["tags"]], "hitsPerPage": cfg["limit"]}
    if since:
        params["numericFilters"] = f"created_at_i>{since}"
    response, data = client.get_json(f"{cfg['base_url']}/search_by_date", params=params)
    if not isinstance(data, dict) or not isinstance(data.get("hits"), list):
        raise FetchError(MSG_UNEXPECTED, transient=False, code="bad_content", url=response.url)
    posts: list[Post] = []
    skipped = 0
    newest = since
    for hit in data["hits"]:
        post = hit_to_post(hit) if isinstance(hit, dict) else None
        if post is None:
            skipped += 1
            continue
        created = hit.get("created_at_i")
        if isinstance(created, int) and created > newest:
            newest = created
        posts.append(post)
    new_state.update(query=cfg["query"], tags=cfg["tags"], since=newest)
    return FetchResult(posts=posts, state=new_state, skipped=skipped)
