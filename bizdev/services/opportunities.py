"""Stage 3 services: opportunities (filled by its area)."""

from __future__ import annotations

PHRASES: dict[str, str] = {}
