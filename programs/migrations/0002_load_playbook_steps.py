from django.db import migrations


def load(apps, schema_editor):
    from programs.playbook import PLAYBOOK

    PlaybookStep = apps.get_model("programs", "PlaybookStep")
    for stage, steps in PLAYBOOK.items():
        for order, data in enumerate(steps, start=1):
            PlaybookStep.objects.update_or_create(
                stage=stage,
                key=data["key"],
                defaults={"order": order, "title": data["title"], "guidance": data["guidance"], "kind": data["kind"]},
            )


def unload(apps, schema_editor):
    used = apps.get_model("programs", "PilotStep").objects.values("step_id")
    apps.get_model("programs", "PlaybookStep").objects.exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
