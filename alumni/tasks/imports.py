"""Stage 2 Celery tasks: imports (thin wrappers that call services; filled in by its area)."""

from __future__ import annotations
