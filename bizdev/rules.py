"""The two rules a request of ours passes before it is sent (bizdev.services.requests runs them; the
pages and the API show what they found).

- The guardrail: "they never ask for privileged information". ``guardrail_hits`` finds the active
  GuardrailTerms (HR leads keep the list) in a text, on word boundaries, ignoring case and accents
  (people.search.fold). A term of several words matches as a phrase, whatever the spaces or
  hyphens between its words; a term also matches its plural made with a final "s" ("price" finds
  "prices"), and nothing else ("price" does not find "priceless").
- The conflict of interest: "when an alum works for a direct competitor". ``conflicts_for`` lists
  the alumni involved whose current company is marked competitor of the firm
  (people.Company.relationship) or is listed as a competitor of the deal's prospect
  (bizdev.models.ProspectCompetitor, either way round). ``alumni_involved`` says who a request
  reaches: the chosen alumni, the segment's alumni, or the private group's joined members.

Reads only; bounded queries (one for the terms; two for the conflicts, whatever the audience size).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet

from alumni.models import AlumniSegment, Alumnus, GroupStatus
from people.models import CompanyRelationship
from people.search import fold
from programs.models import Pilot, Venue

from .access import pilot_alumni
from .models import GuardrailTerm, Opportunity, ProspectCompetitor, RequestAudience

REASON_COMPETITOR = "works for {company}, which competes with us"
REASON_PROSPECT_COMPETITOR = "works for {company}, a competitor of {prospect}"


@dataclass(frozen=True)
class GuardrailHit:
    """A sensitive term found in a text, with why it is sensitive."""

    term: str
    note: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Conflict:
    """An alumnus involved in a request who works for a competitor."""

    alumnus_id: int
    alumnus_name: str
    company: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- the guardrail ------------------------------------------------------------------------------


def term_pattern(term: str) -> re.Pattern[str] | None:
    """The regular expression a term is looked for with, in folded text: its words in order, with
    any non-word characters between them, an optional final "s", and no word character on either
    side. None for a term without a word character (it can never match)."""
    words = re.findall(r"\w+", fold(term))
    if not words:
        return None
    body = r"[\W_]+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}s?(?!\w)")


def match_terms(text: str, terms: Iterable[tuple[str, str]]) -> list[GuardrailHit]:
    """The (term, note) pairs found in ``text``, in the order given, each term once (a term
    differing only by case or accents counts once)."""
    folded = fold(text)
    hits: list[GuardrailHit] = []
    seen: set[str] = set()
    for term, note in terms:
        key = fold(term)
        if key in seen:
            continue
        pattern = term_pattern(term)
        if pattern is not None and pattern.search(folded):
            seen.add(key)
            hits.append(GuardrailHit(term=term, note=note))
    return hits


def active_terms() -> list[tuple[str, str]]:
    return list(GuardrailTerm.objects.filter(is_active=True).order_by("term").values_list("term", "note"))


def guardrail_hits(text: str) -> list[GuardrailHit]:
    """The active guardrail terms found in ``text`` (one query)."""
    if not text.strip():
        return []
    return match_terms(text, active_terms())


def hits_from_json(rows: Any) -> list[GuardrailHit]:
    """Hits as stored in HelpRequest.guardrail_hits / GuardrailCheck.hits (tolerant of odd rows)."""
    out = []
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and row.get("term"):
            out.append(GuardrailHit(term=str(row["term"]), note=str(row.get("note", ""))))
    return out


# --- the conflict of interest -------------------------------------------------------------------


def alumni_involved(
    *,
    pilot: Pilot,
    audience: str,
    segment: AlumniSegment | None = None,
    chosen_alumni: Iterable[Alumnus] = (),
    venue: Venue | None = None,
) -> QuerySet[Alumnus]:
    """Who one of our requests reaches, among the pilot's alumni (its sponsor's,
    bizdev.access.pilot_alumni): the chosen alumni, the segment's alumni, or the alumni who joined
    the private group on ``venue``. Not evaluated here."""
    qs = pilot_alumni(pilot)
    if audience == RequestAudience.CHOSEN:
        return qs.filter(pk__in=[a.pk for a in chosen_alumni])
    if audience == RequestAudience.SEGMENT and segment is not None:
        return qs.filter(segment=segment)
    if audience == RequestAudience.GROUP and venue is not None:
        return qs.filter(group_memberships__venue=venue, group_memberships__status=GroupStatus.JOINED)
    return qs.none()


def prospect_competitor_ids(opportunity: Opportunity | None) -> set[int]:
    """The companies listed as competing with the deal's prospect, whichever way the pair was
    entered (one query; none without a deal)."""
    if opportunity is None:
        return set()
    prospect = opportunity.company_id
    pairs = ProspectCompetitor.objects.filter(Q(prospect_id=prospect) | Q(competitor_id=prospect)).values_list(
        "prospect_id", "competitor_id"
    )
    return {b if a == prospect else a for a, b in pairs}


def conflicts_for(
    *, pilot: Pilot, opportunity: Opportunity | None, alumni: QuerySet[Alumnus] | Iterable[Alumnus]
) -> list[Conflict]:
    """The alumni among ``alumni`` (the pilot's, bizdev.access.pilot_alumni) whose current company competes with the firm or
    with the deal's prospect. Two queries, whatever the number of alumni."""
    # A queryset is filtered further as it is: no IN (SELECT …) for the planner to loop over.
    involved = alumni if isinstance(alumni, QuerySet) else Alumnus.objects.filter(pk__in=[a.pk for a in alumni])
    rivals = prospect_competitor_ids(opportunity)
    condition = Q(person__company__relationship=CompanyRelationship.COMPETITOR)
    if rivals:
        condition |= Q(person__company_id__in=rivals)
    rows = (
        involved.filter(
            pilot__sponsor_id=pilot.sponsor_id, person__company__isnull=False, person__erased_at__isnull=True
        )
        .filter(condition)
        .select_related("person", "person__company")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    prospect_name = opportunity.company.name if opportunity is not None else ""
    conflicts = []
    for alumnus in rows:
        company = alumnus.person.company
        assert company is not None
        if company.relationship == CompanyRelationship.COMPETITOR:
            reason = REASON_COMPETITOR.format(company=company.name)
        else:
            reason = REASON_PROSPECT_COMPETITOR.format(company=company.name, prospect=prospect_name)
        conflicts.append(
            Conflict(alumnus_id=alumnus.pk, alumnus_name=alumnus.person.full_name, company=company.name, reason=reason)
        )
    return conflicts
