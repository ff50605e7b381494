"""Stage 2's Celery tasks, one module per area; imported here so the worker registers them by name.
Thin wrappers that call services; enqueued by name after the commit."""

from . import imports, introductions, referrals, surveys  # noqa: F401
