"""API for Stage 2: surveys (filled in by its area). ROUTES: (prefix under /api/v1/alumni/, viewset, basename)."""

from __future__ import annotations

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
