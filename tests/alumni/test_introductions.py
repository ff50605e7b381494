"""The Stage 2 page of introductions on behalf of alumni: who sees which rows, the counts per pilot,
contributor and segment (meaningful vs not), the filters, the "Log an introduction" link and the
"Ask to confirm" button's state."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.selectors.introductions import NOT_USEFUL_VERB, alumni_introductions, introduction_counts
from metrics import services as ledger
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonEmailFactory, PersonFactory
from tests.programs.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
URL = "/alumni/introductions/"


def consenting_alumnus(pilot, segment=None, **person):
    p = PersonFactory(consent_to_contact=True, consent_date=dt.date(2026, 1, 1), **person)
    PersonEmailFactory(person=p)
    return AlumnusFactory(person=p, pilot=pilot, segment=segment)


def introduce(actor, pilot, alumnus, *, date=TODAY, meaningful=False, confirmer=None):
    intro = ledger.introduction_record(
        actor=actor, pilot=pilot, on_behalf_of=alumnus.person, to_person=PersonFactory(), date=date
    )
    if meaningful:
        ledger.introduction_confirm(actor=confirmer, introduction=intro)
    return intro


@pytest.fixture
def world(pilot_b, contributor_b, hr_lead):
    """pilot_b: two segments; contributor_b made 3 introductions (one meaningful), a colleague 1.
    Plus noise the page must leave out: a Stage 1 introduction and one for a non-alumnus."""
    colleague = UserFactory(full_name="Cora Colleague", role="contributor")
    MembershipFactory(pilot=pilot_b, user=colleague)
    engineers = SegmentFactory(pilot=pilot_b, name="Engineers", rank=1)
    partners = SegmentFactory(pilot=pilot_b, name="Partners", rank=2)
    ada = consenting_alumnus(pilot_b, engineers, first_name="Ada", last_name="Lovelace")
    bob = consenting_alumnus(pilot_b, partners, first_name="Bob", last_name="Builder")
    cid = consenting_alumnus(pilot_b, None, first_name="Cid", last_name="Nosegment")
    rows = {
        "ada1": introduce(contributor_b, pilot_b, ada, meaningful=True, confirmer=hr_lead),
        "ada2": introduce(contributor_b, pilot_b, ada, date=TODAY - dt.timedelta(days=40)),
        "bob1": introduce(contributor_b, pilot_b, bob),
        "cid1": introduce(colleague, pilot_b, cid),
    }
    ledger.introduction_record(actor=hr_lead, pilot=pilot_b, on_behalf_of=PersonFactory(), to_person=PersonFactory())
    return {"colleague": colleague, "engineers": engineers, "ada": ada, "bob": bob, "cid": cid, **rows}


def test_counts_per_pilot_contributor_and_segment(world, contributor_b):
    counts = introduction_counts(alumni_introductions(contributor_b))
    assert [(r.label, r.total, r.meaningful) for r in counts["pilot"]] == [("Consulting alumni", 4, 1)]
    assert [(r.label, r.total, r.meaningful) for r in counts["contributor"]] == [
        ("Bob Contributor", 3, 1),
        ("Cora Colleague", 1, 0),
    ]
    segments = {r.label: (r.total, r.meaningful, r.not_meaningful) for r in counts["segment"]}
    assert segments == {"Engineers": (2, 1, 1), "Partners": (1, 0, 1), "No segment": (1, 0, 1)}


def test_the_page_lists_alumni_introductions_with_their_status(world, client_for, contributor_b):
    response = client_for(contributor_b).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Ada Lovelace", "Bob Builder", "Cid Nosegment"):
        assert name in page
    assert "✓ Meaningful" in page
    assert "Not confirmed" in page
    assert len(response.context["items"]) == 4  # not the Stage 1 nor the non-alumnus row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=meaningful", {"ada1"}),
        ("status=unconfirmed", {"ada2", "bob1", "cid1"}),
        ("segment={engineers}", {"ada1", "ada2"}),
        ("contributor={colleague}", {"cid1"}),
        ("date_from={recent}", {"ada1", "bob1", "cid1"}),
        ("alumnus={ada}", {"ada1", "ada2"}),
    ],
)
def test_filters(world, client_for, contributor_b, query, expected):
    query = query.format(
        engineers=world["engineers"].pk,
        colleague=world["colleague"].pk,
        recent=(TODAY - dt.timedelta(days=7)).isoformat(),
        ada=world["ada"].pk,
    )
    response = client_for(contributor_b).get(f"{URL}?{query}")
    assert response.status_code == 200
    assert {item["intro"].pk for item in response.context["items"]} == {world[k].pk for k in expected}


def test_the_not_useful_and_asked_statuses_filter(world, client_for, contributor_b):
    AuditEvent.objects.create(
        verb=NOT_USEFUL_VERB, target_type="metrics.introduction", target_id=str(world["bob1"].pk), data={}
    )
    client = client_for(contributor_b)
    rows = client.get(f"{URL}?status=not_useful").context["items"]
    assert [item["intro"].pk for item in rows] == [world["bob1"].pk]
    assert "Not really useful to them" in client.get(URL).content.decode()


def test_a_bad_filter_value_is_not_an_error(world, client_for, contributor_b):
    response = client_for(contributor_b).get(f"{URL}?pilot=abc&date_from=yesterday&status=zzz")
    assert response.status_code == 200


def test_log_an_introduction_goes_to_the_ledger_form_prefilled_with_the_alumnus(world, client_for, contributor_b):
    response = client_for(contributor_b).get(f"{URL}?alumnus={world['ada'].pk}")
    link = urlsplit(response.context["log_url"])
    assert link.path == reverse("metrics:introduction_create")
    params = parse_qs(link.query)
    assert params["on_behalf_of"] == [str(world["ada"].person_id)]
    assert params["next"][0].startswith(URL)
    form = client_for(contributor_b).get(response.context["log_url"])
    assert form.status_code == 200
    assert "Ada Lovelace" in form.content.decode()


def test_the_ask_button_is_disabled_with_the_reason(world, client_for, contributor_b):
    person = world["bob"].person
    person.consent_to_contact, person.consent_date = False, None
    person.save()
    items = {i["intro"].pk: i for i in client_for(contributor_b).get(URL).context["items"]}
    assert (
        items[world["bob1"].pk]["refusal"] == "Bob Builder has not consented to be contacted, so we cannot e-mail them."
    )
    assert items[world["ada2"].pk]["refusal"] == ""
    # The colleague's introduction: contributor_b did not make it and is no champion.
    assert items[world["cid1"].pk]["can_ask"] is False


def test_the_page_runs_a_bounded_number_of_queries(
    world, client_for, contributor_b, pilot_b, django_assert_max_num_queries
):
    client = client_for(contributor_b)
    with django_assert_max_num_queries(18):
        client.get(URL)
    for _ in range(12):
        introduce(contributor_b, pilot_b, consenting_alumnus(pilot_b))
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert len(response.context["items"]) == 16


def test_managers_and_outsiders_get_a_404(world, client_for, manager, outsider, sponsor_b):
    sponsor_b.managers.add(manager)
    assert client_for(manager).get(URL).status_code == 404
    assert client_for(outsider).get(URL).status_code == 404


def test_a_contributor_of_another_pilot_sees_none_of_these_alumni(world, client_for, contributor_a):
    response = client_for(contributor_a).get(URL)
    assert response.status_code == 200
    assert response.context["items"] == []
    assert "Ada Lovelace" not in response.content.decode()
    assert client_for(contributor_a).get(f"{URL}?alumnus={world['ada'].pk}").status_code == 404


def test_hr_leads_see_every_pilots_alumni_introductions(world, client_for, hr_lead):
    assert len(client_for(hr_lead).get(URL).context["items"]) == 4
