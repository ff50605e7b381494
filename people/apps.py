from django.apps import AppConfig

# How each audit verb people records reads in the audit log ("… by <actor>" is appended).
AUDIT_PHRASES = {
    "person.created": "Person {target} added",
    "person.updated": "Person {target} changed",
    "person.deleted": "Person {target} deleted",
    "person.viewed": "Person {target} viewed",
    "person.exported": "Personal data of {target} exported",
    "person.erased": "Personal data erased ({target})",
    "person.consent_changed": "Consent to contact changed for {target}",
    "person.do_not_contact_set": "{target} marked do not contact",
    "person.do_not_contact_cleared": "Do not contact cleared for {target}",
    "person.contact_override": "Do-not-contact overridden for {target}",
    "people.api_listed": "People listed through the API",
    "company.created": "Company {target} added",
    "company.updated": "Company {target} changed",
    "company.deleted": "Company {target} deleted",
}


def asked_not_to_be_contacted(email: str) -> bool:
    """Is ``email`` the address of a person marked do-not-contact? (accounts' do-not-email check:
    no invitation is emailed to them.)"""
    from .consent import contact_allowed
    from .models import Person

    person = Person.objects.filter(emails__email__iexact=email).first()
    return person is not None and not contact_allowed(person)


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"

    def ready(self) -> None:
        from accounts.audit import register_phrases
        from accounts.registry import register_do_not_email

        register_phrases(AUDIT_PHRASES)
        register_do_not_email("people.do_not_contact", asked_not_to_be_contacted)
