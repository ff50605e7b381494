"""Stage 2 Celery tasks: introductions (thin wrappers that call services; filled in by its area)."""

from __future__ import annotations
