"""Networking events and alumni density: which events a user may see, what an event's page lists,
and where the alumni live ("to decide where to meet").

Who may read what: events name alumni (who recommended them), so they follow the alumni's rule
(alumni.access.work_pilots: HR leads all, contributors their pilots, managers none). The density
has no names, so managers read it too, for their sponsors' pilots (alumni.access.figure_pilots).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Lower, Trim
from django.http import Http404

from accounts.models import User
from metrics.models import Introduction
from people.countries import countries
from programs.models import Pilot

from ..access import can_work, figure_pilots, work_pilots
from ..models import Alumnus, NetworkingEvent


def visible_events(user: User) -> QuerySet[NetworkingEvent]:
    return (
        NetworkingEvent.objects.filter(pilot__in=work_pilots(user))
        .select_related("pilot")
        .annotate(
            introduction_count=Count("event_introductions", distinct=True),
            recommender_count=Count("recommended_by", distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


def get_event(user: User, pk: int) -> NetworkingEvent:
    event = visible_events(user).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_introductions(event: NetworkingEvent) -> QuerySet[Introduction]:
    return (
        Introduction.objects.filter(networking_event_link__event=event)
        .select_related("on_behalf_of", "to_person", "to_company", "made_by")
        .order_by("-date", "-id")
    )


def linkable_introductions(event: NetworkingEvent) -> QuerySet[Introduction]:
    """Introductions of the event's pilot, from the event's day on, not linked to any event yet."""
    return (
        Introduction.objects.filter(pilot=event.pilot_id, date__gte=event.starts_on, networking_event_link__isnull=True)
        .select_related("on_behalf_of", "to_person", "to_company")
        .order_by("date", "id")
    )


def density_pilots(user: User) -> QuerySet[Pilot]:
    """The pilots whose alumni the density counts for ``user``: their work pilots for those who
    work with alumni, the figures' pilots (their sponsors') for managers."""
    return work_pilots(user) if can_work(user) else figure_pilots(user)


def can_read_density(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and density_pilots(user).exists())


@dataclass
class DensityRow:
    country: str
    city: str  # "" for the country's total row and for alumni without a city
    alumni: int = 0
    events: int = 0
    introductions: int = 0

    @property
    def country_name(self) -> str:
        return countries().get(self.country, self.country or "Unknown")

    @property
    def label(self) -> str:
        if self.city:
            return f"{self.city}, {self.country_name}"
        return self.country_name


@dataclass
class Density:
    countries: list[DensityRow]
    cities: list[DensityRow]

    @property
    def max_alumni(self) -> int:
        return max((r.alumni for r in self.countries), default=0)

    @property
    def max_city_alumni(self) -> int:
        return max((r.alumni for r in self.cities), default=0)


def alumni_density(pilots: QuerySet[Pilot]) -> Density:
    """Alumni per country and per city (the Person's country and city; a city compared without
    case or edge spaces), with the events held there and the introductions exchanged at them,
    most alumni first. Two GROUP BY queries: alumni per place, events per place."""
    alumni = (
        Alumnus.objects.filter(pilot__in=pilots)
        .annotate(place=Lower(Trim("person__city")))
        .values("person__country", "place")
        .annotate(n=Count("id"), city=Max(Trim("person__city")))
        .order_by()
    )
    events = (
        NetworkingEvent.objects.filter(pilot__in=pilots)
        .annotate(place=Lower(Trim("city")))
        .values("country", "place")
        .annotate(n=Count("id", distinct=True), intros=Count("event_introductions"), city_name=Max(Trim("city")))
        .order_by()
    )
    cities: dict[tuple[str, str], DensityRow] = {}
    for row in alumni:
        key = (row["person__country"] or "", row["place"] or "")
        cities[key] = DensityRow(key[0], row["city"] or "", alumni=row["n"])
    for held in events:
        key = (held["country"] or "", held["place"] or "")
        place = cities.setdefault(key, DensityRow(key[0], held["city_name"] or ""))
        place.events, place.introductions = held["n"], held["intros"]
    by_country: dict[str, DensityRow] = {}
    for place in cities.values():
        total = by_country.setdefault(place.country, DensityRow(place.country, ""))
        total.alumni += place.alumni
        total.events += place.events
        total.introductions += place.introductions
    return Density(countries=sorted(by_country.values(), key=_order), cities=sorted(cities.values(), key=_order))


def _order(row: DensityRow) -> tuple[int, int, str, str]:
    return (-row.alumni, -row.events, row.country_name, row.city)
