"""Demo Stage 1 for Northwind's "Engineers on Mastodon" pilot, written through recruiting.services.

Three candidate profiles (the first linked to the demo's Python keyword family and search), two
open openings whose descriptions Ann commented on (one comment used and the description revised,
one not used, both thanked), candidates in every pipeline step — one promoted from the demo feed's
conversation, one referred by Ann, one hired through the ledger after a video interview that
replaced a trip — shared posts with engagement and responses from prospects, and three recruiting
videos candidates were pointed to. Idempotent: a part whose rows exist (by profile name, opening
title, candidate, post summary, video topic) is left alone.

Storing the promoted conversation is the one place the demo writes to the listening inbox: it
stores that single post of the bundled feed, as a run of the Stage 1 search would; the rest of
the feed arrives when someone presses Run now.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from accounts.models import User
from listening.connectors import bundled
from listening.models import Conversation, KeywordFamily, Search, Source
from listening.selectors import active_matcher
from listening.services import posts_store
from listening.services.store import match_text
from people.models import Person
from people.services import HandleData, PersonData, person_create
from programs.models import Pilot, Venue
from recruiting import services
from recruiting.models import (
    Candidate,
    CandidateProfile,
    JobOpening,
    RecruitingVideo,
    SharedPost,
    Step,
)

from .directory import email_part
from .listening import SEARCHES, SOURCE_NAME
from .result import DemoResult

# (name, priority, description, keyword family, search)
PROFILES = (
    (
        "Senior Python backend engineers in Europe",
        1,
        "Five or more years of Python services in production; Django or FastAPI; remote within two hours of Berlin.",
        "python-devs",
        SEARCHES[0][0],
    ),
    (
        "Site reliability engineers",
        2,
        "On-call veterans who automate themselves out of toil; Kubernetes, Terraform.",
        "",
        "",
    ),
    (
        "Data engineers in the Nordics",
        3,
        "Streaming pipelines (Kafka, Flink) and the people who keep them honest.",
        "",
        "",
    ),
)

BACKEND = "Senior backend engineer (Python)"
SRE = "Site reliability engineer"
BACKEND_TEXT = (
    "You will build the services behind Northwind's route planner: Python, Django, PostgreSQL.\n"
    "You will pair with the team that runs them.\n"
    "Remote within Europe; two days a month in Berlin."
)
BACKEND_TEXT_2 = (
    "You will build the services behind Northwind's route planner: Python, Django, PostgreSQL.\n"
    "You will pair with the team that runs them; on-call is one week in six, paid.\n"
    "Remote within Europe; two days a month in Berlin."
)
SRE_TEXT = (
    "Rockstar SRE wanted: keep 400 services up on Kubernetes.\n"
    "You will own the deploy pipeline and the incident reviews.\n"
    "Berlin or remote."
)

# (first, last, title, city, country, opening, source, steps after "found", days ago entered)
CANDIDATES: tuple[tuple[str, str, str, str, str, str, str, list[str], int], ...] = (
    ("Sofia", "Marquez", "Backend developer", "Valencia", "ES", BACKEND, "job_ad", [], 2),
    ("Jonas", "Lindqvist", "Python engineer", "Uppsala", "SE", BACKEND, "shared_post", ["engaged"], 4),
    ("Amara", "Nwosu", "Senior software engineer", "Lagos", "NG", BACKEND, "recruiter", ["engaged", "applied"], 34),
    ("Kenji", "Watanabe", "SRE", "Osaka", "JP", SRE, "conversation", ["engaged", "applied", "video_interview"], 40),
    ("Ingrid", "Solberg", "Platform engineer", "Oslo", "NO", SRE, "other", ["engaged", "applied", "onsite"], 55),
    ("Mateo", "Rossi", "Staff engineer", "Milan", "IT", BACKEND, "job_ad", ["engaged", "applied", "offer"], 60),
    ("Yara", "Haddad", "Backend engineer", "Beirut", "LB", SRE, "job_ad", ["engaged", "declined"], 45),
    ("Tomasz", "Kowalczyk", "Developer", "Gdańsk", "PL", BACKEND, "recruiter", ["withdrew"], 30),
    ("Chloé", "Bernard", "Junior developer", "Lyon", "FR", SRE, "job_ad", ["engaged", "applied", "rejected"], 50),
)
HIRED = ("Priya", "Raman", "Senior Python developer", "Munich", "DE")
REFERRED = ("Lukas", "Brandt", "Backend engineer", "Leipzig", "DE")

# (summary, kind, venue, days ago, likes, comments, shares, clicks)
POSTS = (
    (
        "How we cut route-planning latency by 60 % with PostgreSQL partitioning",
        "project",
        "Northwind Engineering Blog",
        70,
        120,
        14,
        22,
        340,
    ),
    (
        "Our hardest bug this year: a timezone off-by-one in the dispatch queue",
        "challenge",
        "Mastodon (hachyderm.io)",
        60,
        86,
        31,
        12,
        150,
    ),
    ("We are hiring a senior Python backend engineer (remote in Europe)", "job", "LinkedIn", 45, 64, 9, 27, 410),
    (
        "Behind the curtain: what our Friday incident review looks like",
        "behind_the_curtain",
        "Mastodon (hachyderm.io)",
        35,
        140,
        22,
        30,
        95,
    ),
    (
        "The team's Factorio server turned one: 12,000 hours of conveyor belts",
        "social",
        "Mastodon (hachyderm.io)",
        25,
        210,
        48,
        19,
        60,
    ),
    ("Open-sourcing our Django migration linter", "project", "Hacker News", 15, 95, 40, 8, 520),
    ("Site reliability engineer: come and own our deploy pipeline", "job", "LinkedIn", 8, 30, 3, 9, 180),
)

# (speaker, topic, url, seconds)
VIDEOS = (
    (
        "Ann Okafor",
        "What a week on the route-planner team looks like",
        "https://videos.northwind.example/route-planner",
        242,
    ),
    (
        "Hanna Berg",
        "How we interview: video first, no whiteboards",
        "https://videos.northwind.example/how-we-interview",
        185,
    ),
    ("Ann Okafor", "Our on-call, honestly", "https://videos.northwind.example/on-call", 301),
)


def load_recruiting(*, hr: User, ann: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    """Create the missing Stage 1 rows of the demo's recruiting pilot."""
    profiles = _profiles(hr, pilot, now, result)
    openings = _openings(hr, ann, pilot, profiles, now, result)
    if openings:
        _candidates(hr, ann, openings, now, result)
    _posts(hr, ann, pilot, profiles, openings, now, result)
    _videos(hr, pilot, openings, now, result)


def _ago(now: dt.datetime, days: int, hours: int = 0) -> dt.datetime:
    return now - dt.timedelta(days=days, hours=hours)


def _profiles(hr: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> list[CandidateProfile]:
    rows = []
    for name, priority, description, family, search in PROFILES:
        profile = CandidateProfile.objects.filter(pilot=pilot, name=name).first()
        if profile is None:
            profile = services.profile_create(
                actor=hr,
                pilot=pilot,
                name=name,
                description=description,
                priority=priority,
                families=KeywordFamily.objects.filter(name=family) if family else (),
                searches=Search.objects.filter(name=search) if search else (),
                now=now,
            )
            result.created["candidate profiles"] += 1
        rows.append(profile)
    return rows


def _openings(
    hr: User, ann: User, pilot: Pilot, profiles: list[CandidateProfile], now: dt.datetime, result: DemoResult
) -> dict[str, JobOpening]:
    if JobOpening.objects.filter(pilot=pilot, title__in=[BACKEND, SRE]).exists():
        return {o.title: o for o in JobOpening.objects.filter(pilot=pilot, title__in=[BACKEND, SRE])}
    opened = _ago(now, 75)
    backend = services.opening_create(
        actor=hr,
        pilot=pilot,
        title=BACKEND,
        description=BACKEND_TEXT,
        profile=profiles[0],
        location="Remote (Europe) / Berlin",
        status=JobOpening.Status.OPEN,
        now=opened,
    )
    sre = services.opening_create(
        actor=hr,
        pilot=pilot,
        title=SRE,
        description=SRE_TEXT,
        profile=profiles[1],
        location="Berlin or remote",
        status=JobOpening.Status.OPEN,
        now=_ago(now, 70),
    )
    result.created["job openings"] += 2
    used = services.feedback_create(
        actor=ann,
        opening=backend,
        comment="Say how often on-call comes round and that it is paid: everyone I talk to asks first.",
        now=_ago(now, 72),
    )
    services.feedback_decide(
        actor=hr, feedback=used, used=True, thank_note="Added to the description — thank you, Ann!", now=_ago(now, 71)
    )
    services.opening_revise(
        actor=hr,
        opening=backend,
        text=BACKEND_TEXT_2,
        note="On-call rota and pay, from Ann's feedback",
        now=_ago(now, 71),
    )
    not_used = services.feedback_create(
        actor=ann,
        opening=sre,
        comment="“Rockstar” puts off the senior people we want; I would drop it.",
        now=_ago(now, 68),
    )
    services.feedback_decide(
        actor=hr,
        feedback=not_used,
        used=False,
        thank_note="Sponsor wants to keep the tone for now; thanks for pushing on it.",
        now=_ago(now, 67),
    )
    result.created["opening feedback"] += 2
    return {BACKEND: backend, SRE: sre}


def _new_person(hr: User, first: str, last: str, title: str, city: str, country: str, now: dt.datetime) -> Person:
    existing = Person.objects.filter(first_name=first, last_name=last, erased_at__isnull=True).first()
    if existing is not None:
        return existing
    return person_create(
        actor=hr,
        data=PersonData(
            first_name=first,
            last_name=last,
            title=title,
            city=city,
            country=country,
            emails=[f"{email_part(first)}.{email_part(last)}@mail.example"],
            source=Person.Source.LISTENING,
            source_detail="Stage 1 demo",
        ),
        now=now,
    )


def _candidates(hr: User, ann: User, openings: dict[str, JobOpening], now: dt.datetime, result: DemoResult) -> None:
    for first, last, title, city, country, opening_title, source, steps, days in CANDIDATES:
        person = _new_person(hr, first, last, title, city, country, _ago(now, days + 1))
        opening = openings[opening_title]
        if Candidate.objects.filter(opening=opening, person=person).exists():
            continue
        candidate = services.candidate_add(actor=hr, opening=opening, person=person, source=source, at=_ago(now, days))
        for i, step in enumerate(steps, start=1):
            services.candidate_move(actor=hr, candidate=candidate, to=step, at=_ago(now, days - 4 * i))
        result.created["candidates"] += 1
    _promoted(hr, openings[BACKEND], now, result)
    _referred(hr, ann, openings[BACKEND], now, result)
    _hired(hr, openings[BACKEND], now, result)


def _promoted(hr: User, opening: JobOpening, now: dt.datetime, result: DemoResult) -> None:
    """Store one post of the demo feed that the Stage 1 search matches, and promote its author."""
    source = Source.objects.filter(name__iexact=SOURCE_NAME).first()
    search = Search.objects.filter(name=SEARCHES[0][0]).first()
    if source is None or search is None or Candidate.objects.filter(opening=opening, source="conversation").exists():
        return
    fetched = bundled.fetch(source.config, state={}, client=cast(Any, None))
    matcher, _searches = active_matcher(source)
    post = next((p for p in fetched.posts if search.pk in matcher.match(match_text(p))), None)
    if post is None:
        result.skipped.append("promoted candidate: no post of the demo feed matches the Stage 1 search")
        return
    posts_store(source=source, posts=[post], search_id=search.pk, now=_ago(now, 30))
    conversation = Conversation.objects.get(source=source, external_id=post.external_id)
    author = (conversation.author or "Demo Author").split()
    services.candidate_promote(
        actor=hr,
        conversation=conversation,
        opening=opening,
        new_person=PersonData(
            first_name=author[0][:100],
            last_name=" ".join(author[1:])[:100],
            handles=[HandleData(venue_kind=Venue.Kind.MASTODON, profile_url=conversation.author_url)]
            if conversation.author_url
            else [],
            source=Person.Source.LISTENING,
            source_detail=f"Search: {search.name}",
        ),
        allow_same_name=True,
        note="Asked about Django at scale; answered our engineers in the thread.",
        at=_ago(now, 28),
    )
    result.created["candidates"] += 1


def _referred(hr: User, ann: User, opening: JobOpening, now: dt.datetime, result: DemoResult) -> None:
    first, last, title, city, country = REFERRED
    person = _new_person(hr, first, last, title, city, country, _ago(now, 20))
    if Candidate.objects.filter(opening=opening, person=person).exists():
        return
    referral = services.referral_create(
        actor=ann,
        opening=opening,
        person=person,
        why="We built the Leipzig depot's scheduler together; calm under pressure, writes great tests.",
        now=_ago(now, 18),
    )
    services.candidate_move(actor=hr, candidate=referral.candidate, to=Step.ENGAGED, at=_ago(now, 15))
    services.referral_thank(
        actor=hr, referral=referral, note="Lukas is talking to the team next week. Thank you!", now=_ago(now, 15)
    )
    result.created["referrals"] += 1


def _hired(hr: User, opening: JobOpening, now: dt.datetime, result: DemoResult) -> None:
    """Priya: found through a shared post, a video interview instead of a flight to Berlin, hired."""
    first, last, title, city, country = HIRED
    person = _new_person(hr, first, last, title, city, country, _ago(now, 66))
    if Candidate.objects.filter(opening=opening, person=person).exists():
        return
    candidate = services.candidate_add(actor=hr, opening=opening, person=person, source="shared_post", at=_ago(now, 64))
    for step, days in (("engaged", 60), ("applied", 55), ("video_interview", 50)):
        services.candidate_move(actor=hr, candidate=candidate, to=step, at=_ago(now, days))
    interview = services.interview_schedule(
        actor=hr,
        candidate=candidate,
        scheduled_at=_ago(now, 48),
        link="https://meet.northwind.example/priya-raman",
        interviewers=[hr],
        replaced_trip=True,
        notes="First interview by video instead of flying her to Berlin.",
        now=_ago(now, 50),
    )
    services.interview_update(actor=hr, interview=interview, outcome="advance", now=_ago(now, 48))
    for step, days in (("onsite", 40), ("offer", 30)):
        services.candidate_move(actor=hr, candidate=candidate, to=step, at=_ago(now, days))
    services.candidate_hire(
        actor=hr,
        candidate=candidate,
        date=_ago(now, 21).date(),
        cost_video_tooling=Decimal("40.00"),
        staff_hours=Decimal("12"),
        staff_hour_rate=Decimal("55.00"),
        note="Video-first: no flights, no recruiter.",
        now=_ago(now, 21),
    )
    result.created["candidates"] += 1
    result.created["video interviews"] += 1


def _posts(
    hr: User,
    ann: User,
    pilot: Pilot,
    profiles: list[CandidateProfile],
    openings: dict[str, JobOpening],
    now: dt.datetime,
    result: DemoResult,
) -> None:
    venues = {v.name: v for v in Venue.objects.filter(name__in={row[2] for row in POSTS})}
    for summary, kind, venue_name, days, likes, comments, shares, clicks in POSTS:
        venue = venues.get(venue_name)
        if venue is None or SharedPost.objects.filter(pilot=pilot, summary=summary).exists():
            continue
        post = services.post_record(
            actor=ann,
            pilot=pilot,
            venue=venue,
            kind=kind,
            shared_on=_ago(now, days).date(),
            summary=summary,
            likes=likes,
            comments=comments,
            shares=shares,
            clicks=clicks,
            opening=openings.get(BACKEND) if kind == "job" else None,
            now=_ago(now, days),
        )
        result.created["shared posts"] += 1
        if kind in ("project", "behind_the_curtain", "social"):
            _responses(hr, post, profiles, days, now, result)


def _responses(
    hr: User, post: SharedPost, profiles: list[CandidateProfile], days: int, now: dt.datetime, result: DemoResult
) -> None:
    who = {
        "project": [("Jonas", "Lindqvist", 0), ("Sofia", "Marquez", 0)],
        "behind_the_curtain": [("Kenji", "Watanabe", 1)],
        "social": [("Jonas", "Lindqvist", 0), ("Ingrid", "Solberg", 1)],
    }[post.kind]
    for first, last, profile_index in who:
        person = Person.objects.filter(first_name=first, last_name=last, erased_at__isnull=True).first()
        if person is None or post.responses.filter(person=person).exists():
            continue
        services.response_record(
            actor=hr,
            post=post,
            person=person,
            profile=profiles[profile_index],
            responded_on=_ago(now, max(days - 2, 0)).date(),
            note="Replied in the thread and asked about the team.",
            now=now,
        )
        result.created["post responses"] += 1


def _videos(hr: User, pilot: Pilot, openings: dict[str, JobOpening], now: dt.datetime, result: DemoResult) -> None:
    videos = []
    for speaker, topic, url, seconds in VIDEOS:
        video = RecruitingVideo.objects.filter(pilot=pilot, topic=topic).first()
        if video is None:
            video = services.video_record(
                actor=hr, pilot=pilot, speaker=speaker, topic=topic, url=url, length_seconds=seconds, now=now
            )
            result.created["recruiting videos"] += 1
        videos.append(video)
    reactions = (("Watanabe", 2, "positive"), ("Solberg", 0, "positive"), ("Rossi", 2, "neutral"))
    for last, video_index, reaction in reactions:
        candidate = Candidate.objects.filter(opening__pilot=pilot, person__last_name=last).first()
        if candidate is None or services.existing_pointer(candidate, videos[video_index]) is not None:
            continue
        services.pointer_record(
            actor=hr,
            candidate=candidate,
            video=videos[video_index],
            reaction=reaction,
            reaction_note="Said the video answered most of their questions." if reaction == "positive" else "",
            now=now,
        )
