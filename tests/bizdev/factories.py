"""Rows of Stage 3 for tests. Rows made here skip the services (no audit, no rules): tests of the
services' rules call the services themselves. Shared by every Stage 3 test module; add a factory
here only for a model of your own area, below the others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from bizdev.models import (
    GuardrailTerm,
    HelpRequest,
    Opportunity,
    OpportunityStage,
    ProspectCompetitor,
    ReferenceConversation,
    RequestDirection,
)
from tests.accounts.factories import UserFactory
from tests.people.factories import CompanyFactory
from tests.programs.factories import PilotFactory


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    pilot = factory.SubFactory(PilotFactory, stage=3)
    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Deal {n}")
    value = Decimal("50000.00")
    stage = OpportunityStage.PROSPECTING
    owner = factory.SubFactory(UserFactory)
    opened_on = dt.date(2026, 1, 5)
    closed_on = None


class HelpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpRequest

    pilot = factory.SubFactory(PilotFactory, stage=3)
    direction = RequestDirection.OURS
    kind = "insight"
    title = factory.Sequence(lambda n: f"Request {n}")
    body = "Can anyone give us some general insight into their expansion plans?"
    audience = "group"


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceConversation

    pilot = factory.SubFactory(PilotFactory, stage=3)
    url = factory.Sequence(lambda n: f"https://www.linkedin.com/groups/1/discussion/{n}")
    title = factory.Sequence(lambda n: f"Discussion {n}")
    summary = "How we cut shrinkage for retailers in malls."


class GuardrailTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardrailTerm

    term = factory.Sequence(lambda n: f"secret{n}")


# --- Reference conversations ------------------------------------------------------------------


def _search_text(o: object) -> str:
    from bizdev.services.references import search_text_of

    names = ("title", "summary", "topic", "value_proposition", "client_kind")
    return search_text_of({name: getattr(o, name) for name in names})


class SearchableReferenceFactory(ReferenceFactory):
    """A reference with the ``search_text`` the services keep (bizdev.services.references), so the
    search finds it."""

    topic = ""
    value_proposition = ""
    client_kind = ""
    search_text = factory.LazyAttribute(_search_text)


# --- Opportunities, assists, competitors ----------------------------------------------------------


class ProspectCompetitorFactory(factory.django.DjangoModelFactory):
    """``competitor`` competes with ``prospect`` (the list the conflict-of-interest rule reads)."""

    class Meta:
        model = ProspectCompetitor

    prospect = factory.SubFactory(CompanyFactory)
    competitor = factory.SubFactory(CompanyFactory)
