"""Rules the programs services enforce whichever door the call comes through (pages, API, admin)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, Role
from core.errors import DomainError
from programs import services
from programs.models import Membership, Pilot, SharingPolicy
from tests.accounts.factories import UserFactory
from tests.programs.factories import PolicyFactory

pytestmark = pytest.mark.django_db


def test_a_step_owner_must_be_in_the_pilot(api_client_for, contributor_a, contributor_b, manager, hr_lead, pilot_a):
    step = pilot_a.steps.first()
    client = api_client_for(contributor_a)
    for outsider in (contributor_b, manager):
        response = client.patch(f"/api/v1/playbook-steps/{step.pk}/", {"owner": outsider.pk}, format="json")
        assert response.status_code == 400, outsider
        assert "owner" in response.json()["error"]["fields"]
    step.refresh_from_db()
    assert step.owner is None
    for eligible in (contributor_a, hr_lead):
        response = client.patch(f"/api/v1/playbook-steps/{step.pk}/", {"owner": eligible.pk}, format="json")
        assert response.status_code == 200
    step.refresh_from_db()
    assert step.owner == hr_lead


def test_a_contributor_turned_manager_can_no_longer_work_the_checklist(contributor_a, hr_lead, pilot_a):
    from accounts.services import user_update_role

    user_update_role(actor=hr_lead, user=contributor_a, role=Role.MANAGER)
    step = pilot_a.steps.first()
    with pytest.raises(DomainError) as err:
        services.pilot_step_update(actor=contributor_a, pilot_step=step, owner=None, due_date=None, done=True)
    assert err.value.code == "forbidden"
    assert Membership.objects.filter(user=contributor_a).exists()  # history kept, rights gone


def test_approving_a_draft_twice_is_refused_and_audited_once(hr_lead, pilot_b):
    draft = PolicyFactory(pilot=pilot_b, version=1)
    services.policy_approve(actor=hr_lead, policy=draft)
    stale = SharingPolicy.objects.get(pk=draft.pk)
    stale.status = SharingPolicy.Status.DRAFT  # what a second tab still believes
    with pytest.raises(DomainError):
        services.policy_approve(actor=hr_lead, policy=stale)
    with pytest.raises(DomainError):
        services.policy_draft_save(actor=hr_lead, pilot=pilot_b, may_share="a", may_not_share="b", policy=stale)
    assert AuditEvent.objects.filter(verb="policy.approved").count() == 1
    assert SharingPolicy.objects.get(pk=draft.pk).may_share == draft.may_share


def test_scaling_audits_the_copied_draft_and_the_status_change(hr_lead, pilot_b, sponsor_a):
    policy = PolicyFactory(pilot=pilot_b, version=1)
    services.policy_approve(actor=hr_lead, policy=policy)
    Pilot.objects.filter(pk=pilot_b.pk).update(status=Pilot.Status.REVIEW)
    pilot_b.refresh_from_db()
    new = services.pilot_scale(actor=hr_lead, pilot=pilot_b, sponsor=sponsor_a, name="Engineering alumni")
    assert AuditEvent.objects.filter(verb="policy.drafted", target_id=str(new.policies.get().pk)).exists()
    event = AuditEvent.objects.get(verb="pilot.status_changed", target_id=str(pilot_b.pk))
    assert event.data == {"from": "review", "to": "scaled"}


@pytest.fixture
def superuser(db):
    return UserFactory(role=Role.HR_LEAD, is_staff=True, is_superuser=True)


def test_admin_cannot_write_what_only_services_may(client_for, superuser, pilot_b):
    policy = PolicyFactory(pilot=pilot_b, version=1)
    client = client_for(superuser)
    for model in ("sharingpolicy", "policyacknowledgement", "membership", "pilotgoal", "pilotstep", "pilot"):
        assert client.get(reverse(f"admin:programs_{model}_add")).status_code == 403, model
    response = client.post(
        reverse("admin:programs_sharingpolicy_change", args=[policy.pk]),
        {"may_share": "everything", "may_not_share": "nothing", "pilot": pilot_b.pk},
    )
    assert response.status_code == 403
    assert SharingPolicy.objects.get(pk=policy.pk).may_share != "everything"
    change = client.get(reverse("admin:programs_pilot_change", args=[pilot_b.pk])).content.decode()
    assert 'name="stage"' not in change and 'name="sponsor"' not in change


def test_admin_edits_of_reference_data_are_audited(client_for, superuser):
    client = client_for(superuser)
    response = client.post(
        reverse("admin:programs_venue_add"),
        {"name": "Fediverse", "kind": "mastodon", "visibility": "public", "url": "", "description": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="admin.created")
    assert (event.actor, event.target_type, event.target_repr) == (superuser, "programs.venue", "Fediverse")


def test_activating_a_pilot_whose_end_date_has_passed_is_refused_clearly(api_client_for, hr_lead, pilot_a):
    client = api_client_for(hr_lead)
    assert client.patch(f"/api/v1/pilots/{pilot_a.pk}/", {"end_date": "2000-01-01"}, format="json").status_code == 200
    response = client.post(f"/api/v1/pilots/{pilot_a.pk}/transition/", {"status": "active"}, format="json")
    assert response.status_code == 400
    assert "end date" in response.json()["error"]["message"]
    pilot_a.refresh_from_db()
    assert (pilot_a.status, pilot_a.start_date) == (Pilot.Status.PLANNING, None)


def test_a_sponsor_without_pilots_can_be_deleted_and_one_with_pilots_cannot(client_for, hr_lead, sponsor_a, pilot_a):
    from programs.models import SponsorOrganization
    from tests.programs.factories import SponsorFactory

    spare = SponsorFactory(name="Typo Sponsr")
    client = client_for(hr_lead)
    listing = client.get(reverse("programs:sponsor_list")).content.decode()
    assert reverse("programs:sponsor_delete", args=[spare.pk]) in listing
    assert reverse("programs:sponsor_delete", args=[sponsor_a.pk]) not in listing
    assert client.get(reverse("programs:sponsor_delete", args=[spare.pk])).status_code == 200
    assert client.post(reverse("programs:sponsor_delete", args=[spare.pk])).status_code == 302
    assert not SponsorOrganization.objects.filter(pk=spare.pk).exists()
    assert AuditEvent.objects.filter(verb="sponsor.deleted", target_id=str(spare.pk)).exists()

    response = client.post(reverse("programs:sponsor_delete", args=[sponsor_a.pk]), follow=True)
    assert "still has pilots" in response.content.decode()
    assert SponsorOrganization.objects.filter(pk=sponsor_a.pk).exists()


def test_only_hr_leads_delete_sponsors(client_for, contributor_a, manager, sponsor_a):
    for user in (contributor_a, manager):
        assert client_for(user).post(reverse("programs:sponsor_delete", args=[sponsor_a.pk])).status_code == 403


def test_sponsor_delete_through_the_api(api_client_for, hr_lead, manager, sponsor_a, pilot_a):
    from programs.models import SponsorOrganization
    from tests.programs.factories import SponsorFactory

    spare = SponsorFactory(name="Spare")
    assert api_client_for(manager).delete(f"/api/v1/sponsors/{sponsor_a.pk}/").status_code == 403
    in_use = api_client_for(hr_lead).delete(f"/api/v1/sponsors/{sponsor_a.pk}/")
    assert in_use.status_code == 409
    assert in_use.json()["error"]["code"] == "conflict"
    assert api_client_for(hr_lead).delete(f"/api/v1/sponsors/{spare.pk}/").status_code == 204
    assert list(SponsorOrganization.objects.values_list("name", flat=True)) == ["Engineering"]


def test_a_contributor_sees_every_member_counted_not_just_themselves(client_for, contributor_a, pilot_a):
    from tests.programs.factories import MembershipFactory

    MembershipFactory(pilot=pilot_a)
    MembershipFactory(pilot=pilot_a)
    from programs.selectors import pilots_with_progress

    [pilot] = pilots_with_progress(contributor_a)
    assert pilot.member_count == 3
    assert "3 members" in client_for(contributor_a).get("/").content.decode()


def test_a_venue_address_must_be_a_web_page(hr_lead):
    with pytest.raises(DomainError) as err:
        services.venue_save(actor=hr_lead, name="Files", kind="other", url="ftp://files.example.com/")
    assert err.value.fields == {"url": ["A venue's address must be a web page (https://…)."]}
    assert services.venue_save(actor=hr_lead, name="Blog", kind="blog", url="https://blog.example.com").url


def test_links_to_related_pilots_only_when_the_user_may_open_them(
    client_for, hr_lead, contributor_a, pilot_a, sponsor_b
):
    new = services.pilot_scale(actor=hr_lead, pilot=pilot_a, sponsor=sponsor_b, name="Consulting engineers")
    page_a = client_for(contributor_a).get(reverse("programs:pilot_detail", args=[pilot_a.pk])).content.decode()
    assert reverse("programs:pilot_detail", args=[new.pk]) not in page_a
    page_hr = client_for(hr_lead).get(reverse("programs:pilot_detail", args=[pilot_a.pk])).content.decode()
    assert reverse("programs:pilot_detail", args=[new.pk]) in page_hr
    page_new = client_for(hr_lead).get(reverse("programs:pilot_detail", args=[new.pk])).content.decode()
    assert "Scaled from" in page_new
