"""Privacy duties of the ledger: the same answer for an id that does not exist and one the user may
not use, the ledger's section of a person's data export and erasure (people.registry), a phrase
for every audit verb metrics writes, and one rule for who sees a sponsor's baselines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.audit import known_verbs
from accounts.models import AuditEvent, Role
from metrics import services
from metrics.access import can_see_baselines
from metrics.models import Assist, Hire, Introduction, Win
from people.models import Person
from people.registry import personal_data_sections
from programs.models import SharingPolicy, Venue
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PolicyFactory, SponsorFactory, VenueFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 5)


def hire_body(person, **extra):
    return {
        "person": person.pk,
        "opening_title": "Engineer",
        "source": "social",
        "first_contact_date": "2025-02-01",
        "date": "2025-03-01",
        "cost_travel": "10",
        **extra,
    }


# --- one answer for missing and forbidden ids -------------------------------------------------


def test_api_gives_one_answer_for_a_missing_and_a_foreign_employee(api_client_for, contributor_a, contributor_b):
    person, contact = PersonFactory(), PersonFactory()
    client = api_client_for(contributor_a)
    body = {"on_behalf_of": person.pk, "to_person": contact.pk}

    foreign = client.post("/api/v1/introductions/", {**body, "made_by": contributor_b.pk}, format="json")
    missing = client.post("/api/v1/introductions/", {**body, "made_by": 999_999}, format="json")

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["error"]["fields"]["made_by"] == missing.json()["error"]["fields"]["made_by"]
    assert foreign.json()["error"]["fields"]["made_by"] == [services.MSG_EMPLOYEE_NOT_MEMBER]
    assert not Introduction.objects.exists()


def test_api_gives_one_answer_for_a_missing_and_an_unseen_sponsor(api_client_for, contributor_a, sponsor_b):
    client = api_client_for(contributor_a)
    person = PersonFactory()

    unseen = client.post("/api/v1/hires/", hire_body(person, sponsor=sponsor_b.pk), format="json")
    missing = client.post("/api/v1/hires/", hire_body(person, sponsor=999_999), format="json")

    assert unseen.status_code == missing.status_code == 400
    assert unseen.json()["error"] == missing.json()["error"]
    assert not Hire.objects.exists()


def test_hire_form_offers_only_sponsors_the_user_may_see(client_for, contributor_a, sponsor_b):
    html = client_for(contributor_a).get(reverse("metrics:hire_create")).content.decode()

    assert "Engineering" in html and "Consulting" not in html


def test_hire_form_gives_one_answer_for_a_missing_and_an_unseen_sponsor(client_for, contributor_a, pilot_a, sponsor_b):
    person = PersonFactory()
    client = client_for(contributor_a)
    base = {**hire_body(person), "pilot": pilot_a.pk, "confirm_warnings": "on"}

    unseen = client.post(reverse("metrics:hire_create"), {**base, "sponsor": sponsor_b.pk})
    missing = client.post(reverse("metrics:hire_create"), {**base, "sponsor": 999_999})

    assert unseen.status_code == missing.status_code == 400
    assert unseen.context["form"].errors["sponsor"] == missing.context["form"].errors["sponsor"]
    assert not Hire.objects.exists()


def test_api_names_an_unknown_person_plainly(api_client_for, contributor_a):
    response = api_client_for(contributor_a).post(
        "/api/v1/assists/", {"person": 999_999, "assist_type": "introduction", "direction": "given"}, format="json"
    )

    assert response.status_code == 400
    assert "No such person" in response.json()["error"]["fields"]["person"][0]


# --- a person's data: export and erasure ------------------------------------------------------


@pytest.fixture
def ledger_of_petra(hr_lead, pilot_a):
    petra = PersonFactory(first_name="Petra", last_name="Private", consent_to_contact=True, consent_date=DAY)
    other = PersonFactory(first_name="Olga", last_name="Other")
    intro = services.introduction_record(
        actor=hr_lead,
        pilot=pilot_a,
        on_behalf_of=petra,
        to_person=other,
        date=DAY,
        outcome="Petra got the job at Olga's team",
    )
    services.introduction_confirm(actor=hr_lead, introduction=intro)
    services.assist_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=petra,
        assist_type="decision-maker-introduction",
        direction="received",
        date=DAY,
        reference_label="Deal Petra brought",
        note="Petra introduced us to the CTO",
    )
    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=petra,
        opening_title="Engineer",
        source="alumni_referral",
        first_contact_date=dt.date(2025, 2, 1),
        date=DAY,
        cost_travel="3200",
        note="Petra prefers remote work",
    )
    services.introduction_record(actor=hr_lead, pilot=pilot_a, on_behalf_of=other, to_company=CompanyFactory())
    return petra


def _section():
    [section] = [s for s in personal_data_sections() if s.key == "metrics.ledger"]
    return section


def test_export_lists_the_ledger_rows_naming_the_person(ledger_of_petra):
    rows = _section().export(ledger_of_petra)

    assert [row["kind"] for row in rows] == ["introduction", "assist", "hire"]
    intro, assist, hire = rows
    assert intro["role"] == "introduced" and intro["date"] == "2025-03-05" and intro["pilot"] == "Engineers on Mastodon"
    assert assist["points"] == 10 and assist["assist_type"] == "Introduction to a decision maker"
    assert hire["total_cost"] == "3200.00" and hire["time_to_hire_days"] == 32
    assert intro["outcome"] == "Petra got the job at Olga's team"


def test_export_of_the_other_side_of_an_introduction_names_no_one_else(ledger_of_petra):
    olga = Person.objects.get(first_name="Olga")
    rows = [row for row in _section().export(olga) if row.get("role") == "introduced to"]

    assert len(rows) == 1
    assert rows[0]["outcome"] == ""
    assert "Petra" not in str(rows)


def test_erasure_clears_free_text_and_keeps_counts_and_money(hr_lead, ledger_of_petra, pilot_a):
    petra = ledger_of_petra
    PolicyFactory(pilot=pilot_a, status=SharingPolicy.Status.APPROVED)
    venue = VenueFactory(visibility=Venue.Visibility.PRIVATE)
    services.celebration_draft(actor=hr_lead, win=Win.objects.get(hire__person=petra), venue=venue)
    counts = (Introduction.objects.count(), Assist.objects.count(), Hire.objects.count(), Win.objects.count())
    # people anonymizes the person row first, then asks each section to erase.
    Person.objects.filter(pk=petra.pk).update(first_name="Erased", last_name="Person", consent_to_contact=False)
    petra.refresh_from_db()

    changed = _section().erase(petra, hr_lead)

    assert changed >= 5
    assert (Introduction.objects.count(), Assist.objects.count(), Hire.objects.count(), Win.objects.count()) == counts
    intro = Introduction.objects.get(on_behalf_of=petra)
    assist = Assist.objects.get(person=petra)
    hire = Hire.objects.get(person=petra)
    assert (intro.outcome, assist.note, assist.reference_label, hire.note) == ("", "", "", "")
    assert (hire.total_cost, assist.points, intro.meaningful) == (Decimal("3200.00"), 10, True)
    assert Introduction.objects.exclude(on_behalf_of=petra).get().on_behalf_of.first_name == "Olga"
    for win in Win.objects.all():
        assert "Petra" not in win.headline
        assert all("Petra" not in c.text for c in win.celebrations.all())


def test_erasing_someone_the_ledger_does_not_name_changes_nothing(hr_lead):
    assert _section().erase(PersonFactory(), hr_lead) == 0


# --- audit phrases ----------------------------------------------------------------------------


def test_every_audit_verb_metrics_writes_has_a_phrase(client_for, hr_lead, pilot_a):
    person, contact = PersonFactory(), PersonFactory()
    intro = services.introduction_record(actor=hr_lead, pilot=pilot_a, on_behalf_of=person, to_person=contact)
    services.introduction_update(actor=hr_lead, introduction=intro, outcome="Met")
    services.introduction_confirm(actor=hr_lead, introduction=intro)
    services.introduction_confirm(actor=hr_lead, introduction=intro, meaningful=False)
    assist = services.assist_record(
        actor=hr_lead, pilot=pilot_a, person=person, assist_type="introduction", direction="given"
    )
    services.assist_update(actor=hr_lead, assist=assist, note="Thanks")
    hire = services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=person,
        opening_title="Engineer",
        source="social",
        first_contact_date=dt.date(2025, 2, 1),
        date=DAY,
    )
    services.hire_update(actor=hr_lead, hire=hire, note="Remote")
    PolicyFactory(pilot=pilot_a, status=SharingPolicy.Status.APPROVED)
    services.celebration_draft(actor=hr_lead, win=Win.objects.get(hire=hire), venue=VenueFactory())
    cost = services.program_cost_record(actor=hr_lead, pilot=pilot_a, category="tools", description="x", amount="1")
    services.program_cost_update(actor=hr_lead, cost=cost, amount="2")
    baseline = services.baseline_save(
        actor=hr_lead, sponsor=pilot_a.sponsor, valid_from=DAY, valid_to=DAY, source_note="Finance"
    )
    services.baseline_save(actor=hr_lead, baseline=baseline, travel_per_hire="5")
    kind = services.assist_type_save(actor=hr_lead, name="Coffee chat", points=2)
    services.assist_type_save(actor=hr_lead, assist_type=kind, name="Coffee chat", points=3)
    for row, delete in (
        (intro, services.introduction_delete),
        (assist, services.assist_delete),
        (hire, services.hire_delete),
    ):
        delete(actor=hr_lead, **{row._meta.model_name: row})
    services.program_cost_delete(actor=hr_lead, cost=cost)
    services.baseline_delete(actor=hr_lead, baseline=baseline)
    client = client_for(hr_lead)
    for name in ("metrics:hire_csv", "metrics:introduction_csv", "metrics:assist_csv"):
        b"".join(client.get(reverse(name)).streaming_content)

    written = set(AuditEvent.objects.exclude(verb__startswith="person.").values_list("verb", flat=True))
    assert len(written) == 23  # every verb of the workflow above
    phrases = known_verbs()
    assert sorted(written - set(phrases)) == []


def test_audit_log_reads_a_ledger_event_as_words(hr_lead, pilot_a):
    from accounts.audit import describe

    services.hire_record(
        actor=hr_lead,
        pilot=pilot_a,
        person=PersonFactory(first_name="Wes", last_name="Words"),
        opening_title="Engineer",
        source="social",
        first_contact_date=dt.date(2025, 2, 1),
        date=DAY,
    )

    event = AuditEvent.objects.get(verb="hire.recorded")
    assert describe(event) == "Hire recorded: Wes Words hired as Engineer by Hanna Lead"
    assert event.person_id == Hire.objects.get().person_id


# --- baselines: one rule ----------------------------------------------------------------------


def test_baseline_rule_hr_leads_and_the_sponsors_managers_only(hr_lead, manager, contributor_a, sponsor_a, sponsor_b):
    other_manager = UserFactory(role=Role.MANAGER)
    SponsorFactory(name="Elsewhere").managers.add(other_manager)

    assert can_see_baselines(hr_lead, sponsor_b) and can_see_baselines(hr_lead)
    assert can_see_baselines(manager) and can_see_baselines(manager, sponsor_a)
    assert can_see_baselines(manager, sponsor_a.pk)
    assert not can_see_baselines(manager, sponsor_b)
    assert not can_see_baselines(other_manager, sponsor_a)
    assert not can_see_baselines(contributor_a) and not can_see_baselines(contributor_a, sponsor_a)


def test_contributors_get_no_baseline_page_link_or_api(client_for, api_client_for, contributor_a):
    client = client_for(contributor_a)

    assert client.get(reverse("metrics:baseline_list")).status_code == 403
    assert api_client_for(contributor_a).get("/api/v1/baselines/").status_code == 403
    nav = client.get(reverse("metrics:hire_list")).content.decode()
    assert reverse("metrics:baseline_list") not in nav


def test_managers_see_the_baselines_of_their_sponsors_only(client_for, api_client_for, hr_lead, manager, sponsor_a):
    mine = services.baseline_save(actor=hr_lead, sponsor=sponsor_a, valid_from=DAY, valid_to=DAY, source_note="A")
    theirs = services.baseline_save(
        actor=hr_lead, sponsor=SponsorFactory(name="Theirs"), valid_from=DAY, valid_to=DAY, source_note="B"
    )

    page = client_for(manager).get(reverse("metrics:baseline_list"))
    api = api_client_for(manager)

    assert [b.pk for b in page.context["baselines"]] == [mine.pk]
    assert [s.name for s in page.context["filters"].fields["sponsor"].queryset] == ["Engineering"]
    assert api.get(f"/api/v1/baselines/{theirs.pk}/").status_code == 404
    assert reverse("metrics:baseline_list") in client_for(manager).get(reverse("metrics:hire_list")).content.decode()
