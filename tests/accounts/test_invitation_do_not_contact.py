"""No invitation email goes to the address of a person marked do-not-contact: Team → Invitations,
the pilot page's invite and a resend all refuse it, with a message on the email field. accounts
learns who asked through its do-not-email registry, which people fills in (accounts sits below
people and imports nothing from it)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.models import Invitation, Role
from programs.models import PilotInvitation
from tests.people.factories import PersonEmailFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accounts:invitation_list")
ADDRESS = "petra.private@mail.example"
REFUSED = "asked not to be contacted"


@pytest.fixture
def petra(db):
    """A person in the directory who asked not to be contacted; ADDRESS is hers."""
    person = PersonFactory(first_name="Petra", last_name="Private", do_not_contact=True)
    PersonEmailFactory(person=person, email=ADDRESS)
    return person


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """post(client, url, data) with the on-commit callbacks (the invitation email) run."""

    def do(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return do


@pytest.mark.parametrize("email", [ADDRESS, "Petra.Private@Mail.example"])
def test_team_invitations_refuse_the_address_of_someone_marked_do_not_contact(client_for, hr_lead, petra, post, email):
    response = post(client_for(hr_lead), LIST_URL, {"email": email, "full_name": "Petra", "role": Role.CONTRIBUTOR})

    assert response.status_code == 400
    errors = response.context["invite_form"].errors["email"]
    assert len(errors) == 1 and REFUSED in errors[0]
    assert REFUSED in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_pilot_pages_invite_refuses_it_too(client_for, hr_lead, pilot_a, petra, post):
    url = reverse("programs:member_invite", args=[pilot_a.pk])

    response = post(client_for(hr_lead), url, {"email": ADDRESS, "full_name": "Petra", "role": "contributor"})

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Invitation.objects.exists()
    assert not PilotInvitation.objects.exists()
    assert mail.outbox == []


def test_someone_who_may_be_contacted_is_invited_as_before(client_for, hr_lead, petra, post):
    petra.do_not_contact = False
    petra.save(update_fields=["do_not_contact"])

    response = post(client_for(hr_lead), LIST_URL, {"email": ADDRESS, "full_name": "Petra", "role": Role.CONTRIBUTOR})

    assert response.status_code == 302
    assert Invitation.objects.filter(email=ADDRESS).exists()
    assert [m.to for m in mail.outbox] == [[ADDRESS]]


def test_an_invitation_is_not_resent_once_its_address_is_marked_do_not_contact(
    client_for, hr_lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = services.invitation_create(actor=hr_lead, email=ADDRESS, role=Role.CONTRIBUTOR)
    person = PersonFactory(do_not_contact=True)
    PersonEmailFactory(person=person, email=ADDRESS)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(hr_lead).post(reverse("accounts:invitation_resend", args=[invitation.pk]), follow=True)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.send_count == 1
    assert mail.outbox == []
    with pytest.raises(services.AccountError, match=REFUSED):
        services.invitation_resend(actor=hr_lead, invitation=invitation)
