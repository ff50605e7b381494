"""The Celery app. Tasks run eagerly unless CELERY_BROKER_URL is set (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")

app = Celery("alumni_program")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="alumni_program.ping")
def ping() -> str:
    """Round trip used by /healthz and the integration tests to prove a worker answers."""
    return "pong"
