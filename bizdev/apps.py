from django.apps import AppConfig


class BizdevConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bizdev"

    def ready(self) -> None:
        # Imported here, once the apps are loaded (Django's rule for ready()), not to break a cycle.
        from accounts.audit import register_phrases

        from . import registrations
        from .services import AUDIT_PHRASES

        register_phrases(AUDIT_PHRASES)
        registrations.register_all()
