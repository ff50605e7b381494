"""The one error format: a person can read the message without parsing the fields."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_nested_validation_errors_name_the_field_in_the_message(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post(
        "/api/v1/people/", {"first_name": "Ada", "handles": [{"venue_kind": "myspace", "handle": "ada"}]}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["message"].startswith("handles: venue_kind:")
    assert "ErrorDetail" not in error["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/pilots/?sponsor=99999999999999999999999",
        "/api/v1/policies/?pilot=1e30",
        "/api/v1/playbook-steps/?owner=-99999999999999999999",
        "/api/v1/people/?company=99999999999999999999999",
    ],
)
def test_absurd_ids_in_filters_are_a_clear_400(api_client_for, hr_lead, path):
    response = api_client_for(hr_lead).get(path)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid"


def test_unknown_api_paths_answer_in_the_json_error_format(api_client_for, hr_lead):
    for path in ("/api/v1/venues/abc/", "/api/v1/no-such-thing/"):
        response = api_client_for(hr_lead).get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_an_api_path_with_an_encoded_newline_is_still_a_json_404(api_client_for, hr_lead):
    response = api_client_for(hr_lead).get("/api/v1/playbook-steps/%0A/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_form_body_with_too_many_fields_is_a_json_400(api_client_for, hr_lead):
    """Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS form fields with its HTML 400 page;
    the API answers in its own error format instead (found by an exploratory fuzz run)."""
    body = "&".join(f"ids={i}" for i in range(1200))
    response = api_client_for(hr_lead).post(
        "/api/v1/conversations/triage/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "bad_request"
