"""The pilot an invitation brings the invitee into is chosen by id; an id that is no pilot id (odd
digits, a number too long for the database) is the field's usual message, never a 500."""

from __future__ import annotations

import pytest

from accounts import services as account_services
from accounts.models import Invitation, Role
from programs import services
from programs.models import PilotInvitation
from programs.services.invitations import MSG_PILOT_UNKNOWN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 40, "-1", "", "3 OR 1=1"])
def test_an_odd_pilot_id_on_an_invitation_is_a_pilot_field_error(hr_lead, pilot_a, value):
    with pytest.raises(services.ProgramError) as refused:
        account_services.invitation_create(
            actor=hr_lead,
            email="noor@firm.example",
            role=Role.CONTRIBUTOR,
            placements=[("pilot", value, "contributor")],
        )

    assert refused.value.fields == {"pilot": [MSG_PILOT_UNKNOWN]}
    assert not Invitation.objects.exists()
    assert not PilotInvitation.objects.exists()


def test_a_pilot_id_with_spaces_around_it_still_names_the_pilot(hr_lead, pilot_a):
    invitation, _token = account_services.invitation_create(
        actor=hr_lead,
        email="noor@firm.example",
        role=Role.CONTRIBUTOR,
        placements=[("pilot", f" {pilot_a.pk} ", "contributor")],
    )

    assert PilotInvitation.objects.get(invitation=invitation).pilot == pilot_a
