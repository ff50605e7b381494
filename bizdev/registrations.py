"""What Stage 3 plugs into the lower layers, called once from BizdevConfig.ready(): its figures in
the ROI report (metrics.registry, bizdev.figures), its personal data in the export and erasure
(people.registry, bizdev.personal_data) and its entries in a person's timeline (people.timeline,
bizdev.timeline) and its Celery tasks (by name, bizdev.tasks)."""

from __future__ import annotations


def register_all() -> None:
    from . import figures, personal_data, tasks, timeline  # noqa: F401  (tasks: registered by import)

    figures.register()
    personal_data.register()
    timeline.register()
