"""Listening services: families, searches and their schedule, runs that store each conversation
once, failing sources, triage and retention. Sources here use a fake connector registered for the
test, so no HTTP is involved (the real connectors are tested against a local server elsewhere)."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from django_celery_beat.models import PeriodicTask

from accounts.models import AuditEvent
from core.errors import ConflictError, ForbiddenError
from listening import selectors, services
from listening.connectors import CONNECTORS, FetchError, FetchResult, make_post
from listening.models import Conversation, ConversationMatch, KeywordFamily, Search, SearchRun, SearchRunSource, Source
from listening.query import QuerySyntaxError
from tests.people.factories import PersonFactory

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


class FakeConnector(types.SimpleNamespace):
    """Serves config["posts"] (a list of (id, text)) or fails as config["fail"] says."""

    KIND = "fake"
    LABEL = "Fake"
    calls: list[dict] = []

    @staticmethod
    def validate_config(config):
        return dict(config)

    @classmethod
    def fetch(cls, config, *, state, client):
        cls.calls.append(dict(state))
        if config.get("fail") == "transient":
            raise FetchError("Server error 503", transient=True, code="http_status")
        if config.get("fail") == "permanent":
            raise FetchError("Not a feed", transient=False, code="not_a_feed")
        posts = [make_post(venue="fake", external_id=pid, text=text) for pid, text in config.get("posts", [])]
        return FetchResult(posts=posts, state={"etag": "v1"})


@pytest.fixture(autouse=True)
def fake_connector(monkeypatch):
    FakeConnector.calls = []
    monkeypatch.setitem(CONNECTORS, "fake", FakeConnector)


POSTS = [
    ("1", "We are hiring a Python developer in Zürich"),
    ("2", "Lunch menu for Friday"),
    ("3", "Senior python engineer looking for a new role"),
]


@pytest.fixture
def source(hr_lead):
    return services.source_save(actor=hr_lead, name="Fake feed", kind="fake", config={"posts": POSTS})


@pytest.fixture
def search(hr_lead, source):
    return services.search_save(actor=hr_lead, name="Python people", query="python", sources=[source])


def test_family_terms_are_checked_and_referenced_families_cannot_be_deleted(hr_lead, source):
    family = services.family_save(
        actor=hr_lead, name="Py-Devs", terms=["python", '"django developer"', "pyth*", "python"]
    )
    assert family.name == "py-devs" and family.terms == ["python", '"django developer"', "pyth*"]
    services.search_save(actor=hr_lead, name="Uses family", query="@py-devs NOT recruiter", sources=[source])
    with pytest.raises(ConflictError, match="Uses family"):
        services.family_delete(actor=hr_lead, family=family)
    assert KeywordFamily.objects.filter(pk=family.pk).exists()


def test_a_family_term_without_letters_is_refused(hr_lead):
    with pytest.raises(services.ListeningError, match="contains no letter or digit") as exc:
        services.family_save(actor=hr_lead, name="bad", terms=["python", "***"])
    assert "terms" in exc.value.fields
    assert not KeywordFamily.objects.exists()


def test_a_bad_query_is_refused_with_its_column_and_nothing_is_saved(hr_lead, source):
    with pytest.raises(QuerySyntaxError) as exc:
        services.search_save(actor=hr_lead, name="Broken", query="(python OR django))", sources=[source])
    assert exc.value.message == "unexpected ')' at column 19"
    with pytest.raises(QuerySyntaxError, match="unknown keyword family '@nobody' at column 8"):
        services.search_save(actor=hr_lead, name="Broken", query="python @nobody", sources=[source])
    assert not Search.objects.exists()


def test_a_schedule_is_kept_in_step_with_celery_beat(hr_lead, source):
    search = services.search_save(actor=hr_lead, name="Every 6 h", query="python", sources=[source], schedule_hours=6)
    task = PeriodicTask.objects.get(pk=search.periodic_task_id)
    assert (task.task, task.interval.every, task.args, task.enabled) == (
        "listening.run_search",
        6,
        f"[{search.pk}]",
        True,
    )
    services.search_save(
        actor=hr_lead, search=search, name="Every 6 h", query="python", sources=[source], schedule_hours=None
    )
    assert not PeriodicTask.objects.filter(pk=task.pk).exists()


def test_contributors_cannot_change_searches(contributor_a, source):
    with pytest.raises(ForbiddenError):
        services.search_save(actor=contributor_a, name="Mine", query="python", sources=[source])


@pytest.fixture
def eager_celery(monkeypatch):
    from alumni_program.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)


@pytest.mark.django_db(transaction=True)
def test_a_run_stores_matching_posts_once_and_records_counts(hr_lead, search, source, eager_celery):
    run = services.run_start(search=search, actor=hr_lead)  # eager Celery runs the fetch on commit
    run.refresh_from_db()
    result = run.results.get()
    assert run.status == SearchRun.Status.DONE
    assert (result.status, result.fetched, result.matched, result.stored) == ("done", 3, 2, 2)
    assert set(Conversation.objects.values_list("external_id", flat=True)) == {"1", "3"}
    match = ConversationMatch.objects.get(conversation__external_id="1")
    text = Conversation.objects.get(external_id="1").text
    assert [text[a:b] for a, b in match.spans] == ["Python"]
    source.refresh_from_db()
    assert source.state == {"etag": "v1"}

    again = services.run_start(search=search, actor=hr_lead)
    assert again.results.get().stored == 0
    assert Conversation.objects.count() == 2
    assert FakeConnector.calls[-1] == {"etag": "v1"}  # the stored state goes back to the connector


def test_running_the_same_result_twice_is_harmless(hr_lead, search, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_start(search=search, actor=hr_lead)
    result = run.results.get()
    services.run_fetch_source(result_id=result.pk, now=NOW)
    services.run_fetch_source(result_id=result.pk, now=NOW)
    assert len(FakeConnector.calls) == 1
    assert Conversation.objects.count() == 2


def test_a_transient_error_asks_for_a_retry_then_fails_on_the_last_attempt(hr_lead, django_capture_on_commit_callbacks):
    broken = services.source_save(actor=hr_lead, name="Flaky", kind="fake", config={"fail": "transient"})
    search = services.search_save(actor=hr_lead, name="Flaky search", query="python", sources=[broken])
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_start(search=search, actor=hr_lead)
    result = run.results.get()
    with pytest.raises(services.RetryLater):
        services.run_fetch_source(result_id=result.pk)
    result.refresh_from_db()
    assert result.status == SearchRunSource.Status.RETRYING
    services.run_fetch_source(result_id=result.pk, final_attempt=True)
    result.refresh_from_db()
    run.refresh_from_db()
    assert (result.status, result.error, run.status) == ("failed", "Server error 503", "failed")


def test_one_broken_source_does_not_stop_the_other(hr_lead, source, django_capture_on_commit_callbacks):
    broken = services.source_save(actor=hr_lead, name="Broken", kind="fake", config={"fail": "permanent"})
    search = services.search_save(actor=hr_lead, name="Both", query="python", sources=[source, broken])
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_start(search=search, actor=hr_lead)
    for result in run.results.all():
        services.run_fetch_source(result_id=result.pk)
    run.refresh_from_db()
    assert run.status == SearchRun.Status.PARTIAL
    assert run.results.get(source=broken).error == "Not a feed"
    assert Conversation.objects.filter(source=source).count() == 2


def test_a_source_that_keeps_failing_is_paused_and_skipped(hr_lead, django_capture_on_commit_callbacks):
    broken = services.source_save(actor=hr_lead, name="Dead", kind="fake", config={"fail": "permanent"})
    search = services.search_save(actor=hr_lead, name="Dead search", query="python", sources=[broken])
    for _ in range(services.PAUSE_AFTER_FAILURES):
        with django_capture_on_commit_callbacks(execute=False):
            run = services.run_start(search=search, actor=hr_lead)
        services.run_fetch_source(result_id=run.results.get().pk)
    broken.refresh_from_db()
    assert broken.health == Source.Health.PAUSED
    with pytest.raises(services.ListeningError, match="no active source"):
        services.run_start(search=search, actor=hr_lead)
    services.source_resume(actor=hr_lead, source=broken)
    broken.refresh_from_db()
    assert (broken.health, broken.consecutive_failures) == ("ok", 0)


def test_a_second_run_is_refused_while_one_is_running(hr_lead, search, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        services.run_start(search=search, actor=hr_lead)
    with pytest.raises(ConflictError, match="already running"):
        services.run_start(search=search, actor=hr_lead)


def test_html_in_posts_is_stored_as_plain_text(hr_lead, source):
    post = make_post(venue="fake", external_id="x", html="<p>Python <script>alert(1)</script><b>dev</b></p>")
    services.posts_store(source=source, posts=[post])
    services.search_save(actor=hr_lead, name="p", query="python", sources=[source])
    services.posts_store(source=source, posts=[post])
    stored = Conversation.objects.get(external_id="x")
    assert "<" not in stored.text and "alert(1)" not in stored.text
    assert "Python" in stored.text


def test_triage_assign_and_link_are_audited(hr_lead, contributor_a, search, source):
    services.posts_store(source=source, posts=[make_post(venue="fake", external_id="9", text="python jobs")])
    conversation = Conversation.objects.get()
    services.conversations_triage(actor=contributor_a, conversations=[conversation], status="relevant")
    services.conversations_assign(actor=hr_lead, conversations=[conversation], assignee=contributor_a)
    person = PersonFactory()
    services.conversation_link_person(actor=contributor_a, conversation=conversation, person=person)
    conversation.refresh_from_db()
    assert (conversation.status, conversation.assignee, conversation.person) == ("relevant", contributor_a, person)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"conversation.triaged", "conversation.assigned", "conversation.linked"} <= verbs


def test_bad_triage_status_and_assignee_are_refused(hr_lead, manager, search, source):
    services.posts_store(source=source, posts=[make_post(venue="fake", external_id="9", text="python jobs")])
    conversation = Conversation.objects.get()
    with pytest.raises(services.ListeningError, match="Unknown status"):
        services.conversations_triage(actor=hr_lead, conversations=[conversation], status="maybe")
    with pytest.raises(services.ListeningError, match="assigned to HR leads and contributors"):
        services.conversations_assign(actor=hr_lead, conversations=[conversation], assignee=manager)
    with pytest.raises(ForbiddenError):
        services.conversations_triage(actor=manager, conversations=[conversation], status="relevant")
    conversation.refresh_from_db()
    assert conversation.status == "new" and conversation.assignee is None


def test_retention_purges_only_untouched_old_conversations(hr_lead, search, source):
    posts = [make_post(venue="fake", external_id=str(i), text=f"python post {i}") for i in range(4)]
    services.posts_store(source=source, posts=posts, now=NOW - dt.timedelta(days=120))
    old = {c.external_id: c for c in Conversation.objects.all()}
    services.conversations_triage(actor=hr_lead, conversations=[old["0"]], status="relevant")
    services.conversations_triage(actor=hr_lead, conversations=[old["1"]], status="not_relevant")
    services.conversation_link_person(actor=hr_lead, conversation=old["2"], person=PersonFactory())
    services.posts_store(source=source, posts=[make_post(venue="fake", external_id="new", text="python")], now=NOW)

    assert services.conversations_purge(now=NOW, days=90) == 2  # "1" (not relevant) and "3" (new)
    assert set(Conversation.objects.values_list("external_id", flat=True)) == {"0", "2", "new"}


def test_an_author_is_matched_to_a_person_by_handle(hr_lead, search, source):
    from people.models import SocialHandle

    person = PersonFactory()
    SocialHandle.objects.create(person=person, venue_kind="mastodon", handle="ada@fosstodon.org")
    post = make_post(venue="fake", external_id="h", text="python", author_handle="@ada@fosstodon.org")
    services.posts_store(source=source, posts=[post])
    assert selectors.person_matching_author(Conversation.objects.get()) == person


def test_a_run_left_behind_by_a_dead_worker_is_resumed_and_completes(hr_lead, search, monkeypatch):
    """acks_late redelivers a task whose worker died; the beat task also re-enqueues results left
    running or pending for too long, and finishing them completes the run once."""
    from listening import tasks

    sent = []
    monkeypatch.setattr(tasks.fetch_source, "apply_async", lambda args, kwargs=None, **options: sent.append(args[0]))
    run = services.run_start(search=search, actor=hr_lead, now=NOW - dt.timedelta(hours=1))
    result = run.results.get()
    SearchRunSource.objects.filter(pk=result.pk).update(status=SearchRunSource.Status.RUNNING)  # worker died here

    assert services.run_resume_stale(now=NOW) == 1
    assert sent[-1] == result.pk
    services.run_fetch_source(result_id=result.pk, now=NOW)
    run.refresh_from_db()
    assert run.status == SearchRun.Status.DONE
    assert Conversation.objects.count() == 2
    assert services.run_resume_stale(now=NOW) == 0


def test_a_broker_outage_leaves_the_run_waiting_with_the_reason(
    hr_lead, search, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from listening import tasks

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.fetch_source, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(search=search, actor=hr_lead)
    result = run.results.get()
    assert (result.status, result.error) == ("pending", services.MSG_BROKER_DOWN)


def test_two_sources_finishing_at_once_close_the_run(hr_lead, source, django_capture_on_commit_callbacks):
    """Each source's transaction locks the run before reading the others' status; the second one
    to finish therefore sees the first and closes the run. Here the two finish one after the other
    in one thread; the lock is what makes the same hold when they overlap."""
    other = services.source_save(actor=hr_lead, name="Second", kind="fake", config={"posts": POSTS})
    search = services.search_save(actor=hr_lead, name="Two", query="python", sources=[source, other])
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_start(search=search, actor=hr_lead)
    first, second = run.results.all()
    services.run_fetch_source(result_id=first.pk)
    run.refresh_from_db()
    assert run.status == SearchRun.Status.RUNNING
    services.run_fetch_source(result_id=second.pk)
    run.refresh_from_db()
    assert run.status == SearchRun.Status.DONE


def test_a_run_whose_rows_all_finished_but_stayed_open_is_closed_by_the_sweep(hr_lead, search):
    run = services.run_start(search=search, actor=hr_lead, now=NOW - dt.timedelta(hours=1))
    SearchRunSource.objects.filter(run=run).update(status=SearchRunSource.Status.DONE)
    services.run_resume_stale(now=NOW)
    run.refresh_from_db()
    assert run.status == SearchRun.Status.DONE


def test_an_unexpected_error_fails_the_source_instead_of_leaving_the_run_open(
    hr_lead, search, monkeypatch, django_capture_on_commit_callbacks
):
    def explode(config, *, state, client):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(FakeConnector, "fetch", staticmethod(explode))
    with django_capture_on_commit_callbacks(execute=False):
        run = services.run_start(search=search, actor=hr_lead)
    services.run_fetch_source(result_id=run.results.get().pk)
    run.refresh_from_db()
    result = run.results.get()
    assert (run.status, result.status, result.error) == ("failed", "failed", services.MSG_UNEXPECTED)


def test_new_counts_posts_not_seen_before_matched_or_not(hr_lead, search, source):
    first = services.posts_store(
        source=source, posts=[make_post(venue="fake", external_id=i, text=t) for i, t in POSTS]
    )
    again = services.posts_store(
        source=source, posts=[make_post(venue="fake", external_id=i, text=t) for i, t in POSTS]
    )
    assert (first.matched, first.stored, first.new) == (2, 2, 3)
    assert (again.matched, again.stored, again.new) == (2, 0, 1)  # the lunch menu was never stored


def test_a_source_with_conversations_worth_keeping_cannot_be_deleted(hr_lead, search, source):
    services.posts_store(source=source, posts=[make_post(venue="fake", external_id="1", text="python")])
    services.conversations_triage(actor=hr_lead, conversations=list(Conversation.objects.all()), status="relevant")
    with pytest.raises(ConflictError, match="deactivate it instead"):
        services.source_delete(actor=hr_lead, source=source)
    assert Conversation.objects.count() == 1


def test_dates_python_cannot_hold_in_utc_become_no_date():
    from listening.connectors import parse_datetime

    assert parse_datetime("0001-01-01T00:00:00+14:00") is None
    assert parse_datetime("9999-12-31T23:59:59-12:00") is None
    post = make_post(
        venue="fake",
        external_id="x",
        text="t",
        published_at=dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=5))),
    )
    assert post.published_at is None
