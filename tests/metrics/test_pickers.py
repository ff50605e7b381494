"""One person picker: the hire form lists its people through the ledger forms' picker
(metrics.forms.ledger.picker_matches, over people.selectors.person_lookup): what was picked first,
once, then the matches of the search, at most a fixed number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from metrics import services
from metrics.forms.hires import PERSON_MATCHES
from metrics.forms.ledger import LOOKUP_LIMIT, build_picker, picked_object, picker_matches
from metrics.models import HireSource
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("metrics:hire_create")


def _offered(response) -> list[int]:
    return [pk for pk, _ in response.context["form"].fields["person"].widget.choices]


def test_picker_matches_lists_what_was_picked_first_and_once_then_the_matches():
    people = [PersonFactory(first_name="Mara", last_name=f"Match{i:02}") for i in range(5)]
    chosen = people[3]
    matches, more = picker_matches("person", "mara", picked=[chosen, chosen], limit=3)
    assert [p.pk for p in matches] == [chosen.pk, people[0].pk, people[1].pk, people[2].pk]
    assert more is True
    matches, more = picker_matches("person", "", picked=[chosen])
    assert (matches, more) == ([chosen], False)


def test_picked_object_takes_an_object_or_an_id_and_nothing_else():
    person = PersonFactory()
    company = CompanyFactory()
    assert picked_object("person", person) == person
    assert picked_object("person", str(person.pk)) == person
    assert picked_object("company", company.pk) == company
    assert picked_object("person", company) is None
    assert picked_object("person", "") is None
    assert picked_object("person", "²") is None
    assert picked_object("person", str(person.pk + 1000)) is None


def test_the_ledger_picker_still_shows_at_most_its_limit_with_the_pick_checked_first():
    people = [PersonFactory(first_name="Lena", last_name=f"Lookup{i:02}") for i in range(LOOKUP_LIMIT + 2)]
    picked = people[-1]
    picker = build_picker("person", query="lena", selected=str(picked.pk))
    assert picker.more is True
    assert [o.pk for o in picker.options][:2] == [picked.pk, people[0].pk]
    assert [o.checked for o in picker.options].count(True) == 1 and picker.options[0].checked
    assert len(picker.options) == LOOKUP_LIMIT + 1
    assert build_picker("person", query="l", selected="").too_short is True


def test_the_hire_form_lists_the_linked_person_first_then_at_most_its_matches(client_for, contributor_a):
    people = [PersonFactory(first_name="Hana", last_name=f"Hired{i:02}") for i in range(PERSON_MATCHES + 3)]
    linked = people[5]
    offered = _offered(client_for(contributor_a).get(CREATE, {"q": "hana", "person": linked.pk}))
    assert offered[0] == linked.pk
    assert offered.count(linked.pk) == 1
    assert len(offered) == PERSON_MATCHES  # the linked person was one of the first matches
    assert offered[1:] == [p.pk for p in people[:PERSON_MATCHES] if p != linked]


def test_correcting_a_hire_keeps_its_person_on_the_list_whatever_is_searched(client_for, contributor_a, pilot_a):
    hired = PersonFactory(first_name="Petra", last_name="Placed")
    other = PersonFactory(first_name="Otto", last_name="Searched")
    hire = services.hire_record(
        actor=contributor_a,
        pilot=pilot_a,
        person=hired,
        opening_title="Backend engineer",
        sponsor=pilot_a.sponsor,
        source=HireSource.ALUMNI_REFERRAL,
        first_contact_date=dt.date(2025, 1, 1),
        date=dt.date(2025, 1, 31),
        warnings_confirmed=True,
    )
    offered = _offered(client_for(contributor_a).get(reverse("metrics:hire_edit", args=[hire.pk]), {"q": "searched"}))
    assert offered == [hired.pk, other.pk]
