"""Listening source connectors: one module per kind of source, one common shape.

Each connector module exposes:

    KIND: str                      # "rss", "mastodon", ...
    LABEL: str                     # human name for forms
    validate_config(config: dict) -> dict
        Clean a source's config; raise ConnectorConfigError(fields={key: [message]}).
    fetch(config: dict, *, state: dict, client: HttpClient) -> FetchResult
        Fetch new posts. `config` should be the cleaned config. `state` is what the previous
        run returned (etag/last-modified/cursors); it is never mutated - the new one is in the result.
        Raises FetchError (.transient says whether to retry later).

The registry: CONNECTORS[kind] -> module, get_connector(kind).
"""

from __future__ import annotations

from listening.connectors import (
    bluesky,
    bundled,
    hackernews,
    jsonfeed,
    mastodon,
    reddit,
    rss,
    upload,
    youtube,
)
from listening.connectors.base import (
    ConfigCleaner,
    Connector,
    ConnectorConfigError,
    FetchResult,
    Post,
    UnknownConnectorError,
    as_dict,
    make_post,
    parse_datetime,
    to_utc,
)
from listening.http import FetchError

__all__ = [
    "CONNECTORS",
    "ConfigCleaner",
    "Connector",
    "ConnectorConfigError",
    "FetchError",
    "FetchResult",
    "Post",
    "UnknownConnectorError",
    "as_dict",
    "connector_choices",
    "get_connector",
    "make_post",
    "parse_datetime",
    "to_utc",
]

CONNECTORS: dict[str, Connector] = {
    rss.KIND: rss,
    jsonfeed.KIND: jsonfeed,
    mastodon.KIND: mastodon,
    bluesky.KIND: bluesky,
    reddit.KIND: reddit,
    hackernews.KIND: hackernews,
    youtube.KIND: youtube,
    upload.KIND: upload,
    bundled.KIND: bundled,
}


def get_connector(kind: str) -> Connector:
    try:
        return CONNECTORS[kind]
    except KeyError:
        raise UnknownConnectorError(kind) from None


def connector_choices() -> list[tuple[str, str]]:
    """(kind, label) pairs for a form's choices, in display order."""
    return [(kind, module.LABEL) for kind, module in CONNECTORS.items()]
