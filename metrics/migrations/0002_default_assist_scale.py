"""The seed's default value scale for assists; HR leads can change it afterwards."""

from django.db import migrations

DEFAULT_SCALE = [
    ("decision-maker-introduction", "Introduction to a decision maker", 10),
    ("introduction", "Introduction", 5),
    ("prospect-insight", "Insight about a prospect", 3),
    ("general-information", "General information", 1),
]


def add_scale(apps, schema_editor):
    AssistType = apps.get_model("metrics", "AssistType")
    for position, (key, name, points) in enumerate(DEFAULT_SCALE):
        AssistType.objects.get_or_create(key=key, defaults={"name": name, "points": points, "position": position})


def remove_scale(apps, schema_editor):
    AssistType = apps.get_model("metrics", "AssistType")
    AssistType.objects.filter(key__in=[k for k, _, _ in DEFAULT_SCALE], assists__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_ledger_costs_wins")]
    operations = [migrations.RunPython(add_scale, remove_scale)]
