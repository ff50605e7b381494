from django.apps import AppConfig

# Every audit verb recruiting writes, as the audit log reads it ("<phrase> by <actor>").
AUDIT_PHRASES: dict[str, str] = {}


class RecruitingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recruiting"

    def ready(self) -> None:
        # Imported here, once the apps are loaded (Django's rule for ready()), not to break a cycle.
        from accounts.audit import register_phrases

        register_phrases(AUDIT_PHRASES)
