"""Rows the survey tests share (area: surveys): alumni with or without consent, do-not-contact or
an email address; a pilot that is old enough and has enough meaningful introductions that sending
warns about nothing; a sent survey with invites. Rows are written directly (no audit); the rules
under test go through alumni.services.surveys / survey_delivery."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alumni.models import AlumniSegment, Alumnus, Survey, SurveyAnswer, SurveyInvite
from alumni.services import survey_delivery as delivery
from metrics.models import Introduction
from programs.models import Pilot
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory

TODAY = timezone.localdate()


def alumnus(
    pilot: Pilot,
    *,
    segment: AlumniSegment | None = None,
    consent: bool = True,
    do_not_contact: bool = False,
    email: bool = True,
    first_name: str = "",
) -> Alumnus:
    person = PersonFactory(
        consent_to_contact=consent,
        consent_date=TODAY if consent else None,
        do_not_contact=do_not_contact,
        **({"first_name": first_name} if first_name else {}),
    )
    if email:
        PersonEmailFactory(person=person)
    return AlumnusFactory(person=person, pilot=pilot, segment=segment)


def alumni(pilot: Pilot, n: int, **kwargs: object) -> list[Alumnus]:
    return [alumnus(pilot, **kwargs) for _ in range(n)]  # type: ignore[arg-type]


def mature(pilot: Pilot, made_by: object, *, days: int = 200, introductions: int = 10) -> Pilot:
    """Make ``pilot`` old enough (started ``days`` ago) with ``introductions`` meaningful
    introductions on behalf of one of its alumni: no send warning then."""
    pilot.start_date = TODAY - dt.timedelta(days=days)
    pilot.save(update_fields=["start_date"])
    if introductions:
        someone = alumnus(pilot, consent=False, email=False)
        company = CompanyFactory()
        Introduction.objects.bulk_create(
            Introduction(
                made_by=made_by,
                on_behalf_of=someone.person,
                to_company=company,
                pilot=pilot,
                stage=2,
                meaningful=True,
                confirmed_at=timezone.now(),
            )
            for _ in range(introductions)
        )
    return pilot


def invite(survey: Survey, who: Alumnus, *, sent: bool = True, answered: bool = False) -> SurveyInvite:
    now = timezone.now()
    return SurveyInvite.objects.create(
        survey=survey,
        alumnus=who,
        segment=who.segment,
        sent_at=now if sent else None,
        answered_at=now if answered else None,
    )


def answer(row: SurveyInvite, values: dict[int, str]) -> None:
    """Record answers directly (question id -> value) and mark the invite answered."""
    SurveyAnswer.objects.bulk_create(SurveyAnswer(invite=row, question_id=q, value=v) for q, v in values.items())
    SurveyInvite.objects.filter(pk=row.pk).update(answered_at=timezone.now())


def token_for(row: SurveyInvite) -> str:
    return delivery.invite_token(row)
