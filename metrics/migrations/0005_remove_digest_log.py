"""DigestLog is gone: the weekly digest claims its runs in core.JobClaim (see 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0004_digest_log_to_job_claims"),
    ]

    operations = [
        migrations.DeleteModel(name="DigestLog"),
    ]
