"""RSS / Atom feeds (any version feedparser reads).

Config: {"url": "https://example.org/feed.xml"}
State:  {"url", "etag", "last_modified"} for conditional GET.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from calendar import timegm
from datetime import UTC, datetime
from typing import Any

import feedparser

from listening.connectors.base import ConfigCleaner, FetchResult, Post, make_post
from listening.http import FetchError, HttpClient, HttpResponse, updated_validators

KIND = "rss"
LABEL = "RSS / Atom feed"
MAX_ENTRIES = 500
# The parsing budget. The size cap bounds the bytes, not feedparser's work, which grows with the
# markup: a feed under the cap made of tens of thousands of tiny items costs it tens of seconds of
# CPU (bench/feeds.py). So only whole entries within both limits reach it: at most MAX_ENTRIES, and
# at most MAX_TAGS tags ("<" characters, 40 to 70 µs of feedparser's time each: under 2 s) up to
# the last one. Ordinary feeds stay far below it (500 short items: about 5,000 tags).
MAX_TAGS = 25_000
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

MSG_NOT_A_FEED = "This address does not return an RSS or Atom feed."
MSG_ENTRIES_CUT = "This feed has more than {limit} entries; only the first {limit} were read."
MSG_TAGS_CUT = (
    "This feed has more markup than is read at once ({limit:,} tags); only its first {read} entries were read."
)
MSG_TOO_COMPLEX = "This feed has more markup than is read at once ({limit:,} tags) before its first entry ends."

# An entry's end and start (RSS <item>, Atom <entry>, with or without a namespace prefix), and any tag.
_ENTRY_END_RE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_ENTRY_START_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s/>]")
_TAG_RE = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)[^>]*?(/?)>")
_NOT_MARKUP_RE = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.DOTALL)


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    url = cleaner.url("url", required=True)
    cleaner.raise_if_errors()
    return {"url": url}


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    url = validate_config(config)["url"]
    return fetch_feed(url, state=state, client=client, venue=KIND)


def fetch_feed(url: str, *, state: dict[str, Any], client: HttpClient, venue: str) -> FetchResult:
    """Conditional GET of a feed URL and parse it; shared with the YouTube connector."""
    response = client.get(url, state=state, accept=ACCEPT)
    new_state = updated_validators(state, url, response)
    if response.not_modified:
        return FetchResult(posts=[], state=new_state, not_modified=True)
    posts, skipped, notices = parse_feed(response, venue=venue)
    return FetchResult(posts=posts, state=new_state, skipped=skipped, messages=notices)


def _entry_datetime(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime.fromtimestamp(timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _entry_body(entry: Any) -> tuple[str | None, str | None]:
    """(html, text) of the richest body the entry has."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        candidates.append(entry["summary_detail"])
    elif entry.get("summary"):
        candidates.append({"value": entry["summary"], "type": "text/html"})
    for candidate in candidates:
        value = candidate.get("value") or ""
        if not value.strip():
            continue
        if candidate.get("type") == "text/plain":
            return None, value
        return value, None
    return None, None


def _closing_tags(body: bytes) -> bytes:
    """End tags for the elements still open where the entries start (</channel></rss>, </feed>,
    </rdf:RDF>…), found in the feed's head; CDATA and comments there are not markup."""
    first = _ENTRY_START_RE.search(body)
    head = _NOT_MARKUP_RE.sub(b"", body[: first.start()] if first else b"")
    stack: list[bytes] = []
    for closing, name, empty in _TAG_RE.findall(head):
        if empty:
            continue
        if not closing:
            stack.append(name)
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    return b"".join(b"</" + name + b">" for name in reversed(stack))


def bounded_feed(body: bytes, *, url: str = "") -> tuple[bytes, str]:
    """The feed as feedparser may see it: cut after the last whole entry within MAX_ENTRIES and
    MAX_TAGS (and closed again), with a notice saying so; unchanged, without a notice, when it
    fits. A feed whose first entry already goes over the budget is refused."""
    tags, counted, cut, read = 0, 0, 0, 0
    notice = ""
    for number, end in enumerate(_ENTRY_END_RE.finditer(body), start=1):
        tags += body.count(b"<", counted, end.end())
        counted = end.end()
        if number > MAX_ENTRIES:
            notice = MSG_ENTRIES_CUT.format(limit=MAX_ENTRIES)
            break
        if tags > MAX_TAGS:
            notice = MSG_TAGS_CUT.format(limit=MAX_TAGS, read=read)
            break
        cut, read = end.end(), number
    else:
        if tags + body.count(b"<", counted) <= MAX_TAGS:
            return body, ""
        notice = MSG_TAGS_CUT.format(limit=MAX_TAGS, read=read)
    if not read:
        raise FetchError(MSG_TOO_COMPLEX.format(limit=MAX_TAGS), transient=False, code="too_complex", url=url)
    return body[:cut] + _closing_tags(body), notice


def parse_feed(response: HttpResponse, *, venue: str) -> tuple[list[Post], int, list[str]]:
    """feedparser on bytes we fetched ourselves (it must never fetch anything itself), within the
    parsing budget (bounded_feed). Returns the posts, the entries skipped and the notices."""
    body, notice = bounded_feed(response.body, url=response.url)
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers={
                "content-type": response.content_type or "application/xml",
                "content-location": response.url,
            },
        )
    except Exception as exc:  # feedparser is meant not to raise; be sure a bad feed is a clean error.
        raise FetchError(MSG_NOT_A_FEED, transient=False, code="not_a_feed", url=response.url) from exc
    entries = list(parsed.get("entries") or [])
    if not entries and (parsed.get("bozo") or not parsed.get("version")):
        raise FetchError(MSG_NOT_A_FEED, transient=False, code="not_a_feed", url=response.url)
    feed_language = (parsed.get("feed") or {}).get("language")
    posts: list[Post] = []
    skipped = 0
    seen: set[str] = set()
    for entry in entries[:MAX_ENTRIES]:
        html, text = _entry_body(entry)
        title = entry.get("title") or ""
        if not (html or text or title):
            skipped += 1
            continue
        link = entry.get("link") or ""
        external_id = entry.get("id") or link
        if not external_id:
            digest = hashlib.sha256(f"{title}\n{entry.get('published', '')}\n{html or text}".encode()).hexdigest()
            external_id = f"sha256:{digest}"
        author_detail = entry.get("author_detail") or {}
        post = make_post(
            venue=venue,
            external_id=external_id,
            html=html,
            text=text if html is None else None,
            url=link,
            title=title,
            author=entry.get("author") or author_detail.get("name"),
            author_url=author_detail.get("href"),
            published_at=_entry_datetime(entry),
            language=entry.get("language") or feed_language,
        )
        if not post.text:
            post = dataclasses.replace(post, text=post.title)  # a title-only entry: the title is the text
        if not post.text:
            skipped += 1
            continue
        if post.external_id in seen:
            skipped += 1
            continue
        seen.add(post.external_id)
        posts.append(post)
    skipped += max(len(entries) - MAX_ENTRIES, 0)
    return posts, skipped, [notice] if notice else []
