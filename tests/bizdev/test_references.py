"""Reference conversations: the rules (http(s) address, title, summary, a Stage 3 pilot the actor
works in, who may change one), the folded search, the pages and who may use them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEvent, Role
from bizdev.models import ReferenceConversation
from bizdev.selectors.references import search_references, url_host
from bizdev.services import references as services
from core.errors import DomainError, ForbiddenError
from listening.models import Conversation, ConversationMatch, Search, Source
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.bizdev.factories import HelpRequestFactory, ReferenceFactory, SearchableReferenceFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

LIST = "/bizdev/references/"
GOOD = {
    "url": "https://www.linkedin.com/groups/42/discussion/7",
    "title": "Sécurité des magasins",
    "summary": "How we cut shrinkage in malls for mid-size retailers.",
    "topic": "Shrinkage in malls",
    "value_proposition": "Loss prevention analytics",
    "client_kind": "Mid-size retailers",
}


@pytest.fixture
def pilot_c(sponsor_b):
    """A Stage 3 pilot of sponsor_b (Consulting)."""
    return PilotFactory(name="Consulting deals", stage=3, sponsor=sponsor_b)


def _member(pilot, email, name):
    user = UserFactory(email=email, full_name=name, role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def carla(pilot_c):
    """Contributor in pilot_c: adds references there."""
    return _member(pilot_c, "carla@firm.example", "Carla Closer")


@pytest.fixture
def dan(pilot_c):
    """Another contributor in pilot_c: reads and cites Carla's references, may not change them."""
    return _member(pilot_c, "dan@firm.example", "Dan Dealer")


@pytest.fixture
def eve():
    """A contributor of another Stage 3 pilot: sees none of pilot_c's references."""
    return _member(PilotFactory(name="Other deals", stage=3), "eve@firm.example", "Eve Elsewhere")


@pytest.fixture
def reference(carla, pilot_c):
    return services.reference_create(actor=carla, pilot=pilot_c, **GOOD)


def _conversation(pilot, *, url="https://social.example/@ann/1", title="Mall shrinkage thread", text="Long text"):
    """A harvested conversation matched by a search of ``pilot`` (so its contributors see it)."""
    source = Source.objects.create(name=f"Feed {Source.objects.count()}", kind="rss")
    search = Search.objects.create(name=f"Search {Search.objects.count()}", query="shrinkage", pilot=pilot)
    conversation = Conversation.objects.create(
        source=source, external_id=str(Conversation.objects.count()), url=url, title=title, text=text
    )
    ConversationMatch.objects.create(conversation=conversation, search=search)
    return conversation


# --- services ---------------------------------------------------------------------------------


def test_a_reference_is_created_with_its_folded_search_text_and_audited(reference, carla):
    assert reference.created_by == carla
    assert "securite des magasins" in reference.search_text
    assert "mid-size retailers" in reference.search_text
    assert "loss prevention analytics" in reference.search_text
    event = AuditEvent.objects.get(verb="reference_conversation.created")
    assert event.target_id == str(reference.pk) and event.actor == carla


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example/x"}, "url"),
        ({"url": "linkedin"}, "url"),
        ({"title": "   "}, "title"),
        ({"summary": ""}, "summary"),
        ({"topic": "x" * 151}, "topic"),
    ],
)
def test_bad_values_are_refused_on_their_field_and_nothing_is_written(carla, pilot_c, changes, field):
    with pytest.raises(DomainError) as caught:
        services.reference_create(actor=carla, pilot=pilot_c, **{**GOOD, **changes})
    assert field in caught.value.fields
    assert not ReferenceConversation.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="reference_conversation").exists()


def test_only_a_stage_3_pilot_the_actor_works_in(carla, eve, contributor_b, pilot_b, pilot_c):
    with pytest.raises(DomainError, match="Stage 3 pilots"):
        services.reference_create(actor=eve, pilot=pilot_c, **GOOD)
    with pytest.raises(DomainError, match="Stage 3 pilots"):
        services.reference_create(actor=contributor_b, pilot=pilot_b, **GOOD)  # a Stage 2 pilot
    assert not ReferenceConversation.objects.exists()


def test_update_changes_what_is_given_and_refreshes_the_search_text(reference, carla):
    assert services.reference_update(actor=carla, reference=reference, topic="Vol à l'étalage") == ["topic"]
    assert services.reference_update(actor=carla, reference=reference, topic="Vol à l'étalage") == []
    reference.refresh_from_db()
    assert "vol a l'etalage" in reference.search_text and "shrinkage" not in reference.search_text.split(" ")[:2]
    assert AuditEvent.objects.filter(verb="reference_conversation.changed").count() == 1


def test_only_hr_leads_and_whoever_added_it_change_or_delete_it(reference, dan, hr_lead, carla):
    with pytest.raises(ForbiddenError):
        services.reference_update(actor=dan, reference=reference, title="Mine now")
    with pytest.raises(ForbiddenError):
        services.reference_delete(actor=dan, reference=reference)
    assert services.reference_update(actor=hr_lead, reference=reference, title="Renamed") == ["title"]
    services.reference_delete(actor=carla, reference=reference)
    assert not ReferenceConversation.objects.exists()
    assert AuditEvent.objects.filter(verb="reference_conversation.deleted").exists()


def test_a_cited_reference_stays_in_its_pilot_and_deleting_keeps_the_requests(reference, hr_lead, pilot_c):
    help_request = HelpRequestFactory(pilot=pilot_c)
    help_request.references.add(reference)
    elsewhere = PilotFactory(stage=3)
    with pytest.raises(DomainError, match="cannot move"):
        services.reference_update(actor=hr_lead, reference=reference, pilot=elsewhere)
    assert services.reference_delete(actor=hr_lead, reference=reference) == 1
    help_request.refresh_from_db()
    assert not help_request.references.exists()


def test_a_conversation_must_be_one_the_actor_may_see(carla, eve, pilot_c):
    mine = _conversation(pilot_c)
    created = services.reference_create(actor=carla, pilot=pilot_c, conversation=mine, **GOOD)
    assert created.conversation == mine
    hidden = _conversation(PilotFactory(stage=3))
    with pytest.raises(DomainError) as caught:
        services.reference_create(actor=carla, pilot=pilot_c, conversation=hidden, **GOOD)
    assert "conversation" in caught.value.fields


# --- search -----------------------------------------------------------------------------------


def test_search_ignores_accents_and_case_and_needs_every_word(reference, carla, pilot_c):
    other = SearchableReferenceFactory(pilot=pilot_c, title="Pricing talk", summary="Partnerships in Asia")
    assert list(search_references(carla, "securite")) == [reference]
    assert list(search_references(carla, "SÉCURITÉ Malls")) == [reference]
    assert list(search_references(carla, "securite asia")) == []
    assert list(search_references(carla, "ASIA")) == [other]
    assert set(search_references(carla, "")) == {reference, other}
    assert list(search_references(carla, "asia", pilot=PilotFactory(stage=3))) == []


def test_search_only_finds_what_the_user_may_see(reference, eve, manager, hr_lead):
    assert list(search_references(eve, "securite")) == []
    assert list(search_references(manager, "securite")) == []
    assert list(search_references(hr_lead, "securite")) == [reference]


def test_url_host_is_shown_only_for_http_addresses():
    assert url_host("https://WWW.LinkedIn.com/groups/1") == "www.linkedin.com"
    assert url_host("javascript:alert(1)") == ""
    assert url_host("http://[::1") == ""


# --- pages ------------------------------------------------------------------------------------


def test_the_list_searches_and_filters(reference, pilot_c, carla, client_for):
    SearchableReferenceFactory(pilot=pilot_c, title="Asia partnerships", topic="Partnerships", client_kind="Banks")
    client = client_for(carla)

    def titles(query: str) -> list[str]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200
        return [row.reference.title for row in response.context["rows"]]

    assert titles("q=securite") == ["Sécurité des magasins"]
    assert titles("q=SECURITE+retailers") == ["Sécurité des magasins"]
    assert titles("q=securite+banks") == []
    assert titles("topic=Partnerships") == ["Asia partnerships"]
    assert titles("client_kind=Mid-size+retailers") == ["Sécurité des magasins"]
    assert titles(f"pilot={pilot_c.pk}") == ["Asia partnerships", "Sécurité des magasins"]
    too_long = client.get(LIST, {"q": " ".join(["word"] * 12)})
    assert too_long.context["rows"] == [] and "at most 8 words" in too_long.content.decode()
    assert "No reference conversation matches" in client.get(f"{LIST}?q=zzz").content.decode()


def test_the_empty_list_explains_what_a_reference_conversation_is(carla, client_for):
    html = client_for(carla).get(LIST).content.decode()
    assert "No reference conversations yet" in html
    assert "reuse" in html and reverse("bizdev:reference_create") in html


def test_the_list_is_paginated_in_a_bounded_number_of_queries(
    carla, pilot_c, client_for, django_assert_max_num_queries
):
    for _ in range(30):
        ReferenceFactory(pilot=pilot_c, created_by=carla, topic="Retail")
    client = client_for(carla)
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 25
    assert response.context["page_obj"].paginator.count == 30
    assert len(client.get(f"{LIST}?page=2").context["rows"]) == 5


def test_the_pages_create_show_edit_and_delete(carla, pilot_c, client_for):
    client = client_for(carla)
    assert client.get(reverse("bizdev:reference_create")).status_code == 200
    response = client.post(reverse("bizdev:reference_create"), {"pilot": pilot_c.pk, **GOOD})
    reference = ReferenceConversation.objects.get()
    assert response.status_code == 302 and response.url == reverse("bizdev:reference_detail", args=[reference.pk])
    detail = client.get(response.url).content.decode()
    assert "www.linkedin.com" in detail and 'href="https://www.linkedin.com/groups/42/discussion/7"' in detail
    edit = reverse("bizdev:reference_edit", args=[reference.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"pilot": pilot_c.pk, **GOOD, "title": "Mall security"}).status_code == 302
    reference.refresh_from_db()
    assert reference.title == "Mall security" and "mall security" in reference.search_text
    delete = reverse("bizdev:reference_delete", args=[reference.pk])
    assert "Delete" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not ReferenceConversation.objects.exists()


def test_a_bad_address_is_refused_on_the_form_and_nothing_is_written(carla, pilot_c, client_for):
    client = client_for(carla)
    for url in ("javascript:alert(1)", "ftp://files.example/x"):
        response = client.post(reverse("bizdev:reference_create"), {"pilot": pilot_c.pk, **GOOD, "url": url})
        assert response.status_code == 400
        assert escape(services.MSG_URL) in response.content.decode()
    missing = client.post(reverse("bizdev:reference_create"), {"pilot": pilot_c.pk, **GOOD, "summary": ""})
    assert missing.status_code == 400 and "This field is required" in missing.content.decode()
    assert not ReferenceConversation.objects.exists()


def test_a_stored_non_http_address_never_becomes_a_link(carla, pilot_c, client_for):
    """Rows written before the rule (or by hand) must not turn into javascript: links."""
    ReferenceConversation.objects.create(
        pilot=pilot_c, url="javascript:alert(1)", title="Odd", summary="s", created_by=carla
    )
    reference = ReferenceConversation.objects.get()
    for page in (LIST, reverse("bizdev:reference_detail", args=[reference.pk])):
        html = client_for(carla).get(page).content.decode()
        assert 'href="javascript:' not in html


def test_html_in_user_input_is_escaped(carla, pilot_c, client_for):
    evil = "<script>alert('x')</script>"
    reference = services.reference_create(
        actor=carla, pilot=pilot_c, **{**GOOD, "title": evil, "summary": evil, "topic": evil}
    )
    for page in (LIST, reverse("bizdev:reference_detail", args=[reference.pk])):
        html = client_for(carla).get(page).content.decode()
        assert evil not in html and "&lt;script&gt;" in html


def test_the_detail_lists_the_requests_citing_it(reference, pilot_c, carla, client_for):
    citing = HelpRequestFactory(pilot=pilot_c, title="Insight on Acme")
    citing.references.add(reference)
    HelpRequestFactory(pilot=pilot_c, title="Unrelated ask")
    response = client_for(carla).get(reverse("bizdev:reference_detail", args=[reference.pk]))
    assert [r.title for r, _url in response.context["citing"]] == ["Insight on Acme"]
    assert "Unrelated ask" not in response.content.decode()


def test_a_harvested_conversation_prefills_the_form_when_visible(carla, pilot_c, client_for):
    mine = _conversation(pilot_c, title="Shrinkage thread", text="We discussed shrinkage.")
    client = client_for(carla)
    form = client.get(f"{reverse('bizdev:reference_create')}?conversation={mine.pk}").context["form"]
    assert form.initial["url"] == "https://social.example/@ann/1"
    assert form.initial["title"] == "Shrinkage thread"
    assert form.initial["summary"] == "We discussed shrinkage."
    hidden = _conversation(PilotFactory(stage=3), title="Secret thread")
    response = client.get(f"{reverse('bizdev:reference_create')}?conversation={hidden.pk}")
    assert "title" not in response.context["form"].initial
    assert "not one you may see" in response.content.decode()
    assert client.get(f"{reverse('bizdev:reference_create')}?conversation=x²").status_code == 200
    # Posting with the (hidden) conversation links it.
    client.post(reverse("bizdev:reference_create"), {"pilot": pilot_c.pk, **GOOD, "conversation": mine.pk})
    assert ReferenceConversation.objects.get().conversation == mine
    refused = client.post(reverse("bizdev:reference_create"), {"pilot": pilot_c.pk, **GOOD, "conversation": hidden.pk})
    assert refused.status_code == 400 and services.MSG_CONVERSATION in refused.content.decode()
    assert ReferenceConversation.objects.count() == 1


def test_other_pilots_contributors_managers_and_outsiders_get_404(
    reference, client_for, eve, manager, outsider, sponsor_b
):
    sponsor_b.managers.add(manager)
    for page in ("reference_detail", "reference_edit", "reference_delete"):
        assert client_for(eve).get(reverse(f"bizdev:{page}", args=[reference.pk])).status_code == 404
    assert client_for(eve).get(LIST).context["rows"] == []
    for user in (manager, outsider):
        assert client_for(user).get(LIST).status_code == 404
        assert client_for(user).get(reverse("bizdev:reference_create")).status_code == 404
        assert client_for(user).get(reverse("bizdev:reference_detail", args=[reference.pk])).status_code == 404


def test_a_colleague_reads_but_may_not_change_anothers_reference(reference, dan, client_for, pilot_c):
    client = client_for(dan)
    detail = client.get(reverse("bizdev:reference_detail", args=[reference.pk]))
    assert detail.status_code == 200 and not detail.context["can_change"]
    edit = reverse("bizdev:reference_edit", args=[reference.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"pilot": pilot_c.pk, **GOOD, "title": "Mine"}).status_code == 403
    assert client.post(reverse("bizdev:reference_delete", args=[reference.pk])).status_code == 403
    reference.refresh_from_db()
    assert reference.title == GOOD["title"]


def test_editing_keeps_a_conversation_the_editor_no_longer_sees(carla, pilot_c, client_for):
    conversation = _conversation(pilot_c)
    reference = services.reference_create(actor=carla, pilot=pilot_c, conversation=conversation, **GOOD)
    ConversationMatch.objects.filter(conversation=conversation).delete()  # out of Carla's sight now
    edit = reverse("bizdev:reference_edit", args=[reference.pk])
    response = client_for(carla).post(
        edit, {"pilot": pilot_c.pk, **GOOD, "title": "Renamed", "conversation": conversation.pk}
    )
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.title == "Renamed" and reference.conversation == conversation
