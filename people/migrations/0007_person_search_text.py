"""People's search text: two derived columns (people.search), filled for everyone already in
the directory, and on PostgreSQL a trigram index so that ``search_text LIKE '%word%'`` is
answered from the index at any size (SQLite, the embedded mode, scans: its directories are small).
"""

from collections import defaultdict

from django.db import migrations, models

from people.search import person_search_texts

BATCH = 1_000


def fill_search_text(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonEmail = apps.get_model("people", "PersonEmail")
    SocialHandle = apps.get_model("people", "SocialHandle")
    ids = list(Person.objects.filter(erased_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        emails, handles = defaultdict(list), defaultdict(list)
        for person_id, email in PersonEmail.objects.filter(person_id__in=batch).values_list("person_id", "email"):
            emails[person_id].append(email)
        for person_id, handle in SocialHandle.objects.filter(person_id__in=batch).values_list("person_id", "handle"):
            handles[person_id].append(handle)
        people = []
        for pk, first, last, title, city, company in Person.objects.filter(pk__in=batch).values_list(
            "pk", "first_name", "last_name", "title", "city", "company__name"
        ):
            text, name = person_search_texts(
                first_name=first,
                last_name=last,
                title=title,
                city=city,
                company=company or "",
                emails=emails[pk],
                handles=handles[pk],
            )
            people.append(Person(pk=pk, search_text=text, search_name=name))
        Person.objects.bulk_update(people, ["search_text", "search_name"])


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_search_text_trgm ON people_person USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_text_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_person_erased_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.AddField(
            model_name="person",
            name="search_text",
            field=models.TextField(blank=True, db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
