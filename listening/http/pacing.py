"""Polite pacing: at least LISTENING_HOST_INTERVAL_SECONDS between requests to one host (per process)."""

from __future__ import annotations

import threading
from collections.abc import Callable

# --- per-host pacing ------------------------------------------------------------------------------

_pacing_lock = threading.Lock()
_next_slot: dict[str, float] = {}


def reset_pacing() -> None:
    """Forget pacing history (tests)."""
    with _pacing_lock:
        _next_slot.clear()


def _wait_for_slot(host_key: str, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
    if interval <= 0:
        return
    with _pacing_lock:
        now = clock()
        slot = max(now, _next_slot.get(host_key, now))
        _next_slot[host_key] = slot + interval
    if slot > now:
        sleep(slot - now)
