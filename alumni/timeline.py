"""Stage 2 timeline (filled in by its area); register() is called from alumni.registrations."""

from __future__ import annotations


def register() -> None:
    pass
