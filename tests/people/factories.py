import factory

from people.models import Company, Person, PersonEmail, SocialHandle
from people.services import person_search_refresh


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("company")
    domain = factory.Sequence(lambda n: f"company{n}.example")
    relationship = Company.Relationship.PROSPECT


class _KeepsSearchText:
    """Factories write rows directly, not through people.services: refresh the person's search
    text afterwards, as the services do, so lookups in tests see what users would."""

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)  # type: ignore[misc]
        if create:
            person = instance if isinstance(instance, Person) else instance.person
            person_search_refresh([person.pk])
            person.refresh_from_db(fields=["search_text", "search_name"])


class PersonFactory(_KeepsSearchText, factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    title = "Engineer"
    country = "DE"
    city = "Berlin"


class PersonEmailFactory(_KeepsSearchText, factory.django.DjangoModelFactory):
    class Meta:
        model = PersonEmail

    person = factory.SubFactory(PersonFactory)
    email = factory.Sequence(lambda n: f"person{n}@mail.example")
    is_primary = True


class SocialHandleFactory(_KeepsSearchText, factory.django.DjangoModelFactory):
    class Meta:
        model = SocialHandle

    person = factory.SubFactory(PersonFactory)
    venue_kind = "linkedin"
    handle = factory.Sequence(lambda n: f"handle{n}")
    profile_url = factory.Sequence(lambda n: f"https://www.linkedin.com/in/handle{n}")
