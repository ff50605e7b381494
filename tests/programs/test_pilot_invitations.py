"""Inviting someone by email straight into a pilot with a role: from the pilot page and from
Team → Invitations; the pilot page lists them as invited until they accept; accepting makes the
membership; withdrawn and expired invitations leave no pending member; nobody is invited twice."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts import services as account_services
from accounts.models import AuditEvent, Invitation, Role, User
from programs import services
from programs.models import Membership, Pilot, PilotInvitation
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "noor@firm.example"
PASSWORD = "a-long-and-unusual-passphrase-42"
TEAM_INVITATIONS = reverse("accounts:invitation_list")


def invite_url(pilot) -> str:
    return reverse("programs:member_invite", args=[pilot.pk])


def pilot_url(pilot) -> str:
    return reverse("programs:pilot_detail", args=[pilot.pk])


def members_of(client, pilot) -> str:
    """The pilot page's members section (the page's messages, which name people too, left out)."""
    page = client.get(pilot_url(pilot)).content.decode()
    start = page.index('id="members"')
    return page[start : page.index("</section>", start)]


def link_path(message) -> str:
    match = re.search(r"https?://\S+/account/invite/\S+/", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


def accept(client, path, name="Noor Haddad"):
    return client.post(path, {"full_name": name, "password1": PASSWORD, "password2": PASSWORD})


@pytest.fixture
def hr(client_for, hr_lead):
    return client_for(hr_lead)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """post(client, url, data) with the on-commit callbacks (the invitation email) run."""

    def do(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return do


# --- From the pilot page ----------------------------------------------------------------------


def test_hr_lead_invites_into_a_pilot_and_the_invitee_joins_as_champion(hr, post, client, pilot_a, hr_lead):
    response = post(hr, invite_url(pilot_a), {"email": "Noor@Firm.example", "full_name": "Noor", "role": "champion"})

    assert response.status_code == 302
    assert response.url == pilot_url(pilot_a) + "#members"
    invitation = Invitation.objects.get(email=EMAIL)
    assert invitation.role == Role.CONTRIBUTOR
    pending = PilotInvitation.objects.get(pilot=pilot_a)
    assert (pending.invitation, pending.role, pending.invited_by) == (invitation, "champion", hr_lead)
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert f"{pilot_a.name} as champion" in message.body
    assert AuditEvent.objects.filter(verb="pilot.member_invited", target_id=str(pilot_a.pk)).count() == 1

    page = members_of(hr, pilot_a)
    assert "Invited, not joined yet" in page
    assert EMAIL in page
    assert reverse("programs:member_invitation_withdraw", args=[pending.pk]) in page

    path = link_path(message)
    assert f"{pilot_a.name} as champion" in client.get(path).content.decode()
    assert accept(client, path).status_code == 302

    user = User.objects.get(email=EMAIL)
    membership = Membership.objects.get(pilot=pilot_a, user=user)
    assert membership.role == Membership.Role.CHAMPION
    joined = AuditEvent.objects.get(verb="pilot.member_joined")
    assert (joined.actor, joined.target_id, joined.data["role"]) == (user, str(pilot_a.pk), "champion")
    page = members_of(hr, pilot_a)
    assert "Invited, not joined yet" not in page
    assert "Noor Haddad" in page


def test_inviting_the_same_person_into_the_same_pilot_twice_is_refused(hr, post, pilot_a):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})

    response = post(hr, invite_url(pilot_a), {"email": EMAIL.upper(), "role": "champion"})

    assert response.status_code == 400
    assert "already invited to this pilot" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert PilotInvitation.objects.get().role == "contributor"
    assert len(mail.outbox) == 1


def test_a_pending_invitee_invited_into_a_second_pilot_joins_both_with_one_invitation(
    hr, post, client, pilot_a, pilot_b
):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    response = post(hr, invite_url(pilot_b), {"email": EMAIL, "role": "champion"})

    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1  # the link they have already brings them into both
    assert f"{EMAIL} already has an invitation" in hr.get(response.url).content.decode()
    accept(client, link_path(mail.outbox[0]))

    user = User.objects.get(email=EMAIL)
    roles = dict(Membership.objects.filter(user=user).values_list("pilot__name", "role"))
    assert roles == {pilot_a.name: "contributor", pilot_b.name: "champion"}


def test_someone_with_an_account_is_added_as_a_member_not_invited(hr, post, pilot_a, contributor_b):
    response = post(hr, invite_url(pilot_a), {"email": contributor_b.email, "role": "contributor"})

    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not PilotInvitation.objects.exists()
    assert mail.outbox == []


def test_a_pending_manager_invitation_cannot_be_brought_into_a_pilot(hr, post, pilot_a):
    post(hr, TEAM_INVITATIONS, {"email": EMAIL, "role": Role.MANAGER})

    response = post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})

    assert response.status_code == 400
    assert "managers read reports" in response.content.decode()
    assert not PilotInvitation.objects.exists()


def test_nobody_new_can_be_invited_into_a_closed_pilot(hr, post, pilot_a):
    Pilot.objects.filter(pk=pilot_a.pk).update(status=Pilot.Status.CLOSED)

    response = post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})

    assert response.status_code == 400
    assert "closed or scaled" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "data,error",
    [
        ({"email": "not-an-address", "role": "contributor"}, "Enter a valid email address"),
        ({"email": EMAIL, "role": "owner"}, "Select a valid choice"),
        ({"email": "", "role": "contributor"}, "This field is required"),
    ],
)
def test_bad_input_on_the_invite_form_writes_nothing(hr, post, pilot_a, data, error):
    response = post(hr, invite_url(pilot_a), data)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_invite_form_works_on_its_own_page_without_javascript(hr, pilot_a):
    response = hr.get(invite_url(pilot_a))

    assert response.status_code == 200
    assert "Send invitation" in response.content.decode()


@pytest.mark.parametrize("persona,status", [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_only_hr_leads_invite_into_a_pilot(request, client_for, post, pilot_a, persona, status):
    client = client_for(request.getfixturevalue(persona))

    assert post(client, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"}).status_code == status
    assert not Invitation.objects.exists()


def test_members_and_managers_do_not_see_who_is_invited(hr, post, client_for, pilot_a, contributor_a, manager):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})

    for user in (contributor_a, manager):
        page = members_of(client_for(user), pilot_a)
        assert EMAIL not in page
        assert "Invite someone by email" not in page


# --- Resend and withdraw ------------------------------------------------------------------------


def test_resend_from_the_pilot_page_sends_a_new_link(hr, post, client, pilot_a):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    pending = PilotInvitation.objects.get()
    old_path = link_path(mail.outbox[0])

    response = post(hr, reverse("programs:member_invitation_resend", args=[pending.pk]), {})

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert Invitation.objects.get().send_count == 2
    assert client.get(old_path).status_code == 404  # the old link stops working
    accept(client, link_path(mail.outbox[1]))
    assert Membership.objects.filter(pilot=pilot_a, user__email=EMAIL).exists()


def test_withdrawing_the_only_pilot_withdraws_the_invitation(hr, post, client, pilot_a):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    pending = PilotInvitation.objects.get()

    response = post(hr, reverse("programs:member_invitation_withdraw", args=[pending.pk]), {})

    assert response.status_code == 302
    assert not PilotInvitation.objects.exists()
    assert Invitation.objects.get().revoked_at is not None
    assert EMAIL not in members_of(hr, pilot_a)
    assert accept(client, link_path(mail.outbox[0])).status_code == 410
    assert not User.objects.filter(email=EMAIL).exists()
    assert AuditEvent.objects.filter(verb="pilot.invitation_withdrawn").count() == 1


def test_withdrawing_one_of_two_pilots_keeps_the_invitation_for_the_other(hr, post, client, pilot_a, pilot_b):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    post(hr, invite_url(pilot_b), {"email": EMAIL, "role": "contributor"})
    pending_a = PilotInvitation.objects.get(pilot=pilot_a)

    post(hr, reverse("programs:member_invitation_withdraw", args=[pending_a.pk]), {})

    assert Invitation.objects.get().revoked_at is None
    accept(client, link_path(mail.outbox[0]))
    assert list(Membership.objects.filter(user__email=EMAIL).values_list("pilot", flat=True)) == [pilot_b.pk]


def test_a_withdrawn_invitation_cannot_be_withdrawn_again(hr, post, hr_lead, pilot_a):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    pending = PilotInvitation.objects.get()
    account_services.invitation_revoke(actor=hr_lead, invitation=pending.invitation)

    response = post(hr, reverse("programs:member_invitation_withdraw", args=[pending.pk]), {})

    assert response.status_code == 302
    assert "nothing to withdraw" in hr.get(response.url).content.decode()
    assert PilotInvitation.objects.exists()


@pytest.mark.parametrize("name", ["member_invitation_resend", "member_invitation_withdraw"])
@pytest.mark.parametrize("persona,status", [("contributor_a", 403), ("manager", 403), ("contributor_b", 404)])
def test_only_hr_leads_resend_or_withdraw(request, client_for, post, hr, pilot_a, name, persona, status):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    pending = PilotInvitation.objects.get()
    client = client_for(request.getfixturevalue(persona))

    assert post(client, reverse(f"programs:{name}", args=[pending.pk]), {}).status_code == status
    assert Invitation.objects.get().send_count == 1
    assert PilotInvitation.objects.exists()


def test_an_invitation_revoked_on_team_leaves_no_pending_member(hr, post, pilot_a):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})

    post(hr, reverse("accounts:invitation_revoke", args=[Invitation.objects.get().pk]), {})

    assert EMAIL not in members_of(hr, pilot_a)
    assert not PilotInvitation.objects.pending().exists()


def test_an_expired_invitation_leaves_no_pending_member_and_no_membership(hr, post, client, pilot_a, settings):
    post(hr, invite_url(pilot_a), {"email": EMAIL, "role": "contributor"})
    path = link_path(mail.outbox[0])

    with freeze_time(timezone.now() + dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS, minutes=1)):
        assert EMAIL not in members_of(hr, pilot_a)
        assert accept(client, path).status_code == 410

    assert not Membership.objects.filter(pilot=pilot_a, user__email=EMAIL).exists()


# --- From Team → Invitations ------------------------------------------------------------------


def test_team_invitations_can_name_a_pilot_and_a_role(hr, post, client, pilot_a):
    response = post(
        hr,
        TEAM_INVITATIONS,
        {"email": EMAIL, "role": Role.CONTRIBUTOR, "pilot": str(pilot_a.pk), "pilot_role": "champion"},
    )

    assert response.status_code == 302
    assert PilotInvitation.objects.get().role == "champion"
    listing = hr.get(TEAM_INVITATIONS).content.decode()
    assert f"{pilot_a.name} as champion" in listing
    accept(client, link_path(mail.outbox[0]))
    assert Membership.objects.get(user__email=EMAIL).role == "champion"


def test_team_invitations_without_a_pilot_still_work(hr, post):
    response = post(hr, TEAM_INVITATIONS, {"email": EMAIL, "role": Role.CONTRIBUTOR, "pilot": ""})

    assert response.status_code == 302
    assert Invitation.objects.filter(email=EMAIL).exists()
    assert not PilotInvitation.objects.exists()


def test_team_invitations_offer_only_open_pilots(hr, pilot_a, pilot_b):
    Pilot.objects.filter(pk=pilot_b.pk).update(status=Pilot.Status.CLOSED)

    form = hr.get(TEAM_INVITATIONS).context["invite_form"]

    assert [value for value, _label in form.fields["pilot"].choices] == ["", str(pilot_a.pk)]


@pytest.mark.parametrize(
    "extra,field_error",
    [
        ({"role": Role.MANAGER, "pilot": "PILOT", "pilot_role": "contributor"}, "Managers read reports"),
        ({"pilot": "999999", "pilot_role": "contributor"}, "Select a valid choice"),
        ({"pilot": "x' OR 1=1", "pilot_role": "contributor"}, "Select a valid choice"),
        ({"pilot": "PILOT", "pilot_role": "owner"}, "Select a valid choice"),
        ({"pilot": "PILOT", "pilot_role": ""}, "Choose a role"),
    ],
)
def test_a_refused_pilot_on_team_invitations_writes_nothing(hr, post, pilot_a, extra, field_error):
    data = {"email": EMAIL, "role": Role.CONTRIBUTOR, **extra}
    data = {k: (str(pilot_a.pk) if v == "PILOT" else v) for k, v in data.items()}

    response = post(hr, TEAM_INVITATIONS, data)

    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not Invitation.objects.exists()
    assert not PilotInvitation.objects.exists()
    assert mail.outbox == []


# --- The service ------------------------------------------------------------------------------


def test_the_service_refuses_anyone_but_an_hr_lead(contributor_a, pilot_a):
    from core.errors import ForbiddenError

    with pytest.raises(ForbiddenError):
        services.pilot_invitation_create(actor=contributor_a, pilot=pilot_a, email=EMAIL, role="contributor")
    assert not Invitation.objects.exists()


def test_accepting_twice_into_a_pilot_someone_already_joined_keeps_one_membership(hr_lead, pilot_a):
    pending = services.pilot_invitation_create(actor=hr_lead, pilot=pilot_a, email=EMAIL, role="champion")
    user = UserFactory(email="someone.else@firm.example")
    Membership.objects.create(pilot=pilot_a, user=user, role="contributor")

    [membership] = services.pilot_invitations_fulfil(invitation=pending.invitation, user=user, now=timezone.now())

    assert membership.role == "contributor"  # an existing membership is kept as it is
    assert Membership.objects.filter(pilot=pilot_a, user=user).count() == 1
    assert not AuditEvent.objects.filter(verb="pilot.member_joined").exists()


def test_the_pilot_page_lists_pending_members_in_a_fixed_number_of_queries(
    hr, hr_lead, pilot_a, django_assert_max_num_queries
):
    services.pilot_invitation_create(actor=hr_lead, pilot=pilot_a, email=EMAIL, role="champion")
    hr.get(pilot_url(pilot_a))
    with django_assert_max_num_queries(60) as one:
        hr.get(pilot_url(pilot_a))
    for n in range(5):
        services.pilot_invitation_create(actor=hr_lead, pilot=pilot_a, email=f"p{n}@firm.example", role="contributor")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = members_of(hr, pilot_a)
    assert page.count('badge--planning">Invited') == 6
