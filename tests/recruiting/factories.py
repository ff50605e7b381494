"""Rows of Stage 1 for tests. Candidates made here skip the services (no audit, no first move):
tests of the services' rules call the services themselves."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from recruiting.models import (
    Candidate,
    CandidateMove,
    CandidateProfile,
    JobOpening,
    OpeningRevision,
    SharedPost,
)
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory, VenueFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateProfile

    pilot = factory.SubFactory(PilotFactory)
    name = factory.Sequence(lambda n: f"Profile {n}")
    priority = 1


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOpening

    pilot = factory.SubFactory(PilotFactory)
    profile = factory.LazyAttribute(lambda o: ProfileFactory(pilot=o.pilot))
    title = factory.Sequence(lambda n: f"Data engineer {n}")
    status = JobOpening.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)


class RevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningRevision

    opening = factory.SubFactory(OpeningFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "We build the data platform.\nYou will own the pipelines."


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    opening = factory.SubFactory(OpeningFactory)
    person = factory.SubFactory(PersonFactory)
    step = Candidate.Step.FOUND
    source = Candidate.Source.OTHER


class MoveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateMove

    candidate = factory.SubFactory(CandidateFactory)
    from_step = ""
    to_step = Candidate.Step.FOUND


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedPost

    pilot = factory.SubFactory(PilotFactory)
    venue = factory.SubFactory(VenueFactory)
    kind = SharedPost.Kind.PROJECT
    shared_on = factory.LazyFunction(lambda: dt.date.today())
    summary = factory.Sequence(lambda n: f"Our new streaming platform, part {n}")
