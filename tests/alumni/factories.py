"""Rows of Stage 2 for tests. Rows made here skip the services (no audit, no history): tests of
the services' rules call the services themselves. Shared by every Stage 2 test module; add a
factory here only for a model of your own area, below the others."""

from __future__ import annotations

import datetime as dt

import factory

from alumni.models import AlumniSegment, Alumnus, Goodwill
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlumniSegment

    pilot = factory.SubFactory(PilotFactory, stage=2)
    name = factory.Sequence(lambda n: f"Segment {n}")
    rank = factory.Sequence(lambda n: n + 1)
    definition: dict = {}


class AlumnusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alumnus

    person = factory.SubFactory(PersonFactory)
    pilot = factory.SubFactory(PilotFactory, stage=2)
    former_department = "Advisory"
    former_role = "Consultant"
    started_on = dt.date(2018, 3, 1)
    left_on = dt.date(2023, 6, 30)
    goodwill = Goodwill.POSITIVE


# --- outplacement and coaching (area: outplacement, coaching) ------------------------------------


class OutplacementCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alumni.OutplacementCase"

    pilot = factory.SubFactory(PilotFactory, stage=2)
    person = factory.SubFactory(PersonFactory)
    current_role = "Analyst"
    eliminated_on = dt.date(2026, 11, 30)
    target_roles = "Data analyst, BI developer"


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "alumni.CoachingSession"

    pilot = factory.SubFactory(PilotFactory, stage=2)
    coach = factory.SubFactory("tests.accounts.factories.UserFactory")
    coachee = factory.SubFactory("tests.accounts.factories.UserFactory")
    topic = "profile"
    held_on = dt.date(2026, 11, 2)
