"""Stage 3 timeline (filled by its area)."""

from __future__ import annotations


def register() -> None:
    pass
