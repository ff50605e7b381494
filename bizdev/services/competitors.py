"""Stage 3 services: competitors (filled by its area)."""

from __future__ import annotations

PHRASES: dict[str, str] = {}
