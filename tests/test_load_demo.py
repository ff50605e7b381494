"""`manage.py load_demo`: demo data through the services, idempotent, with printed logins."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import AuditEvent, Role, User
from alumni_program.demo import DEFAULT_PASSWORD
from people.models import Company, Person
from programs.models import Membership, Pilot, PilotStep, SharingPolicy, SponsorOrganization, Venue

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_second_run_creates_no_rows_and_says_so():
    first_output = run()
    after_first = row_counts()
    second_output = run()

    assert row_counts() == after_first
    assert "nothing new was created" in second_output
    assert "nothing new was created" not in first_output


def test_first_run_creates_one_user_per_role_with_the_demo_password():
    run()

    for email, role in [
        ("hr@demo.example", Role.HR_LEAD),
        ("ann@demo.example", Role.CONTRIBUTOR),
        ("mia@demo.example", Role.MANAGER),
    ]:
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password(DEFAULT_PASSWORD)
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)


def test_password_option_sets_the_demo_users_password():
    output = run("--password", "another-demo-pass-9")

    assert User.objects.get(email="ann@demo.example").check_password("another-demo-pass-9")
    assert "another-demo-pass-9" in output


def test_creates_a_pilot_in_each_stage_with_goals_and_a_started_checklist():
    run()

    pilots = {p.stage: p for p in Pilot.objects.all()}
    assert sorted(pilots) == [1, 2, 3]
    assert pilots[1].sponsor.name == "Engineering"
    assert pilots[1].status == Pilot.Status.ACTIVE
    assert pilots[3].status == Pilot.Status.PLANNING
    for pilot in pilots.values():
        assert pilot.goals.filter(target__gt=0).exists()
        assert PilotStep.objects.filter(pilot=pilot, owner__isnull=False, due_date__isnull=False).exists()
    assert PilotStep.objects.filter(done_at__isnull=False).exists()


def test_stage2_pilot_is_active_with_an_approved_policy_and_some_acknowledgements():
    run()

    pilot = Pilot.objects.get(stage=2)
    assert pilot.sponsor.name == "Consulting"
    assert pilot.status == Pilot.Status.ACTIVE
    policy = pilot.policies.get(status=SharingPolicy.Status.APPROVED)
    acknowledged = set(policy.acknowledgements.values_list("user__email", flat=True))
    members = set(Membership.objects.filter(pilot=pilot).values_list("user__email", flat=True))
    assert "ann@demo.example" in acknowledged
    assert acknowledged < members  # someone still owes an acknowledgement


def test_ann_works_in_stage_1_and_2_and_mia_manages_engineering():
    run()

    ann_stages = set(Membership.objects.filter(user__email="ann@demo.example").values_list("pilot__stage", flat=True))
    assert ann_stages == {1, 2}
    engineering = SponsorOrganization.objects.get(name="Engineering")
    assert list(engineering.managers.values_list("email", flat=True)) == ["mia@demo.example"]


def test_creates_venues_companies_and_about_thirty_people_some_with_consent():
    run()

    assert {"linkedin", "mastodon", "blog", "hackernews"} <= set(Venue.objects.values_list("kind", flat=True))
    assert Venue.objects.filter(kind="linkedin", visibility=Venue.Visibility.PRIVATE).exists()
    assert {"customer", "prospect", "partner", "competitor"} <= set(
        Company.objects.values_list("relationship", flat=True)
    )
    assert 25 <= Person.objects.count() <= 40
    consenting = Person.objects.filter(consent_to_contact=True).count()
    assert 0 < consenting < Person.objects.count()
    person = Person.objects.filter(company__isnull=False).first()
    assert person.emails.exists() and person.handles.exists() and person.tags.exists()
    assert person.title and person.city and person.country


def test_writes_go_through_the_services_with_audit_events():
    run()

    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"pilot.created", "policy.approved", "pilot.status_changed", "person.created", "venue.created"} <= verbs


def test_output_lists_the_site_url_and_each_login(settings):
    settings.SITE_URL = "http://demo.test:8123"

    output = run()

    assert "http://demo.test:8123/" in output
    for email, role in [
        ("hr@demo.example", "HR lead"),
        ("ann@demo.example", "Contributor"),
        ("mia@demo.example", "Manager"),
    ]:
        line = next(line for line in output.splitlines() if email in line)
        assert DEFAULT_PASSWORD in line
        assert role in line


def test_rerun_keeps_a_pilot_that_was_moved_on_since():
    run()
    pilot = Pilot.objects.get(stage=1)
    Pilot.objects.filter(pk=pilot.pk).update(status=Pilot.Status.REVIEW)

    run()

    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.REVIEW
