"""Stage 3 services: references (filled by its area)."""

from __future__ import annotations

PHRASES: dict[str, str] = {}
