"""The data migration that moves policy reminders onto core's run-once claims keeps what was sent."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("programs", "0003_policy_reminders"), ("core", "0001_job_claims")]
AFTER = [("programs", "0004_policy_reminders_to_job_claims")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_reminder_sent_becomes_a_claim_and_the_reverse_folds_them_back():
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Sponsor = apps.get_model("programs", "SponsorOrganization")
    Pilot = apps.get_model("programs", "Pilot")
    Policy = apps.get_model("programs", "SharingPolicy")
    Reminder = apps.get_model("programs", "PolicyReminder")
    user = User.objects.create(email="ann@firm.example", role="contributor")
    pilot = Pilot.objects.create(name="P", stage=2, sponsor=Sponsor.objects.create(name="S"))
    policy = Policy.objects.create(pilot=pilot, version=1, may_share="a", may_not_share="b", status="approved")
    sent_at = timezone.now() - dt.timedelta(days=2)
    Reminder.objects.create(policy=policy, user=user, sent_at=sent_at, count=2)
    try:
        apps = _migrate(AFTER)
        claims = apps.get_model("core", "JobClaim").objects.filter(kind="programs.policy_reminder")
        assert sorted(claims.values_list("key", flat=True)) == [
            f"policy={policy.pk}:user={user.pk}:reminder=1",
            f"policy={policy.pk}:user={user.pk}:reminder=2",
        ]
        assert {c.claimed_at for c in claims} == {sent_at}

        apps = _migrate(BEFORE)
        back = apps.get_model("programs", "PolicyReminder").objects.get()
        assert (back.policy_id, back.user_id, back.count, back.sent_at) == (policy.pk, user.pk, 2, sent_at)
        assert not apps.get_model("core", "JobClaim").objects.filter(kind="programs.policy_reminder").exists()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
