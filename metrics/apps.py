from django.apps import AppConfig

# Every audit verb metrics writes, as the audit log reads it ("<phrase> by <actor>").
AUDIT_PHRASES = {
    "introduction.recorded": "Introduction logged: {target}",
    "introduction.corrected": "Introduction corrected: {target}",
    "introduction.confirmed": "Introduction confirmed as meaningful: {target}",
    "introduction.unconfirmed": "Introduction no longer marked meaningful: {target}",
    "introduction.deleted": "Introduction deleted: {target}",
    "assist.recorded": "Assist logged: {target}",
    "assist.corrected": "Assist corrected: {target}",
    "assist.deleted": "Assist deleted: {target}",
    "hire.recorded": "Hire recorded: {target}",
    "hire.corrected": "Hire corrected: {target}",
    "hire.deleted": "Hire deleted: {target}",
    "program_cost.recorded": "Program cost recorded: {target}",
    "program_cost.corrected": "Program cost corrected: {target}",
    "program_cost.deleted": "Program cost deleted: {target}",
    "baseline.created": "Legacy cost baseline added: {target}",
    "baseline.corrected": "Legacy cost baseline corrected: {target}",
    "baseline.deleted": "Legacy cost baseline deleted: {target}",
    "assist_type.created": "Assist type added to the scale: {target}",
    "assist_type.changed": "Assist type changed: {target}",
    "celebration.drafted": "Celebration drafted: {target}",
    "introductions.csv_exported": "Introductions downloaded as CSV",
    "introductions.api_listed": "Introductions listed through the API",
    "assists.csv_exported": "Assists downloaded as CSV",
    "assists.api_listed": "Assists listed through the API",
    "hires.csv_exported": "Hires downloaded as CSV",
    "hires.api_listed": "Hires listed through the API",
    "report.csv_exported": "ROI report table downloaded as CSV",
}


class MetricsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "metrics"

    def ready(self) -> None:
        from accounts.audit import register_phrases
        from people.registry import PersonalDataSection, register_personal_data

        from .measures import register as register_measures
        from .selectors import person_ledger
        from .services import ledger_person_erase

        register_phrases(AUDIT_PHRASES)
        register_measures()  # the goals' ledger measures, which the pilot page shows results of
        register_personal_data(
            PersonalDataSection(
                key="metrics.ledger",
                label="Ledger rows naming them (introductions, assists, hires)",
                export=person_ledger,
                erase=ledger_person_erase,
            )
        )
        from .timeline import register as register_timeline  # the person page's timeline entries

        register_timeline()
