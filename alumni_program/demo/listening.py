"""Demo listening setup for Northwind: keyword families, a source and three searches.

The source reads the feed shipped with the app (connector kind "bundled", listening/demo_feeds/),
so "Run now" works without internet. Nothing is run here: the inbox starts with only the one
conversation Stage 1's demo promoted to a candidate (alumni_program.demo.recruiting) and fills
when someone presses Run now on a search. Written through listening.services by the HR lead;
idempotent by name (family, source and search names are unique).
"""

from __future__ import annotations

from collections.abc import Mapping

from accounts.models import User
from listening import services
from listening.models import KeywordFamily, Purpose, Search, Source
from programs.models import Pilot, Venue

from .result import DemoResult

FEED = "talent-and-alumni"
SOURCE_NAME = "Demo feed: talent and alumni"
# The feed's posts read like a tech instance's timeline (job hunting, alumni news, SRE questions).
SOURCE_VENUE = "Mastodon (hachyderm.io)"

# (name, purpose, stage of the pilot it serves, description, terms)
FAMILIES = (
    (
        "python-devs",
        Purpose.PROFILE,
        1,
        "Backend engineers who work in Python.",
        ["python", "django", '"backend developer"', "pyth*"],
    ),
    (
        "northwind-alumni",
        Purpose.SEGMENT,
        2,
        "Former colleagues talking about the firm or the alumni network.",
        ["northwind", '"former northwind"', '"ex-northwind"', "alumni"],
    ),
    (
        "erp-buyers",
        Purpose.TOPIC,
        3,
        "Companies looking at ERP and supply-chain work.",
        ["erp", '"erp migration"', '"supply chain"'],
    ),
)

# (name, purpose, stage of its pilot, query)
SEARCHES = (
    ("Python engineers open to work", Purpose.PROFILE, 1, "@python-devs AND (developer OR engineer) NOT recruiter"),
    ("Northwind alumni talking", Purpose.SEGMENT, 2, "@northwind-alumni"),
    ("ERP buyers and reference requests", Purpose.TOPIC, 3, '@erp-buyers OR ("reference" NEAR/5 alumni)'),
)


def load_listening(*, hr: User, pilots: Mapping[int, Pilot], result: DemoResult) -> None:
    """Create the missing families, the bundled source and the searches; run nothing."""
    for name, purpose, stage, description, terms in FAMILIES:
        if not KeywordFamily.objects.filter(name=name).exists():
            services.family_save(
                actor=hr, name=name, terms=terms, purpose=purpose, description=description, pilot=pilots[stage]
            )
            result.created["keyword families"] += 1

    source = Source.objects.filter(name__iexact=SOURCE_NAME).first()
    if source is None:
        source = services.source_save(
            actor=hr,
            name=SOURCE_NAME,
            kind="bundled",
            config={"feed": FEED},
            venue=Venue.objects.filter(name__iexact=SOURCE_VENUE).first(),
        )
        result.created["listening sources"] += 1

    for name, purpose, stage, query in SEARCHES:
        if Search.objects.filter(name__iexact=name).exists():
            continue
        used = [family[0] for family in FAMILIES if f"@{family[0]}" in query]
        if KeywordFamily.objects.filter(name__in=used).count() < len(used):
            # An HR lead renamed or deleted a demo family since: the query would not compile.
            result.skipped.append(f"search {name!r}: a keyword family it uses is gone")
            continue
        services.search_save(actor=hr, name=name, query=query, sources=[source], purpose=purpose, pilot=pilots[stage])
        result.created["listening searches"] += 1
