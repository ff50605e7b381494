"""The guardrail's default list of sensitive terms ("they never ask for privileged information");
HR leads edit it afterwards. A frozen copy of bizdev.services.guardrails.DEFAULT_TERMS."""

from django.db import migrations

DEFAULT_TERMS = [
    ("price", "Their prices or price lists are commercially confidential: ask about needs, not prices."),
    ("pricing", "Pricing is privileged information; ask about how they decide, not what they pay or charge."),
    ("contract", "The terms of a contract are confidential to the parties."),
    ("confidential", "If it is confidential, an alumnus may not share it, and we must not ask."),
    ("internal figures", "Internal figures (revenue, volumes, costs) are privileged information."),
    ("bid", "Details of a bid belong to the bidders and the buyer."),
    ("tender", "What is in a tender, or who bid on it, is not to be shared."),
    ("NDA", "Anything covered by a non-disclosure agreement is off limits."),
    ("non-disclosure", "Anything covered by a non-disclosure agreement is off limits."),
    ("margin", "Margins are commercially sensitive figures."),
    ("salary", "Salaries are personal and confidential."),
    ("trade secret", "Trade secrets are protected by law."),
    ("roadmap", "An unannounced product roadmap is usually under NDA."),
    ("budget", "A company's budget figures are internal; ask about priorities instead."),
    ("discount", "Discounts granted to customers are confidential commercial terms."),
    ("insider", "Insider information must never be asked for or used."),
]


def add_terms(apps, schema_editor):
    GuardrailTerm = apps.get_model("bizdev", "GuardrailTerm")
    existing = {term.lower() for term in GuardrailTerm.objects.values_list("term", flat=True)}
    GuardrailTerm.objects.bulk_create(
        [GuardrailTerm(term=term, note=note) for term, note in DEFAULT_TERMS if term.lower() not in existing]
    )


def remove_terms(apps, schema_editor):
    GuardrailTerm = apps.get_model("bizdev", "GuardrailTerm")
    GuardrailTerm.objects.filter(term__in=[term for term, _ in DEFAULT_TERMS], created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("bizdev", "0001_initial")]
    operations = [migrations.RunPython(add_terms, remove_terms)]
