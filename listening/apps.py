from django.apps import AppConfig


class ListeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listening"

    def ready(self) -> None:
        # Register the Celery tasks, so the services can enqueue them by name (listening.services
        # never imports listening.tasks, which calls the services).
        from . import tasks  # noqa: F401
