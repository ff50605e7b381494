"""The venue ranking (figures, order, follow-up columns, JSON for the chart, a fixed number of
queries) and spike detection, on small hand-made datasets with known answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from listening import registry, selectors, services
from listening.models import Conversation
from tests.listening.test_inbox import make_source, post, store
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory


@pytest.fixture(autouse=True)
def no_registered_followups(monkeypatch):
    """Each test starts with no follow-up counters, whatever the installed apps registered."""
    monkeypatch.setattr(registry, "_followups", {})


def triage(actor, conversations, status):
    services.conversations_triage(actor=actor, conversations=conversations, status=status)


@pytest.fixture
def dataset(hr_lead):
    """In the last 4 weeks, for candidate-profile searches:
    - Alpha: 22 conversations, 8 relevant (6 relevant + 2 engaged), 12 not relevant, 2 new
      -> quantity 8/4 = 2.0 a week, quality 8/20 = 0.4, score 0.8
    - Beta: 4 conversations, all relevant -> quantity 1.0, quality 1.0, score 1.0 (ranked first)
    - no venue: 2 conversations, 1 relevant, 1 new
    Beta also has a relevant profile conversation 6 weeks old (only in the 12-week period), and
    Alpha 3 relevant conversations of a topic search (only under "Business topic")."""
    alpha, beta = VenueFactory(name="Alpha"), VenueFactory(name="Beta")
    src_a = make_source(hr_lead, "Alpha feed", venue=alpha)
    src_b = make_source(hr_lead, "Beta feed", venue=beta)
    src_none = make_source(hr_lead, "Loose feed")
    services.search_save(
        actor=hr_lead, name="Profiles", query="python", purpose="profile", sources=[src_a, src_b, src_none]
    )
    services.search_save(actor=hr_lead, name="Topics", query="sales", purpose="topic", sources=[src_a])
    recent = timezone.now() - dt.timedelta(days=3)
    a = store(src_a, *[post(f"python alpha {i}", published_at=recent) for i in range(22)])
    triage(hr_lead, a[:6], "relevant")
    triage(hr_lead, a[6:8], "engaged")
    triage(hr_lead, a[8:20], "not_relevant")
    b = store(src_b, *[post(f"python beta {i}", published_at=recent) for i in range(4)])
    triage(hr_lead, b, "relevant")
    (old_b,) = store(src_b, post("python beta old", published_at=timezone.now() - dt.timedelta(weeks=6)))
    triage(hr_lead, [old_b], "relevant")
    loose = store(src_none, *[post(f"python loose {i}", published_at=recent) for i in range(2)])
    triage(hr_lead, loose[:1], "relevant")
    topics = store(src_a, *[post(f"sales talk {i}", published_at=recent) for i in range(3)])
    triage(hr_lead, topics, "relevant")
    return {"alpha": alpha, "beta": beta, "a": a, "b": b, "loose": loose, "src_a": src_a, "src_b": src_b}


def test_ranking_figures_and_order_on_a_known_dataset(client_for, hr_lead, dataset):
    data = client_for(hr_lead).get(reverse("listening:ranking_data"), {"purpose": "profile", "weeks": 4}).json()
    names = [v["name"] for v in data["venues"]]
    assert names == ["Beta", "Alpha"]  # Alpha has more relevant conversations, Beta far less noise
    beta, alpha = data["venues"]
    assert (beta["conversations"], beta["triaged"], beta["relevant"]) == (4, 4, 4)
    assert (beta["quantity"], beta["quality"], beta["score"]) == (1.0, 1.0, 1.0)
    assert (alpha["conversations"], alpha["triaged"], alpha["relevant"]) == (22, 20, 8)
    assert (alpha["quantity"], alpha["quality"], alpha["score"]) == (2.0, 0.4, 0.8)
    assert data["no_venue"]["relevant"] == 1 and data["no_venue"]["conversations"] == 2


def test_ranking_period_and_purpose_change_what_is_counted(client_for, hr_lead, dataset):
    client = client_for(hr_lead)
    longer = client.get(reverse("listening:ranking_data"), {"purpose": "profile", "weeks": 12}).json()
    beta = next(v for v in longer["venues"] if v["name"] == "Beta")
    assert beta["relevant"] == 5 and beta["quantity"] == round(5 / 12, 3)
    topic = client.get(reverse("listening:ranking_data"), {"purpose": "topic", "weeks": 4}).json()
    assert [(v["name"], v["relevant"], v["quantity"]) for v in topic["venues"]] == [("Alpha", 3, 0.75)]
    assert topic["no_venue"] is None


def test_ranking_page_shows_the_table_the_score_rule_and_the_chart_source(client_for, hr_lead, dataset):
    response = client_for(hr_lead).get(reverse("listening:ranking"), {"purpose": "profile", "weeks": "4"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(">Beta<") < html.index(">Alpha<")
    assert "Score = quantity × quality" in html
    assert f'data-ranking-data="{reverse("listening:ranking_data")}?purpose=profile&amp;weeks=4"' in html
    assert "js/ranking.js" in html and "chart.umd.min.js" in html and "<script>" not in html
    assert "No follow-ups" in html and "40 %" in html


def test_ranking_sums_each_registered_followup_over_the_people_linked(client_for, hr_lead, dataset):
    ada, bo = PersonFactory(), PersonFactory()
    for conversation, person in [
        (dataset["a"][0], ada),
        (dataset["a"][1], ada),
        (dataset["b"][0], ada),
        (dataset["a"][2], bo),
    ]:
        services.conversation_link_person(actor=hr_lead, conversation=conversation, person=person)
    calls = []

    def hires(person_ids, *, start, end, pilot_ids):
        calls.append((sorted(person_ids), pilot_ids))
        return {pid: 1 for pid in person_ids}

    registry.register_followup(key="hires", label="Hires", counter=hires)
    registry.register_followup(key="intros", label="Introductions", counter=lambda ids, **window: {ada.pk: 3})
    client = client_for(hr_lead)
    data = client.get(reverse("listening:ranking_data"), {"weeks": 4}).json()
    assert data["followups"] == [{"key": "hires", "label": "Hires"}, {"key": "intros", "label": "Introductions"}]
    by_name = {v["name"]: v for v in data["venues"]}
    assert by_name["Alpha"]["people"] == 2 and by_name["Alpha"]["followups"] == {"hires": 2, "intros": 3}
    assert by_name["Beta"]["people"] == 1 and by_name["Beta"]["followups"] == {"hires": 1, "intros": 3}
    assert calls == [(sorted([ada.pk, bo.pk]), None)]  # once per page, every linked person, every pilot (HR)
    html = client.get(reverse("listening:ranking"), {"weeks": 4}).content.decode()
    assert '<th scope="col">Hires</th>' in html and '<th scope="col">Introductions</th>' in html


def test_ranking_runs_the_same_number_of_queries_for_two_or_six_venues(client_for, hr_lead, dataset):
    registry.register_followup(key="hires", label="Hires", counter=lambda ids, **window: {})
    client = client_for(hr_lead)
    url = reverse("listening:ranking_data")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"weeks": 4}).status_code == 200
        return len(ctx.captured_queries)

    services.conversation_link_person(actor=hr_lead, conversation=dataset["a"][0], person=PersonFactory())
    before = queries()
    profiles = dataset["src_a"].searches.get(name="Profiles")
    for n in range(4):
        src = make_source(hr_lead, f"Extra {n}", venue=VenueFactory(name=f"Extra {n}"))
        services.search_save(
            actor=hr_lead, search=profiles, name="Profiles", query="python", sources=[*profiles.sources.all(), src]
        )
        extra = store(src, post(f"python extra {n}", published_at=timezone.now() - dt.timedelta(days=1)))
        services.conversation_link_person(actor=hr_lead, conversation=extra[0], person=PersonFactory())
    assert len(client.get(url, {"weeks": 4}).json()["venues"]) == 6
    assert queries() == before


def test_ranking_json_shape(client_for, hr_lead, dataset):
    data = client_for(hr_lead).get(reverse("listening:ranking_data"), {"purpose": "nonsense", "weeks": "7"}).json()
    assert data["purpose"] == "profile" and data["weeks"] == 12  # bad values fall back to the defaults
    assert set(data) == {"purpose", "weeks", "start", "end", "score", "followups", "venues", "no_venue"}
    assert set(data["venues"][0]) == {
        "venue_id",
        "name",
        "kind",
        "conversations",
        "triaged",
        "relevant",
        "quantity",
        "quality",
        "score",
        "people",
        "followups",
    }


def test_a_contributor_ranks_only_the_conversations_they_may_see(client_for, hr_lead, contributor_a, pilot_b, dataset):
    hidden_venue = VenueFactory(name="Hidden")
    src = make_source(hr_lead, "Pilot B feed", venue=hidden_venue)
    services.search_save(actor=hr_lead, name="Pilot B profiles", query="python", sources=[src], pilot=pilot_b)
    triage(hr_lead, store(src, post("python pilot b", published_at=timezone.now())), "relevant")
    url = reverse("listening:ranking_data")
    assert "Hidden" in {v["name"] for v in client_for(hr_lead).get(url, {"weeks": 4}).json()["venues"]}
    assert "Hidden" not in {v["name"] for v in client_for(contributor_a).get(url, {"weeks": 4}).json()["venues"]}


def test_ranking_access(client_for, manager, contributor_a, dataset):
    for name in ("listening:ranking", "listening:ranking_data"):
        assert client_for(None).get(reverse(name)).status_code == 302
        assert client_for(manager).get(reverse(name)).status_code == 403
        assert client_for(contributor_a).get(reverse(name)).status_code == 200


def test_empty_ranking_says_how_to_fill_it(client_for, hr_lead):
    html = client_for(hr_lead).get(reverse("listening:ranking")).content.decode()
    assert "Nothing to rank yet" in html


# --- spikes --------------------------------------------------------------------------------------


def test_is_spike_uses_mean_plus_three_sigma_of_at_least_four_weeks():
    assert selectors.is_spike([10, 12, 11, 9, 10], 30)[0] is True
    assert selectors.is_spike([10, 12, 11, 9, 10], 13)[0] is False  # 13 < 10.4 + 3 * 1.02
    assert selectors.is_spike([10, 12, 11, 9, 10, 30], 14)[0] is False
    assert selectors.is_spike([10, 12, 11], 300)[0] is False  # too little history


MONDAY = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)  # a Monday


def _week(n):
    return MONDAY + dt.timedelta(weeks=n, days=2)


@pytest.fixture
def spike_source(hr_lead):
    src = make_source(hr_lead, "Spike feed")
    search = services.search_save(actor=hr_lead, name="Spiky", query="python", sources=[src])
    return src, search


def _found(source, week, count):
    store(source, *[post(f"python w{week} n{i}") for i in range(count)], now=_week(week))


def test_a_week_far_above_the_norm_is_flagged_and_a_normal_week_after_it_is_not(spike_source):
    src, search = spike_source
    for week, count in enumerate([10, 12, 11, 9, 10, 30]):
        _found(src, week, count)
    (spike,) = selectors.search_spikes(now=_week(6))
    assert (spike.search_id, spike.count, spike.week_start) == (search.pk, 30, _week(5).date() - dt.timedelta(days=2))
    assert round(spike.mean, 1) == 10.4
    _found(src, 6, 14)
    assert selectors.search_spikes(now=_week(7)) == []  # 14 against 10, 12, 11, 9, 10, 30


def test_no_spike_with_fewer_than_four_previous_weeks(spike_source):
    src, _ = spike_source
    for week, count in enumerate([1, 1, 1, 30]):
        _found(src, week, count)
    assert selectors.search_spikes(now=_week(4)) == []


def test_weeks_without_conversations_count_as_zero(spike_source):
    src, search = spike_source
    _found(src, 0, 5)
    _found(src, 4, 8)  # weeks 1-3 had none: previous weeks are 5, 0, 0, 0 -> threshold 7.75
    assert [s.search_id for s in selectors.search_spikes(now=_week(5))] == [search.pk]
    assert selectors.search_spikes(now=_week(6)) == []  # the latest complete week (5) had none


def test_spikes_are_limited_to_the_searches_a_contributor_may_see(spike_source, contributor_a, hr_lead, pilot_b):
    src, search = spike_source
    services.search_save(actor=hr_lead, search=search, name="Spiky", query="python", sources=[src], pilot=pilot_b)
    for week, count in enumerate([10, 12, 11, 9, 10, 30]):
        _found(src, week, count)
    assert len(selectors.spikes_for_user(hr_lead, now=_week(6))) == 1
    assert selectors.spikes_for_user(contributor_a, now=_week(6)) == []


def test_ranking_page_shows_the_spike_banner(client_for, hr_lead, spike_source):
    src, _ = spike_source
    this_monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    for weeks_back, count in zip(range(6, 0, -1), [10, 12, 11, 9, 10, 30], strict=True):
        when = dt.datetime.combine(this_monday - dt.timedelta(weeks=weeks_back, days=-1), dt.time(12), tzinfo=dt.UTC)
        store(src, *[post(f"python {weeks_back} {i}") for i in range(count)], now=when)
    html = client_for(hr_lead).get(reverse("listening:ranking")).content.decode()
    assert "Unusual activity" in html and "Spiky" in html
    assert Conversation.objects.count() == 82
