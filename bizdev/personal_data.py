"""Stage 3 personal_data (filled by its area)."""

from __future__ import annotations


def register() -> None:
    pass
