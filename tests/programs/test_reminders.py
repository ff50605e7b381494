import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import JobClaim
from programs.models import SharingPolicy
from programs.services import REMINDER_KIND, policy_acknowledge, policy_send_reminders, reminder_key
from programs.tasks import send_policy_reminders
from tests.programs.factories import PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_policy_b(pilot_b):
    return PolicyFactory(pilot=pilot_b, version=1, status=SharingPolicy.Status.APPROVED)


def test_member_who_has_not_acknowledged_is_emailed_once(
    approved_policy_b, contributor_b, contributor_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = policy_send_reminders()
    assert sent == 1
    assert [m.to for m in mail.outbox] == [[contributor_b.email]]
    assert "Consulting alumni" in mail.outbox[0].body
    assert f"/pilots/{approved_policy_b.pilot_id}/" in mail.outbox[0].body
    # Running again (a beat task delivered twice) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert policy_send_reminders() == 0
    assert len(mail.outbox) == 1


def test_acknowledged_members_and_draft_policies_are_not_reminded(
    approved_policy_b, contributor_b, pilot_a, contributor_a, django_capture_on_commit_callbacks
):
    PolicyFactory(pilot=pilot_a, version=1, status=SharingPolicy.Status.DRAFT)
    policy_acknowledge(user=contributor_b, policy=approved_policy_b)
    with django_capture_on_commit_callbacks(execute=True):
        assert policy_send_reminders() == 0
    assert mail.outbox == []


def test_reminder_repeats_after_a_week(approved_policy_b, contributor_b, django_capture_on_commit_callbacks):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        policy_send_reminders(now=start)
        assert policy_send_reminders(now=start + dt.timedelta(days=3)) == 0
        assert policy_send_reminders(now=start + dt.timedelta(days=7)) == 1
    assert len(mail.outbox) == 2
    keys = set(JobClaim.objects.filter(kind=REMINDER_KIND).values_list("key", flat=True))
    assert keys == {reminder_key(approved_policy_b.pk, contributor_b.pk, n) for n in (1, 2)}


def test_task_calls_the_service(approved_policy_b, contributor_b, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_policy_reminders.apply().get() == 1
