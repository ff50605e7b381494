"""Stage 2 personal_data (filled in by its area); register() is called from alumni.registrations."""

from __future__ import annotations


def register() -> None:
    pass
