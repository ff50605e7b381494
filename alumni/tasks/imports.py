"""Stage 2 Celery tasks: imports (thin wrappers that call services).

"alumni.import_run" imports a confirmed file in batches from its ``processed_rows``; it is safe
to run twice at once or again after a crash (each batch is claimed once: alumni.services.imports).
"""

from __future__ import annotations

from celery import shared_task

from ..services.imports import RUN_TASK, alumni_import_run


@shared_task(name=RUN_TASK, ignore_result=True)
def run_import(import_id: int) -> str:
    """Import the file of AlumniImport ``import_id`` in the background."""
    return alumni_import_run(import_id=import_id)
