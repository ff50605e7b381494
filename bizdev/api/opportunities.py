"""Stage 3 API: opportunities (filled by its area)."""

from __future__ import annotations

from typing import Any

ROUTES: list[tuple[str, Any, str]] = []
