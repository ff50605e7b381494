"""The listening inbox, a conversation's page (triage, assignee, link to a person) and the opt-in
digest, through their URLs. Conversations are stored the way runs store them: a "bundled" source,
searches, and listening.services.posts_store with make_post posts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Role
from listening import services
from listening.connectors import make_post
from listening.models import Conversation
from people.models import Person, SocialHandle
from programs.models import Venue
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import VenueFactory

_ids = itertools.count(1)


def make_source(actor, name, venue=None):
    return services.source_save(
        actor=actor, name=name, kind="bundled", config={"feed": "talent-and-alumni"}, venue=venue
    )


def post(text, *, title="", author="", handle="", author_url="", url="", published_at=None, external_id=None):
    return make_post(
        venue="bundled",
        external_id=external_id or f"p{next(_ids)}",
        text=text,
        title=title or None,
        author=author or None,
        author_handle=handle or None,
        author_url=author_url or None,
        url=url or None,
        published_at=published_at,
    )


def store(source, *posts, now=None):
    services.posts_store(source=source, posts=list(posts), now=now)
    ids = [p.external_id for p in posts]
    return list(Conversation.objects.filter(source=source, external_id__in=ids).order_by("id"))


def rows_in(response):
    return response.content.decode().count('<li id="conversation-')


@pytest.fixture
def linkedin(db):
    return VenueFactory(name="LinkedIn", kind=Venue.Kind.LINKEDIN)


@pytest.fixture
def source(hr_lead, linkedin):
    return make_source(hr_lead, "Demo feed", venue=linkedin)


@pytest.fixture
def python_search(hr_lead, source):
    """A whole-program search: every contributor sees what it finds."""
    return services.search_save(actor=hr_lead, name="Python people", query="python", sources=[source])


@pytest.fixture
def pilot_b_search(hr_lead, source, pilot_b):
    """A pilot B search: contributor_a (pilot A) does not see what only it finds."""
    return services.search_save(actor=hr_lead, name="Consultants", query="consultant", sources=[source], pilot=pilot_b)


@pytest.fixture
def conversations(python_search, pilot_b_search, source):
    """py_old, py_new (whole program) and consultant (pilot B only), newest last."""
    now = timezone.now()
    return store(
        source,
        post("Old python thread", title="Python in 2010", author="Ada Okafor", published_at=now - dt.timedelta(days=9)),
        post("Senior python engineer looking for a role", author="Raj Patel", published_at=now - dt.timedelta(days=1)),
        post("A consultant leaving Northwind", author="Mia Svensson", published_at=now - dt.timedelta(hours=2)),
    )


# --- the inbox --------------------------------------------------------------------------------


def test_inbox_lists_new_conversations_newest_first_with_their_searches(client_for, hr_lead, conversations):
    py_old, py_new, consultant = conversations
    response = client_for(hr_lead).get(reverse("listening:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows_in(response) == 3
    assert html.index(f'id="conversation-{consultant.pk}"') < html.index(f'id="conversation-{py_new.pk}"')
    assert html.index(f'id="conversation-{py_new.pk}"') < html.index(f'id="conversation-{py_old.pk}"')
    assert "Python people" in html and "Consultants" in html and "LinkedIn" in html and "Raj Patel" in html


def test_inbox_highlights_the_matched_term_in_title_and_text(client_for, hr_lead, conversations):
    html = client_for(hr_lead).get(reverse("listening:index")).content.decode()
    assert "<mark>Python</mark> in 2010" in html  # the title
    assert "Senior <mark>python</mark> engineer" in html  # the text


def test_a_script_in_a_harvested_post_stays_escaped(client_for, hr_lead, source, python_search):
    (conversation,) = store(source, post('<script>alert("x")</script> python <img src=x onerror=alert(1)>'))
    assert "<script>" in conversation.text  # stored as plain text: the template must escape it
    for url in (reverse("listening:index"), reverse("listening:conversation_detail", args=[conversation.pk])):
        html = client_for(hr_lead).get(url).content.decode()
        assert '<script>alert("x")' not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>python</mark>" in html


def test_long_text_is_cut_with_a_more_link_to_the_conversation(client_for, hr_lead, source, python_search):
    (conversation,) = store(source, post("python " + "lorem ipsum " * 100 + "THE-END"))
    html = client_for(hr_lead).get(reverse("listening:index")).content.decode()
    assert "THE-END" not in html
    assert f"{reverse('listening:conversation_detail', args=[conversation.pk])}?next=" in html and ">more<" in html
    detail = client_for(hr_lead).get(reverse("listening:conversation_detail", args=[conversation.pk]))
    assert "THE-END" in detail.content.decode()


def test_inbox_shows_new_only_by_default_and_every_status_on_request(client_for, hr_lead, conversations):
    py_old, py_new, _ = conversations
    services.conversations_triage(actor=hr_lead, conversations=[py_old], status="relevant")
    client = client_for(hr_lead)
    assert rows_in(client.get(reverse("listening:index"))) == 2
    assert rows_in(client.get(reverse("listening:index"), {"search": python_search_pk(py_new)})) == 1
    assert rows_in(client.get(reverse("listening:index"), {"status": "all"})) == 3
    relevant = client.get(reverse("listening:index"), {"status": "relevant"})
    assert rows_in(relevant) == 1 and f'id="conversation-{py_old.pk}"' in relevant.content.decode()


def python_search_pk(conversation):
    return conversation.matches.get(search__name="Python people").search_id


def test_inbox_filters_by_search_source_venue_text_and_date(client_for, hr_lead, conversations, linkedin):
    py_old, py_new, consultant = conversations
    other = make_source(hr_lead, "No-venue feed")
    services.search_save(actor=hr_lead, name="Python elsewhere", query="python", sources=[other])
    (loose,) = store(other, post("python without a venue"))
    client = client_for(hr_lead)

    def shown(**params):
        html = client.get(reverse("listening:index"), {"status": "all", **params}).content.decode()
        return {c.pk for c in [py_old, py_new, consultant, loose] if f'id="conversation-{c.pk}"' in html}

    search = consultant.matches.get().search
    assert shown(search=search.pk) == {consultant.pk}
    assert shown(source=other.pk) == {loose.pk}
    assert shown(venue="none") == {loose.pk}
    assert shown(venue=linkedin.pk) == {py_old.pk, py_new.pk, consultant.pk}
    assert shown(q="Northwind") == {consultant.pk}
    assert shown(q="raj") == {py_new.pk}  # the author
    week_ago = (timezone.now() - dt.timedelta(days=7)).date().isoformat()
    assert shown(date_to=week_ago) == {py_old.pk}
    assert shown(date_from=week_ago) == {py_new.pk, consultant.pk, loose.pk}
    assert shown(search="not-a-number") == {py_old.pk, py_new.pk, consultant.pk, loose.pk}  # a bad value is dropped


def test_inbox_filters_by_assignee(client_for, hr_lead, contributor_a, conversations):
    py_old, py_new, _ = conversations
    services.conversations_assign(actor=hr_lead, conversations=[py_old], assignee=hr_lead)
    services.conversations_assign(actor=hr_lead, conversations=[py_new], assignee=contributor_a)
    client = client_for(hr_lead)
    mine = client.get(reverse("listening:index"), {"assignee": "me"})
    assert rows_in(mine) == 1 and f'id="conversation-{py_old.pk}"' in mine.content.decode()
    assert rows_in(client.get(reverse("listening:index"), {"assignee": "unassigned"})) == 1


def test_inbox_pages_by_25(client_for, hr_lead, source, python_search):
    store(source, *[post(f"python post number {i}") for i in range(30)])
    client = client_for(hr_lead)
    first = client.get(reverse("listening:index"))
    assert rows_in(first) == 25 and "Page 1 of 2" in first.content.decode()
    assert rows_in(client.get(reverse("listening:index"), {"page": 2})) == 5


def test_empty_inbox_says_how_conversations_arrive(client_for, hr_lead, python_search):
    html = client_for(hr_lead).get(reverse("listening:index")).content.decode()
    assert "No conversations yet" in html and "Run now" in html


def test_inbox_flags_a_search_whose_last_week_is_far_above_its_norm(client_for, hr_lead, source, python_search):
    this_monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    for weeks_back, count in zip(range(6, 0, -1), [10, 12, 11, 9, 10, 30], strict=True):
        day = this_monday - dt.timedelta(weeks=weeks_back) + dt.timedelta(days=2)
        when = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        store(source, *[post(f"python week {weeks_back} #{i}") for i in range(count)], now=when)
    html = client_for(hr_lead).get(reverse("listening:index")).content.decode()
    assert "Unusual activity" in html and "found 30 conversations" in html


# --- triage and assignment ---------------------------------------------------------------------


def test_triage_one_conversation_marks_it_and_records_who(client_for, contributor_a, conversations):
    _, py_new, _ = conversations
    response = client_for(contributor_a).post(
        reverse("listening:conversation_triage"), {"ids": [py_new.pk], "status": "relevant", "next": "/listening/?q=x"}
    )
    assert response.status_code == 302 and response["Location"] == "/listening/?q=x"
    py_new.refresh_from_db()
    assert py_new.status == "relevant" and py_new.triaged_by == contributor_a and py_new.triaged_at is not None


def test_triage_with_htmx_returns_the_updated_row(client_for, hr_lead, conversations):
    _, py_new, _ = conversations
    response = client_for(hr_lead).post(
        reverse("listening:conversation_triage"), {"ids": [py_new.pk], "status": "engaged"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="conversation-{py_new.pk}"') and ">Engaged</span>" in html
    assert '<span class="inbox-item__done" role="status">Marked engaged: 1 conversation.</span>' in html
    assert Conversation.objects.get(pk=py_new.pk).status == "engaged"


def test_a_refused_in_place_action_sends_the_browser_back_to_the_inbox_with_the_reason(
    client_for, hr_lead, manager, conversations
):
    """An htmx request that follows a redirect would swap the whole inbox into the row: a refusal
    asks the browser to go back itself (HX-Redirect), where the message is shown."""
    py_old = conversations[0]
    client = client_for(hr_lead)
    response = client.post(
        reverse("listening:conversation_assign"),
        {"ids": [py_old.pk], "assignee": manager.pk, "next": "/listening/?status=all"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Redirect"] == "/listening/?status=all"
    assert "HR leads and contributors only" in client.get("/listening/?status=all").content.decode()
    assert Conversation.objects.get(pk=py_old.pk).assignee is None


def test_a_triaged_row_offers_back_to_new_and_an_assigned_one_unassign(client_for, hr_lead, conversations):
    py_old = conversations[0]
    services.conversations_triage(actor=hr_lead, conversations=[py_old], status="relevant")
    services.conversations_assign(actor=hr_lead, conversations=[py_old], assignee=hr_lead)
    client = client_for(hr_lead)
    html = client.get(reverse("listening:index"), {"status": "all"}).content.decode()
    row = html[html.index(f'<li id="conversation-{py_old.pk}"') :]
    row = row[: row.index("</li>")]
    assert 'value="new">Back to new</button>' in row and 'value="relevant">' not in row
    assert 'name="assignee" value="">Unassign</button>' in row

    client.post(reverse("listening:conversation_triage"), {"ids": [py_old.pk], "status": "new"})
    client.post(reverse("listening:conversation_assign"), {"ids": [py_old.pk], "assignee": ""})
    py_old.refresh_from_db()
    assert (py_old.status, py_old.assignee) == ("new", None)


def test_every_row_action_has_a_real_form_and_every_checkbox_joins_the_bulk_form(client_for, hr_lead, conversations):
    html = client_for(hr_lead).get(reverse("listening:index")).content.decode()
    assert html.count('form="bulk-actions"') == 3 and html.count('<form id="bulk-actions" method="post"') == 1
    assert html.count("hx-post=") == html.count('<form method="post" action="/listening/conversations/') == 6
    assert "<table" not in html  # cards: nothing to scroll sideways


@pytest.mark.parametrize(
    ("params", "is_open"),
    [({}, False), ({"status": "new"}, False), ({"status": "all"}, True), ({"q": "x " * 20}, True)],
    ids=["default", "default-status", "a-filter", "an-error"],
)
def test_the_filters_fold_unless_they_narrow_the_list_or_have_an_error(
    client_for, hr_lead, conversations, params, is_open
):
    html = client_for(hr_lead).get(reverse("listening:index"), params).content.decode()
    assert ('class="inbox-filters" data-inbox-filters open>' in html) is is_open


def test_triage_refuses_an_external_next_url(client_for, hr_lead, conversations):
    response = client_for(hr_lead).post(
        reverse("listening:conversation_triage"),
        {"ids": [conversations[0].pk], "status": "relevant", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("listening:index")


def test_bulk_triage_marks_every_selected_conversation(client_for, hr_lead, conversations):
    py_old, py_new, consultant = conversations
    response = client_for(hr_lead).post(
        reverse("listening:conversation_triage"), {"ids": [py_old.pk, py_new.pk], "status": "not_relevant"}
    )
    assert response.status_code == 302
    assert set(Conversation.objects.filter(status="not_relevant").values_list("pk", flat=True)) == {
        py_old.pk,
        py_new.pk,
    }
    assert Conversation.objects.get(pk=consultant.pk).status == "new"


def test_bulk_triage_without_a_selection_changes_nothing(client_for, hr_lead, conversations):
    response = client_for(hr_lead).post(reverse("listening:conversation_triage"), {"status": "relevant"}, follow=True)
    assert "Select at least one conversation." in response.content.decode()
    assert not Conversation.objects.exclude(status="new").exists()


def test_contributor_cannot_triage_a_conversation_of_another_pilot(client_for, contributor_a, conversations):
    _, _, consultant = conversations
    response = client_for(contributor_a).post(
        reverse("listening:conversation_triage"), {"ids": [consultant.pk], "status": "relevant"}
    )
    assert response.status_code == 404
    assert Conversation.objects.get(pk=consultant.pk).status == "new"


def test_bulk_action_naming_an_unseen_conversation_is_refused_whole(client_for, contributor_a, conversations):
    py_old, py_new, consultant = conversations
    client = client_for(contributor_a)
    response = client.post(
        reverse("listening:conversation_triage"), {"ids": [py_old.pk, consultant.pk], "status": "relevant"}, follow=True
    )
    assert "nothing was changed" in response.content.decode()
    assert not Conversation.objects.exclude(status="new").exists()
    client.post(reverse("listening:conversation_assign"), {"ids": [py_new.pk, consultant.pk], "assignee": "me"})
    assert not Conversation.objects.filter(assignee__isnull=False).exists()


def test_assign_to_me_and_to_a_colleague_in_bulk(client_for, hr_lead, contributor_a, conversations):
    py_old, py_new, consultant = conversations
    client = client_for(contributor_a)
    client.post(reverse("listening:conversation_assign"), {"ids": [py_old.pk], "assignee": "me"})
    assert Conversation.objects.get(pk=py_old.pk).assignee == contributor_a
    hr_client = client_for(hr_lead)
    hr_client.post(
        reverse("listening:conversation_assign"), {"ids": [py_new.pk, consultant.pk], "assignee": contributor_a.pk}
    )
    assert set(Conversation.objects.filter(assignee=contributor_a).values_list("pk", flat=True)) == {
        py_old.pk,
        py_new.pk,
        consultant.pk,
    }
    hr_client.post(reverse("listening:conversation_assign"), {"ids": [py_old.pk], "assignee": ""})
    assert Conversation.objects.get(pk=py_old.pk).assignee is None


def test_assigning_to_a_manager_is_refused(client_for, hr_lead, manager, conversations):
    py_old = conversations[0]
    response = client_for(hr_lead).post(
        reverse("listening:conversation_assign"), {"ids": [py_old.pk], "assignee": manager.pk}, follow=True
    )
    assert "HR leads and contributors only" in response.content.decode()
    assert Conversation.objects.get(pk=py_old.pk).assignee is None


# --- a conversation's page ------------------------------------------------------------------------


def test_detail_shows_highlighted_text_matches_and_a_safe_link_to_the_original(
    client_for, hr_lead, source, python_search
):
    (conversation,) = store(source, post("python people", url="https://social.example/p/1", author="Ada"))
    html = client_for(hr_lead).get(reverse("listening:conversation_detail", args=[conversation.pk])).content.decode()
    assert "<mark>python</mark> people" in html and "Python people" in html
    assert '<a href="https://social.example/p/1" rel="noopener noreferrer nofollow">' in html


def test_detail_never_links_a_non_web_address(client_for, hr_lead, source, python_search):
    (conversation,) = store(source, post("python"))
    Conversation.objects.filter(pk=conversation.pk).update(url="javascript:alert(1)")
    html = client_for(hr_lead).get(reverse("listening:conversation_detail", args=[conversation.pk])).content.decode()
    assert 'href="javascript:' not in html


def test_detail_offers_the_person_matched_by_handle_and_links_them(client_for, hr_lead, source, python_search):
    (conversation,) = store(source, post("python", author="Ada Okafor", handle="@ada"))
    ada = PersonFactory(first_name="Ada", last_name="Okafor")
    SocialHandle.objects.create(person=ada, venue_kind="mastodon", handle="ada")
    client = client_for(hr_lead)
    html = client.get(reverse("listening:conversation_detail", args=[conversation.pk])).content.decode()
    assert "is on file with this author" in html and f'name="person" value="{ada.pk}"' in html
    response = client.post(
        reverse("listening:conversation_link", args=[conversation.pk]), {"action": "existing", "person": ada.pk}
    )
    assert response.status_code == 302
    assert Conversation.objects.get(pk=conversation.pk).person == ada
    assert AuditEvent.objects.filter(verb="conversation.linked", target_id=str(conversation.pk)).exists()


def test_person_search_narrows_a_short_list_to_link_from(client_for, contributor_a, conversations):
    py_new = conversations[1]
    grace = PersonFactory(first_name="Grace", last_name="Hopper")
    PersonFactory(first_name="Alan", last_name="Turing")
    client = client_for(contributor_a)
    url = reverse("listening:conversation_detail", args=[py_new.pk])
    html = client.get(url, {"who": "hopp"}).content.decode()
    assert "Grace Hopper" in html and "Alan Turing" not in html
    assert "<select" not in html.split('id="person-results"')[1].split("</div>")[0]
    client.post(reverse("listening:conversation_link", args=[py_new.pk]), {"action": "existing", "person": grace.pk})
    assert Conversation.objects.get(pk=py_new.pk).person == grace


def test_link_to_a_new_person_prefilled_from_the_author(client_for, hr_lead, linkedin, source, python_search):
    (conversation,) = store(
        source,
        post(
            "python",
            author="Ada Okafor",
            handle="@adaok",
            author_url="https://www.linkedin.com/in/adaok/",
            url="https://www.linkedin.com/posts/1",
        ),
    )
    client = client_for(hr_lead)
    html = client.get(reverse("listening:conversation_detail", args=[conversation.pk])).content.decode()
    assert 'value="Ada"' in html and 'value="Okafor"' in html and 'value="@adaok"' in html
    response = client.post(
        reverse("listening:conversation_link", args=[conversation.pk]),
        {
            "action": "create",
            "first_name": "Ada",
            "last_name": "Okafor",
            "handle": "@adaok",
            "venue_kind": "linkedin",
            "profile_url": "https://www.linkedin.com/in/adaok/",
        },
    )
    assert response.status_code == 302
    person = Conversation.objects.get(pk=conversation.pk).person
    assert person is not None and person.full_name == "Ada Okafor"
    assert person.source == Person.Source.LISTENING and person.source_detail == "https://www.linkedin.com/posts/1"
    handle = person.handles.get()
    assert (handle.venue_kind, handle.handle, handle.profile_url) == (
        "linkedin",
        "adaok",
        "https://linkedin.com/in/adaok",
    )


def test_creating_a_person_who_exists_offers_the_duplicate_and_creates_nothing(
    client_for, hr_lead, source, python_search
):
    (conversation,) = store(source, post("python", author="Ada Okafor", handle="adaok"))
    existing = PersonFactory(first_name="Ada", last_name="Okafor")
    client = client_for(hr_lead)
    data = {"action": "create", "first_name": "Ada", "last_name": "Okafor", "handle": "adaok", "venue_kind": "linkedin"}
    response = client.post(reverse("listening:conversation_link", args=[conversation.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "already in the directory" in html and f'name="person" value="{existing.pk}"' in html
    assert 'name="confirm"' in html  # only the name is the same: "create anyway" is offered
    assert Person.objects.count() == 1 and Conversation.objects.get(pk=conversation.pk).person is None
    client.post(reverse("listening:conversation_link", args=[conversation.pk]), {**data, "confirm": "1"})
    assert Person.objects.count() == 2
    assert Conversation.objects.get(pk=conversation.pk).person.pk != existing.pk


def test_creating_a_person_whose_handle_is_taken_offers_its_owner_without_create_anyway(
    client_for, hr_lead, source, python_search
):
    (conversation,) = store(source, post("python", author="Ada Okafor"))
    owner = PersonFactory(first_name="Someone", last_name="Else")
    SocialHandle.objects.create(person=owner, venue_kind="linkedin", handle="adaok")
    data = {"action": "create", "first_name": "Ada", "last_name": "Okafor", "handle": "adaok", "venue_kind": "linkedin"}
    response = client_for(hr_lead).post(reverse("listening:conversation_link", args=[conversation.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone Else" in html and f'name="person" value="{owner.pk}"' in html and 'name="confirm"' not in html
    assert Person.objects.count() == 1


def test_unlink_removes_the_person(client_for, hr_lead, conversations):
    py_new = conversations[1]
    person = PersonFactory()
    services.conversation_link_person(actor=hr_lead, conversation=py_new, person=person)
    response = client_for(hr_lead).post(reverse("listening:conversation_link", args=[py_new.pk]), {"action": "unlink"})
    assert response.status_code == 302
    assert Conversation.objects.get(pk=py_new.pk).person is None
    assert Person.objects.filter(pk=person.pk).exists()


# --- who may see what -------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client_for, conversations):
    client = client_for(None)
    for url in (
        reverse("listening:index"),
        reverse("listening:conversation_detail", args=[conversations[0].pk]),
        reverse("listening:ranking"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    response = client.post(
        reverse("listening:conversation_triage"), {"ids": [conversations[0].pk], "status": "relevant"}
    )
    assert response.status_code == 302
    assert Conversation.objects.get(pk=conversations[0].pk).status == "new"


def test_managers_have_no_listening_pages(client_for, manager, conversations):
    client = client_for(manager)
    assert client.get(reverse("listening:index")).status_code == 403
    assert client.get(reverse("listening:conversation_detail", args=[conversations[0].pk])).status_code == 403
    response = client.post(
        reverse("listening:conversation_triage"), {"ids": [conversations[0].pk], "status": "relevant"}
    )
    assert response.status_code == 403
    assert Conversation.objects.get(pk=conversations[0].pk).status == "new"


def test_contributor_sees_whole_program_conversations_but_not_another_pilots(
    client_for, contributor_a, contributor_b, conversations
):
    _, py_new, consultant = conversations
    html = client_for(contributor_a).get(reverse("listening:index")).content.decode()
    assert f'id="conversation-{py_new.pk}"' in html and f'id="conversation-{consultant.pk}"' not in html
    assert "Consultants" not in html  # not even the pilot B search's name
    url = reverse("listening:conversation_detail", args=[consultant.pk])
    assert client_for(contributor_a).get(url).status_code == 404
    assert client_for(contributor_b).get(url).status_code == 200


def test_outsider_triages_whole_program_conversations_but_cannot_link_people(client_for, outsider, conversations):
    py_new = conversations[1]
    client = client_for(outsider)
    html = client.get(reverse("listening:conversation_detail", args=[py_new.pk])).content.decode()
    assert "needs access to the people directory" in html
    person = PersonFactory()
    response = client.post(
        reverse("listening:conversation_link", args=[py_new.pk]), {"action": "existing", "person": person.pk}
    )
    assert response.status_code == 403
    assert Conversation.objects.get(pk=py_new.pk).person is None


# --- the opt-in digest ------------------------------------------------------------------------------


def test_digest_emails_new_relevant_conversations_once(hr_lead, contributor_a, conversations, python_search):
    py_old, py_new, consultant = conversations
    python_search.digest_opt_in.add(contributor_a)
    start = timezone.now()
    services.conversations_triage(actor=hr_lead, conversations=[py_old, consultant], status="relevant", now=start)
    services.conversations_triage(actor=hr_lead, conversations=[py_new], status="not_relevant", now=start)

    assert services.digest_send_relevant(now=start + dt.timedelta(hours=1)) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [contributor_a.email]
    body = mail.outbox[0].body
    assert "Python in 2010" in body and "Northwind" not in body and "Senior python" not in body
    assert services.digest_send_relevant(now=start + dt.timedelta(hours=1)) == 0  # the same run twice
    assert services.digest_send_relevant(now=start + dt.timedelta(hours=2)) == 0  # nothing new: no email
    services.conversations_triage(
        actor=hr_lead, conversations=[py_new], status="relevant", now=start + dt.timedelta(hours=3)
    )
    assert services.digest_send_relevant(now=start + dt.timedelta(hours=4)) == 1
    assert "Senior python engineer" in mail.outbox[1].body and "Python in 2010" not in mail.outbox[1].body


def test_digest_goes_only_to_active_users_who_opted_in(hr_lead, conversations, python_search):
    gone = UserFactory(email="gone@firm.example", role=Role.CONTRIBUTOR, is_active=False)
    python_search.digest_opt_in.add(gone)
    services.conversations_triage(actor=hr_lead, conversations=conversations[:1], status="relevant")
    assert services.digest_send_relevant() == 0 and mail.outbox == []


def test_the_digest_is_claimed_once_per_window_and_leaves_out_people_who_asked_not_to_be_contacted(
    hr_lead, contributor_a, conversations, python_search
):
    """The run-once claim (core.jobs) names the user and where their window starts; a conversation
    linked to a person marked "do not contact" is no digest line (people.consent.contactable)."""
    from core.models import JobClaim
    from tests.people.factories import PersonFactory

    py_old, py_new, _ = conversations
    python_search.digest_opt_in.add(contributor_a)
    start = timezone.now()
    quiet = PersonFactory(do_not_contact=True)
    services.conversation_link_person(actor=hr_lead, conversation=py_new, person=quiet)
    services.conversations_triage(actor=hr_lead, conversations=[py_old, py_new], status="relevant", now=start)

    assert services.digest_send_relevant(now=start + dt.timedelta(hours=1)) == 1
    body = mail.outbox[0].body
    assert "Python in 2010" in body and "Senior python" not in body
    (claim,) = JobClaim.objects.filter(kind="listening.relevant_digest")
    assert claim.key == f"user={contributor_a.pk}:since=first"
    assert mail.outbox[0].subject == "1 relevant conversation found by your searches"


def test_assigning_to_a_missing_or_a_non_assignable_user_reads_the_same(client_for, hr_lead, manager, conversations):
    py_old = conversations[0]
    client = client_for(hr_lead)

    def message_for(assignee) -> list[str]:
        response = client.post(
            reverse("listening:conversation_assign"), {"ids": [py_old.pk], "assignee": assignee}, follow=True
        )
        return [str(m) for m in response.context["messages"]]

    assert message_for(manager.pk) == message_for(2**31 - 1) == [services.MSG_ASSIGNEE]
    assert Conversation.objects.get(pk=py_old.pk).assignee is None
