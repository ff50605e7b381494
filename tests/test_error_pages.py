import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_pilot_is_a_404_page_in_our_layout(client_for, contributor_b, pilot_a, settings):
    settings.DEBUG = False
    response = client_for(contributor_b).get(f"/pilots/{pilot_a.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found" in page and 'aria-label="Main"' in page
    assert pilot_a.name not in page


def test_a_forbidden_page_says_why_in_our_layout(client_for, manager, settings):
    settings.DEBUG = False
    response = client_for(manager).get("/people/")
    assert response.status_code == 403
    assert "Your role does not give access" in response.content.decode()


def test_favicon_is_served_from_static(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
