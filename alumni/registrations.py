"""What Stage 2 plugs into the lower layers, called once from AlumniConfig.ready(): its figures in
the ROI report (metrics.registry, alumni.figures), its personal data in the export and erasure
(people.registry, alumni.personal_data), its entries in a person's timeline (people.timeline,
alumni.timeline) and its Celery tasks (by name, alumni.tasks)."""

from __future__ import annotations


def register_all() -> None:
    from . import figures, personal_data, tasks, timeline  # noqa: F401  (tasks: registered by import)

    figures.register()
    personal_data.register()
    timeline.register()
