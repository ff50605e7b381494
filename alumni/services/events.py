"""Stage 2 services: events (filled in by its area). PHRASES: the audit verbs it writes."""

from __future__ import annotations

PHRASES: dict[str, str] = {}
