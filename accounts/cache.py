"""A Redis cache that degrades to "miss" instead of raising when Redis is down.

allauth keeps its rate-limit counters in the cache; a Redis outage must not turn the login page
into a 500. Reads return the default and writes are dropped, with a log line.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = Exception  # type: ignore[assignment,misc]


def _safe(method_name: str, fallback: Any) -> Any:
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(super(ResilientRedisCache, self), method_name)(*args, **kwargs)
        except (RedisError, ConnectionError, OSError) as exc:
            logger.warning("cache %s failed, continuing without cache: %s", method_name, exc)
            if callable(fallback):
                return fallback(*args, **kwargs)
            return fallback

    return wrapper


class ResilientRedisCache(RedisCache):
    get = _safe("get", lambda key, default=None, version=None: default)
    set = _safe("set", None)
    add = _safe("add", True)
    delete = _safe("delete", False)
    get_many = _safe("get_many", {})
    set_many = _safe("set_many", [])
    delete_many = _safe("delete_many", None)
    incr = _safe("incr", 1)
    touch = _safe("touch", False)
    has_key = _safe("has_key", False)
    clear = _safe("clear", None)
