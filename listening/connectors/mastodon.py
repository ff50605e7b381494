"""Mastodon (and compatible servers): a public hashtag timeline or one account's public posts.

Config: {"instance": "https://mastodon.social", "tag": "hiring"}      (tag without #)
     or {"instance": "https://mastodon.social", "account": "someone@example.social"}
        optional "limit" (1-40, default 40).
State:  {"since_id": "...", "account_id": "...", "account": "..."}
Uses GET /api/v1/timelines/tag/{tag}, or /api/v1/accounts/lookup?acct= then
/api/v1/accounts/{id}/statuses. No login: some servers keep these behind authentication and
answer 401/422, which is reported as a permanent error.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from listening.connectors.base import ConfigCleaner, FetchResult, Post, as_dict, make_post, parse_datetime
from listening.http import FetchError, HttpClient

KIND = "mastodon"
LABEL = "Mastodon hashtag or account"

TAG = re.compile(r"^\w{1,100}$")
ACCOUNT = re.compile(r"^[A-Za-z0-9_.-]{1,64}(@[A-Za-z0-9.-]{1,253})?$")
MSG_TAG_OR_ACCOUNT = "Enter a hashtag or an account."
MSG_ONE_OF = "Enter either a hashtag or an account, not both."
MSG_BAD_TAG = "A hashtag has letters, digits and underscores only, e.g. hiring."
MSG_BAD_ACCOUNT = "Enter an account as name or name@server, e.g. someone@mastodon.social."
MSG_NO_ACCOUNT = "This account was not found on the server."
MSG_UNEXPECTED = "The server's answer is not a list of Mastodon posts."


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    cleaner = ConfigCleaner(config)
    instance = cleaner.url("instance", required=True, base_only=True)
    tag = cleaner.text("tag", max_chars=101).lstrip("#")
    account = cleaner.text("account", max_chars=320).lstrip("@")
    limit = cleaner.integer("limit", default=40, low=1, high=40)
    if tag and not TAG.match(tag):
        cleaner.error("tag", MSG_BAD_TAG)
    if account and not ACCOUNT.match(account):
        cleaner.error("account", MSG_BAD_ACCOUNT)
    if not tag and not account:
        cleaner.error("tag", MSG_TAG_OR_ACCOUNT)
    elif tag and account:
        cleaner.error("account", MSG_ONE_OF)
    cleaner.raise_if_errors()
    return {"instance": instance, "tag": tag, "account": account, "limit": limit}


def _id_key(value: str) -> tuple[int, str]:
    return (len(value), value)  # Mastodon ids are numeric strings: longer is newer


def _account_id(cfg: dict[str, Any], state: dict[str, Any], client: HttpClient) -> str:
    if state.get("account") == cfg["account"] and state.get("account_id"):
        return str(state["account_id"])
    try:
        _response, data = client.get_json(f"{cfg['instance']}/api/v1/accounts/lookup", params={"acct": cfg["account"]})
    except FetchError as exc:
        if exc.status == 404:
            raise FetchError(MSG_NO_ACCOUNT, transient=False, code="not_found", url=exc.url, status=404) from exc
        raise
    if not isinstance(data, dict) or not data.get("id"):
        raise FetchError(MSG_NO_ACCOUNT, transient=False, code="not_found", url=cfg["instance"])
    return str(data["id"])


def status_to_post(status: dict[str, Any], *, instance_host: str) -> Post | None:
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]
    account = as_dict(status.get("account"))
    acct = str(account.get("acct") or account.get("username") or "")
    if acct and "@" not in acct:
        acct = f"{acct}@{instance_host}"
    post = make_post(
        venue=KIND,
        external_id=status.get("uri") or status.get("url") or status.get("id"),
        html=status.get("content") or "",
        url=status.get("url") or status.get("uri"),
        title=status.get("spoiler_text"),  # the content warning, if any
        author=account.get("display_name") or account.get("username"),
        author_handle=f"@{acct}" if acct else "",
        author_url=account.get("url"),
        published_at=parse_datetime(status.get("created_at")),
        language=status.get("language"),
    )
    return post if post.text and post.external_id else None


def fetch(config: dict[str, Any], *, state: dict[str, Any], client: HttpClient) -> FetchResult:
    cfg = validate_config(config)
    new_state = dict(state or {})
    params: dict[str, Any] = {"limit": cfg["limit"]}
    mode = f"tag:{cfg['tag']}" if cfg["tag"] else f"account:{cfg['account']}"
    if new_state.get("mode") == mode and new_state.get("since_id"):
        params["since_id"] = new_state["since_id"]
    if cfg["tag"]:
        url = f"{cfg['instance']}/api/v1/timelines/tag/{quote(cfg['tag'], safe='')}"
    else:
        account_id = _account_id(cfg, new_state, client)
        new_state.update(account=cfg["account"], account_id=account_id)
        url = f"{cfg['instance']}/api/v1/accounts/{quote(account_id, safe='')}/statuses"
        params["exclude_reblogs"] = "true"
    response, data = client.get_json(url, params=params)
    if not isinstance(data, list):
        raise FetchError(MSG_UNEXPECTED, transient=False, code="bad_content", url=response.url)
    instance_host = urlsplit(cfg["instance"]).hostname or ""
    posts: list[Post] = []
    skipped = 0
    newest = str(new_state.get("since_id") or "") if new_state.get("mode") == mode else ""
    for status in data:
        if not isinstance(status, dict):
            skipped += 1
            continue
        status_id = str(status.get("id") or "")
        if status_id and (not newest or _id_key(status_id) > _id_key(newest)):
            newest = status_id
        post = status_to_post(status, instance_host=instance_host)
        if post is None:
            skipped += 1
            continue
        posts.append(post)
    new_state.update(mode=mode, since_id=newest)
    return FetchResult(posts=posts, state=new_state, skipped=skipped)
