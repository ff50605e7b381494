"""Hostile text and small screens must not break the layout: no page wider than the window."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_an_unbroken_10000_character_note_and_100_character_name_do_not_widen_the_page(
    live_server, page, log_in, width
):
    UserFactory(email="hanna@firm.example", role=Role.HR_LEAD)
    person = PersonFactory(first_name="A" * 100, last_name="", notes="x" * 10_000)
    page.set_viewport_size({"width": width, "height": 900})
    log_in("hanna@firm.example")
    for path in (f"/people/{person.pk}/", "/people/", "/account/users/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # The page itself, not the login page it would redirect to: then measure it.
        expect(page).to_have_url(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
