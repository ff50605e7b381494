"""What Stage 2 plugs into the lower layers, called once from AlumniConfig.ready(): its figures in
the ROI report (metrics.registry), its follow-ups in the venue ranking and its conversation
actions (listening.registry), its personal data in the export and erasure (people.registry), its
entries in a person's timeline (people.timeline) and its tasks (by name). Each area adds a line."""

from __future__ import annotations


def register_all() -> None:
    from . import tasks  # noqa: F401  (the emails and imports, by task name)
