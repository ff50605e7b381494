"""Each listening connector against recorded-shape fixture responses served on loopback."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from listening import connectors
from listening.connectors import (
    CONNECTORS,
    ConnectorConfigError,
    FetchResult,
    Post,
    UnknownConnectorError,
    bluesky,
    get_connector,
    hackernews,
    jsonfeed,
    make_post,
    mastodon,
    reddit,
    rss,
    upload,
    youtube,
)
from listening.http import FetchError, HttpClient, reset_pacing
from listening.sanitize import TEXT_MAX_CHARS, clean_url, html_to_text

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str):
    return json.loads(fixture_bytes(name))


@pytest.fixture(autouse=True)
def listening_settings(settings):
    settings.LISTENING_ALLOW_PRIVATE_ADDRESSES = True
    settings.LISTENING_HOST_INTERVAL_SECONDS = 0
    reset_pacing()


@pytest.fixture
def client():
    return HttpClient(timeout=3, connect_timeout=1)


def assert_inert(posts: list[Post]) -> None:
    for post in posts:
        for value in (post.text, post.title, post.author, post.author_handle):
            assert "<script" not in value and "alert(" not in value and "onerror" not in value, value
        for link in (post.url, post.author_url):
            assert link == "" or link.startswith(("http://", "https://"))


# --- registry and common shape ----------------------------------------------------------------------


def test_registry_lists_every_kind_with_the_common_interface():
    assert set(CONNECTORS) == {
        "rss",
        "jsonfeed",
        "mastodon",
        "bluesky",
        "reddit",
        "hackernews",
        "youtube",
        "upload",
        "bundled",
    }
    for kind, module in CONNECTORS.items():
        assert kind == module.KIND
        assert module.LABEL
        assert callable(module.validate_config) and callable(module.fetch)
    assert get_connector("mastodon") is mastodon
    assert ("rss", rss.LABEL) in connectors.connector_choices()


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(UnknownConnectorError) as caught:
        get_connector("myspace")
    assert "myspace" in str(caught.value)


def test_make_post_turns_html_into_capped_plain_text():
    post = make_post(
        venue="rss",
        external_id="  id-1 ",
        html="<p>Hi <b>there</b></p><script>steal()</script><style>p{}</style>" + "a" * (TEXT_MAX_CHARS + 50),
        url="javascript:alert(1)",
        title="<i>Title</i>\x00",
        author="Ann\x07 Lee",
        published_at=datetime(2024, 1, 1, 12, 0),  # naive: taken as UTC
    )
    assert post.external_id == "id-1"
    assert post.text.startswith("Hi there\n\n")
    assert "steal" not in post.text and "p{}" not in post.text
    assert len(post.text) == TEXT_MAX_CHARS
    assert post.url == ""
    assert post.title == "Title"
    assert post.author == "Ann Lee"
    assert post.published_at == datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def test_html_to_text_leaves_only_inert_text():
    payload = '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">click</a> 1 &lt; 2 &amp;&amp; <svg onload=alert(3)>'
    assert html_to_text(payload) == "click 1 < 2 &&"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.example/", "https://a b.example/", ""]
)
def test_clean_url_keeps_only_http_links(url):
    assert clean_url(url) == ""


# --- RSS / Atom ------------------------------------------------------------------------------------


def test_rss_feed_becomes_sanitized_posts(httpserver, client):
    httpserver.expect_request("/feed.xml").respond_with_data(
        fixture_bytes("feed.rss"), content_type="application/rss+xml", headers={"ETag": '"v1"'}
    )
    url = httpserver.url_for("/feed.xml")
    result = rss.fetch({"url": url}, state={}, client=client)
    assert isinstance(result, FetchResult) and result.not_modified is False
    assert [p.external_id for p in result.posts] == [
        "careers-example-2024-0042",
        "https://careers.example.org/posts/boomerang",
        "https://careers.example.org/podcast/17",
    ]
    first, second, title_only = result.posts
    assert first.venue == "rss"
    assert first.text == "Former colleagues are the best source of hires.\n\nHere is what we learned & measured."
    assert first.author == "Priya Natarajan"
    assert first.published_at == datetime(2024, 5, 7, 9, 30, tzinfo=UTC)
    assert first.language == "en-gb"
    assert second.text.startswith("Rehiring\n\nNearly one in five")  # content:encoded beats the summary
    assert title_only.text == "Podcast: the exit interview that wasn't"
    assert_inert(result.posts)
    assert result.state == {"url": url, "etag": '"v1"', "last_modified": ""}


def test_atom_feed_with_html_and_text_content(httpserver, client):
    httpserver.expect_request("/atom").respond_with_data(
        fixture_bytes("feed.atom"), content_type="application/atom+xml"
    )
    result = rss.fetch({"url": httpserver.url_for("/atom")}, state={}, client=client)
    german, plain = result.posts
    assert german.title == "Treffen in München & Berlin"
    assert german.text == "Wir suchen Ehemalige für Mentoring."
    assert german.author_url == "https://alumni.example.de/people/jonas"
    assert german.published_at == datetime(2024, 4, 29, 6, 0, tzinfo=UTC)
    assert german.language == "de"
    assert plain.text == "Compare a < b and b > c."  # plain text is not parsed as HTML


def test_feed_not_modified_on_304(httpserver, client):
    url = httpserver.url_for("/feed.xml")
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    state = {"url": url, "etag": '"v1"', "last_modified": ""}
    result = rss.fetch({"url": url}, state=state, client=client)
    assert result.not_modified is True
    assert result.posts == []
    assert result.state == state


def test_malformed_xml_is_a_permanent_not_a_feed_error(httpserver, client):
    httpserver.expect_request("/bad").respond_with_data(fixture_bytes("malformed.xml"), content_type="application/xml")
    with pytest.raises(FetchError) as caught:
        rss.fetch({"url": httpserver.url_for("/bad")}, state={}, client=client)
    assert caught.value.code == "not_a_feed"
    assert caught.value.transient is False


def test_an_html_page_is_not_a_feed(httpserver, client):
    httpserver.expect_request("/page").respond_with_data(fixture_bytes("not_a_feed.html"), content_type="text/html")
    with pytest.raises(FetchError, match="not return an RSS or Atom feed"):
        rss.fetch({"url": httpserver.url_for("/page")}, state={}, client=client)


def test_a_sloppy_feed_that_still_has_entries_is_accepted(httpserver, client):
    httpserver.expect_request("/sloppy").respond_with_data(
        fixture_bytes("bozo_with_entries.rss"), content_type="application/rss+xml"
    )
    result = rss.fetch({"url": httpserver.url_for("/sloppy")}, state={}, client=client)
    assert [p.title for p in result.posts] == ["Still readable"]


def _many_tiny_items(count: int, *, atom: bool = False) -> bytes:
    """A feed just under the size cap made of ``count`` tiny entries: cheap in bytes, costly to parse."""
    if atom:
        entries = "".join(f"<entry><id>urn:{i}</id><title>python {i}</title></entry>" for i in range(count))
        return (
            f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{entries}</feed>'.encode()
        )
    items = "".join(f"<item><guid>urn:item:{i}</guid><title>python {i}</title></item>" for i in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


@pytest.mark.parametrize("atom", [False, True], ids=["rss", "atom"])
def test_a_feed_with_tens_of_thousands_of_tiny_items_is_read_up_to_the_entry_cap(httpserver, client, atom, monkeypatch):
    """The size cap bounds the bytes, not the parsing: 60,000 tiny items cost feedparser tens of
    seconds of CPU (bench/feeds.py). Only the first MAX_ENTRIES reach the parser, and the run says so."""
    body = _many_tiny_items(60_000, atom=atom)
    assert len(body) < 5 * 1024 * 1024
    content_type = "application/atom+xml" if atom else "application/rss+xml"
    httpserver.expect_request("/big.xml").respond_with_data(body, content_type=content_type)

    parsed = []
    real_parse = rss.feedparser.parse

    def counting_parse(*args, **kwargs):
        feed = real_parse(*args, **kwargs)
        parsed.append(len(feed.entries))
        return feed

    monkeypatch.setattr(rss.feedparser, "parse", counting_parse)

    result = rss.fetch({"url": httpserver.url_for("/big.xml")}, state={}, client=client)

    assert parsed == [rss.MAX_ENTRIES]  # feedparser never saw the other 59,500
    assert len(result.posts) == rss.MAX_ENTRIES
    assert [p.external_id for p in result.posts[:2]] == (["urn:0", "urn:1"] if atom else ["urn:item:0", "urn:item:1"])
    assert result.messages == [rss.MSG_ENTRIES_CUT.format(limit=rss.MAX_ENTRIES)]


def test_a_feed_of_a_few_entries_made_of_countless_tags_is_cut_at_the_tag_budget(httpserver, client):
    """The budget counts tags too: a few entries carrying tens of thousands of empty tags each are
    cut before the entry that goes over it."""
    filler = "<x/>" * (rss.MAX_TAGS * 2 // 3)
    items = "".join(f"<item><guid>urn:item:{i}</guid><title>python {i}</title>{filler}</item>" for i in range(3))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()
    httpserver.expect_request("/tags.xml").respond_with_data(body, content_type="application/rss+xml")

    result = rss.fetch({"url": httpserver.url_for("/tags.xml")}, state={}, client=client)

    assert [p.external_id for p in result.posts] == ["urn:item:0"]
    assert result.messages == [rss.MSG_TAGS_CUT.format(limit=rss.MAX_TAGS, read=1)]


def test_feed_server_error_is_transient(httpserver, client):
    httpserver.expect_request("/feed").respond_with_data("", status=503)
    with pytest.raises(FetchError) as caught:
        rss.fetch({"url": httpserver.url_for("/feed")}, state={}, client=client)
    assert caught.value.transient is True


@pytest.mark.parametrize(
    ("config", "message"),
    [({}, "required"), ({"url": "feeds.example.com/rss"}, "http"), ({"url": "file:///etc/passwd"}, "http")],
)
def test_rss_config_needs_a_web_address(config, message):
    with pytest.raises(ConnectorConfigError) as caught:
        rss.validate_config(config)
    assert message in caught.value.fields["url"][0]


# --- JSON Feed -------------------------------------------------------------------------------------


def test_json_feed_items_become_posts(httpserver, client):
    httpserver.expect_request("/feed.json").respond_with_data(
        fixture_bytes("feed.json"), content_type="application/feed+json"
    )
    result = jsonfeed.fetch({"url": httpserver.url_for("/feed.json")}, state={}, client=client)
    first, second = result.posts
    assert result.skipped == 1  # the item without an id
    assert first.external_id == "2024-05-03-introductions"
    assert first.text == "Alumni made three introductions."
    assert first.author == "Lena Fischer"
    assert first.language == "en-US"
    assert second.external_id == "1017"
    assert second.text == "A plain text item: 5 < 7 and that's fine."
    assert second.author == "Digest Team"  # feed-level author
    assert second.published_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert_inert(result.posts)


@pytest.mark.parametrize("body", [b"{broken", b'{"version": "1", "items": []}', b"[1, 2]"])
def test_json_feed_that_is_not_one_is_a_permanent_error(httpserver, client, body):
    httpserver.expect_request("/feed.json").respond_with_data(body, content_type="application/json")
    with pytest.raises(FetchError) as caught:
        jsonfeed.fetch({"url": httpserver.url_for("/feed.json")}, state={}, client=client)
    assert caught.value.code == "not_a_feed"
    assert caught.value.transient is False


# --- Mastodon --------------------------------------------------------------------------------------


def test_mastodon_tag_timeline(httpserver, client):
    httpserver.expect_ordered_request("/api/v1/timelines/tag/hiring", query_string={"limit": "40"}).respond_with_json(
        fixture_json("mastodon_tag.json")
    )
    httpserver.expect_ordered_request(
        "/api/v1/timelines/tag/hiring", query_string={"limit": "40", "since_id": "112345678901234568"}
    ).respond_with_json([])
    config = mastodon.validate_config({"instance": httpserver.url_for("/"), "tag": "#hiring"})
    assert config["tag"] == "hiring"

    result = mastodon.fetch(config, state={}, client=client)
    kim, ana = result.posts
    assert kim.external_id == "https://fosstodon.example/users/kim/statuses/112345678901234568"
    assert kim.text == "We are #hiring Rust engineers!\n\nPing me if interested."
    assert kim.author == "Kim Lee :verified:"
    assert kim.author_handle == "@kim@fosstodon.example"
    assert kim.url == "https://fosstodon.example/@kim/112345678901234568"
    assert kim.published_at == datetime(2024, 5, 7, 12, 1, 2, tzinfo=UTC)
    assert ana.title == "job market rant"
    assert ana.author == "ana"
    assert ana.author_handle.startswith("@ana@")  # local account gets the instance's host
    assert ana.language == "de"
    assert_inert(result.posts)
    assert result.state["since_id"] == "112345678901234568"

    again = mastodon.fetch(config, state=result.state, client=client)
    assert again.posts == []
    assert again.state["since_id"] == "112345678901234568"
    httpserver.check_assertions()


def test_mastodon_account_statuses_look_up_the_account_once(httpserver, client):
    httpserver.expect_oneshot_request("/api/v1/accounts/lookup", query_string={"acct": "ana"}).respond_with_json(
        fixture_json("mastodon_lookup.json")
    )
    httpserver.expect_request("/api/v1/accounts/42/statuses").respond_with_json(fixture_json("mastodon_account.json"))
    config = mastodon.validate_config({"instance": httpserver.url_for(""), "account": "@ana"})
    result = mastodon.fetch(config, state={}, client=client)
    assert [p.text for p in result.posts] == ["Ex-colegas: encontro em Lisboa na sexta!"]
    assert result.state["account_id"] == "42"
    request, _ = httpserver.log[-1]
    assert request.args["exclude_reblogs"] == "true"
    mastodon.fetch(config, state=result.state, client=client)  # no second lookup (oneshot would 500)
    assert httpserver.log[-1][0].args["since_id"] == "112000000000000001"


def test_mastodon_unknown_account_is_a_clear_permanent_error(httpserver, client):
    httpserver.expect_request("/api/v1/accounts/lookup").respond_with_json({"error": "Record not found"}, status=404)
    config = mastodon.validate_config({"instance": httpserver.url_for(""), "account": "nobody"})
    with pytest.raises(FetchError) as caught:
        mastodon.fetch(config, state={}, client=client)
    assert caught.value.message == mastodon.MSG_NO_ACCOUNT
    assert caught.value.transient is False


def test_mastodon_malformed_json_is_a_permanent_error(httpserver, client):
    httpserver.expect_request("/api/v1/timelines/tag/jobs").respond_with_data("[{", content_type="application/json")
    config = mastodon.validate_config({"instance": httpserver.url_for(""), "tag": "jobs"})
    with pytest.raises(FetchError) as caught:
        mastodon.fetch(config, state={}, client=client)
    assert caught.value.code == "bad_content" and caught.value.transient is False


@pytest.mark.parametrize(
    ("config", "field", "message"),
    [
        ({"tag": "x"}, "instance", "required"),
        ({"instance": "https://mastodon.social"}, "tag", "hashtag or an account"),
        ({"instance": "https://mastodon.social", "tag": "a", "account": "b"}, "account", "not both"),
        ({"instance": "https://mastodon.social", "tag": "no spaces"}, "tag", "letters"),
        ({"instance": "https://mastodon.social/?x=1", "tag": "a"}, "instance", "without a query"),
        ({"instance": "https://mastodon.social", "tag": "a", "limit": 500}, "limit", "between 1 and 40"),
    ],
)
def test_mastodon_config_errors(config, field, message):
    with pytest.raises(ConnectorConfigError) as caught:
        mastodon.validate_config(config)
    assert message in " ".join(caught.value.fields[field])


# --- Bluesky ---------------------------------------------------------------------------------------


def test_bluesky_search(httpserver, client):
    httpserver.expect_request(
        "/xrpc/app.bsky.feed.searchPosts", query_string={"q": "alumni mentor", "sort": "latest", "limit": "50"}
    ).respond_with_json(fixture_json("bluesky_search.json"))
    config = bluesky.validate_config({"query": "alumni mentor", "base_url": httpserver.url_for("/xrpc")})
    result = bluesky.fetch(config, state={}, client=client)
    maria, tom = result.posts
    assert result.skipped == 1  # the empty post
    assert maria.external_id == "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3kqxyzabc2s2a"
    assert maria.url == "https://bsky.app/profile/maria.bsky.social/post/3kqxyzabc2s2a"
    assert maria.text == "Looking for alumni of <b>Acme</b> to mentor juniors. DM me!"  # plain text, kept verbatim
    assert maria.author == "Maria Santos" and maria.author_handle == "@maria.bsky.social"
    assert maria.language == "en"
    assert tom.author == "tom.example.com"
    assert result.state == {"query": "alumni mentor", "since": "2024-05-06T17:20:12.456000Z"}


def test_bluesky_sends_since_on_the_next_run(httpserver, client):
    httpserver.expect_request(
        "/xrpc/app.bsky.feed.searchPosts",
        query_string={"q": "x", "sort": "latest", "limit": "50", "since": "2024-05-06T17:20:12Z"},
    ).respond_with_json({"posts": []})
    config = bluesky.validate_config({"query": "x", "base_url": httpserver.url_for("/xrpc")})
    result = bluesky.fetch(config, state={"query": "x", "since": "2024-05-06T17:20:12Z"}, client=client)
    assert result.posts == [] and result.state["since"] == "2024-05-06T17:20:12Z"


def test_bluesky_config_defaults_to_the_public_appview_and_needs_a_query():
    assert bluesky.validate_config({"query": "hiring"})["base_url"] == "https://public.api.bsky.app/xrpc"
    with pytest.raises(ConnectorConfigError) as caught:
        bluesky.validate_config({"query": " ", "lang": "english!"})
    assert set(caught.value.fields) == {"query", "lang"}


def test_bluesky_unexpected_shape_is_a_permanent_error(httpserver, client):
    httpserver.expect_request("/xrpc/app.bsky.feed.searchPosts").respond_with_json({"error": "nope"})
    config = bluesky.validate_config({"query": "x", "base_url": httpserver.url_for("/xrpc")})
    with pytest.raises(FetchError) as caught:
        bluesky.fetch(config, state={}, client=client)
    assert caught.value.transient is False


# --- Reddit ----------------------------------------------------------------------------------------


def test_reddit_subreddit_listing(httpserver, client):
    httpserver.expect_request(
        "/r/cscareerquestions/new.json", query_string={"limit": "50", "raw_json": "1"}
    ).respond_with_json(fixture_json("reddit_new.json"))
    config = reddit.validate_config({"subreddit": "r/cscareerquestions", "base_url": httpserver.url_for("")})
    result = reddit.fetch(config, state={"keep": 1}, client=client)
    ama, question = result.posts
    assert result.skipped == 1  # "[removed]"
    assert ama.external_id == "t3_1cm0a1b"
    assert ama.url == "https://www.reddit.com/r/cscareerquestions/comments/1cm0a1b/went_back_to_my_old_employer/"
    assert ama.author_handle == "u/throwaway_dev42"
    assert ama.author_url == "https://www.reddit.com/user/throwaway_dev42"
    assert ama.published_at == datetime.fromtimestamp(1715090000, tz=UTC)
    assert question.text == "Do companies actually track former employees?"  # title when no body
    assert question.author == "" and question.author_handle == ""  # [deleted]
    assert result.state == {"keep": 1}


def test_reddit_search_within_a_subreddit(httpserver, client):
    httpserver.expect_request(
        "/r/python/search.json",
        query_string={"q": "alumni", "restrict_sr": "1", "sort": "new", "limit": "50", "raw_json": "1"},
    ).respond_with_json({"kind": "Listing", "data": {"children": []}})
    config = reddit.validate_config({"subreddit": "python", "query": "alumni", "base_url": httpserver.url_for("")})
    assert reddit.fetch(config, state={}, client=client).posts == []


def test_reddit_site_search(httpserver, client):
    httpserver.expect_request(
        "/search.json", query_string={"q": "boomerang", "sort": "new", "limit": "50", "raw_json": "1"}
    ).respond_with_json(fixture_json("reddit_new.json"))
    config = reddit.validate_config({"query": "boomerang", "base_url": httpserver.url_for("")})
    assert len(reddit.fetch(config, state={}, client=client).posts) == 2


def test_reddit_needs_a_subreddit_or_a_query():
    with pytest.raises(ConnectorConfigError) as caught:
        reddit.validate_config({})
    assert caught.value.fields == {"subreddit": [reddit.MSG_SUB_OR_QUERY]}
    with pytest.raises(ConnectorConfigError):
        reddit.validate_config({"subreddit": "no/such thing"})


def test_reddit_rate_limit_is_transient(httpserver, client):
    httpserver.expect_request("/r/python/new.json").respond_with_data("", status=429)
    config = reddit.validate_config({"subreddit": "python", "base_url": httpserver.url_for("")})
    with pytest.raises(FetchError) as caught:
        reddit.fetch(config, state={}, client=client)
    assert caught.value.transient is True


# --- Hacker News -----------------------------------------------------------------------------------


def test_hacker_news_search(httpserver, client):
    httpserver.expect_ordered_request(
        "/api/v1/search_by_date",
        query_string={"query": "former colleagues", "tags": "(story,comment)", "hitsPerPage": "50"},
    ).respond_with_json(fixture_json("hn_search.json"))
    httpserver.expect_ordered_request(
        "/api/v1/search_by_date",
        query_string={
            "query": "former colleagues",
            "tags": "(story,comment)",
            "hitsPerPage": "50",
            "numericFilters": "created_at_i>1715094245",
        },
    ).respond_with_json({"hits": []})
    config = hackernews.validate_config({"query": "former colleagues", "base_url": httpserver.url_for("/api/v1")})
    result = hackernews.fetch(config, state={}, client=client)
    comment, story, link = result.posts
    assert comment.external_id == "40290001"
    assert comment.url == "https://news.ycombinator.com/item?id=40290001"
    assert comment.title == "Re: Ask HN: How do you keep in touch with former colleagues?"
    assert (
        comment.text
        == "Our alumni network got us our first three customers.\n\nSeriously, keep in touch & thank people."
    )
    assert comment.author_url == "https://news.ycombinator.com/user?id=pg_fan"
    assert story.text == "We lose touch with great people when they leave. What works?"
    assert link.text == "Alumni networks as a sales channel"
    assert_inert(result.posts)
    assert result.state["since"] == 1715094245
    assert hackernews.fetch(config, state=result.state, client=client).posts == []
    httpserver.check_assertions()


def test_hacker_news_tags_are_validated():
    assert hackernews.validate_config({"query": "x", "tags": "comment"})["tags"] == "comment"
    with pytest.raises(ConnectorConfigError) as caught:
        hackernews.validate_config({"query": "", "tags": "poll"})
    assert set(caught.value.fields) == {"query", "tags"}


# --- YouTube ---------------------------------------------------------------------------------------


CHANNEL = "UCabcdefghijklmnopqrstuv"


def test_youtube_channel_feed(httpserver, client):
    httpserver.expect_request("/feeds/videos.xml", query_string={"channel_id": CHANNEL}).respond_with_data(
        fixture_bytes("youtube.xml"), content_type="text/xml; charset=UTF-8"
    )
    config = youtube.validate_config({"channel_id": CHANNEL, "base_url": httpserver.url_for("")})
    result = youtube.fetch(config, state={}, client=client)
    (video,) = result.posts
    assert video.venue == "youtube"
    assert video.external_id == "yt:video:dQw4w9WgXcQ"
    assert video.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video.title == "A day in the life of our platform team"
    assert video.text == "We are hiring! Meet the team and hear from two boomerang hires."
    assert video.author == "Acme Careers"


def test_youtube_accepts_a_pasted_channel_address_or_a_feed_url():
    assert (
        youtube.validate_config({"channel_id": f"https://www.youtube.com/channel/{CHANNEL}/videos"})["channel_id"]
        == CHANNEL
    )
    cfg = youtube.validate_config({"feed_url": "https://example.org/videos.xml"})
    assert youtube.feed_url_for(cfg) == "https://example.org/videos.xml"
    with pytest.raises(ConnectorConfigError) as caught:
        youtube.validate_config({"channel_id": "my channel"})
    assert "UC" in caught.value.fields["channel_id"][0]
    with pytest.raises(ConnectorConfigError):
        youtube.validate_config({})


# --- upload (no fetching) --------------------------------------------------------------------------


def test_upload_sources_are_never_fetched(httpserver, client):
    result = upload.fetch({}, state={"a": 1}, client=client)
    assert result.posts == [] and result.not_modified is True and result.state == {"a": 1}
    assert httpserver.log == []


# --- every connector: the address policy holds ----------------------------------------------------


@pytest.mark.parametrize(
    ("module", "config"),
    [
        (rss, {"url": "http://169.254.169.254/latest/meta-data/"}),
        (jsonfeed, {"url": "http://10.0.0.1/feed.json"}),
        (mastodon, {"instance": "http://192.168.0.10", "tag": "x"}),
        (bluesky, {"query": "x", "base_url": "http://10.1.1.1/xrpc"}),
        (reddit, {"subreddit": "python", "base_url": "http://172.16.0.1"}),
        (hackernews, {"query": "x", "base_url": "http://[fd00::5]/api/v1"}),
        (youtube, {"channel_id": CHANNEL, "base_url": "http://100.64.1.1"}),
    ],
)
def test_connectors_refuse_private_addresses(module, config, client):
    with pytest.raises(FetchError) as caught:
        module.fetch(module.validate_config(config), state={}, client=client)
    assert caught.value.code == "blocked_address"


def test_the_bundled_feed_reads_only_shipped_files():
    from listening.connectors import bundled

    with pytest.raises(ConnectorConfigError) as caught:
        bundled.validate_config({"feed": "../../settings"})
    assert "talent-and-alumni" in caught.value.fields["feed"][0]
    result = bundled.fetch({"feed": "talent-and-alumni"}, state={}, client=None)  # type: ignore[arg-type]
    assert len(result.posts) >= 10
    assert all("<" not in post.text and "<" not in post.title for post in result.posts)
