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
