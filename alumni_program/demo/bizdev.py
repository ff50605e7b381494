"""Demo Stage 3 for Consulting's "Alumni-assisted deals" pilot, written through bizdev.services.

Raj owns eight deals at prospects and customers: won and lost, assisted by alumni and not, and two
still open (some opened before the pilot started: deals take months). The ledger's Stage 3 assists
that name a deal (metrics.py) are linked to it, so the velocity page compares assisted and
unassisted deals against the sponsor's legacy sales cycle (120 days, 450 a day: the baseline).
The HR lead lists two prospects' competitors; Raj keeps three reference conversations from the
private group and cites one.

Help requests both ways:
- ours: to Ethan Clarke and Amara Nwosu about the Orchard deal — Amara works for Stratus Advisory,
  a competitor, so the conflict rule stopped it until Raj wrote the disclosure it now carries;
  Ethan answered, and his insight is an assist received through the request. One to the top alumni
  segment asks about pricing models: the guardrail flagged "pricing" and Raj confirmed it. One to
  the private group about a new geography.
- alumni's own asks, which the seed says matter most: Sofia Rossi (introduction, met in two days)
  and Lena Fischer (insight, met in five) — each with the help given logged as an assist on the
  request; Ingrid Nilsen (product feedback, open 12 days) and Samuel Osei through the signed
  "Ask us for help" link (open 4 days).

Dates are relative to ``now``; a date less than RECENT_DAYS ago stays in the current year (as the
ledger's), so "this year" has Stage 3 figures even in early January.

Idempotent: a deal is looked up by pilot and name, a competitor pair by its two companies, a
reference by pilot and title, a request by pilot, direction and title (its responses and assists
come with it), an assist's link by its being still unlinked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from alumni.models import AlumniSegment, Alumnus
from bizdev.models import (
    HelpRequest,
    Opportunity,
    OpportunityStage,
    ProspectCompetitor,
    ReferenceConversation,
    RequestAudience,
    RequestDirection,
    RequestKind,
)
from bizdev.rules import alumni_involved, conflicts_for
from bizdev.services import assists as bizdev_assists
from bizdev.services import competitors, opportunities, references, request_answers, request_links, requests
from metrics.models import AssistDirection
from people.models import Company, Person
from programs.models import Pilot, Venue

from .metrics import link_deal_assists, on_day
from .result import DemoResult

S = OpportunityStage
# (name, prospect's domain, value, stage, closed days ago (won/lost) or opened days ago (open),
#  cycle days (closed deals), description). Names match the ledger's Stage 3 assist labels.
DEALS = (
    ("Tidewell: risk platform", "tidewell.example", "180000", S.WON, 20, 80,
     "Risk-model platform for the underwriting team; Ingrid introduced us to the CFO."),
    ("Meridian: analytics review", "meridian-health.example", "95000", S.WON, 12, 70,
     "Review of the patient-flow analytics; Sofia told us who decides."),
    ("Halvorsen: WMS upgrade", "halvorsen-logistics.example", "140000", S.WON, 6, 52,
     "Warehouse management system upgrade in three depots; Lena introduced us to the IT lead."),
    ("Lumen: automation roadmap", "lumen-robotics.example", "120000", S.LOST, 9, 75,
     "Automation strategy for the assembly lines; lost on timing, their budget moved a year."),
    ("Orchard: ERP migration", "orchard-retail.example", "260000", S.NEGOTIATION, 70, None,
     "ERP migration for 140 stores; in negotiation with the procurement director."),
    ("Brightwater: grid analytics", "brightwater-energy.example", "210000", S.WON, 30, 138,
     "Grid-load analytics for the network operator, won through the usual tender."),
    ("Corvid: hosting migration", "corvid-cloud.example", "60000", S.LOST, 40, 95,
     "Migration advisory for a hosting partner; they chose to do it themselves."),
    ("Tidewell: claims automation", "tidewell.example", "75000", S.PROPOSAL, 25, None,
     "Claims-handling automation; proposal sent."),
)  # fmt: skip
ORCHARD, TIDEWELL_CLAIMS = "Orchard: ERP migration", "Tidewell: claims automation"

# (prospect's domain, competitor's name (a new company unless it exists), note)
COMPETITOR_PAIRS = (
    ("orchard-retail.example", "Hartwell Stores", "Orchard's main rival in mall retail."),
    ("tidewell.example", "Nordkyst Forsikring", "Competes with Tidewell for commercial insurance in Norway."),
)

# (title, url, summary, topic, value proposition, kind of client)
REFERENCES = (
    (
        "Cutting shrinkage in mall stores",
        "https://www.linkedin.com/groups/northwind-alumni/shrinkage-in-mall-stores",
        "Alumni in retail compared how stores in malls lose stock and which measures paid off: "
        "staff scheduling, self-checkout design and stock counts by exception.",
        "Retail loss prevention",
        "Fewer losses through better operations, not more cameras",
        "Retail chains with mall stores",
    ),
    (
        "Risk models insurers trust",
        "https://www.linkedin.com/groups/northwind-alumni/risk-models-insurers-trust",
        "What makes underwriters trust a risk model: explainable features, back-testing on their "
        "own claims, and a model owner on their side.",
        "Insurance risk analytics",
        "Models the underwriters can explain to the regulator",
        "Mid-size insurers",
    ),
    (
        "Lessons from three ERP migrations",
        "https://www.linkedin.com/groups/northwind-alumni/lessons-from-three-erp-migrations",
        "Three alumni who led ERP migrations on the client side: phase by region, freeze the "
        "master data early, and keep the old system read-only for a year.",
        "ERP migration",
        "A migration plan the stores can live with",
        "Retailers and distributors",
    ),
)
ERP_REFERENCE = "Lessons from three ERP migrations"

TOP_SEGMENT = "Alumni at clients and prospects"  # the Stage 2 demo's segment of rank 1

CONFLICT_TITLE = "Orchard's ERP migration: how do they run large IT projects?"
CONFLICT_BODY = (
    "We're looking at an opportunity with Orchard Retail Group around their ERP migration. Can you "
    "give us some general insight into how they run large IT projects: who gets involved, how long "
    "decisions take, and what went well or badly last time? Only what is public or general, please."
)
CONFLICT_DISCLOSURE = (
    "In the open: Amara Nwosu works for Stratus Advisory, which competes with us for ERP reviews. We "
    "ask only for general, public insight, and nothing about Stratus's own work or clients."
)
GUARDRAIL_TITLE = "How do insurers buy analytics work?"
GUARDRAIL_BODY = (
    "We're preparing a proposal for an insurer's claims automation. In your experience, how do "
    "insurers usually structure pricing models for analytics projects: fixed fee, time and "
    "materials, or outcome-based? General experience only, nothing about your employer's own terms."
)
GROUP_TITLE = "Opening in the Nordics: who should we talk to?"
GROUP_BODY = (
    "We're considering an advisory team in Oslo and Stockholm next year. If you have worked with "
    "companies there: which industries are growing, and would you be open to a short call about "
    "what clients there expect from consultants?"
)
GROUP_DISCLOSURE = (
    "In the open: some members of this group work for competitors of ours ({companies}). We ask only "
    "for general experience, nothing about their employers."
)

# Alumni's own asks: (alumnus, kind, title, body, days ago, days to answer or None (open), the
# answer, the help given (assist type key, note) or None, asked through the signed link).
K = RequestKind
ALUMNI_ASKS = (
    (
        "Sofia Rossi", K.INTRODUCTION, "Introduction to a health-data architect",
        "My team at Meridian is hiring a data architect who knows hospital systems. Could you introduce "
        "me to someone you have worked with?",
        30, 2, "Raj introduced Sofia to Tomasz, who led the hospital data platform at our last client.",
        ("introduction", "Introduced Sofia to a hospital-data architect from our network."), False,
    ),
    (
        "Lena Fischer", K.INSIGHT, "How are others handling warehouse robotics?",
        "We are weighing picking robots for two depots. What have you seen work at other logistics "
        "firms, and what would you ask a vendor?",
        21, 5, "Shared our notes from three warehouse automation projects and the questions we ask vendors.",
        ("general-information", "Notes from three warehouse automation projects."), False,
    ),
    (
        "Ingrid Nilsen", K.FEEDBACK, "Feedback on our risk dashboard prototype",
        "We built a first risk dashboard for the board. Would someone look at it and tell us what a "
        "consultant would change before we roll it out?",
        12, None, "", None, False,
    ),
    (
        "Samuel Osei", K.PARTNERSHIP, "Looking for a robotics integration partner in Ghana",
        "Lumen is opening a service hub in Accra. Do you know integration firms in West Africa we "
        "could partner with for installation and maintenance?",
        4, None, "", None, True,
    ),
)  # fmt: skip


def load_bizdev(
    *,
    hr: User,
    raj: User,
    pilot: Pilot,
    stage2: Pilot,
    people: Mapping[str, Person],
    now: dt.datetime,
    result: DemoResult,
) -> None:
    """Create the missing Stage 3 rows of the demo's business-development pilot."""
    today = timezone.localdate(now)
    deals = _deals(raj, pilot, today, now, result)
    link_deal_assists(
        actor=raj, pilot=pilot, deals={name: deal.pk for name, deal in deals.items()}, now=now, result=result
    )
    _competitor_pairs(hr, now, result)
    refs = _references(raj, pilot, now, result)
    alumni = {
        a.person.full_name: a
        for a in Alumnus.objects.select_related("person").filter(person__in=[p.pk for p in people.values()])
    }
    _our_requests(raj, pilot, stage2, deals, refs, alumni, today, now, result)
    _alumni_asks(raj, pilot, alumni, today, now, result)


def _moment(day: dt.date, now: dt.datetime) -> dt.datetime:
    """Noon of ``day`` (local time), never later than ``now``: what a service's ``now=`` gets to
    date a row on that day."""
    return min(now, timezone.make_aware(dt.datetime.combine(day, dt.time(12))))


def _deals(raj: User, pilot: Pilot, today: dt.date, now: dt.datetime, result: DemoResult) -> dict[str, Opportunity]:
    """The deals, each created when it opened and, if closed, moved to won or lost when it closed."""
    deals = {}
    for name, domain, value, stage, days_ago, cycle, description in DEALS:
        deal = Opportunity.objects.filter(pilot=pilot, name=name).first()
        company = Company.objects.filter(domain__iexact=domain).first()
        if deal is None and company is not None:
            if cycle is None:
                opened, closed = on_day(today, days_ago), None
            else:
                closed = on_day(today, days_ago)
                opened = closed - dt.timedelta(days=cycle)
            deal = opportunities.opportunity_create(
                actor=raj,
                pilot=pilot,
                name=name,
                company=company,
                value=Decimal(value),
                stage=S.QUALIFIED if closed else stage,
                owner=raj,
                opened_on=opened,
                description=description,
                now=_moment(opened, now),
            )
            if closed is not None:
                deal = opportunities.opportunity_move(
                    actor=raj, opportunity=deal, stage=stage, closed_on=closed, now=_moment(closed, now)
                )
            result.created["opportunities"] += 1
        if deal is not None:
            deals[name] = deal
    return deals


def _competitor_pairs(hr: User, now: dt.datetime, result: DemoResult) -> None:
    for domain, name, note in COMPETITOR_PAIRS:
        prospect = Company.objects.filter(domain__iexact=domain).first()
        if prospect is None:
            continue
        if ProspectCompetitor.objects.filter(prospect=prospect, competitor__name__iexact=name).exists():
            continue
        competitors.competitor_pair_add(actor=hr, prospect=prospect, new_competitor=name, note=note, now=now)
        result.created["prospects' competitors"] += 1


def _references(raj: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> dict[str, ReferenceConversation]:
    refs = {}
    for title, url, summary, topic, value_proposition, client_kind in REFERENCES:
        ref = ReferenceConversation.objects.filter(pilot=pilot, title=title).first()
        if ref is None:
            ref = references.reference_create(
                actor=raj,
                pilot=pilot,
                url=url,
                title=title,
                summary=summary,
                topic=topic,
                value_proposition=value_proposition,
                client_kind=client_kind,
                now=now,
            )
            result.created["reference conversations"] += 1
        refs[title] = ref
    return refs


def _exists(pilot: Pilot, direction: str, title: str) -> bool:
    return HelpRequest.objects.filter(pilot=pilot, direction=direction, title=title).exists()


def _send(raj: User, pilot: Pilot, result: DemoResult, **fields: Any) -> HelpRequest:
    """One of our requests, through the service (the rules run first; created is sent)."""
    request = requests.help_request_create(actor=raj, pilot=pilot, direction=RequestDirection.OURS, **fields)
    result.created["help requests"] += 1
    return request


def _disclosure_for(
    pilot: Pilot,
    audience: str,
    *,
    opportunity: Opportunity | None = None,
    segment: AlumniSegment | None = None,
    venue: Venue | None = None,
) -> str:
    """A disclosure naming the competitors the audience's alumni work for, or "" when none do."""
    involved = alumni_involved(pilot=pilot, audience=audience, segment=segment, venue=venue)
    companies = sorted({c.company for c in conflicts_for(pilot=pilot, opportunity=opportunity, alumni=involved)})
    return GROUP_DISCLOSURE.format(companies=", ".join(companies)) if companies else ""


def _our_requests(
    raj: User,
    pilot: Pilot,
    stage2: Pilot,
    deals: Mapping[str, Opportunity],
    refs: Mapping[str, ReferenceConversation],
    alumni: Mapping[str, Alumnus],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    ethan, amara = alumni.get("Ethan Clarke"), alumni.get("Amara Nwosu")
    orchard = deals.get(ORCHARD)
    if ethan and amara and orchard and not _exists(pilot, RequestDirection.OURS, CONFLICT_TITLE):
        # Sent without a disclosure first, the conflict rule refused it (Amara works for Stratus
        # Advisory); this is the request as Raj sent it after writing the disclosure.
        asked = on_day(today, 26)
        request = _send(
            raj,
            pilot,
            result,
            kind=RequestKind.INSIGHT,
            title=CONFLICT_TITLE,
            body=CONFLICT_BODY,
            audience=RequestAudience.CHOSEN,
            chosen_alumni=[ethan, amara],
            opportunity=orchard,
            references=[refs[ERP_REFERENCE]] if ERP_REFERENCE in refs else [],
            disclosure=CONFLICT_DISCLOSURE,
            now=_moment(asked, now),
        )
        answered = min(asked + dt.timedelta(days=3), today)
        request_answers.help_response_add(
            actor=raj,
            request=request,
            alumnus=ethan,
            body="Ethan: the steering group meets monthly; the CFO signs off anything above one "
            "million, and store managers were left out last time, which they still talk about.",
            mark_answered=True,
            now=_moment(answered, now),
        )
        result.created["help responses"] += 1
        bizdev_assists.assist_log(
            actor=raj,
            target=request,
            person=ethan.person,
            assist_type="prospect-insight",
            direction=AssistDirection.RECEIVED,
            date=answered,
            note="How Orchard decides on large IT projects.",
            now=now,
        )
        result.created["assists"] += 1

    segment = AlumniSegment.objects.filter(pilot=stage2, name=TOP_SEGMENT).first()
    if segment is not None and not _exists(pilot, RequestDirection.OURS, GUARDRAIL_TITLE):
        # The guardrail flagged "pricing"; Raj confirmed he asks for no privileged information.
        _send(
            raj,
            pilot,
            result,
            kind=RequestKind.INSIGHT,
            title=GUARDRAIL_TITLE,
            body=GUARDRAIL_BODY,
            audience=RequestAudience.SEGMENT,
            segment=segment,
            opportunity=deals.get(TIDEWELL_CLAIMS),
            confirm_guardrail=True,
            disclosure=_disclosure_for(
                pilot, RequestAudience.SEGMENT, opportunity=deals.get(TIDEWELL_CLAIMS), segment=segment
            ),
            now=_moment(on_day(today, 16), now),
        )

    group = Venue.objects.filter(visibility=Venue.Visibility.PRIVATE, kind=Venue.Kind.LINKEDIN).order_by("pk").first()
    if group is not None and not _exists(pilot, RequestDirection.OURS, GROUP_TITLE):
        _send(
            raj,
            pilot,
            result,
            kind=RequestKind.GEOGRAPHY,
            title=GROUP_TITLE,
            body=GROUP_BODY,
            audience=RequestAudience.GROUP,
            venue=group,
            disclosure=_disclosure_for(pilot, RequestAudience.GROUP, venue=group),
            now=_moment(on_day(today, 8), now),
        )


def _alumni_asks(
    raj: User, pilot: Pilot, alumni: Mapping[str, Alumnus], today: dt.date, now: dt.datetime, result: DemoResult
) -> None:
    for name, kind, title, body, days_ago, to_answer, answer, given, via_link in ALUMNI_ASKS:
        alumnus = alumni.get(name)
        if alumnus is None or _exists(pilot, RequestDirection.ALUMNI, title):
            continue
        asked = on_day(today, days_ago)
        if via_link:
            # Raj gave Samuel an "Ask us for help" link; Samuel wrote the ask himself.
            request = request_links.help_request_create_by_link(
                token=request_links.ask_token(pilot, alumnus),
                kind=kind,
                title=title,
                body=body,
                now=_moment(asked, now),
            )
        else:
            request = requests.help_request_create(
                actor=raj,
                pilot=pilot,
                direction=RequestDirection.ALUMNI,
                kind=kind,
                title=title,
                body=body,
                alumnus=alumnus,
                now=_moment(asked, now),
            )
        result.created["alumni's requests"] += 1
        if to_answer is None:
            continue
        answered = min(asked + dt.timedelta(days=to_answer), today)
        request_answers.help_response_add(
            actor=raj, request=request, body=answer, mark_answered=True, now=_moment(answered, now)
        )
        result.created["help responses"] += 1
        if given is not None:
            type_key, note = given
            bizdev_assists.assist_log(
                actor=raj,
                target=request,
                person=alumnus.person,
                assist_type=type_key,
                direction=AssistDirection.GIVEN,
                date=answered,
                note=note,
                now=now,
            )
            result.created["assists"] += 1
