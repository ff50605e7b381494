import factory

from programs.models import Membership, Pilot, PilotGoal, SharingPolicy, SponsorOrganization, Venue
from programs.services import pilot_checklist_create


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorOrganization

    name = factory.Sequence(lambda n: f"Sponsor {n}")


class PilotFactory(factory.django.DjangoModelFactory):
    """A pilot with its playbook checklist, like programs.services.pilot_create makes."""

    class Meta:
        model = Pilot
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Pilot {n}")
    stage = 1
    sponsor = factory.SubFactory(SponsorFactory)

    @factory.post_generation
    def checklist(obj, create, extracted, **kwargs):
        if create:
            pilot_checklist_create(obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    pilot = factory.SubFactory(PilotFactory)
    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    role = Membership.Role.CONTRIBUTOR


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotGoal

    pilot = factory.SubFactory(PilotFactory)
    name = "Hires from social conversations"
    target = 10
    unit = "hires"


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharingPolicy

    pilot = factory.SubFactory(PilotFactory)
    version = factory.Sequence(lambda n: n + 1)
    may_share = "Projects, challenges, open roles, team life."
    may_not_share = "Client names, prices, unreleased products."
    status = SharingPolicy.Status.DRAFT


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Venue {n}")
    kind = Venue.Kind.LINKEDIN
