"""Policy reminders move onto core's one run-at-most-once mechanism (core.jobs.claim_once).

Each PolicyReminder row (policy, user, sent_at, count) becomes ``count`` JobClaim rows of kind
``programs.policy_reminder`` keyed ``policy=P:user=U:reminder=N`` (N = 1..count). Only the last
sending time was kept, so every copied claim carries it; the next reminder is due
REMINDER_INTERVAL after it, as before. The reverse folds the claims back into one row per policy
and user.
"""

from django.conf import settings
from django.db import migrations

KIND = "programs.policy_reminder"


def reminders_to_claims(apps, schema_editor):
    PolicyReminder = apps.get_model("programs", "PolicyReminder")
    JobClaim = apps.get_model("core", "JobClaim")
    claims = [
        JobClaim(kind=KIND, key=f"policy={r.policy_id}:user={r.user_id}:reminder={n}", claimed_at=r.sent_at)
        for r in PolicyReminder.objects.all()
        for n in range(1, max(r.count, 1) + 1)
    ]
    JobClaim.objects.bulk_create(claims, ignore_conflicts=True)


def claims_to_reminders(apps, schema_editor):
    PolicyReminder = apps.get_model("programs", "PolicyReminder")
    SharingPolicy = apps.get_model("programs", "SharingPolicy")
    JobClaim = apps.get_model("core", "JobClaim")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    folded: dict[tuple[int, int], list] = {}
    for claim in JobClaim.objects.filter(kind=KIND):
        parts = dict(part.split("=", 1) for part in claim.key.split(":"))
        entry = folded.setdefault((int(parts["policy"]), int(parts["user"])), [0, claim.claimed_at])
        entry[0] += 1
        entry[1] = max(entry[1], claim.claimed_at)
    policies = set(SharingPolicy.objects.filter(pk__in={p for p, _ in folded}).values_list("pk", flat=True))
    users = set(User.objects.filter(pk__in={u for _, u in folded}).values_list("pk", flat=True))
    PolicyReminder.objects.bulk_create(
        [
            PolicyReminder(policy_id=policy_id, user_id=user_id, sent_at=sent_at, count=count)
            for (policy_id, user_id), (count, sent_at) in folded.items()
            if policy_id in policies and user_id in users
        ],
        ignore_conflicts=True,
    )
    JobClaim.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_policy_reminders"),
        ("core", "0001_job_claims"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(reminders_to_claims, claims_to_reminders)]
