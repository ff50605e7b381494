"""Alumni segments: the definition format, assignment to the best-ranked matching segment, ranks,
and the services' rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from alumni.models import AlumniSegment, Alumnus, ExitType, Goodwill
from alumni.segments import MSG_NOT_OBJECT, DefinitionError, definition_q, describe, validate_definition
from alumni.services import segments as services
from core.errors import ConflictError, DomainError, ForbiddenError
from people.models import CompanyRelationship
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db


# --- the definition format ------------------------------------------------------------------------------


def errors_of(raw) -> dict[str, list[str]]:
    with pytest.raises(DefinitionError) as caught:
        validate_definition(raw)
    return caught.value.errors


def test_a_definition_is_normalised():
    clean = validate_definition(
        {
            "countries": ["fr", " de ", "FR"],
            "former_departments": ["advisory", "Advisory", " Tax  team "],
            "goodwill_levels": ["neutral", "loves"],
            "rehire_eligible": True,
            "left_after": "2020-01-01",
            "exit_types": [],
        }
    )
    assert clean == {
        "former_departments": ["advisory", "Tax team"],
        "countries": ["DE", "FR"],
        "rehire_eligible": True,
        "left_after": "2020-01-01",
        "goodwill_levels": ["loves", "neutral"],
    }
    assert validate_definition({}) == {} and validate_definition(None) == {}


def test_bad_filters_are_refused_each_by_name():
    errors = errors_of(
        {
            "exit_types": ["fired"],
            "countries": ["Germany", "DE"],
            "goodwill_levels": "loves",
            "rehire_eligible": "yes",
            "left_before": "31/12/2024",
            "company_relationships": ["customer", "friend"],
            "former_departments": [""],
            "colour": ["blue"],
        }
    )
    assert errors["exit_types"] == [
        "Exit type (exit_types): “fired” is not one of “voluntary”, “eliminated”, “retired”, “other”."
    ]
    assert "“Germany” is not a two-letter ISO country code" in errors["countries"][0]
    assert errors["goodwill_levels"] == ["Goodwill (goodwill_levels): give a list of values."]
    assert errors["rehire_eligible"] == [
        "Eligible for rehire (rehire_eligible): true or false (leave it out for either)."
    ]
    assert errors["left_before"] == ["Left on or before (left_before): “31/12/2024” is not a date like 2024-01-31."]
    assert "“friend” is not one of" in errors["company_relationships"][0]
    assert "former_departments" in errors["former_departments"][0]
    assert errors["definition"][0].startswith("“colour” is not a filter; use former_departments, exit_types")


def test_a_definition_must_be_an_object_and_dates_in_order():
    assert errors_of(["DE"]) == {"definition": [MSG_NOT_OBJECT]}
    errors = errors_of({"left_after": "2024-06-01", "left_before": "2024-01-01"})
    assert errors == {
        "left_before": ["Left on or after (2024-06-01) is later than left on or before (2024-01-01): no one can match."]
    }


def test_describe_says_the_definition_in_words():
    assert describe({}) == ["Every alumnus of the pilot"]
    assert describe({"exit_types": ["eliminated"], "rehire_eligible": False, "countries": ["DE"]}) == [
        "Exit type: Job eliminated",
        "Country: DE",
        "Not eligible for rehire",
    ]
    assert describe({"colour": 1})[0].startswith("This definition is not valid any more")


def test_definition_q_matches_every_filter(pilot_b):
    customer = CompanyFactory(relationship=CompanyRelationship.CUSTOMER)
    hit = AlumnusFactory(
        pilot=pilot_b,
        person=PersonFactory(country="DE", company=customer),
        former_department="Advisory",
        exit_type=ExitType.ELIMINATED,
        rehire_eligible=True,
        left_on=dt.date(2023, 6, 30),
        goodwill=Goodwill.LOVES,
    )
    AlumnusFactory(pilot=pilot_b, person=PersonFactory(country="FR", company=customer), former_department="advisory")
    AlumnusFactory(pilot=pilot_b, person=PersonFactory(country="DE"), former_department="Advisory")
    q = definition_q(
        {
            "former_departments": ["ADVISORY"],
            "exit_types": ["eliminated"],
            "countries": ["de"],
            "company_relationships": ["customer"],
            "rehire_eligible": True,
            "left_after": "2023-06-30",
            "left_before": "2023-06-30",
            "goodwill_levels": ["loves"],
        }
    )
    assert list(Alumnus.objects.filter(q)) == [hit]
    assert Alumnus.objects.filter(definition_q({})).count() == 3


# --- assignment and ranks --------------------------------------------------------------------------------


@pytest.fixture
def alumni(pilot_b):
    """Dora (DE, loves us), Emil (DE, neutral), Fay (FR, loves us), Gus (US, hostile)."""
    make = lambda name, country, goodwill: AlumnusFactory(  # noqa: E731
        pilot=pilot_b, person=PersonFactory(first_name=name, country=country), goodwill=goodwill
    )
    return {
        "dora": make("Dora", "DE", Goodwill.LOVES),
        "emil": make("Emil", "DE", Goodwill.NEUTRAL),
        "fay": make("Fay", "FR", Goodwill.LOVES),
        "gus": make("Gus", "US", Goodwill.HOSTILE),
    }


def segment_of(alumnus) -> str | None:
    alumnus.refresh_from_db()
    return alumnus.segment.name if alumnus.segment else None


def test_each_alumnus_goes_to_the_best_ranked_segment_they_match(hr_lead, pilot_b, alumni):
    germans = services.segment_create(actor=hr_lead, pilot=pilot_b, name="Germany", definition={"countries": ["DE"]})
    fans = services.segment_create(
        actor=hr_lead, pilot=pilot_b, name="Fans", definition={"goodwill_levels": ["loves"]}, rank=1
    )
    assert [fans.rank, AlumniSegment.objects.get(pk=germans.pk).rank] == [1, 2]
    assert {k: segment_of(a) for k, a in alumni.items()} == {
        "dora": "Fans",
        "emil": "Germany",
        "fay": "Fans",
        "gus": None,
    }

    # Swapping the ranks reassigns: Dora matches both and now goes to Germany.
    assert services.segment_move(actor=hr_lead, segment=fans, direction="down") == 2
    assert {k: segment_of(a) for k, a in alumni.items()} == {
        "dora": "Germany",
        "emil": "Germany",
        "fay": "Fans",
        "gus": None,
    }
    assert list(AlumniSegment.objects.filter(pilot=pilot_b).values_list("name", "rank")) == [
        ("Germany", 1),
        ("Fans", 2),
    ]
    moved = AuditEvent.objects.get(verb="segment.moved")
    assert moved.data["rank"] == [1, 2] and moved.target_id == str(fans.pk)


def test_assign_runs_one_update_per_segment_and_returns_sizes(hr_lead, pilot_b, alumni):
    a = SegmentFactory(pilot=pilot_b, name="A", rank=1, definition={"countries": ["DE"]})
    b = SegmentFactory(pilot=pilot_b, name="B", rank=2, definition={"goodwill_levels": ["loves"]})
    c = SegmentFactory(pilot=pilot_b, name="C", rank=3, definition={"countries": ["JP"]})
    AlumnusFactory.create_batch(20, pilot=pilot_b, person__country="DE")
    with CaptureQueriesContext(connection) as ctx:
        result = services.segments_assign(actor=hr_lead, pilot=pilot_b)
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 3  # clear once, then one per segment that anyone matches (C: nobody)
    assert all("IN (SELECT" not in sql for sql in updates)  # by id, not through the joined filter
    assert result.per_segment == {a.pk: 22, b.pk: 1, c.pk: 0}
    assert (result.unassigned, result.total) == (1, 24)
    event = AuditEvent.objects.get(verb="segments.assigned")
    assert event.data == {"segments": {str(a.pk): 22, str(b.pk): 1, str(c.pk): 0}, "unassigned": 1}


def test_assign_updates_in_batches_of_ids(hr_lead, pilot_b, alumni, monkeypatch):
    monkeypatch.setattr(services, "ASSIGN_BATCH", 5)
    a = SegmentFactory(pilot=pilot_b, name="A", rank=1, definition={"countries": ["DE"]})
    AlumnusFactory.create_batch(20, pilot=pilot_b, person__country="DE")
    with CaptureQueriesContext(connection) as ctx:
        result = services.segments_assign(actor=hr_lead, pilot=pilot_b)
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert result.per_segment[a.pk] == 22
    assert len(updates) == 1 + 5  # clear, then 22 ids in batches of 5


def test_editing_the_definition_or_rank_reassigns(hr_lead, pilot_b, alumni):
    seg = services.segment_create(actor=hr_lead, pilot=pilot_b, name="France", definition={"countries": ["FR"]})
    other = services.segment_create(actor=hr_lead, pilot=pilot_b, name="Everyone", definition={})
    assert segment_of(alumni["gus"]) == "Everyone"
    changes = services.segment_update(actor=hr_lead, segment=seg, definition={"countries": ["US", "FR"]})
    assert changes["definition"] == [{"countries": ["FR"]}, {"countries": ["FR", "US"]}]
    assert segment_of(alumni["gus"]) == "France"
    services.segment_update(actor=hr_lead, segment=other, rank=1)
    assert segment_of(alumni["gus"]) == "Everyone"
    assert list(AlumniSegment.objects.filter(pilot=pilot_b).values_list("name", "rank")) == [
        ("Everyone", 1),
        ("France", 2),
    ]
    assert services.segment_update(actor=hr_lead, segment=other, name="Everyone") == {}


def test_deleting_closes_the_ranks_and_reassigns(hr_lead, pilot_b, alumni):
    first = services.segment_create(
        actor=hr_lead, pilot=pilot_b, name="Fans", definition={"goodwill_levels": ["loves"]}
    )
    services.segment_create(actor=hr_lead, pilot=pilot_b, name="Germany", definition={"countries": ["DE"]})
    assert services.segment_delete(actor=hr_lead, segment=first) == 2
    assert list(AlumniSegment.objects.filter(pilot=pilot_b).values_list("name", "rank")) == [("Germany", 1)]
    assert segment_of(alumni["dora"]) == "Germany" and segment_of(alumni["fay"]) is None


def test_service_rules(hr_lead, contributor_b, pilot_b, pilot_a):
    seg = services.segment_create(actor=hr_lead, pilot=pilot_b, name="Fans")
    with pytest.raises(ForbiddenError):
        services.segment_create(actor=contributor_b, pilot=pilot_b, name="Mine")
    with pytest.raises(ForbiddenError):
        services.segment_move(actor=contributor_b, segment=seg, direction="up")
    with pytest.raises(ConflictError):
        services.segment_create(actor=hr_lead, pilot=pilot_b, name=" fans ")
    with pytest.raises(DomainError) as bad:
        services.segment_create(actor=hr_lead, pilot=pilot_b, name="Bad", definition={"countries": ["XYZ"]})
    assert list(bad.value.fields) == ["countries"]
    with pytest.raises(DomainError) as edge:
        services.segment_move(actor=hr_lead, segment=seg, direction="up")
    assert edge.value.message == "“Fans” is already first."
    with pytest.raises(DomainError):
        services.segment_move(actor=hr_lead, segment=seg, direction="sideways")
    with pytest.raises(DomainError):
        services.segment_create(actor=hr_lead, pilot=pilot_b, name="  ")
    assert AlumniSegment.objects.count() == 1
