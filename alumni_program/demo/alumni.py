"""Demo Stage 2 for Consulting's "Consulting alumni network" pilot, written through alumni.services.

The HR lead imported the practice's leavers file (240 former consultants in many scripts), the
sponsor ranked three segments, contributors assessed goodwill twice over the year (the bell curve
warms a little), some alumni joined the private LinkedIn group and consented to be contacted. The
people the ledger's Stage 2 introductions were made for are alumni too; two of those introductions
were confirmed as meaningful by the alumnus through the signed link. There is a networking event in
Berlin where introductions were exchanged, a "How would you like us to help?" survey with answers,
a Stage 1 opening shared with the top segment and a contractor recommended by an alumnus, an
outplacement case with alumni at its target companies, and coaching inside the team.

Idempotent: each part is looked up by its natural key (the import's file name, a segment's name,
an event's name, the survey's title, …) and left alone when it exists.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from alumni.models import (
    AlumniImport,
    AlumniSegment,
    Alumnus,
    CoachingSession,
    Goodwill,
    GoodwillChange,
    GroupMembership,
    ImportKind,
    NetworkingEvent,
    OpeningShare,
    OutplacementCase,
    ShareChannel,
    Survey,
    SurveyInvite,
)
from alumni.services import (
    coaching,
    directory,
    events,
    imports,
    outplacement,
    referrals,
    segments,
    survey_delivery,
    surveys,
)
from alumni.services import introductions as alumni_introductions
from core.links import link_token
from metrics.models import Introduction
from people.models import Company, Person
from people.services import PersonData, person_set_consent
from programs.models import Pilot, Venue
from recruiting.models import JobOpening

from .directory import email_part
from .result import DemoResult

IMPORT_FILE = "consulting-leavers-2019-2026.csv"
LEAVERS = 240

FIRST = (
    "Anna", "José", "Müge", "Björn", "Chloé", "Łukasz", "Søren", "Zoë", "Ελένη", "Νίκος",
    "Ольга", "Дмитрий", "Aiko", "美咲", "Priya", "Kwame", "Ngozi", "Mateo", "Inès", "Jürgen",
)  # fmt: skip
LAST = (
    "Müller", "García", "Nowak", "Johansson", "Dubois", "Papadopoulou", "Иванова", "Kovač",
    "Sato", "佐藤", "O'Brien", "Rossi", "Okafor", "Haddad", "Nilsen", "Fernández", "Lindqvist",
)  # fmt: skip
DEPARTMENTS = ("Advisory", "Strategy", "Operations consulting", "Data & analytics", "Finance")
ROLES = ("Consultant", "Senior consultant", "Manager", "Analyst", "Principal")
CITIES = (
    ("Berlin", "DE"), ("Hamburg", "DE"), ("London", "GB"), ("Madrid", "ES"), ("Paris", "FR"),
    ("Stockholm", "SE"), ("Berlin", "DE"), ("Athens", "GR"), ("Tokyo", "JP"), ("Berlin", "DE"),
    ("Amsterdam", "NL"), ("London", "GB"),
)  # fmt: skip
EMPLOYERS = (
    "Halvorsen Logistics", "Brightwater Energy", "Orchard Retail Group", "Tidewell Insurance",
    "Kestrel Analytics", "Quarry & Finch", "Lumen Robotics", "Corvid Cloud", "Atlas Freight", "Helio Bank",
)  # fmt: skip
EXITS = ("voluntary",) * 6 + ("eliminated", "retired", "voluntary", "other")

# (name, rank, description, definition)
SEGMENTS = (
    (
        "Alumni at clients and prospects",
        1,
        "Former consultants now at our customers and prospects: most important to the sponsor's goals.",
        {"company_relationships": ["customer", "prospect"]},
    ),
    (
        "Rehire-eligible data and strategy alumni",
        2,
        "People we would hire back for the analytics and strategy work we are growing.",
        {"former_departments": ["Data & analytics", "Strategy"], "rehire_eligible": True},
    ),
    ("Everyone who left of their own accord", 3, "The rest of the voluntary leavers.", {"exit_types": ["voluntary"]}),
)

# The bell curve of goodwill, by an alumnus's place in the file: mostly positive, some love us,
# a few are cold. The earlier assessment is one step colder for a third of them.
CURVE = (
    Goodwill.HOSTILE, Goodwill.NEGATIVE, Goodwill.NEGATIVE, Goodwill.NEUTRAL, Goodwill.NEUTRAL,
    Goodwill.NEUTRAL, Goodwill.NEUTRAL, Goodwill.POSITIVE, Goodwill.POSITIVE, Goodwill.POSITIVE,
    Goodwill.POSITIVE, Goodwill.POSITIVE, Goodwill.POSITIVE, Goodwill.POSITIVE, Goodwill.POSITIVE,
    Goodwill.LOVES, Goodwill.LOVES, Goodwill.LOVES, Goodwill.NEUTRAL, Goodwill.POSITIVE,
)  # fmt: skip
COLDER = {
    Goodwill.LOVES: Goodwill.POSITIVE,
    Goodwill.POSITIVE: Goodwill.NEUTRAL,
    Goodwill.NEUTRAL: Goodwill.NEGATIVE,
    Goodwill.NEGATIVE: Goodwill.HOSTILE,
    Goodwill.HOSTILE: Goodwill.HOSTILE,
}

# Stage 2 introductions the alumnus confirmed through the link: (on behalf of, days ago, outcome).
CONFIRMED_BY_LINK = (
    ("Ethan Clarke", 70, "Samuel put me in touch with two hiring managers; I start a contract in March."),
    ("Chloé Martin", 6, "Amara and I are meeting next week about a role on her team."),
)
EVENT = "Berlin Consulting Meetup"
SURVEY = "How would you like us to help?"


def leavers_csv(today: dt.date) -> bytes:
    """The demo's HRIS leavers file: LEAVERS rows, the same every day but for its dates."""
    lines = [
        "first_name,last_name,email,department,role,start_date,end_date,exit_type,rehire_eligible,"
        "company,title,city,country,linkedin_url"
    ]
    for i in range(LEAVERS):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        local = ".".join(x for x in (email_part(first), email_part(last).replace("'", "")) if x) or "alum"
        left = today - dt.timedelta(days=90 + (i * 37) % 2600)
        started = left - dt.timedelta(days=400 + (i * 53) % 2500)
        city, country = CITIES[i % len(CITIES)]
        employer = EMPLOYERS[(i * 3) % len(EMPLOYERS)] if i % 4 else ""
        rehire = ("yes", "yes", "no", "")[i % 4]
        url = f"https://www.linkedin.com/in/demo-alumnus-{i}" if i % 3 == 0 else ""
        lines.append(
            f'{first},"{last}",{local}.{i}@alumni.example,{DEPARTMENTS[i % len(DEPARTMENTS)]},'
            f"{ROLES[(i * 5) % len(ROLES)]},{started.isoformat()},{left.isoformat()},{EXITS[i % len(EXITS)]},"
            f"{rehire},{employer},{ROLES[(i * 2) % len(ROLES)] if employer else ''},{city},{country},{url}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def load_alumni(
    *,
    hr: User,
    ann: User,
    raj: User,
    pilot: Pilot,
    stage1: Pilot,
    people: dict[str, Person],
    now: dt.datetime,
    result: DemoResult,
) -> None:
    """Create the missing Stage 2 rows of the demo's alumni pilot."""
    today = now.date()
    _import_leavers(hr, pilot, now, result)
    _ledger_alumni(hr, pilot, people, now, result)
    _segments(hr, pilot, now, result)
    alumni = list(Alumnus.objects.filter(pilot=pilot).select_related("person").order_by("pk"))
    _goodwill_and_group(hr, raj, alumni, today, now, result)
    _consent(hr, alumni, today, now, result)
    _confirmed_by_link(pilot, now, result)
    _event(hr, ann, raj, pilot, people, today, now, result)
    _survey(hr, pilot, now, result)
    _share_and_recommend(hr, ann, pilot, stage1, alumni, now, result)
    _outplacement(hr, raj, pilot, today, now, result)
    _coaching(hr, ann, raj, pilot, today, now, result)


def _import_leavers(hr: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    if AlumniImport.objects.filter(pilot=pilot, file_name=IMPORT_FILE).exists():
        return
    preview = imports.alumni_import_preview(
        actor=hr, pilot=pilot, kind=ImportKind.HRIS, file_name=IMPORT_FILE, data=leavers_csv(now.date()), now=now
    )
    imports.alumni_import_confirm(actor=hr, alumni_import=preview, now=now)
    result.created["alumni imported"] += LEAVERS


def _ledger_alumni(hr: User, pilot: Pilot, people: dict[str, Person], now: dt.datetime, result: DemoResult) -> None:
    """The directory's alumni and the people Stage 2 introductions were made for become alumni."""
    behalf = set(
        Introduction.objects.filter(pilot=pilot, on_behalf_kind="alumnus").values_list("on_behalf_of", flat=True)
    )
    for n, person in enumerate(people.values()):
        tagged = person.tags.filter(name="alumni").exists()
        if not (tagged or person.pk in behalf) or Alumnus.objects.filter(person=person).exists():
            continue
        directory.alumnus_create(
            actor=hr,
            pilot=pilot,
            person=person,
            former_department=DEPARTMENTS[n % len(DEPARTMENTS)],
            former_role=ROLES[n % len(ROLES)],
            started_on=now.date() - dt.timedelta(days=2900 - n * 40),
            left_on=now.date() - dt.timedelta(days=500 - n * 12),
            rehire_eligible=n % 3 != 2,
            now=now,
        )
        result.created["alumni"] += 1


def _segments(hr: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    made = False
    for name, rank, description, definition in SEGMENTS:
        if not AlumniSegment.objects.filter(pilot=pilot, name=name).exists():
            segments.segment_create(
                actor=hr, pilot=pilot, name=name, rank=rank, description=description, definition=definition, now=now
            )
            result.created["alumni segments"] += 1
            made = True
    if made:
        segments.segments_assign(actor=hr, pilot=pilot, now=now)


def _goodwill_and_group(
    hr: User, raj: User, alumni: list[Alumnus], today: dt.date, now: dt.datetime, result: DemoResult
) -> None:
    group = Venue.objects.filter(visibility=Venue.Visibility.PRIVATE, kind=Venue.Kind.LINKEDIN).first()
    assessed = set(GoodwillChange.objects.filter(alumnus__in=alumni).values_list("alumnus", flat=True))
    for i, alumnus in enumerate(alumni[:150]):
        if alumnus.pk in assessed:
            continue
        level = CURVE[i % len(CURVE)]
        earlier = COLDER[level] if i % 3 == 0 else level
        directory.goodwill_record(
            actor=hr, alumnus=alumnus, level=earlier, on=today - dt.timedelta(days=300 - i % 40), now=now
        )
        if i % 2 == 0:
            directory.goodwill_record(
                actor=raj, alumnus=alumnus, level=level, on=today - dt.timedelta(days=20 + i % 30), note="", now=now
            )
        result.created["goodwill assessments"] += 1 + (i % 2 == 0)
        if group is not None and i % 3 != 2 and not GroupMembership.objects.filter(alumnus=alumnus).exists():
            status = GroupMembership.Status.JOINED if i % 5 else GroupMembership.Status.INVITED
            directory.group_membership_set(
                actor=hr, alumnus=alumnus, venue=group, status=status, on=today - dt.timedelta(days=i % 200), now=now
            )


def _consent(hr: User, alumni: list[Alumnus], today: dt.date, now: dt.datetime, result: DemoResult) -> None:
    """Every fifth imported alumnus answered the welcome email and agreed to be contacted."""
    for alumnus in alumni[::5][:48]:
        person = alumnus.person
        if person.consent_to_contact or person.do_not_contact or person.source != Person.Source.HRIS:
            continue
        person_set_consent(
            actor=hr, person=person, consent=True, date=today - dt.timedelta(days=60), source="reply to our email"
        )
        result.created["consents"] += 1


def _confirmed_by_link(pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    """Two alumni said through their link that the introduction made for them was meaningful."""
    for name, days_ago, outcome in CONFIRMED_BY_LINK:
        first, last = name.split(" ", 1)
        intro = (
            Introduction.objects.filter(
                pilot=pilot,
                on_behalf_of__first_name=first,
                on_behalf_of__last_name=last,
                date=now.date() - dt.timedelta(days=days_ago),
            )
            .order_by("pk")
            .first()
        )
        if intro is None or intro.meaningful:
            continue
        token = link_token(alumni_introductions.LINK_PURPOSE, {"i": intro.pk})
        alumni_introductions.introduction_answer(token=token, useful=True, outcome=outcome, now=now)
        result.created["introductions confirmed by the alumnus"] += 1


def _event(
    hr: User,
    ann: User,
    raj: User,
    pilot: Pilot,
    people: dict[str, Person],
    today: dt.date,
    now: dt.datetime,
    result: DemoResult,
) -> None:
    if NetworkingEvent.objects.filter(pilot=pilot, name=EVENT).exists():
        return
    berliners = Alumnus.objects.filter(pilot=pilot, person__city="Berlin").order_by("pk")[:2]
    event = events.event_create(
        actor=hr,
        pilot=pilot,
        name=EVENT,
        city="Berlin",
        country="DE",
        starts_on=today - dt.timedelta(days=45),
        url="https://meetup.example/berlin-consulting",
        notes="Recommended by alumni in Berlin: a monthly evening of short talks by independent consultants.",
        recommended_by=list(berliners),
        attendees=[ann, raj],
        now=now,
    )
    result.created["networking events"] += 1
    for intro in Introduction.objects.filter(pilot=pilot, date__gte=event.starts_on - dt.timedelta(days=2)).order_by(
        "date"
    )[:2]:
        events.event_link_introduction(actor=hr, event=event, introduction=intro, now=now)


def _survey(hr: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    if Survey.objects.filter(pilot=pilot, title=SURVEY).exists():
        return
    survey = surveys.survey_create(
        actor=hr,
        pilot=pilot,
        title=SURVEY,
        introduction="You have seen us make introductions for alumni this year. What would help you most?",
        now=now,
    )
    survey_delivery.survey_send(actor=hr, survey=survey, acknowledge_warnings=True, now=now)
    survey_delivery.survey_invites_send(survey_id=survey.pk, now=now)
    questions = list(survey.questions.order_by("order", "pk"))
    invites = SurveyInvite.objects.filter(survey=survey, sent_at__isnull=False).order_by("pk")
    for i, invite in enumerate(invites):
        if i % 3 == 2:
            continue  # a third have not answered yet
        answers: dict[str, str] = {}
        for question in questions:
            field = surveys.question_field(question)
            if question.kind == "choice":
                answers[field] = question.options[i % len(question.options)]
            elif question.kind == "scale":
                answers[field] = str(3 + i % 3)
            elif i % 2 == 0:
                answers[field] = "More events outside Berlin, please."
        survey_delivery.survey_answer(token=survey_delivery.invite_token(invite), answers=answers, now=now)
        result.created["survey answers"] += 1


def _share_and_recommend(
    hr: User, ann: User, pilot: Pilot, stage1: Pilot, alumni: list[Alumnus], now: dt.datetime, result: DemoResult
) -> None:
    top = AlumniSegment.objects.filter(pilot=pilot).order_by("rank").first()
    opening = JobOpening.objects.filter(pilot=stage1, status=JobOpening.Status.OPEN).order_by("pk").first()
    if top is None or OpeningShare.objects.filter(segment=top).exists():
        return
    recommender = next((a for a in alumni if a.segment_id == top.pk), None)
    if opening is not None:
        share = referrals.share_create(
            actor=hr,
            segment=top,
            channel=ShareChannel.EMAIL,
            message=referrals.share_prefill(opening),
            opening=opening,
            now=now,
        )
        result.created["openings shared with alumni"] += 1
        if recommender is not None:
            # What came back through the shared opening: a candidate with source "alumni referral".
            referrals.recommendation_create(
                actor=hr,
                alumnus=recommender,
                kind="employee",
                why="We worked on the Halvorsen data platform together; she would love this team.",
                recommended=referrals.Recommended(
                    name="Linnea Berg",
                    email="linnea.berg@mail.example",
                    profile_url="https://www.linkedin.com/in/linnea-berg-demo",
                ),
                opening=opening,
                share=share,
                now=now,
            )
            result.created["alumni recommendations"] += 1
    call = referrals.share_create(
        actor=hr,
        segment=top,
        channel=ShareChannel.GROUP_POST,
        message="We are staffing two supply-chain projects this spring and need experienced freelance "
        "consultants. Who would you recommend?",
        now=now,
    )
    if recommender is not None:
        referrals.recommendation_create(
            actor=hr,
            alumnus=recommender,
            kind="contractor",
            why="Ran the warehouse programme at Halvorsen with me; independent since last year.",
            recommended=referrals.Recommended(name="Marit Solberg", email="marit.solberg@freelance.example"),
            share=call,
            now=now,
        )
        result.created["alumni recommendations"] += 1


def _outplacement(hr: User, raj: User, pilot: Pilot, today: dt.date, now: dt.datetime, result: DemoResult) -> None:
    if OutplacementCase.objects.filter(pilot=pilot).exists():
        return
    targets = list(Company.objects.filter(name__in=["Kestrel Analytics", "Orchard Retail Group"]))
    outplacement.outplacement_create(
        actor=hr,
        pilot=pilot,
        new_person=PersonData(
            first_name="Jonas",
            last_name="Weber",
            title="Reporting analyst",
            city="Hamburg",
            country="DE",
            emails=["jonas.weber@mail.example"],
            source=Person.Source.HRIS,
        ),
        current_role="Reporting analyst, Finance",
        eliminated_on=today + dt.timedelta(days=60),
        target_roles="Data analyst, BI developer",
        target_companies=targets,
        owner=raj,
        now=now,
    )
    result.created["outplacement cases"] += 1


def _coaching(
    hr: User, ann: User, raj: User, pilot: Pilot, today: dt.date, now: dt.datetime, result: DemoResult
) -> None:
    if CoachingSession.objects.filter(pilot=pilot).exists():
        return
    coaching.coaching_create(
        actor=hr,
        pilot=pilot,
        coach=hr,
        coachee=raj,
        topic="profile",
        held_on=today - dt.timedelta(days=120),
        notes="Headline, summary and how to ask alumni questions in the group.",
        follow_up_on=today - dt.timedelta(days=90),
        now=now,
    )
    coaching.coaching_create(
        actor=hr,
        pilot=pilot,
        coach=raj,
        coachee=ann,
        topic="helping",
        held_on=today - dt.timedelta(days=20),
        notes="How Raj finds the alumni an introduction would help, and asks them to confirm it.",
        follow_up_on=today + dt.timedelta(days=10),
        now=now,
    )
    result.created["coaching sessions"] += 2
