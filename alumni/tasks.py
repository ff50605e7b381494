"""Stage 2's Celery tasks: thin wrappers that call services. Each area's tasks live in its own
module (alumni.tasks_<area>) imported here, so the worker registers them by name."""

from __future__ import annotations
