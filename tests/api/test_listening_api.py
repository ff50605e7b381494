"""/api/v1/ for listening: keyword families, searches (with query errors and Run now), sources
(with uploads), runs and the conversations inbox with bulk triage. Who may read and write what,
bad input, and query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent, Role
from listening import services
from listening.connectors import make_post
from listening.models import Conversation, KeywordFamily, Search, SearchRun, Source
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent.parent / "listening" / "fixtures"
DEMO_FEED = {"feed": "talent-and-alumni"}
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

FAMILIES = "/api/v1/keyword-families/"
SEARCHES = "/api/v1/searches/"
SOURCES = "/api/v1/sources/"
RUNS = "/api/v1/runs/"
CONVERSATIONS = "/api/v1/conversations/"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def venue(db):
    return VenueFactory(name="LinkedIn")


@pytest.fixture
def demo_source(hr_lead):
    return services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config=DEMO_FEED)


@pytest.fixture
def upload_source(hr_lead, venue):
    return services.source_save(actor=hr_lead, name="LinkedIn exports", kind="upload", config={}, venue=venue)


@pytest.fixture
def program_search(hr_lead, demo_source, upload_source):
    """Program-wide: every contributor sees it and what it finds."""
    return services.search_save(
        actor=hr_lead, name="Mentoring talk", query="mentoring", sources=[demo_source, upload_source]
    )


@pytest.fixture
def pilot_b_search(hr_lead, upload_source, pilot_b):
    """Pilot B's: contributor_b sees it; contributor_a and the outsider do not."""
    return services.search_save(
        actor=hr_lead, name="Northwind talk", query="northwind", sources=[upload_source], pilot=pilot_b
    )


@pytest.fixture
def conversations(program_search, pilot_b_search, upload_source) -> dict[str, Conversation]:
    """mentor: program search only; northwind: pilot B's only; both: found by both searches."""
    posts = [
        make_post(
            venue="upload",
            external_id="mentor",
            text="Our mentoring circle meets on Friday",
            author="Sam Rivera",
            author_handle="samrivera",
            published_at=T0,
        ),
        make_post(
            venue="upload",
            external_id="northwind",
            text="Northwind alumni meetup in Basel",
            author="Jo Park",
            published_at=T0 + 2 * DAY,
        ),
        make_post(
            venue="upload",
            external_id="both",
            title="Mentoring",
            text="Mentoring at Northwind, again",
            author="Kim Lee",
            published_at=T0 + 4 * DAY,
        ),
    ]
    services.posts_store(source=upload_source, posts=posts)
    return {c.external_id: c for c in Conversation.objects.all()}


# --- who may come in ----------------------------------------------------------------------------

LISTS = [FAMILIES, SEARCHES, SOURCES, RUNS, CONVERSATIONS]


@pytest.mark.parametrize("url", LISTS)
def test_anonymous_gets_401(api_client_for, url):
    response = api_client_for(None).get(url)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("url", LISTS)
def test_managers_have_no_listening_access(api_client_for, manager, url):
    response = api_client_for(manager).get(url)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (FAMILIES, {"name": "devs", "terms": ["python"]}),
        (SEARCHES, {"name": "S", "query": "python", "sources": []}),
        (SOURCES, {"name": "Feed", "kind": "bundled", "config": DEMO_FEED}),
    ],
)
def test_contributors_cannot_set_anything_up(api_client_for, contributor_a, url, body):
    response = api_client_for(contributor_a).post(url, body, format="json")

    assert response.status_code == 403
    assert not (KeywordFamily.objects.exists() or Search.objects.exists() or Source.objects.exists())


# --- keyword families ---------------------------------------------------------------------------


def test_hr_lead_creates_a_family_and_contributors_read_it(api_client_for, hr_lead, contributor_a):
    response = api_client_for(hr_lead).post(
        FAMILIES, {"name": "Py-Devs", "terms": ["python", '"django developer"', "python"]}, format="json"
    )

    assert response.status_code == 201, response.json()
    family = KeywordFamily.objects.get()
    assert (family.name, family.terms, family.created_by) == ("py-devs", ["python", '"django developer"'], hr_lead)
    assert response.json()["terms"] == ["python", '"django developer"']
    read = api_client_for(contributor_a).get(f"{FAMILIES}{family.pk}/")
    assert read.status_code == 200 and read.json()["name"] == "py-devs"
    assert ids(api_client_for(contributor_a).get(FAMILIES)) == {family.pk}


def test_contributors_read_the_program_families_and_their_pilots_only(
    api_client_for, hr_lead, contributor_a, pilot_a, pilot_b
):
    """One rule (listening.access.visible_families): a family of another pilot, and that pilot's
    name, stay hidden from a contributor, in the list and one by one; HR leads see every family."""
    program = services.family_save(actor=hr_lead, name="everyone", terms=["python"])
    own = services.family_save(actor=hr_lead, name="pilot-a-devs", terms=["django"], pilot=pilot_a)
    other = services.family_save(actor=hr_lead, name="pilot-b-devs", terms=["rust"], pilot=pilot_b)
    client = api_client_for(contributor_a)

    listed = client.get(FAMILIES)

    assert ids(listed) == {program.pk, own.pk}
    assert pilot_b.name not in listed.content.decode()
    assert client.get(f"{FAMILIES}{other.pk}/").status_code == 404
    assert client.get(f"{FAMILIES}{own.pk}/").json()["pilot_name"] == pilot_a.name
    assert ids(api_client_for(hr_lead).get(FAMILIES)) == {program.pk, own.pk, other.pk}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "bad name!", "terms": ["python"]}, "name"),
        ({"name": "devs", "terms": []}, "terms"),
        ({"name": "devs", "terms": ["***"]}, "terms"),
        ({"name": "devs", "terms": ["python"], "purpose": "gossip"}, "purpose"),
    ],
)
def test_a_bad_family_is_a_400_naming_the_field(api_client_for, hr_lead, body, field):
    response = api_client_for(hr_lead).post(FAMILIES, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not KeywordFamily.objects.exists()


def test_a_family_in_use_cannot_be_deleted_or_renamed(api_client_for, hr_lead, demo_source):
    family = services.family_save(actor=hr_lead, name="devs", terms=["python"])
    services.search_save(actor=hr_lead, name="Uses devs", query="@devs hiring", sources=[demo_source])
    client = api_client_for(hr_lead)

    deleted = client.delete(f"{FAMILIES}{family.pk}/")
    renamed = client.patch(f"{FAMILIES}{family.pk}/", {"name": "coders"}, format="json")

    assert deleted.status_code == 409
    assert deleted.json()["error"] == {
        "code": "conflict",
        "message": "@devs is used by: Uses devs. Change those searches first.",
    }
    assert renamed.status_code == 409
    family.refresh_from_db()
    assert family.name == "devs"


def test_hr_lead_changes_terms_and_deletes_an_unused_family(api_client_for, hr_lead):
    family = services.family_save(actor=hr_lead, name="devs", terms=["python"])
    client = api_client_for(hr_lead)

    changed = client.patch(f"{FAMILIES}{family.pk}/", {"terms": ["rust", "go*"]}, format="json")
    family.refresh_from_db()
    deleted = client.delete(f"{FAMILIES}{family.pk}/")

    assert changed.status_code == 200, changed.json()
    assert family.terms == ["rust", "go*"] and family.name == "devs"
    assert deleted.status_code == 204
    assert not KeywordFamily.objects.exists()


# --- searches -----------------------------------------------------------------------------------


def test_hr_lead_creates_a_search_with_a_schedule(api_client_for, hr_lead, demo_source, pilot_a):
    response = api_client_for(hr_lead).post(
        SEARCHES,
        {
            "name": "Python people",
            "query": '"python developer" OR django',
            "sources": [demo_source.pk],
            "pilot": pilot_a.pk,
            "schedule_hours": 24,
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    search = Search.objects.get()
    assert (search.query, search.pilot, search.schedule_hours) == ('"python developer" OR django', pilot_a, 24)
    assert list(search.sources.all()) == [demo_source]
    assert search.periodic_task is not None
    body = response.json()
    assert body["sources"] == [demo_source.pk] and body["pilot_name"] == pilot_a.name and body["last_run"] is None


def test_a_bad_query_is_a_400_giving_the_column(api_client_for, hr_lead, demo_source):
    response = api_client_for(hr_lead).post(
        SEARCHES, {"name": "Broken", "query": "python AND java)", "sources": [demo_source.pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "query_syntax",
            "message": "unexpected ')' at column 16",
            "fields": {"query": ["unexpected ')' at column 16"]},
        }
    }
    assert not Search.objects.exists()


def test_an_unknown_family_is_a_400_with_its_own_code(api_client_for, hr_lead, demo_source):
    response = api_client_for(hr_lead).post(
        SEARCHES, {"name": "Nope", "query": "python AND @nope", "sources": [demo_source.pk]}, format="json"
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_family"
    assert error["message"] == "unknown keyword family '@nope' at column 12"
    assert error["fields"] == {"query": [error["message"]]}
    assert not Search.objects.exists()


def test_changing_a_query_to_a_bad_one_changes_nothing(api_client_for, hr_lead, program_search):
    response = api_client_for(hr_lead).patch(f"{SEARCHES}{program_search.pk}/", {"query": "(mentoring"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "query_syntax"
    assert "column" in response.json()["error"]["message"]
    program_search.refresh_from_db()
    assert program_search.query == "mentoring"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sources": []}, "sources"),
        ({"schedule_hours": 0}, "schedule_hours"),
        ({"schedule_hours": 10_000}, "schedule_hours"),
        ({"sources": [999_999]}, "sources"),
    ],
)
def test_a_bad_search_is_a_400_naming_the_field(api_client_for, hr_lead, demo_source, body, field):
    response = api_client_for(hr_lead).post(
        SEARCHES, {"name": "S", "query": "python", "sources": [demo_source.pk], **body}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not Search.objects.exists()


def test_contributors_see_program_and_own_pilot_searches(
    api_client_for, contributor_a, contributor_b, outsider, program_search, pilot_b_search
):
    assert ids(api_client_for(contributor_a).get(SEARCHES)) == {program_search.pk}
    assert ids(api_client_for(outsider).get(SEARCHES)) == {program_search.pk}
    assert ids(api_client_for(contributor_b).get(SEARCHES)) == {program_search.pk, pilot_b_search.pk}
    assert api_client_for(contributor_a).get(f"{SEARCHES}{pilot_b_search.pk}/").status_code == 404
    assert api_client_for(contributor_b).get(f"{SEARCHES}{pilot_b_search.pk}/").status_code == 200


def test_contributors_cannot_change_delete_or_run_a_search(api_client_for, contributor_a, program_search):
    client = api_client_for(contributor_a)
    url = f"{SEARCHES}{program_search.pk}/"

    assert client.patch(url, {"query": "x"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert client.post(f"{url}run/", {}, format="json").status_code == 403
    assert Search.objects.get().query == "mentoring"
    assert not SearchRun.objects.exists()


def test_hr_lead_changes_a_searchs_sources_and_deletes_it(api_client_for, hr_lead, program_search, demo_source):
    client = api_client_for(hr_lead)
    url = f"{SEARCHES}{program_search.pk}/"

    changed = client.patch(url, {"sources": [demo_source.pk], "is_active": False}, format="json")
    program_search.refresh_from_db()

    assert changed.status_code == 200, changed.json()
    assert list(program_search.sources.all()) == [demo_source] and not program_search.is_active
    assert program_search.query == "mentoring"
    assert client.delete(url).status_code == 204
    assert not Search.objects.exists()


# --- running a search and its runs --------------------------------------------------------------


def test_run_now_answers_202_with_pending_results_then_the_run_shows_them(
    api_client_for, hr_lead, program_search, demo_source, upload_source
):
    client = api_client_for(hr_lead)

    response = client.post(f"{SEARCHES}{program_search.pk}/run/", {}, format="json")

    assert response.status_code == 202, response.json()
    run = SearchRun.objects.get()
    body = response.json()
    assert body["id"] == run.pk and body["status"] == "running" and body["search"] == program_search.pk
    assert body["url"].endswith(f"/api/v1/runs/{run.pk}/")
    assert response["Location"] == body["url"]
    detail = client.get(body["url"])
    assert detail.status_code == 200
    results = detail.json()["results"]
    assert [(r["source_name"], r["status"], r["fetched"], r["stored"]) for r in results] == [
        ("Demo feed", "pending", 0, 0),
        ("LinkedIn exports", "pending", 0, 0),
    ]
    assert set(results[0]) >= {"fetched", "new", "matched", "stored", "attempts", "duration_ms", "error"}
    assert client.get(f"{SEARCHES}{program_search.pk}/").json()["last_run_status"] == "running"


def test_a_second_run_while_one_is_running_is_a_409(api_client_for, hr_lead, program_search):
    services.run_start(search=program_search, actor=hr_lead)

    response = api_client_for(hr_lead).post(f"{SEARCHES}{program_search.pk}/run/", format="json")

    assert response.status_code == 409
    assert response.json()["error"]["message"] == services.MSG_RUN_RUNNING
    assert SearchRun.objects.count() == 1


def test_running_a_search_without_an_active_source_is_a_400(api_client_for, hr_lead, program_search):
    Source.objects.update(is_active=False)

    response = api_client_for(hr_lead).post(f"{SEARCHES}{program_search.pk}/run/", format="json")

    assert response.status_code == 400
    assert response.json()["error"]["message"] == services.MSG_NO_ACTIVE_SOURCE
    assert not SearchRun.objects.exists()


def test_runs_are_filtered_by_search_and_follow_search_visibility(
    api_client_for, hr_lead, contributor_a, contributor_b, program_search, pilot_b_search
):
    mine = services.run_start(search=program_search, actor=hr_lead)
    theirs = services.run_start(search=pilot_b_search, actor=hr_lead)

    assert ids(api_client_for(hr_lead).get(RUNS, {"search": pilot_b_search.pk})) == {theirs.pk}
    assert ids(api_client_for(contributor_a).get(RUNS)) == {mine.pk}
    assert ids(api_client_for(contributor_b).get(RUNS)) == {mine.pk, theirs.pk}
    assert api_client_for(contributor_a).get(f"{RUNS}{theirs.pk}/").status_code == 404
    assert api_client_for(hr_lead).get(RUNS, {"search": "x"}).status_code == 400


# --- sources ------------------------------------------------------------------------------------


def test_hr_lead_creates_a_bundled_source(api_client_for, hr_lead, venue):
    response = api_client_for(hr_lead).post(
        SOURCES, {"name": "Demo feed", "kind": "bundled", "config": DEMO_FEED, "venue": venue.pk}, format="json"
    )

    assert response.status_code == 201, response.json()
    source = Source.objects.get()
    assert (source.kind, source.config, source.venue, source.health) == ("bundled", DEMO_FEED, venue, "ok")
    assert response.json()["venue_name"] == "LinkedIn"


def test_a_bad_source_config_is_a_400_on_the_config_key(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post(
        SOURCES, {"name": "Demo feed", "kind": "bundled", "config": {"feed": "nope"}}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["config.feed"]
    assert not Source.objects.exists()


def test_an_unknown_source_kind_is_a_400(api_client_for, hr_lead):
    response = api_client_for(hr_lead).post(SOURCES, {"name": "X", "kind": "myspace"}, format="json")

    assert response.status_code == 400
    assert "kind" in response.json()["error"]["fields"]


@pytest.mark.parametrize("persona", ["contributor_a", "outsider", "manager"])
def test_only_hr_leads_see_sources(api_client_for, request, demo_source, persona):
    client = api_client_for(request.getfixturevalue(persona))

    assert client.get(SOURCES).status_code == 403
    assert client.get(f"{SOURCES}{demo_source.pk}/").status_code == 403


def test_hr_lead_resumes_a_paused_source(api_client_for, hr_lead, demo_source):
    Source.objects.filter(pk=demo_source.pk).update(health="paused", consecutive_failures=5, last_error="HTTP 500")

    response = api_client_for(hr_lead).post(f"{SOURCES}{demo_source.pk}/resume/", format="json")

    assert response.status_code == 200, response.json()
    demo_source.refresh_from_db()
    assert (demo_source.health, demo_source.consecutive_failures, demo_source.last_error) == ("ok", 0, "")
    assert response.json()["health"] == "ok"


def test_hr_lead_renames_and_deletes_a_source(api_client_for, hr_lead, demo_source):
    client = api_client_for(hr_lead)

    renamed = client.patch(f"{SOURCES}{demo_source.pk}/", {"name": "Shipped feed"}, format="json")
    demo_source.refresh_from_db()

    assert renamed.status_code == 200, renamed.json()
    assert (demo_source.name, demo_source.config) == ("Shipped feed", DEMO_FEED)
    assert client.delete(f"{SOURCES}{demo_source.pk}/").status_code == 204
    assert not Source.objects.exists()


def _upload(client, source, name: str, data: bytes):
    return client.post(
        f"{SOURCES}{source.pk}/upload/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
        format="multipart",
    )


def test_a_good_upload_is_imported_and_counted(api_client_for, hr_lead, upload_source):
    services.search_save(actor=hr_lead, name="Talk", query="mentoring OR hiring", sources=[upload_source])

    response = _upload(api_client_for(hr_lead), upload_source, "export.csv", (FIXTURES / "export.csv").read_bytes())

    assert response.status_code == 200, response.json()
    assert response.json() == {"rows": 3, "matched": 2, "stored": 2}
    stored = Conversation.objects.filter(source=upload_source)
    assert sorted(stored.values_list("external_id", flat=True)) == ["li-1001", "li-1002"]


def test_a_bad_upload_lists_every_bad_row_and_stores_nothing(api_client_for, hr_lead, upload_source):
    services.search_save(actor=hr_lead, name="Talk", query="fine OR row", sources=[upload_source])

    response = _upload(api_client_for(hr_lead), upload_source, "export.csv", (FIXTURES / "export_bad.csv").read_bytes())

    assert response.status_code == 400
    error = response.json()["error"]
    assert "4 row(s) have problems; nothing was imported" in error["message"]
    rows = error["fields"]["file"]
    assert len(rows) == 4
    assert rows[0] == "Row 3, text: The text is empty."
    assert any(r.startswith("Row 6, id:") for r in rows)
    assert not Conversation.objects.exists()
    assert not AuditEvent.objects.filter(verb="source.uploaded").exists()


def test_uploading_to_a_source_that_is_not_an_upload_source_is_a_400(api_client_for, hr_lead, demo_source):
    response = _upload(api_client_for(hr_lead), demo_source, "export.csv", (FIXTURES / "export.csv").read_bytes())

    assert response.status_code == 400
    assert "is not an upload source" in response.json()["error"]["message"]
    assert not Conversation.objects.exists()


def test_contributors_cannot_upload(api_client_for, contributor_a, upload_source):
    response = _upload(api_client_for(contributor_a), upload_source, "x.csv", (FIXTURES / "export.csv").read_bytes())

    assert response.status_code == 403
    assert not Conversation.objects.exists()


# --- conversations ------------------------------------------------------------------------------


def test_each_persona_sees_the_conversations_of_the_searches_they_may_see(
    api_client_for, hr_lead, contributor_a, contributor_b, outsider, conversations
):
    every = {c.pk for c in conversations.values()}
    program = {conversations["mentor"].pk, conversations["both"].pk}

    assert ids(api_client_for(hr_lead).get(CONVERSATIONS)) == every
    assert ids(api_client_for(contributor_b).get(CONVERSATIONS)) == every
    assert ids(api_client_for(contributor_a).get(CONVERSATIONS)) == program
    assert ids(api_client_for(outsider).get(CONVERSATIONS)) == program
    hidden = conversations["northwind"].pk
    assert api_client_for(contributor_a).get(f"{CONVERSATIONS}{hidden}/").status_code == 404


def test_a_conversation_has_plain_text_and_the_spans_of_the_searches_you_may_see(
    api_client_for, hr_lead, contributor_a, conversations, program_search, pilot_b_search
):
    both = conversations["both"]

    as_lead = api_client_for(hr_lead).get(f"{CONVERSATIONS}{both.pk}/").json()
    as_contributor = api_client_for(contributor_a).get(f"{CONVERSATIONS}{both.pk}/").json()

    assert (as_lead["title"], as_lead["text"]) == ("Mentoring", "Mentoring at Northwind, again")
    assert [(m["search_name"], m["spans"]) for m in as_lead["matches"]] == [
        ("Mentoring talk", [[0, 9], [11, 20]]),
        ("Northwind talk", [[24, 33]]),
    ]
    assert [m["search"] for m in as_contributor["matches"]] == [program_search.pk]
    assert as_lead["venue_name"] == "LinkedIn" and as_lead["source_name"] == "LinkedIn exports"
    assert "highlighted_html" not in as_lead


def test_conversation_filters(api_client_for, hr_lead, contributor_a, conversations, pilot_b_search, upload_source):
    mentor, northwind, both = conversations["mentor"], conversations["northwind"], conversations["both"]
    services.conversations_triage(actor=hr_lead, conversations=[northwind], status="relevant")
    services.conversations_assign(actor=hr_lead, conversations=[mentor], assignee=contributor_a)
    services.conversations_assign(actor=hr_lead, conversations=[both], assignee=hr_lead)
    lead = api_client_for(hr_lead)

    def listed(**params) -> set[int]:
        return ids(lead.get(CONVERSATIONS, params))

    assert listed(search=pilot_b_search.pk) == {northwind.pk, both.pk}
    assert listed(source=upload_source.pk) == {mentor.pk, northwind.pk, both.pk}
    assert listed(venue=upload_source.venue_id) == {mentor.pk, northwind.pk, both.pk}
    assert listed(venue="none") == set()
    assert listed(status="relevant") == {northwind.pk}
    assert listed(status="new") == {mentor.pk, both.pk}
    assert listed(assignee="me") == {both.pk}
    assert listed(assignee=contributor_a.pk) == {mentor.pk}
    assert listed(assignee="none") == {northwind.pk}
    assert listed(date_from=(T0 + DAY).date().isoformat()) == {northwind.pk, both.pk}
    assert listed(date_to=(T0 + 2 * DAY).date().isoformat()) == {mentor.pk, northwind.pk}
    assert listed(q="basel meetup") == {northwind.pk}
    assert listed(q="kim") == {both.pk}
    rows = lead.get(CONVERSATIONS).json()["results"]
    assert [r["id"] for r in rows] == [both.pk, northwind.pk, mentor.pk]  # newest post first


def test_a_contributor_cannot_filter_by_a_search_they_may_not_see(
    api_client_for, contributor_a, conversations, pilot_b_search
):
    assert ids(api_client_for(contributor_a).get(CONVERSATIONS, {"search": pilot_b_search.pk})) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"assignee": "somebody"},
        {"venue": "-1"},
        {"venue": "99999999999999999999"},
        {"status": "maybe"},
        {"date_from": "yesterday"},
        {"search": "1e30"},
    ],
)
def test_a_bad_conversation_filter_is_a_400(api_client_for, hr_lead, params):
    response = api_client_for(hr_lead).get(CONVERSATIONS, params)

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(params)


def test_contributor_triages_several_conversations_at_once(api_client_for, contributor_a, conversations):
    chosen = [conversations["mentor"].pk, conversations["both"].pk]

    response = api_client_for(contributor_a).post(
        f"{CONVERSATIONS}triage/", {"ids": chosen, "status": "relevant"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json() == {"count": 2, "ids": sorted(chosen)}
    triaged = Conversation.objects.filter(pk__in=chosen)
    assert {(c.status, c.triaged_by_id) for c in triaged} == {("relevant", contributor_a.pk)}
    assert Conversation.objects.get(external_id="northwind").status == "new"


def test_a_bulk_triage_naming_an_invisible_conversation_changes_nothing(api_client_for, contributor_a, conversations):
    chosen = [conversations["mentor"].pk, conversations["northwind"].pk]

    response = api_client_for(contributor_a).post(
        f"{CONVERSATIONS}triage/", {"ids": chosen, "status": "not_relevant"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert set(Conversation.objects.values_list("status", flat=True)) == {"new"}
    assert not AuditEvent.objects.filter(verb="conversation.triaged").exists()


@pytest.mark.parametrize(
    "body",
    [{"ids": [], "status": "relevant"}, {"ids": ["x"], "status": "relevant"}, {"ids": [1], "status": "maybe"}],
)
def test_a_bad_triage_is_a_400(api_client_for, hr_lead, conversations, body):
    response = api_client_for(hr_lead).post(f"{CONVERSATIONS}triage/", body, format="json")

    assert response.status_code == 400
    assert set(Conversation.objects.values_list("status", flat=True)) == {"new"}


def test_managers_cannot_triage(api_client_for, manager, conversations):
    response = api_client_for(manager).post(
        f"{CONVERSATIONS}triage/", {"ids": [conversations["mentor"].pk], "status": "relevant"}, format="json"
    )

    assert response.status_code == 403
    assert set(Conversation.objects.values_list("status", flat=True)) == {"new"}


def test_conversations_are_assigned_and_unassigned(api_client_for, contributor_a, hr_lead, conversations):
    mentor = conversations["mentor"]
    client = api_client_for(contributor_a)

    assigned = client.post(f"{CONVERSATIONS}assign/", {"ids": [mentor.pk], "assignee": hr_lead.pk}, format="json")
    mentor.refresh_from_db()
    assert assigned.status_code == 200, assigned.json()
    assert mentor.assignee == hr_lead

    cleared = client.post(f"{CONVERSATIONS}assign/", {"ids": [mentor.pk], "assignee": None}, format="json")
    mentor.refresh_from_db()
    assert cleared.status_code == 200
    assert mentor.assignee is None


def test_conversations_cannot_be_assigned_to_a_manager(api_client_for, hr_lead, manager, conversations):
    mentor = conversations["mentor"]

    response = api_client_for(hr_lead).post(
        f"{CONVERSATIONS}assign/", {"ids": [mentor.pk], "assignee": manager.pk}, format="json"
    )

    assert response.status_code == 400
    assert "assignee" in response.json()["error"]["fields"]
    mentor.refresh_from_db()
    assert mentor.assignee is None


def test_hr_lead_links_a_conversation_to_a_person_and_unlinks_it(api_client_for, hr_lead, conversations):
    mentor = conversations["mentor"]
    person = PersonFactory(first_name="Sam", last_name="Rivera")
    client = api_client_for(hr_lead)

    linked = client.post(f"{CONVERSATIONS}{mentor.pk}/link/", {"person": person.pk}, format="json")
    mentor.refresh_from_db()
    assert linked.status_code == 200, linked.json()
    assert mentor.person == person
    assert linked.json()["person_name"] == "Sam Rivera"

    unlinked = client.post(f"{CONVERSATIONS}{mentor.pk}/link/", {"person": None}, format="json")
    mentor.refresh_from_db()
    assert unlinked.status_code == 200
    assert mentor.person is None


def test_linking_needs_the_people_directory(api_client_for, outsider, conversations):
    mentor = conversations["mentor"]
    person = PersonFactory()

    response = api_client_for(outsider).post(f"{CONVERSATIONS}{mentor.pk}/link/", {"person": person.pk}, format="json")

    assert response.status_code == 403
    mentor.refresh_from_db()
    assert mentor.person is None


def test_linking_an_invisible_conversation_is_a_404(api_client_for, contributor_a, conversations):
    northwind = conversations["northwind"]

    response = api_client_for(contributor_a).post(
        f"{CONVERSATIONS}{northwind.pk}/link/", {"person": PersonFactory().pk}, format="json"
    )

    assert response.status_code == 404
    northwind.refresh_from_db()
    assert northwind.person is None


# --- query counts do not grow with rows ---------------------------------------------------------


def _add_families(n: int, ctx: dict) -> None:
    for _ in range(n):
        services.family_save(actor=ctx["hr_lead"], name=f"f{KeywordFamily.objects.count()}", terms=["x"])


def _add_searches(n: int, ctx: dict) -> None:
    for _ in range(n):
        search = services.search_save(
            actor=ctx["hr_lead"],
            name=f"S{Search.objects.count()}",
            query="mentoring",
            sources=[ctx["upload_source"]],
            pilot=ctx["pilot_a"],
        )
        services.run_start(search=search, actor=ctx["hr_lead"])


def _add_sources(n: int, ctx: dict) -> None:
    for _ in range(n):
        services.source_save(
            actor=ctx["hr_lead"], name=f"Src {Source.objects.count()}", kind="upload", config={}, venue=VenueFactory()
        )


def _add_conversations(n: int, ctx: dict) -> None:
    start = Conversation.objects.count()
    posts = [
        make_post(venue="upload", external_id=f"p{start + i}", text=f"mentoring northwind {i}", author="A")
        for i in range(n)
    ]
    services.posts_store(source=ctx["upload_source"], posts=posts)
    assignee = UserFactory(role=Role.CONTRIBUTOR)
    services.conversations_assign(
        actor=ctx["hr_lead"], conversations=list(Conversation.objects.all()), assignee=assignee
    )
    services.conversations_triage(
        actor=ctx["hr_lead"], conversations=list(Conversation.objects.all()), status="relevant"
    )
    person = PersonFactory()
    Conversation.objects.update(person=person)


COUNTED: list[tuple[str, str, Callable[[int, dict], None]]] = [
    ("families", FAMILIES, _add_families),
    ("searches", SEARCHES, _add_searches),
    ("runs", RUNS, _add_searches),
    ("conversations", CONVERSATIONS, _add_conversations),
]


@pytest.mark.parametrize(("name", "url", "add_rows"), COUNTED, ids=[row[0] for row in COUNTED])
@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a"])
def test_list_query_count_does_not_grow_with_rows(
    api_client_for,
    request,
    hr_lead,
    pilot_a,
    upload_source,
    program_search,
    pilot_b_search,
    django_assert_max_num_queries,
    name,
    url,
    add_rows,
    persona,
):
    ctx = {"hr_lead": hr_lead, "pilot_a": pilot_a, "upload_source": upload_source}
    client = api_client_for(request.getfixturevalue(persona))

    def measure() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page_size": 500})
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    add_rows(2, ctx)
    few_queries, few_rows = measure()
    add_rows(10, ctx)
    _, many_rows = measure()

    assert many_rows > few_rows
    with django_assert_max_num_queries(few_queries):
        assert client.get(url, {"page_size": 500}).status_code == 200


def test_source_list_query_count_does_not_grow_with_rows(api_client_for, hr_lead, django_assert_max_num_queries):
    ctx = {"hr_lead": hr_lead}
    client = api_client_for(hr_lead)
    _add_sources(2, ctx)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SOURCES).status_code == 200
    _add_sources(10, ctx)

    with django_assert_max_num_queries(len(queries)):
        response = client.get(SOURCES)
    assert response.json()["count"] == 12


def test_a_source_with_kept_conversations_is_not_deleted(api_client_for, hr_lead, conversations, upload_source):
    services.conversations_triage(actor=hr_lead, conversations=[conversations["mentor"]], status="relevant")

    response = api_client_for(hr_lead).delete(f"/api/v1/sources/{upload_source.pk}/")

    assert response.status_code == 409
    assert "deactivate it instead" in response.json()["error"]["message"]
    assert Conversation.objects.filter(pk=conversations["mentor"].pk).exists()


def test_assigning_to_a_missing_or_a_non_assignable_user_reads_the_same(
    api_client_for, hr_lead, manager, conversations
):
    """Whether the id is a manager, a deactivated contributor or nobody at all, the answer is the
    same 400 with the same message: the API does not reveal which user ids exist."""
    mentor = conversations["mentor"]
    gone = UserFactory(role=Role.CONTRIBUTOR, is_active=False)
    client = api_client_for(hr_lead)

    answers = [
        client.post(f"{CONVERSATIONS}assign/", {"ids": [mentor.pk], "assignee": pk}, format="json")
        for pk in (manager.pk, gone.pk, 2**31 - 1)
    ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert answers[0].json() == answers[1].json() == answers[2].json()
    assert answers[0].json()["error"]["fields"]["assignee"] == [services.MSG_ASSIGNEE]
    mentor.refresh_from_db()
    assert mentor.assignee is None


# --- reads of personal data are audited ---------------------------------------------------------


def test_listing_conversations_is_audited_once_per_request_with_its_filters(
    api_client_for, contributor_a, conversations
):
    """Conversations carry their authors' names and handles: each list request writes one audit
    event (not one per row) saying who listed them, with which filters, and how many rows."""
    client = api_client_for(contributor_a)

    response = client.get(CONVERSATIONS, {"q": "mentoring", "status": "new"})

    assert response.status_code == 200 and response.json()["count"] == 2
    (event,) = AuditEvent.objects.filter(verb="conversations.api_listed")
    assert event.actor == contributor_a
    assert event.data == {"filters": {"q": "mentoring", "status": "new"}, "rows": 2}
    assert event.person_id is None
    client.get(CONVERSATIONS, {"page": 2})  # a 404 page of nothing is not a read of personal data
    assert AuditEvent.objects.filter(verb="conversations.api_listed").count() == 1


def test_reading_the_conversations_of_one_person_is_audited_about_that_person(api_client_for, hr_lead, conversations):
    person = PersonFactory()
    services.conversation_link_person(actor=hr_lead, conversation=conversations["mentor"], person=person)
    client = api_client_for(hr_lead)

    listed = client.get(CONVERSATIONS, {"person": person.pk})
    one = client.get(f"{CONVERSATIONS}{conversations['mentor'].pk}/")

    assert [row["id"] for row in listed.json()["results"]] == [conversations["mentor"].pk]
    assert one.status_code == 200
    listed_event = AuditEvent.objects.get(verb="conversations.api_listed")
    viewed_event = AuditEvent.objects.get(verb="conversation.api_viewed")
    assert (listed_event.person_id, viewed_event.person_id) == (person.pk, person.pk)
    assert viewed_event.target_id == str(conversations["mentor"].pk)


def test_the_list_audit_keeps_a_bounded_copy_of_a_hostile_query_string(api_client_for, hr_lead, conversations):
    query = {f"{i}{'k' * 300}": "v" * 5000 for i in range(40)}

    response = api_client_for(hr_lead).get(CONVERSATIONS, {"status": "new", **query})

    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="conversations.api_listed")
    assert len(event.data["filters"]) == 20 and event.data["filters"]["status"] == "new"
    assert all(len(k) <= 200 and len(v) <= 200 for k, v in event.data["filters"].items())
