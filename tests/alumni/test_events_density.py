"""Alumni density ("to decide where to meet"): alumni per country and city with the events held
there and the introductions exchanged, worked out by hand on a small dataset; who may read it."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from alumni.selectors.events import alumni_density
from alumni.services import events as services
from metrics import services as ledger
from programs.models import Pilot
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import PersonFactory
from tests.programs.factories import PilotFactory

pytestmark = pytest.mark.django_db

URL = "/alumni/density/"
TODAY = timezone.localdate()


def alumni_in(pilot, country, city, n):
    for _ in range(n):
        AlumnusFactory(pilot=pilot, person=PersonFactory(country=country, city=city))


@pytest.fixture
def dataset(pilot_b, contributor_b):
    """pilot_b: Berlin 3 (one written " berlin "), Munich 1, Paris 2, London 1, one without a place.
    Events: two in Berlin (3 introductions linked between them), one in Lyon (no alumni there).
    Another Stage 2 pilot has 5 alumni in Madrid (only HR leads count them)."""
    alumni_in(pilot_b, "DE", "Berlin", 2)
    alumni_in(pilot_b, "DE", " berlin ", 1)
    alumni_in(pilot_b, "DE", "Munich", 1)
    alumni_in(pilot_b, "FR", "Paris", 2)
    alumni_in(pilot_b, "GB", "London", 1)
    alumni_in(pilot_b, "", "", 1)
    alumni_in(PilotFactory(stage=2, name="Elsewhere"), "ES", "Madrid", 5)
    base = {"actor": contributor_b, "pilot": pilot_b, "starts_on": TODAY}
    first = services.event_create(name="Breakfast", city="Berlin", country="DE", **base)
    second = services.event_create(name="Evening", city="BERLIN", country="DE", **base)
    services.event_create(name="Lyon meetup", city="Lyon", country="FR", **base)
    for event, count in ((first, 2), (second, 1)):
        for _ in range(count):
            intro = ledger.introduction_record(
                actor=contributor_b, pilot=pilot_b, on_behalf_of=PersonFactory(), to_person=PersonFactory()
            )
            services.event_link_introduction(actor=contributor_b, event=event, introduction=intro)
    return pilot_b


def test_density_by_country_and_city(dataset, django_assert_num_queries):
    with django_assert_num_queries(2):
        density = alumni_density(Pilot.objects.filter(pk=dataset.pk))
    assert [(r.country, r.alumni, r.events, r.introductions) for r in density.countries] == [
        ("DE", 4, 2, 3),
        ("FR", 2, 1, 0),
        ("GB", 1, 0, 0),
        ("", 1, 0, 0),
    ]
    cities = [(r.country, r.city.lower(), r.alumni, r.events, r.introductions) for r in density.cities]
    assert cities[0] == ("DE", "berlin", 3, 2, 3)
    assert set(cities[1:]) == {
        ("FR", "paris", 2, 0, 0),
        ("DE", "munich", 1, 0, 0),
        ("GB", "london", 1, 0, 0),
        ("", "", 1, 0, 0),
        ("FR", "lyon", 0, 1, 0),
    }
    assert density.countries[0].country_name == "Germany"


def test_the_page_shows_the_chart_and_tables(dataset, client_for, contributor_b):
    response = client_for(contributor_b).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<progress max="4" value="4"' in page
    assert "Germany" in page and "Madrid" not in page


def test_hr_leads_count_every_pilot_and_may_pick_one(dataset, client_for, hr_lead):
    client = client_for(hr_lead)
    assert client.get(URL).context["density"].countries[0].country == "ES"
    assert client.get(f"{URL}?pilot={dataset.pk}").context["density"].countries[0].country == "DE"


def test_the_csv_download(dataset, client_for, contributor_b):
    response = client_for(contributor_b).get(f"{URL}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    germany = next(r for r in rows if r["level"] == "country" and r["country"] == "DE")
    assert (germany["alumni"], germany["events"], germany["introductions_exchanged"]) == ("4", "2", "3")
    assert any(r["level"] == "city" and r["city"] == "Paris" and r["alumni"] == "2" for r in rows)


def test_a_manager_reads_the_density_of_their_sponsors_pilots_only(dataset, client_for, manager, sponsor_b, pilot_a):
    client = client_for(manager)
    assert client.get(URL).context["density"].countries == []  # sponsor_a's pilot has no alumni
    sponsor_b.managers.add(manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert [(r.country, r.alumni) for r in response.context["density"].countries][:1] == [("DE", 4)]
    assert "Madrid" not in response.content.decode()
    assert client.get("/alumni/events/").status_code == 404  # events name alumni: not for managers


def test_outsiders_get_a_404(client_for, outsider):
    assert client_for(outsider).get(URL).status_code == 404
