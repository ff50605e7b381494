from django.apps import AppConfig

# Every audit verb listening writes, as the audit log reads it ("<phrase> by <actor>").
AUDIT_PHRASES = {
    "family.created": "Keyword family {target} added",
    "family.changed": "Keyword family {target} changed",
    "family.deleted": "Keyword family {target} deleted",
    "search.created": "Search {target} added",
    "search.changed": "Search {target} changed",
    "search.deleted": "Search {target} deleted",
    "search.run_started": "Search {target} run",
    "source.created": "Source {target} added",
    "source.changed": "Source {target} changed",
    "source.resumed": "Source {target} resumed after repeated failures",
    "source.deleted": "Source {target} deleted",
    "source.uploaded": "Export uploaded into source {target}",
    "conversation.triaged": "Conversations triaged",
    "conversation.assigned": "Conversations assigned",
    "conversation.linked": "Conversation linked to a person: {target}",
    "conversation.unlinked": "Conversation no longer linked to a person: {target}",
    "conversation.api_viewed": "Conversation read through the API: {target}",
    "conversations.api_listed": "Conversations listed through the API",
    "listening.digest_sent": "Digest of relevant conversations emailed to {target}",
}


class ListeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "listening"

    def ready(self) -> None:
        # Imported here, once the apps are loaded (Django's rule for ready()), not to break a cycle.
        from accounts.audit import register_phrases
        from people.registry import PersonalDataSection, register_personal_data

        # The Celery tasks register themselves, so the services can enqueue them by name
        # (listening.services never imports listening.tasks, which calls the services).
        from . import tasks  # noqa: F401
        from .selectors import person_conversations
        from .services import person_conversations_erase

        register_phrases(AUDIT_PHRASES)
        register_personal_data(
            PersonalDataSection(
                key="listening.conversations",
                label="Conversations linked to them",
                export=person_conversations,
                erase=person_conversations_erase,
            )
        )
        from .timeline import register as register_timeline  # the person page's timeline entries

        register_timeline()
