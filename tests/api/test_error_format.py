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


# --- Hostile JSON bodies (core.parsers.BoundedJSONParser) ------------------------------------------

DEEP_LIST = "[" * 50_000 + "]" * 50_000
DEEP_OBJECT = '{"name": ' * 50_000 + '"x"' + "}" * 50_000


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT], ids=["list", "object"])
@pytest.mark.parametrize("path", ["/api/v1/people/", "/api/v1/tokens/", "/api/v1/sponsors/"])
def test_a_body_nested_fifty_thousand_deep_is_a_400_not_a_500(api_client_for, hr_lead, path, body):
    from accounts.models import ApiToken
    from people.models import Person

    response = api_client_for(hr_lead).post(path, data=body, content_type="application/json")

    assert response.status_code == 400, response.content[:200]
    assert response.json()["error"] == {
        "code": "parse_error",
        "message": "The JSON body is nested too deeply (at most 32 levels).",
    }
    assert not Person.objects.exists()
    assert not ApiToken.objects.exists()


def test_moderate_nesting_is_refused_by_depth_not_by_luck(api_client_for, hr_lead):
    body = '{"first_name": "Ada", "extra": ' + "[" * 40 + "]" * 40 + "}"

    response = api_client_for(hr_lead).post("/api/v1/people/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["error"]["message"]


def test_an_absurdly_long_list_is_a_400(api_client_for, hr_lead):
    import json

    from people.models import Person

    body = json.dumps({"first_name": "Ada", "emails": [f"a{n}@x.example" for n in range(20_000)]})

    response = api_client_for(hr_lead).post("/api/v1/people/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == "A list in the JSON body is too long (at most 1000 items)."
    assert not Person.objects.exists()


def test_a_body_over_the_size_limit_is_a_400(api_client_for, hr_lead, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = api_client_for(hr_lead).post(
        "/api/v1/tokens/", data='{"name": "' + "x" * 2000 + '"}', content_type="application/json"
    )

    # Django's own limit or the parser's, whichever reads the body first: a 400 saying why.
    assert response.status_code == 400
    assert "too large" in response.json()["error"]["message"]


def test_malformed_json_is_a_400_in_the_error_format(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post("/api/v1/tokens/", data='{"name": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_an_ordinary_body_still_works(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post(
        "/api/v1/tokens/", data='{"name": "script", "read_only": true}', content_type="application/json"
    )

    assert response.status_code == 201
