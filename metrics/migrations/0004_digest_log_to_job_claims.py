"""The weekly digest moves onto core's one run-at-most-once mechanism (core.jobs.claim_once).

Each DigestLog row (user, week_start, sent_at) becomes a JobClaim of kind ``metrics.weekly_digest``
keyed ``user=U:week=YYYY-MM-DD`` (metrics.services.digest.digest_key), claimed when it was sent, so
a week already sent is not sent again after the upgrade. The reverse turns the claims back into
DigestLog rows (of users that still exist).
"""

import datetime as dt

from django.conf import settings
from django.db import migrations

KIND = "metrics.weekly_digest"


def logs_to_claims(apps, schema_editor):
    DigestLog = apps.get_model("metrics", "DigestLog")
    JobClaim = apps.get_model("core", "JobClaim")
    claims = [
        JobClaim(kind=KIND, key=f"user={log.user_id}:week={log.week_start.isoformat()}", claimed_at=log.sent_at)
        for log in DigestLog.objects.all()
    ]
    JobClaim.objects.bulk_create(claims, ignore_conflicts=True)


def claims_to_logs(apps, schema_editor):
    DigestLog = apps.get_model("metrics", "DigestLog")
    JobClaim = apps.get_model("core", "JobClaim")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    rows = []
    for claim in JobClaim.objects.filter(kind=KIND):
        parts = dict(part.split("=", 1) for part in claim.key.split(":"))
        rows.append((int(parts["user"]), dt.date.fromisoformat(parts["week"]), claim.claimed_at))
    users = set(User.objects.filter(pk__in={user_id for user_id, _, _ in rows}).values_list("pk", flat=True))
    DigestLog.objects.bulk_create(
        [
            DigestLog(user_id=user_id, week_start=week, sent_at=sent_at)
            for user_id, week, sent_at in rows
            if user_id in users
        ],
        ignore_conflicts=True,
    )
    JobClaim.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0003_daily_rollups_and_covering_indexes"),
        ("core", "0001_job_claims"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(logs_to_claims, claims_to_logs)]
