"""The weekly digest email to managers (metrics.services.digest_send_weekly, beat task
metrics.send_weekly_digests)."""

from __future__ import annotations

import datetime as dt
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import Role
from core.models import JobClaim
from metrics.services import (
    DIGEST_KIND,
    DigestDeliveryError,
    assist_record,
    baseline_save,
    digest_key,
    digest_send_weekly,
    digest_week,
    hire_record,
    introduction_confirm,
    introduction_record,
    program_cost_record,
)
from metrics.tasks import send_weekly_digests
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PilotFactory, SponsorFactory

pytestmark = pytest.mark.django_db


# Monday 10 March 2025, 07:30 local time: the digest covers Mon 3 to Sun 9 March.
NOW = timezone.make_aware(dt.datetime(2025, 3, 10, 7, 30))
MON, SUN = dt.date(2025, 3, 3), dt.date(2025, 3, 9)


def hire(actor, pilot, first, last, date):
    return hire_record(
        actor=actor,
        pilot=pilot,
        person=PersonFactory(first_name=first, last_name=last),
        opening_title="Engineer",
        source="social",
        first_contact_date=date - dt.timedelta(days=10),
        date=date,
    )


@pytest.fixture
def manager_b(sponsor_b):
    user = UserFactory(email="max@firm.example", full_name="Max Manager", role=Role.MANAGER)
    sponsor_b.managers.add(user)
    return user


@pytest.fixture
def week_of_work(hr_lead, pilot_a, pilot_b):
    """pilot_a: 1 hire, 2 introductions (1 meaningful), 10 points received, 1 given, EUR 250.00 cost
    within the week, plus rows just before and after it; pilot_b: 1 hire in the week."""
    hire(hr_lead, pilot_a, "Wendy", "Inweek", dt.date(2025, 3, 5))
    hire(hr_lead, pilot_a, "Bert", "Before", dt.date(2025, 3, 2))
    hire(hr_lead, pilot_a, "Alex", "After", dt.date(2025, 3, 10))
    company = CompanyFactory()
    intro = introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=company, date=dt.date(2025, 3, 4)
    )
    introduction_confirm(actor=hr_lead, introduction=intro, now=NOW)
    introduction_record(
        actor=hr_lead, pilot=pilot_a, on_behalf_of=PersonFactory(), to_company=company, date=dt.date(2025, 3, 9)
    )
    assist_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(),
        assist_type="decision-maker-introduction",
        direction="received",
        date=dt.date(2025, 3, 6),
    )
    assist_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(),
        assist_type="general-information",
        direction="given",
        date=dt.date(2025, 3, 7),
    )
    program_cost_record(
        actor=hr_lead, pilot=pilot_a, category="tools", description="Video tool", amount="250.00", date=MON
    )
    hire(hr_lead, pilot_b, "Connie", "Consulting", dt.date(2025, 3, 6))


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_week_is_monday_to_sunday_before_now():
    assert digest_week(NOW) == (MON, SUN)
    assert digest_week(timezone.make_aware(dt.datetime(2025, 3, 16, 23, 0))) == (MON, SUN)
    assert digest_week(timezone.make_aware(dt.datetime(2025, 3, 17, 0, 5))) == (
        dt.date(2025, 3, 10),
        dt.date(2025, 3, 16),
    )


def test_each_manager_gets_one_email_with_their_sponsors_figures(week_of_work, manager, manager_b):
    assert digest_send_weekly(now=NOW) == 2

    assert len(mail.outbox) == 2
    body = mail_to(manager).body
    assert "Hires: 1\n" in body
    assert "Introductions: 2 (1 confirmed as meaningful)" in body
    assert "Assist points given: 1\n" in body
    assert "Assist points received: 10\n" in body
    assert "Program cost: EUR 250.00" in body
    assert "Wendy Inweek joined as Engineer" in body
    assert "Bert Before" not in body and "Alex After" not in body
    assert "period=custom&start=2025-03-03&end=2025-03-09" in body
    assert "/metrics/wins/" in body
    assert "Connie" not in body  # manager of sponsor_a does not see sponsor_b's pilot
    assert mail_to(manager).subject.startswith("3 wins, 1 hire")

    other = mail_to(manager_b).body
    assert "Hires: 1\n" in other and "Connie Consulting joined as Engineer" in other
    assert "Wendy" not in other
    assert "Assist points received: 0\n" in other
    assert set(JobClaim.objects.filter(kind=DIGEST_KIND).values_list("key", flat=True)) == {
        digest_key(manager.pk, MON),
        digest_key(manager_b.pk, MON),
    }


def test_digest_has_an_html_part_with_the_report_link(week_of_work, manager):
    digest_send_weekly(now=NOW)
    message = mail_to(manager)
    assert isinstance(message, EmailMultiAlternatives)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "period=custom&amp;start=2025-03-03&amp;end=2025-03-09" in html
    assert "Wendy Inweek joined as Engineer" in html


def test_second_run_sends_nothing(week_of_work, manager, manager_b):
    assert digest_send_weekly(now=NOW) == 2
    assert digest_send_weekly(now=NOW + dt.timedelta(hours=2)) == 0
    assert len(mail.outbox) == 2
    assert JobClaim.objects.filter(kind=DIGEST_KIND).count() == 2


def test_quiet_week_is_sent_with_zeros(manager, pilot_a):
    assert digest_send_weekly(now=NOW) == 1
    message = mail_to(manager)
    assert message.subject.startswith("A quiet week")
    assert "Hires: 0\n" in message.body and "Program cost: EUR 0.00" in message.body
    assert "No wins this week." in message.body


def test_managers_without_pilots_and_inactive_managers_get_nothing(pilot_a):
    SponsorFactory(name="Empty").managers.add(UserFactory(role=Role.MANAGER))
    gone = UserFactory(role=Role.MANAGER, is_active=False)
    pilot_a.sponsor.managers.add(gone)
    contributor = UserFactory(role=Role.CONTRIBUTOR)
    pilot_a.sponsor.managers.add(contributor)  # not a manager by role: no digest

    assert digest_send_weekly(now=NOW) == 0
    assert mail.outbox == []


def test_a_failed_send_is_not_claimed_so_a_retry_sends_it(week_of_work, manager, manager_b, monkeypatch):
    real_send = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        if self.to == [manager.email]:
            raise smtplib.SMTPServerDisconnected("gone")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    with pytest.raises(DigestDeliveryError):
        digest_send_weekly(now=NOW)
    assert [m.to for m in mail.outbox] == [[manager_b.email]]
    assert not JobClaim.objects.filter(kind=DIGEST_KIND, key=digest_key(manager.pk, MON)).exists()

    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert digest_send_weekly(now=NOW) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([manager.email, manager_b.email])


def test_beat_task_runs_the_digest(week_of_work, manager, manager_b):
    with freeze_time(NOW):
        assert send_weekly_digests.apply().get() == 2
        assert send_weekly_digests.apply().get() == 0
    assert len(mail.outbox) == 2
    assert send_weekly_digests.name == "metrics.send_weekly_digests"


def test_every_pilot_of_a_managed_sponsor_counts_in_the_digest(hr_lead, manager, sponsor_a):
    """A second pilot of the same sponsor adds to the same manager's figures."""
    second = PilotFactory(name="Engineers on Bluesky", stage=1, sponsor=sponsor_a)
    hire(hr_lead, second, "Sid", "Second", dt.date(2025, 3, 8))
    program_cost_record(
        actor=hr_lead, pilot=second, category="events", description="Meetup", amount=Decimal("99.50"), date=SUN
    )
    digest_send_weekly(now=NOW)
    body = mail_to(manager).body
    assert "Hires: 1\n" in body and "Program cost: EUR 99.50" in body
    assert "Engineers on Bluesky" in body


def test_weekly_roi_is_rounded_once_half_up(hr_lead, manager, pilot_a, sponsor_a):
    """ROI = (savings + value - cost) / cost. One hire with no costs against a baseline of 4,490.00
    per hire saves 4,490.00; the week's program cost is 4,000.00: (4,490 - 4,000) / 4,000 = 0.1225,
    i.e. 12.25 %, which rounds half-up to 12.3 % (half-to-even would give 12.2 %)."""
    baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 12, 31),
        recruiter_fees_per_hire="4490",
        source_note="Finance",
    )
    hire(hr_lead, pilot_a, "Hal", "Fup", dt.date(2025, 3, 5))
    program_cost_record(actor=hr_lead, pilot=pilot_a, category="tools", description="Licences", amount="4000", date=MON)

    digest_send_weekly(now=NOW)

    body = mail_to(manager).body
    assert "Savings against the legacy process: EUR 4,490.00" in body
    assert "ROI of this week alone: 12.3 %" in body
    [(html, _mimetype)] = mail_to(manager).alternatives
    assert "12.3 %" in html
