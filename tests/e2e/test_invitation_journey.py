"""Accounts come only from invitations: an HR lead invites a colleague, the colleague follows the
emailed link, sets a password and arrives on their dashboard, told what happens next."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_invited_colleague_joins_through_the_emailed_link(live_server, page, browser):
    UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("hanna@firm.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.goto(live_server.url + "/account/invitations/")
    page.get_by_label("Email address").fill("noor@firm.example")
    page.get_by_label("Name", exact=True).fill("Noor Haddad")
    page.get_by_label("Role").select_option(label="Contributor")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("table")).to_contain_text("noor@firm.example")

    [email] = [m for m in mail.outbox if m.to == ["noor@firm.example"]]
    link = re.search(r"https?://\S+/account/invite/\S+/", email.body).group(0)
    path = link.split("/account/", 1)[1]

    invitee = browser.new_context().new_page()
    invitee.goto(f"{live_server.url}/account/{path}")
    expect(invitee.get_by_role("heading", name="Join the Alumni Program")).to_be_visible()
    invitee.locator("#id_password1").fill("a-long-and-unusual-passphrase")
    invitee.locator("#id_password2").fill("a-different-passphrase")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("alert").first).to_be_visible()  # the mismatch is explained
    assert not User.objects.filter(email="noor@firm.example").exists()

    invitee.locator("#id_password1").fill("a-long-and-unusual-passphrase")
    invitee.locator("#id_password2").fill("a-long-and-unusual-passphrase")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Noor")
    expect(invitee.locator("main")).to_contain_text("Ask your HR lead to add you to a pilot")
    assert User.objects.get(email="noor@firm.example").role == Role.CONTRIBUTOR

    # The link worked once; opened again it explains itself instead of creating anything.
    invitee.context.clear_cookies()
    invitee.goto(f"{live_server.url}/account/{path}")
    expect(invitee.locator("main")).to_contain_text("already been used")
    invitee.context.close()


def test_an_hr_lead_invites_someone_straight_into_a_pilot_as_champion(live_server, page, browser):
    from programs.models import Membership
    from tests.programs.factories import PilotFactory

    UserFactory(email="hanna@firm.example", full_name="Hanna Lead", role=Role.HR_LEAD)
    pilot = PilotFactory(name="Engineers on Mastodon")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("hanna@firm.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/")
    members = page.locator("#members")
    members.get_by_text("Invite someone by email").click()
    members.get_by_label("Email address").fill("noor@firm.example")
    members.get_by_label("Name", exact=True).fill("Noor Haddad")
    members.get_by_label("Role in the pilot").select_option(label="Champion")
    members.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("they join “Engineers on Mastodon” as champion")
    pending = page.get_by_role("table", name="Invited, not joined yet")
    expect(pending).to_contain_text("noor@firm.example")
    expect(pending).to_contain_text("Champion")

    [email] = [m for m in mail.outbox if m.to == ["noor@firm.example"]]
    assert "Engineers on Mastodon as champion" in email.body
    path = re.search(r"https?://\S+/account/invite/\S+/", email.body).group(0).split("/account/", 1)[1]

    invitee = browser.new_context().new_page()
    invitee.goto(f"{live_server.url}/account/{path}")
    expect(invitee.locator("main")).to_contain_text("Engineers on Mastodon as champion")
    invitee.locator("#id_password1").fill("a-long-and-unusual-passphrase")
    invitee.locator("#id_password2").fill("a-long-and-unusual-passphrase")
    invitee.get_by_role("button", name="Create my account").click()
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Noor")
    assert Membership.objects.get(user__email="noor@firm.example", pilot=pilot).role == Membership.Role.CHAMPION
    invitee.context.close()

    page.reload()
    expect(page.get_by_role("table", name="Invited, not joined yet")).to_have_count(0)
    expect(page.locator("#members")).to_contain_text("Noor Haddad")
