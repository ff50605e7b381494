"""The listening setup pages: keyword families, searches (Run now and the run's progress) and
sources (with uploads), through their URLs, for each persona."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from listening import services
from listening.models import Conversation, KeywordFamily, Search, SearchRun, SearchRunSource, Source

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_FEED = {"feed": "talent-and-alumni"}


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def demo_source(hr_lead):
    return services.source_save(actor=hr_lead, name="Demo feed", kind="bundled", config=DEMO_FEED)


@pytest.fixture
def search(hr_lead, demo_source):
    """A program-wide search: every contributor may see it."""
    return services.search_save(actor=hr_lead, name="Python people", query="python", sources=[demo_source])


@pytest.fixture
def pilot_b_search(hr_lead, demo_source, pilot_b):
    """A search of pilot B: contributor_b sees it, contributor_a and the outsider do not."""
    return services.search_save(
        actor=hr_lead, name="Consulting alumni talk", query="northwind", sources=[demo_source], pilot=pilot_b
    )


@pytest.fixture
def run(hr_lead, search):
    return services.run_start(search=search, actor=hr_lead)


@pytest.fixture
def family(hr_lead):
    return services.family_save(actor=hr_lead, name="python-devs", terms=["python", "django"])


@pytest.fixture
def upload_source(hr_lead):
    source = services.source_save(actor=hr_lead, name="LinkedIn export", kind="upload", config={})
    services.search_save(actor=hr_lead, name="Mentoring talk", query="mentoring OR hiring", sources=[source])
    return source


# --- keyword families ---------------------------------------------------------------------------


def test_hr_lead_creates_a_family_with_one_term_per_line(client_for, hr_lead):
    response = client_for(hr_lead).post(
        reverse("listening:family_create"),
        {"name": "@sre", "purpose": "profile", "terms": 'sre\r\n"site reliability"\r\n\r\nreliabil*\r\n'},
    )
    assert response.status_code == 302
    assert response.url == reverse("listening:family_list")
    family = KeywordFamily.objects.get()
    assert (family.name, family.terms, family.created_by) == (
        "sre",
        ["sre", '"site reliability"', "reliabil*"],
        hr_lead,
    )


def test_a_family_term_without_letters_is_shown_on_the_terms_field(client_for, hr_lead):
    response = client_for(hr_lead).post(
        reverse("listening:family_create"), {"name": "bad", "purpose": "profile", "terms": "python\n!!!"}
    )
    assert response.status_code == 400
    assert "contains no letter or digit" in " ".join(response.context["form"].errors["terms"])
    assert "python\n!!!" in text_of(response)  # what was typed is not lost
    assert not KeywordFamily.objects.exists()


def test_family_list_shows_term_count_and_the_searches_using_it(client_for, hr_lead, family, demo_source):
    services.search_save(actor=hr_lead, name="Devs", query="@python-devs hiring", sources=[demo_source])
    response = client_for(hr_lead).get(reverse("listening:family_list"))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row["term_count"], [s.name for s in row["searches"]]) == (2, ["Devs"])
    assert "@python-devs" in text_of(response)


def test_hr_lead_edits_a_family(client_for, hr_lead, family):
    response = client_for(hr_lead).post(
        reverse("listening:family_edit", args=[family.pk]),
        {"name": "python-devs", "purpose": "topic", "terms": "python\npydata"},
    )
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.purpose, family.terms) == ("topic", ["python", "pydata"])


def test_a_family_used_by_a_search_is_not_deleted_and_the_service_says_why(client_for, hr_lead, family, demo_source):
    services.search_save(actor=hr_lead, name="Devs", query="@python-devs", sources=[demo_source])
    client = client_for(hr_lead)
    confirm = client.get(reverse("listening:family_delete", args=[family.pk]))
    assert "is in use" in text_of(confirm)
    response = client.post(reverse("listening:family_delete", args=[family.pk]), follow=True)
    assert "@python-devs is used by: Devs" in " ".join(messages_of(response))
    assert KeywordFamily.objects.filter(pk=family.pk).exists()


def test_an_unused_family_is_deleted(client_for, hr_lead, family):
    response = client_for(hr_lead).post(reverse("listening:family_delete", args=[family.pk]))
    assert response.status_code == 302
    assert not KeywordFamily.objects.exists()


# --- searches -----------------------------------------------------------------------------------


def search_data(source: Source, **overrides) -> dict:
    data = {
        "name": "SRE candidates",
        "purpose": "profile",
        "query": '("site reliability" OR sre) AND hiring',
        "sources": [source.pk],
        "pilot": "",
        "schedule_hours": "6",
        "is_active": "on",
        "digest": "on",
    }
    return {**data, **overrides}


def test_hr_lead_creates_a_scheduled_search_and_opts_in_to_its_digest(client_for, hr_lead, demo_source):
    response = client_for(hr_lead).post(reverse("listening:search_create"), search_data(demo_source))
    search = Search.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("listening:search_detail", args=[search.pk])
    assert (search.name, search.schedule_hours, search.is_active) == ("SRE candidates", 6, True)
    assert list(search.sources.all()) == [demo_source]
    assert list(search.digest_opt_in.all()) == [hr_lead]
    assert PeriodicTask.objects.filter(pk=search.periodic_task_id, interval__every=6).exists()


def test_a_bad_query_shows_the_parsers_column_and_a_caret_and_nothing_is_saved(client_for, hr_lead, demo_source):
    response = client_for(hr_lead).post(
        reverse("listening:search_create"), search_data(demo_source, query="pythons AND java)")
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "unexpected ')' at column 17" in page
    assert "pythons AND java)\n" + " " * 16 + "^</code></pre>" in page
    assert "pythons AND java)</textarea>" in page  # what was typed is shown again
    assert not Search.objects.exists()
    assert not PeriodicTask.objects.exists()


def test_the_caret_points_into_the_right_line_of_a_multiline_query(client_for, hr_lead, demo_source):
    response = client_for(hr_lead).post(
        reverse("listening:search_create"), search_data(demo_source, query="python\r\nAND (java))")
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "unexpected ')' at column 18" in page
    assert "Line 2:" in page
    assert "AND (java))\n" + " " * 10 + "^</code></pre>" in page


def test_an_unknown_family_is_refused_and_flagged_below_the_query(client_for, hr_lead, demo_source, family):
    response = client_for(hr_lead).post(
        reverse("listening:search_create"), search_data(demo_source, query="@python-devs AND @nope")
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "unknown keyword family '@nope' at column 18" in page
    assert "no such family" in page
    assert reverse("listening:family_edit", args=[family.pk]) in page  # the known one is linked
    assert not Search.objects.exists()


def test_a_search_without_sources_is_refused_on_the_sources_field(client_for, hr_lead, demo_source):
    data = search_data(demo_source)
    del data["sources"]
    response = client_for(hr_lead).post(reverse("listening:search_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["sources"] == ["Choose at least one source to search."]
    assert not Search.objects.exists()


def test_hr_lead_edits_a_search_and_clears_its_schedule(client_for, hr_lead, search, demo_source):
    response = client_for(hr_lead).post(
        reverse("listening:search_edit", args=[search.pk]),
        search_data(demo_source, name="Python people", query="python OR django", schedule_hours="", digest=""),
    )
    assert response.status_code == 302
    search.refresh_from_db()
    assert (search.query, search.schedule_hours, search.periodic_task_id) == ("python OR django", None, None)
    assert not search.digest_opt_in.exists()


def test_search_list_shows_last_run_counts_and_conversations(client_for, hr_lead, search, run):
    result = run.results.get()
    services.run_fetch_source(result_id=result.pk)
    result.refresh_from_db()
    response = client_for(hr_lead).get(reverse("listening:search_list"))
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["last_run"].pk == run.pk
    assert row["last_run"].total_stored == result.stored > 0
    assert row["search"].conversation_count == result.stored
    assert f"{result.fetched} read, {result.matched} matched, {result.stored} added to the inbox" in text_of(response)


def test_search_detail_shows_query_sources_runs_and_links_to_the_inbox(client_for, hr_lead, search, run):
    response = client_for(hr_lead).get(reverse("listening:search_detail", args=[search.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "Demo feed" in page and reverse("listening:run_detail", args=[run.pk]) in page
    assert f'href="{reverse("listening:index")}?search={search.pk}"' in response.content.decode()


def test_hr_lead_deletes_a_search_and_its_schedule(client_for, hr_lead, demo_source):
    search = services.search_save(
        actor=hr_lead, name="Scheduled", query="python", sources=[demo_source], schedule_hours=12
    )
    response = client_for(hr_lead).post(reverse("listening:search_delete", args=[search.pk]))
    assert response.status_code == 302
    assert not Search.objects.exists()
    assert not PeriodicTask.objects.filter(name__startswith="listening:").exists()


# --- run now and the run page -------------------------------------------------------------------


def test_run_now_redirects_at_once_to_a_run_page_that_polls_until_done(client_for, hr_lead, search):
    client = client_for(hr_lead)
    response = client.post(reverse("listening:search_run", args=[search.pk]))
    run = SearchRun.objects.get(search=search)
    assert response.status_code == 302
    assert response.url == reverse("listening:run_detail", args=[run.pk])
    result = run.results.get()
    assert (run.status, result.status) == ("running", "pending")  # no worker in tests: nothing ran

    page = client.get(response.url)
    assert page.status_code == 200
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert reverse("listening:run_status", args=[run.pk]) in page.content.decode()
    assert "Waiting" in text_of(page)

    services.run_fetch_source(result_id=result.pk)
    result.refresh_from_db()
    fragment = client.get(reverse("listening:run_status", args=[run.pk]))
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "hx-trigger" not in body and "hx-get" not in body  # finished: the polling stops
    assert "<html" not in body and "{#" not in body and "comment %}" not in body  # a clean fragment
    assert 'data-status="done"' in body
    assert result.fetched == 12 and result.stored > 0
    labels = ("Posts read", "Not in the inbox before", "Matched this search", "Added to the inbox")
    numbers = (result.fetched, result.new, result.matched, result.stored)
    cells = [f'<td data-label="{label}">{n}</td>' for label, n in zip(labels, numbers, strict=True)]
    assert "".join(cells) in body.replace("\n", "").replace("        ", "")
    assert f"{result.stored} were new and added to the inbox" in html.unescape(body)


def test_run_now_while_a_run_is_going_shows_a_message_not_an_error(client_for, hr_lead, search, run):
    response = client_for(hr_lead).post(reverse("listening:search_run", args=[search.pk]), follow=True)
    assert response.status_code == 200
    assert "already running" in " ".join(messages_of(response))
    assert response.redirect_chain[-1][0] == reverse("listening:run_detail", args=[run.pk])
    assert SearchRun.objects.count() == 1


def test_run_now_without_an_active_source_shows_a_message(client_for, hr_lead, search, demo_source):
    Source.objects.filter(pk=demo_source.pk).update(is_active=False)
    response = client_for(hr_lead).post(reverse("listening:search_run", args=[search.pk]), follow=True)
    assert response.status_code == 200
    assert services.MSG_NO_ACTIVE_SOURCE in messages_of(response)
    assert not SearchRun.objects.exists()


def test_a_run_left_waiting_says_the_worker_may_be_down(client_for, hr_lead, search, run):
    import datetime as dt

    SearchRun.objects.filter(pk=run.pk).update(started_at=run.started_at - dt.timedelta(minutes=5))
    fragment = client_for(hr_lead).get(reverse("listening:run_status", args=[run.pk]))
    assert "message broker unreachable" in text_of(fragment)
    assert 'hx-trigger="every 2s"' in fragment.content.decode()


# --- sources ------------------------------------------------------------------------------------


def test_hr_lead_adds_the_shipped_demo_feed_as_a_source(client_for, hr_lead):
    response = client_for(hr_lead).post(
        reverse("listening:source_create"),
        {
            "name": "Demo",
            "kind": "bundled",
            "bundled__feed": "talent-and-alumni",
            "rss__url": "ignored",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.kind, source.config, source.is_active) == ("bundled", DEMO_FEED, True)


def test_hr_lead_adds_a_mastodon_tag_source_with_its_defaults(client_for, hr_lead):
    response = client_for(hr_lead).post(
        reverse("listening:source_create"),
        {
            "name": "Hiring toots",
            "kind": "mastodon",
            "mastodon__instance": "https://mastodon.social/",
            "mastodon__tag": "#hiring",
        },
    )
    assert response.status_code == 302
    assert Source.objects.get().config == {
        "instance": "https://mastodon.social",
        "tag": "hiring",
        "account": "",
        "limit": 40,
    }


def test_a_config_error_from_the_connector_lands_on_its_field(client_for, hr_lead):
    response = client_for(hr_lead).post(
        reverse("listening:source_create"),
        {"name": "Toots", "kind": "mastodon", "mastodon__instance": "mastodon.social", "mastodon__limit": "500"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["mastodon__instance"] == ["Enter a full web address starting with http:// or https://."]
    assert errors["mastodon__limit"] == ["Enter a whole number between 1 and 40."]
    assert errors["mastodon__tag"] == ["Enter a hashtag or an account."]
    assert not Source.objects.exists()


def test_the_source_form_shows_every_kind_without_javascript_and_one_kind_on_change(client_for, hr_lead):
    client = client_for(hr_lead)
    page = client.get(reverse("listening:source_create")).content.decode()
    assert all(
        f'name="{name}"' in page for name in ("rss__url", "mastodon__instance", "reddit__subreddit", "bundled__feed")
    )
    fragment = client.get(reverse("listening:source_create"), {"kind": "reddit"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert 'name="reddit__subreddit"' in body and 'name="rss__url"' not in body and "<html" not in body


def test_hr_lead_edits_a_source_and_sees_its_settings(client_for, hr_lead, demo_source):
    client = client_for(hr_lead)
    page = client.get(reverse("listening:source_edit", args=[demo_source.pk]))
    assert page.context["form"]["bundled__feed"].value() == "talent-and-alumni"
    response = client.post(
        reverse("listening:source_edit", args=[demo_source.pk]),
        {"name": "Demo feed (renamed)", "kind": "bundled", "bundled__feed": "talent-and-alumni"},
    )
    assert response.status_code == 302
    demo_source.refresh_from_db()
    assert (demo_source.name, demo_source.is_active) == ("Demo feed (renamed)", False)


def test_a_paused_source_is_resumed(client_for, hr_lead, demo_source):
    Source.objects.filter(pk=demo_source.pk).update(health="paused", consecutive_failures=5, last_error="HTTP 500")
    page = client_for(hr_lead).get(reverse("listening:source_list"))
    assert "HTTP 500" in text_of(page) and reverse("listening:source_resume", args=[demo_source.pk]) in text_of(page)
    response = client_for(hr_lead).post(reverse("listening:source_resume", args=[demo_source.pk]))
    assert response.status_code == 302
    demo_source.refresh_from_db()
    assert (demo_source.health, demo_source.consecutive_failures, demo_source.last_error) == ("ok", 0, "")


def test_hr_lead_deletes_a_source(client_for, hr_lead, demo_source):
    response = client_for(hr_lead).post(reverse("listening:source_delete", args=[demo_source.pk]))
    assert response.status_code == 302
    assert not Source.objects.exists()


def test_a_good_upload_is_imported_and_the_counts_are_reported(client_for, hr_lead, upload_source):
    data = (FIXTURES / "export.csv").read_bytes()
    response = client_for(hr_lead).post(
        reverse("listening:source_upload", args=[upload_source.pk]),
        {"file": SimpleUploadedFile("export.csv", data, content_type="text/csv")},
        follow=True,
    )
    assert response.status_code == 200
    stored = Conversation.objects.filter(source=upload_source)
    assert sorted(stored.values_list("external_id", flat=True)) == ["li-1001", "li-1002"]
    assert messages_of(response) == [
        "Read 3 rows from export.csv: 2 matched an active search reading this source; 2 were new and added to the inbox."
    ]


def test_a_bad_upload_lists_every_bad_row_and_stores_nothing(client_for, hr_lead, upload_source):
    data = (FIXTURES / "export_bad.csv").read_bytes()
    response = client_for(hr_lead).post(
        reverse("listening:source_upload", args=[upload_source.pk]),
        {"file": SimpleUploadedFile("export.csv", data, content_type="text/csv")},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "4 row(s) have problems; nothing was imported" in page
    for line in (
        "<li>Row 3, text: The text is empty.</li>",
        "<li>Row 4, url: Not a web address starting with http:// or https://.</li>",
        "<li>Row 5, published_at: Not a date we understand",
        "<li>Row 6, id: The same id is already on row 2.</li>",
    ):
        assert line in page
    assert not Conversation.objects.exists()


def test_upload_is_only_for_upload_sources(client_for, hr_lead, demo_source):
    response = client_for(hr_lead).get(reverse("listening:source_upload", args=[demo_source.pk]), follow=True)
    assert "is not an upload source" in " ".join(messages_of(response))


# --- escaping -----------------------------------------------------------------------------------


def test_html_in_source_and_search_names_is_escaped(client_for, hr_lead):
    source = services.source_save(actor=hr_lead, name="<script>alert(1)</script>", kind="bundled", config=DEMO_FEED)
    search = services.search_save(actor=hr_lead, name="<b>bold</b> search", query="python", sources=[source])
    run = services.run_start(search=search, actor=hr_lead)
    client = client_for(hr_lead)
    for url in (
        reverse("listening:source_list"),
        reverse("listening:search_list"),
        reverse("listening:search_detail", args=[search.pk]),
        reverse("listening:search_edit", args=[search.pk]),
        reverse("listening:run_detail", args=[run.pk]),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body, url
        assert "<b>bold</b>" not in body, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body or "&lt;b&gt;bold&lt;/b&gt;" in body, url


# --- the digest ---------------------------------------------------------------------------------


def test_a_contributor_opts_in_and_out_of_a_search_digest(client_for, contributor_a, search):
    client = client_for(contributor_a)
    response = client.post(reverse("listening:search_digest", args=[search.pk]), {"digest": "on"})
    assert response.status_code == 302
    assert list(search.digest_opt_in.all()) == [contributor_a]
    client.post(reverse("listening:search_digest", args=[search.pk]), {})
    assert not search.digest_opt_in.exists()


def test_a_contributor_cannot_opt_in_to_another_pilots_search(client_for, contributor_a, pilot_b_search):
    response = client_for(contributor_a).post(
        reverse("listening:search_digest", args=[pilot_b_search.pk]), {"digest": "on"}
    )
    assert response.status_code == 404
    assert not pilot_b_search.digest_opt_in.exists()


# --- access -------------------------------------------------------------------------------------

HR_ONLY_PAGES = [
    ("listening:family_list", None),
    ("listening:family_create", None),
    ("listening:family_edit", "family"),
    ("listening:family_delete", "family"),
    ("listening:search_create", None),
    ("listening:search_edit", "search"),
    ("listening:search_delete", "search"),
    ("listening:source_list", None),
    ("listening:source_create", None),
    ("listening:source_edit", "demo_source"),
    ("listening:source_delete", "demo_source"),
    ("listening:source_upload", "upload_source"),
]
READER_PAGES = [
    ("listening:search_list", None),
    ("listening:search_detail", "search"),
    ("listening:run_detail", "run"),
    ("listening:run_status", "run"),
]


def url_for(request, name: str, fixture: str | None) -> str:
    return reverse(name, args=[request.getfixturevalue(fixture).pk] if fixture else None)


@pytest.mark.parametrize(("name", "fixture"), HR_ONLY_PAGES)
def test_hr_lead_opens_every_setup_page(request, client_for, hr_lead, name, fixture):
    assert client_for(hr_lead).get(url_for(request, name, fixture)).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), HR_ONLY_PAGES)
@pytest.mark.parametrize("persona", ["contributor_a", "manager", "outsider"])
def test_only_hr_leads_open_the_setup_pages(request, client_for, persona, name, fixture):
    url = url_for(request, name, fixture)
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 403


@pytest.mark.parametrize(("name", "fixture"), HR_ONLY_PAGES + READER_PAGES)
def test_anonymous_users_are_sent_to_log_in(request, client_for, name, fixture):
    response = client_for(None).get(url_for(request, name, fixture))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "fixture"), READER_PAGES)
@pytest.mark.parametrize("persona", ["hr_lead", "contributor_a", "outsider"])
def test_readers_see_program_wide_searches_and_their_runs(request, client_for, persona, name, fixture):
    url = url_for(request, name, fixture)
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 200


@pytest.mark.parametrize(("name", "fixture"), READER_PAGES)
def test_managers_have_no_listening_pages(request, client_for, manager, name, fixture):
    assert client_for(manager).get(url_for(request, name, fixture)).status_code == 403


@pytest.mark.parametrize("persona", ["contributor_a", "outsider"])
def test_contributors_do_not_see_other_pilots_searches_or_runs(request, client_for, hr_lead, pilot_b_search, persona):
    run = services.run_start(search=pilot_b_search, actor=hr_lead)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("listening:search_detail", args=[pilot_b_search.pk])).status_code == 404
    assert client.get(reverse("listening:run_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("listening:run_status", args=[run.pk])).status_code == 404
    assert "Consulting alumni talk" not in client.get(reverse("listening:search_list")).content.decode()


def test_the_pilots_contributor_sees_the_pilots_search(client_for, contributor_b, pilot_b_search):
    response = client_for(contributor_b).get(reverse("listening:search_detail", args=[pilot_b_search.pk]))
    assert response.status_code == 200
    assert "Run now" not in response.content.decode()  # reading, not running


def test_contributors_cannot_run_or_change_searches(client_for, contributor_a, search, demo_source):
    client = client_for(contributor_a)
    assert client.post(reverse("listening:search_run", args=[search.pk])).status_code == 403
    assert client.post(reverse("listening:search_create"), search_data(demo_source)).status_code == 403
    assert client.post(reverse("listening:search_edit", args=[search.pk]), search_data(demo_source)).status_code == 403
    assert client.post(reverse("listening:search_delete", args=[search.pk])).status_code == 403
    assert client.post(reverse("listening:source_resume", args=[demo_source.pk])).status_code == 403
    assert not SearchRun.objects.exists()
    assert list(Search.objects.values_list("name", flat=True)) == ["Python people"]
    assert Search.objects.get().query == "python"


def test_managers_and_anonymous_users_cannot_run_a_search(client_for, manager, search):
    assert client_for(manager).post(reverse("listening:search_run", args=[search.pk])).status_code == 403
    anonymous = client_for(None).post(reverse("listening:search_run", args=[search.pk]))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("account_login"))
    assert not SearchRun.objects.exists()


def test_run_now_is_post_only(client_for, hr_lead, search):
    assert client_for(hr_lead).get(reverse("listening:search_run", args=[search.pk])).status_code == 405
    assert not SearchRunSource.objects.exists()


def test_listening_templates_get_flags_from_views_instead_of_checking_roles():
    """What a user may do reaches the templates as flags (can_setup, …) computed by
    listening.access; a template that compares roles itself would drift from the rule."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR) / "templates" / "listening"
    offending = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if any(check in path.read_text() for check in ("is_hr_lead", "is_contributor", "is_manager", "user.role"))
    ]
    assert offending == []
