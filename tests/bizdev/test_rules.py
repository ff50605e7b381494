"""bizdev.rules on its own: the guardrail finds terms on word boundaries, in any case and with any
accents, phrases as phrases and plurals with a final "s" only; the conflict rule finds alumni at a
company marked competitor and at a listed competitor of the deal's prospect (either way round),
among the alumni a request reaches (chosen, segment, joined members of the private group), in a
bounded number of queries."""

from __future__ import annotations

import pytest

from bizdev.models import GuardrailTerm, ProspectCompetitor
from bizdev.rules import (
    alumni_involved,
    conflicts_for,
    guardrail_hits,
    hits_from_json,
    match_terms,
    term_pattern,
)
from people.models import CompanyRelationship
from tests.bizdev.factories import GuardrailTermFactory
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import make_alumnus
from tests.people.factories import CompanyFactory

TERMS = [("price", "prices"), ("internal figures", "internal"), ("non-disclosure", "nda"), ("bid", "bids")]


def found(text, terms=TERMS):
    return [hit.term for hit in match_terms(text, terms)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What PRICES do they pay?", ["price"]),
        ("Their price list", ["price"]),
        ("A priceless insight", []),
        ("Share the Internal   Figures please", ["internal figures"]),
        ("internal, figures", ["internal figures"]),
        ("Internal numbers and figures", []),
        ("Is there a non disclosure agreement?", ["non-disclosure"]),
        ("Any Non-Disclosure?", ["non-disclosure"]),
        ("They forbid it; a bid was made", ["bid"]),
        ("Nothing sensitive here", []),
    ],
)
def test_terms_match_on_word_boundaries_any_case_as_phrases(text, expected):
    assert found(text) == expected


def test_accents_are_ignored_on_both_sides():
    assert found("Quel est le PRÎCE?") == ["price"]
    assert found("the price", [("prîce", "accented term")]) == ["prîce"]


def test_a_term_is_reported_once_with_its_note():
    hits = match_terms("price, prices, PRICE", [("price", "why"), ("Price", "again")])
    assert [(h.term, h.note) for h in hits] == [("price", "why")]


def test_a_term_without_letters_never_matches():
    assert term_pattern("---") is None
    assert found("--- !!!", [("---", "")]) == []


def test_regex_characters_in_terms_are_literal():
    assert found("c++ roadmap", [("c++", "")]) == ["c++"]
    assert found("cxx", [("c.x", "")]) == []


@pytest.mark.django_db
def test_guardrail_hits_reads_active_terms_only(django_assert_num_queries):
    GuardrailTerm.objects.all().delete()
    GuardrailTermFactory(term="margin", note="Margins are sensitive.")
    GuardrailTermFactory(term="tender", note="off", is_active=False)
    with django_assert_num_queries(1):
        hits = guardrail_hits("Their margins on the tender?")
    assert [(h.term, h.note) for h in hits] == [("margin", "Margins are sensitive.")]
    assert guardrail_hits("   ") == []


@pytest.mark.django_db
def test_default_terms_are_in_place_with_notes():
    terms = dict(GuardrailTerm.objects.values_list("term", "note"))
    assert {"price", "pricing", "contract", "confidential", "NDA", "bid", "tender"} <= set(terms)
    assert len(terms) >= 15 and all(terms.values())
    assert [h.term for h in guardrail_hits("Could you send the NDA and their pricing?")] == ["NDA", "pricing"]


def test_stored_hits_read_back_tolerantly():
    rows = [{"term": "price", "note": "n"}, {"oops": 1}, "junk", {"term": ""}]
    assert [(h.term, h.note) for h in hits_from_json(rows)] == [("price", "n")]
    assert hits_from_json(None) == []


# --- conflicts ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_competitor_by_relationship_and_by_prospect_pair(pilot3, deal, alma, rita, pete):
    conflicts = conflicts_for(pilot=pilot3, opportunity=deal, alumni=[alma, rita, pete])
    assert [(c.alumnus_id, c.company) for c in conflicts] == [(pete.pk, "Stratus"), (rita.pk, "Quarry & Finch")]
    by_id = {c.alumnus_id: c for c in conflicts}
    assert by_id[rita.pk].reason == "works for Quarry & Finch, which competes with us"
    assert by_id[pete.pk].reason == "works for Stratus, a competitor of Orchard Retail"
    assert by_id[pete.pk].alumnus_name == "Pete Alumna"


@pytest.mark.django_db
def test_a_prospect_pair_entered_the_other_way_round_counts(pilot3, segment, deal, prospect):
    acme = CompanyFactory(name="Acme", relationship=CompanyRelationship.OTHER)
    ProspectCompetitor.objects.create(prospect=acme, competitor=prospect)
    ann = make_alumnus(pilot3, segment, "Ann", company=acme)
    assert [c.alumnus_id for c in conflicts_for(pilot=pilot3, opportunity=deal, alumni=[ann])] == [ann.pk]


@pytest.mark.django_db
def test_without_a_deal_only_competitors_of_the_firm_count(pilot3, alma, rita, pete):
    conflicts = conflicts_for(pilot=pilot3, opportunity=None, alumni=[alma, rita, pete])
    assert [c.alumnus_id for c in conflicts] == [rita.pk]


@pytest.mark.django_db
def test_alumni_of_another_sponsor_or_without_company_are_not_conflicts(pilot3, segment, deal, rival, pilot_a):
    elsewhere = make_alumnus(pilot_a, None, "Eve", company=rival)
    jobless = make_alumnus(pilot3, segment, "Jo")
    assert conflicts_for(pilot=pilot3, opportunity=deal, alumni=[elsewhere, jobless]) == []


@pytest.mark.django_db
def test_conflicts_take_two_queries_whatever_the_audience(
    pilot3, segment, deal, rival, stratus, django_assert_num_queries
):
    for n in range(12):
        make_alumnus(pilot3, segment, f"A{n}", company=rival if n % 2 else stratus)
    alumni = alumni_involved(pilot=pilot3, audience="segment", segment=segment)
    with django_assert_num_queries(2):
        conflicts = conflicts_for(pilot=pilot3, opportunity=deal, alumni=alumni)
    assert len(conflicts) == 12


@pytest.mark.django_db
def test_who_a_request_reaches(pilot3, segment, alma, rita, pete, group, pilot_a):
    other = make_alumnus(pilot_a, None, "Other")  # another sponsor's
    assert set(alumni_involved(pilot=pilot3, audience="segment", segment=segment)) == {alma, rita, pete}
    chosen = alumni_involved(pilot=pilot3, audience="chosen", chosen_alumni=[rita, other])
    assert list(chosen) == [rita]  # another sponsor's alumnus never counts
    # The private group: joined members only (rita was only invited).
    assert list(alumni_involved(pilot=pilot3, audience="group", venue=group)) == [alma]
    assert list(alumni_involved(pilot=pilot3, audience="", segment=segment)) == []


@pytest.mark.django_db
def test_group_membership_decides_the_conflict(pilot3, deal, group, alma, rita):
    from alumni.models import GroupMembership

    assert (
        conflicts_for(
            pilot=pilot3, opportunity=deal, alumni=alumni_involved(pilot=pilot3, audience="group", venue=group)
        )
        == []
    )
    GroupMembership.objects.filter(alumnus=rita).update(status="joined")
    reached = alumni_involved(pilot=pilot3, audience="group", venue=group)
    assert [c.alumnus_id for c in conflicts_for(pilot=pilot3, opportunity=deal, alumni=reached)] == [rita.pk]


def test_the_sponsors_stage_2_alumni_are_the_stage_3_pilots_too(pilot3, pilot_b, deal, rival):
    """Stage 3 builds on Stage 2: the directory of the sponsor's Stage 2 pilot (pilot_b, same
    sponsor as pilot3) is who a Stage 3 request reaches, and a conflict there counts."""
    network = make_alumnus(pilot_b, None, "Nora", company=rival)
    chosen = alumni_involved(pilot=pilot3, audience="chosen", chosen_alumni=[network])
    assert list(chosen) == [network]
    assert [c.alumnus_id for c in conflicts_for(pilot=pilot3, opportunity=deal, alumni=chosen)] == [network.pk]
