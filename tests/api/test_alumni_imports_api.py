"""Alumni imports in the API: upload → preview (bad rows by number and column), confirm, the
doubtful rows and their resolution, the same file refused, progress on retrieve; HR leads only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEvent
from alumni.models import AlumniImport, ImportMatch
from people.models import Person
from tests.alumni.test_imports import fixture
from tests.people.factories import PersonFactory

BASE = "/api/v1/alumni/imports/"


def post_file(client, pilot, kind: str, data: bytes, name: str = "Connections.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(BASE, {"pilot": pilot.pk, "kind": kind, "file": file}, format="multipart")


@pytest.fixture
def api(api_client_for, hr_lead):
    return api_client_for(hr_lead)


def test_an_upload_is_previewed_then_confirmed(api, pilot_b):
    response = post_file(api, pilot_b, "linkedin", fixture("Connections.csv"))

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["kind"], body["total_rows"], body["created_count"], body["errors"]) == (
        "previewed",
        "linkedin",
        5,
        5,
        [],
    )
    assert body["pilot_name"] == pilot_b.name and body["percent"] == 0 and Person.objects.count() == 0

    done = api.post(f"{BASE}{body['id']}/confirm/", {}, format="json")

    assert done.status_code == 200
    assert (done.json()["status"], done.json()["processed_rows"], done.json()["percent"]) == ("done", 5, 100)
    assert Person.objects.count() == 5
    listed = api.get(BASE).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    assert api.get(f"{BASE}{body['id']}/").json()["created_count"] == 5


def test_bad_rows_come_back_by_row_and_column_and_cannot_be_confirmed(api, pilot_b):
    response = post_file(api, pilot_b, "hris", fixture("hris_bad_rows.csv"), "bad.csv")

    assert response.status_code == 201
    errors = response.json()["errors"]
    assert {"row": 3, "column": "first_name", "message": "A first name is required."} in errors
    assert {(e["row"], e["column"]) for e in errors} >= {(4, "end_date"), (5, "email"), (6, "email")}

    refused = api.post(f"{BASE}{response.json()['id']}/confirm/", {}, format="json")

    assert refused.status_code == 400
    assert "Upload a corrected file" in refused.json()["error"]["message"]
    assert Person.objects.count() == 0


def test_the_same_file_again_is_a_409_naming_the_earlier_import(api, pilot_b):
    first = post_file(api, pilot_b, "linkedin", fixture("Connections.csv")).json()
    api.post(f"{BASE}{first['id']}/confirm/", {}, format="json")

    again = post_file(api, pilot_b, "linkedin", fixture("Connections.csv"))

    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "already_imported" and error["fields"]["earlier"] == [first["id"]]
    assert AlumniImport.objects.count() == 1


def test_doubtful_rows_are_listed_and_resolved(api, pilot_b):
    ada = PersonFactory(first_name="Ada", last_name="Lovelace")
    imp = post_file(api, pilot_b, "linkedin", fixture("Connections.csv")).json()
    api.post(f"{BASE}{imp['id']}/confirm/", {}, format="json")

    matches = api.get(f"{BASE}{imp['id']}/matches/")

    assert matches.status_code == 200
    (match,) = matches.json()
    assert (match["row"], match["person"], match["resolution"]) == (9, ada.pk, "pending")
    assert match["data"]["first_name"] == "Ada" and match["data"]["company"] == "Analytical Engines"
    assert AuditEvent.objects.filter(verb="imports.matches_viewed").count() == 1

    resolved = api.post(f"{BASE}{imp['id']}/matches/9/resolve/", {"resolution": "merged"}, format="json")

    assert resolved.status_code == 200 and resolved.json()["resolution"] == "merged"
    ada.refresh_from_db()
    assert ada.alumnus.pilot == pilot_b and ada.title == "Programmer"
    assert api.get(f"{BASE}{imp['id']}/matches/").json() == []
    assert len(api.get(f"{BASE}{imp['id']}/matches/?all=true").json()) == 1
    again = api.post(f"{BASE}{imp['id']}/matches/9/resolve/", {"resolution": "new"}, format="json")
    assert again.status_code == 409
    missing = api.post(f"{BASE}{imp['id']}/matches/5/resolve/", {"resolution": "new"}, format="json")
    assert missing.status_code == 404
    bad = api.post(f"{BASE}{imp['id']}/matches/9/resolve/", {"resolution": "pending"}, format="json")
    assert bad.status_code == 400
    assert ImportMatch.objects.get().resolution == "merged"


def test_a_non_stage_2_pilot_or_an_unreadable_file_is_a_400(api, pilot_a, pilot_b, settings):
    assert post_file(api, pilot_a, "hris", fixture("hris_leavers.csv")).status_code == 400
    binary = post_file(api, pilot_b, "hris", b"PK\x03\x04\x00\x00\x00")
    assert binary.status_code == 400 and "binary" in binary.json()["error"]["message"]
    settings.ALUMNI_IMPORT_MAX_BYTES = 50
    too_big = post_file(api, pilot_b, "linkedin", fixture("Connections.csv"))
    assert too_big.status_code == 400 and "at most 50 bytes" in too_big.json()["error"]["message"]
    assert AlumniImport.objects.count() == 0


@pytest.mark.parametrize("who", ["contributor_b", "manager", "outsider"])
def test_only_hr_leads_use_the_imports_api(request, api_client_for, api, pilot_b, sponsor_b, who):
    user = request.getfixturevalue(who)
    if who == "manager":
        sponsor_b.managers.add(user)
    imp = post_file(api, pilot_b, "linkedin", fixture("Connections.csv")).json()
    client = api_client_for(user)

    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{imp['id']}/").status_code == 403
    assert client.get(f"{BASE}{imp['id']}/matches/").status_code == 403
    assert client.post(f"{BASE}{imp['id']}/confirm/", {}, format="json").status_code == 403
    assert client.post(f"{BASE}{imp['id']}/matches/9/resolve/", {"resolution": "new"}).status_code == 403
    assert post_file(client, pilot_b, "linkedin", fixture("Connections.csv")).status_code == 403
    assert AlumniImport.objects.get().status == "previewed"


def test_anonymous_gets_401(api_client_for):
    assert api_client_for(None).get(BASE).status_code == 401
