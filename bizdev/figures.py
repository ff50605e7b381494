"""Stage 3 figures (filled by its area)."""

from __future__ import annotations


def register() -> None:
    pass
