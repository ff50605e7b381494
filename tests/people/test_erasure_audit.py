"""Erasure reaches every audit event that names the person, not only those filed under their id:
introductions made *to* them (the event's person_id is the one introduced on their behalf), and
reads whose recorded filters or target hold their full name. The events stay, with who did what
and when; only the words that identified the person become "[erased]"."""

from __future__ import annotations

import json

import pytest

from accounts.models import AuditEvent
from accounts.services import audit_record
from metrics import services as metrics_services
from people import services
from people.services.privacy import ERASED_TEXT, RELATED_PERSON_KEY
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _text(event: AuditEvent) -> str:
    return (json.dumps(event.data) + " " + event.target_repr).lower()


# --- 1. introductions made to the erased person ------------------------------------------------


def test_erasing_the_person_introduced_to_scrubs_the_introductions_audit_events(hr_lead, contributor_a, pilot_a):
    # A one-word name, shorter than the full-name search's minimum: only the recorded id finds
    # these events, so this proves the id, not the name search.
    kai = PersonFactory(first_name="Kai", last_name="")
    alumna = PersonFactory(first_name="Hedda", last_name="Gabler")
    kept = metrics_services.introduction_record(actor=contributor_a, pilot=pilot_a, on_behalf_of=alumna, to_person=kai)
    metrics_services.introduction_confirm(actor=hr_lead, introduction=kept)
    metrics_services.introduction_update(actor=contributor_a, introduction=kept, outcome="Coffee next week")
    gone = metrics_services.introduction_record(actor=contributor_a, pilot=pilot_a, on_behalf_of=alumna, to_person=kai)
    metrics_services.introduction_delete(actor=contributor_a, introduction=gone)
    intro_events = AuditEvent.objects.filter(verb__startswith="introduction.")
    assert intro_events.count() == 5
    assert all(e.person_id == alumna.pk for e in intro_events)
    recorded = intro_events.filter(verb__in=["introduction.recorded", "introduction.confirmed"])
    assert {e.data[RELATED_PERSON_KEY] for e in recorded} == {kai.pk}  # both people are on the event

    services.person_erase(actor=hr_lead, person=kai)

    assert intro_events.count() == 5  # the trail stays
    for event in intro_events.all():
        assert "kai" not in event.target_repr.lower(), (event.verb, event.target_repr)
        assert ERASED_TEXT in event.target_repr
        assert "Hedda Gabler" in event.target_repr  # the other person's part still reads
        assert event.actor is not None and event.person_id == alumna.pk


def test_a_correction_that_names_the_person_introduced_to_is_scrubbed_with_them(hr_lead, contributor_a, pilot_a):
    # The correction is the only event naming Kai (a name too short for the full-name search):
    # it must carry Kai's id itself, as every event of an introduction names its second person.
    kai = PersonFactory(first_name="Kai", last_name="")
    alumna = PersonFactory(first_name="Hedda", last_name="Gabler")
    first = PersonFactory(first_name="Lea", last_name="Strom")
    row = metrics_services.introduction_record(actor=contributor_a, pilot=pilot_a, on_behalf_of=alumna, to_person=first)
    metrics_services.introduction_update(actor=contributor_a, introduction=row, to_person=kai)
    corrected = AuditEvent.objects.get(verb="introduction.corrected")
    assert corrected.data[RELATED_PERSON_KEY] == kai.pk and "Kai" in corrected.target_repr

    services.person_erase(actor=hr_lead, person=kai)

    corrected.refresh_from_db()
    assert "kai" not in corrected.target_repr.lower() and ERASED_TEXT in corrected.target_repr
    assert "Hedda Gabler" in corrected.target_repr
    metrics_services.introduction_delete(actor=contributor_a, introduction=row)
    assert AuditEvent.objects.get(verb="introduction.deleted").data[RELATED_PERSON_KEY] == kai.pk


def test_erasing_the_person_introduced_on_behalf_of_leaves_the_other_persons_name(hr_lead, contributor_a, pilot_a):
    ingrid = PersonFactory(first_name="Ingrid", last_name="Solberg")
    contact = PersonFactory(first_name="Tor", last_name="Berge")
    metrics_services.introduction_record(actor=contributor_a, pilot=pilot_a, on_behalf_of=ingrid, to_person=contact)

    services.person_erase(actor=hr_lead, person=ingrid)

    event = AuditEvent.objects.get(verb="introduction.recorded")
    assert "ingrid" not in _text(event) and "solberg" not in _text(event)
    assert "Tor Berge" in event.target_repr and event.data[RELATED_PERSON_KEY] == contact.pk


# --- 2. reads and other events that recorded the person's name ----------------------------------


def test_erasure_redacts_a_directory_search_for_the_persons_name_and_keeps_the_read(api_client_for, hr_lead):
    ingrid = PersonFactory(first_name="Ingrid", last_name="Solberg")
    listed = api_client_for(hr_lead).get("/api/v1/people/", {"search": "ingrid solberg", "country": "DE"})
    assert listed.status_code == 200
    read = AuditEvent.objects.get(verb="people.api_listed")
    assert read.data["filters"]["search"] == "ingrid solberg"
    when = read.created_at

    services.person_erase(actor=hr_lead, person=ingrid)

    read.refresh_from_db()
    assert read.data["filters"] == {"search": ERASED_TEXT, "country": "DE"}
    assert (read.actor, read.verb, read.created_at, read.data["rows"]) == (hr_lead, "people.api_listed", when, 1)


def test_erasure_redacts_the_full_name_in_other_events_targets_and_data(hr_lead):
    ingrid = PersonFactory(first_name="Ingrid", last_name="Solberg")
    other = PersonFactory(first_name="Ingrid", last_name="Hansen")
    mention = audit_record(
        actor=hr_lead,
        verb="conversation.linked",
        target_type="listening.conversation",
        target_id="7",
        data={"note": "Ingrid Hansen asked about Ingrid Solberg's talk", "nested": [{"q": "INGRID SOLBERG"}]},
    )
    mention.target_repr = "Post by Ingrid Solberg on Mastodon"
    mention.save(update_fields=["target_repr"])
    about_other = audit_record(actor=hr_lead, verb="person.viewed", target=other, data={"via": "page"})

    services.person_erase(actor=hr_lead, person=ingrid)

    mention.refresh_from_db()
    assert mention.target_repr == f"Post by {ERASED_TEXT} on Mastodon"
    assert mention.data == {
        "note": f"Ingrid Hansen asked about {ERASED_TEXT}'s talk",  # a namesake's first name stays
        "nested": [{"q": ERASED_TEXT}],
    }
    about_other.refresh_from_db()
    assert about_other.target_repr == "Ingrid Hansen"  # a namesake's events keep their words


def test_erasure_redacts_a_name_stored_with_non_ascii_letters(hr_lead):
    soren = PersonFactory(first_name="Søren", last_name="Ødegård")
    read = audit_record(actor=hr_lead, verb="people.api_listed", data={"filters": {"search": "Søren Ødegård"}})

    services.person_erase(actor=hr_lead, person=soren)

    read.refresh_from_db()
    assert read.data == {"filters": {"search": ERASED_TEXT}}


def test_erasure_does_not_search_other_events_for_a_short_name(hr_lead):
    ann = PersonFactory(first_name="Ann", last_name="")
    unrelated = audit_record(
        actor=hr_lead, verb="people.api_listed", data={"filters": {"search": "Ann"}, "note": "Ann Arbor trip"}
    )
    unrelated.target_repr = "Ann Arbor office"
    unrelated.save(update_fields=["target_repr"])

    services.person_erase(actor=hr_lead, person=ann)

    unrelated.refresh_from_db()
    assert unrelated.data == {"filters": {"search": "Ann"}, "note": "Ann Arbor trip"}
    assert unrelated.target_repr == "Ann Arbor office"


def test_the_scrub_reads_only_the_events_that_mention_the_person(hr_lead):
    ingrid = PersonFactory(first_name="Ingrid", last_name="Solberg")
    for n in range(25):
        audit_record(actor=hr_lead, verb="people.api_listed", data={"filters": {"search": f"someone {n}"}})
    audit_record(actor=hr_lead, verb="people.api_listed", data={"filters": {"search": "Ingrid Solberg"}})
    loaded: list[int] = []
    original = AuditEvent.from_db.__func__  # type: ignore[attr-defined]

    def spy(cls, db, field_names, values):
        instance = original(cls, db, field_names, values)
        loaded.append(instance.pk)
        return instance

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(AuditEvent, "from_db", classmethod(spy))
        services.person_erase(actor=hr_lead, person=ingrid)

    assert len(loaded) <= 2  # the search for her, and nothing about the 25 others
