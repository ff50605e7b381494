import factory

from people.models import Company, Person, PersonEmail, SocialHandle


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Faker("company")
    domain = factory.Sequence(lambda n: f"company{n}.example")
    relationship = Company.Relationship.PROSPECT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    title = "Engineer"
    country = "DE"
    city = "Berlin"


class PersonEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonEmail

    person = factory.SubFactory(PersonFactory)
    email = factory.Sequence(lambda n: f"person{n}@mail.example")
    is_primary = True


class SocialHandleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialHandle

    person = factory.SubFactory(PersonFactory)
    venue_kind = "linkedin"
    handle = factory.Sequence(lambda n: f"handle{n}")
    profile_url = factory.Sequence(lambda n: f"https://www.linkedin.com/in/handle{n}")
