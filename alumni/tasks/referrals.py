"""Stage 2 Celery tasks: referrals (thin wrappers that call services; filled in by its area)."""

from __future__ import annotations
