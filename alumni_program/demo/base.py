"""Demo data for a fictional firm, Northwind Consulting, built through the services.

``load_demo()`` is idempotent: every object is looked up by its natural key (user email, sponsor
name, pilot name, venue name, company domain, person email, goal name within a pilot) and created
only when missing, so a second run creates nothing. Checklist steps are filled in only while they
are untouched, so edits made in the app survive a re-run.

Only the demo users are created directly (accounts normally come from invitations); everything
else goes through accounts/programs/people services, with audit events, like a real HR lead's
clicks would.

The companies and people are data in directory.py; the metrics ledger (baselines, costs, hires,
introductions, assists) is in metrics.py, the listening setup (families, a bundled-feed source,
searches) in listening.py, Stage 1 in recruiting.py, Stage 2 in alumni.py and Stage 3 in bizdev.py;
a stage app's demo gets a module of its own here, called from load_demo().
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from people.models import Company, Person, PersonEmail
from people.services import DuplicatePersonError, HandleData, PersonData, company_save, person_create
from programs import services
from programs.models import Membership, Pilot, PilotStep, SharingPolicy, SponsorOrganization, Stage, Venue

from .alumni import load_alumni
from .bizdev import load_bizdev
from .directory import COMPANIES, PEOPLE, email_part
from .listening import load_listening
from .metrics import load_metrics
from .recruiting import load_recruiting
from .result import DemoResult, month_start

DEFAULT_PASSWORD = "demo-password-2026"
FIRM = "Northwind Consulting"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    title: str
    sees: str  # printed next to the login so a visitor knows whom to try


STAGE1_PILOT = "Engineers on Mastodon"
STAGE2_PILOT = "Consulting alumni network"
STAGE3_PILOT = "Alumni-assisted deals"

HR_LEAD = DemoUser("hr@demo.example", "Hanna Berg", Role.HR_LEAD, "Head of Talent", "runs the program, sees everything")
ANN = DemoUser(
    "ann@demo.example",
    "Ann Okafor",
    Role.CONTRIBUTOR,
    "Senior Software Engineer",
    f"works in {STAGE1_PILOT} (Stage 1) and {STAGE2_PILOT} (Stage 2)",
)
RAJ = DemoUser(
    "raj@demo.example",
    "Raj Mehta",
    Role.CONTRIBUTOR,
    "Principal Consultant",
    f"works in {STAGE2_PILOT} (Stage 2) and {STAGE3_PILOT} (Stage 3)",
)
MIA = DemoUser(
    "mia@demo.example", "Mia Laurent", Role.MANAGER, "VP Engineering", "manages Engineering, reads its reports"
)
USERS = (HR_LEAD, ANN, RAJ, MIA)

ENGINEERING = "Engineering"
CONSULTING = "Consulting"
SPONSORS = {
    ENGINEERING: "Builds and runs the client platforms; hires backend, data and SRE engineers.",
    CONSULTING: "Advisory practice; most of our alumni and most of our new business come from here.",
}

STAGE2_MAY_SHARE = (
    "Public project stories that the client has approved, open positions, events, talks, "
    "our own blog posts, and congratulations on alumni's news."
)
STAGE2_MAY_NOT_SHARE = (
    "Client names or details not already public, pricing, pipeline, anything about colleagues' "
    "performance or departures, and anything said inside the private alumni group."
)
# Stage 3 posts its requests to the private group too: they follow an approved policy.
STAGE3_MAY_SHARE = (
    "General questions about an industry, a market or a geography; our own public case studies; "
    "offers of help to alumni; links to discussions in the private group."
)
STAGE3_MAY_NOT_SHARE = (
    "Client names or deal details not already public, pricing, proposals, pipeline, and anything an "
    "alumnus told us in confidence."
)

# (venue name, kind, visibility, url, description)
VENUES = (
    (
        "LinkedIn",
        Venue.Kind.LINKEDIN,
        Venue.Visibility.PUBLIC,
        "https://www.linkedin.com/",
        "Where consultants and most alumni are.",
    ),
    (
        "Mastodon (hachyderm.io)",
        Venue.Kind.MASTODON,
        Venue.Visibility.PUBLIC,
        "https://hachyderm.io/",
        "Large tech instance; SRE and backend engineers talk shop here.",
    ),
    (
        "Northwind Engineering Blog",
        Venue.Kind.BLOG,
        Venue.Visibility.PUBLIC,
        "https://blog.northwind.example/",
        "Our engineers' own blog: project write-ups and behind-the-curtain posts.",
    ),
    (
        "Hacker News",
        Venue.Kind.HACKER_NEWS,
        Venue.Visibility.PUBLIC,
        "https://news.ycombinator.com/",
        "Monthly 'Who is hiring?' threads and technical discussions.",
    ),
    (
        "Northwind Alumni (LinkedIn group)",
        Venue.Kind.LINKEDIN,
        Venue.Visibility.PRIVATE,
        "",
        "Private group for former employees; members only.",
    ),
)

# Goals per pilot: (name, target, unit, due in days from today, measure key or "" for a free-text
# goal). Measured goals show their progress on the pilot page from the demo ledger at once.
GOALS = {
    STAGE1_PILOT: (
        ("Hires from social conversations", Decimal(6), "hires", 180, "ledger.social_hires"),
        ("Qualified leads per month", Decimal(25), "leads", 90, ""),
        ("Cost per hire below the legacy process", Decimal(4000), "EUR", 180, "ledger.cost_per_hire"),
    ),
    STAGE2_PILOT: (
        (
            "Meaningful introductions made for alumni",
            Decimal(40),
            "introductions",
            240,
            "ledger.meaningful_alumni_introductions",
        ),
        ("Recruits referred by alumni", Decimal(8), "hires", 240, "ledger.alumni_referral_hires"),
        ("Alumni in the private group", Decimal(150), "members", 120, ""),
    ),
    STAGE3_PILOT: (
        (
            "Opportunities assisted by alumni",
            Decimal(6),
            "opportunities",
            270,
            "bizdev.opportunities_assisted",
        ),
        ("Assist points received from alumni", Decimal(60), "points", 270, "ledger.assist_points_received"),
        ("Sales-cycle days saved on assisted deals", Decimal(200), "days", 365, "bizdev.cycle_days_saved"),
    ),
}
# Goals an earlier demo created as free text, by pilot and name: (target then). Left untouched
# since (no measure, the same target), a re-run gives them their measure and target from GOALS.
FREE_TEXT_GOALS = {
    (STAGE3_PILOT, "Opportunities assisted by alumni"): Decimal(6),
    (STAGE3_PILOT, "Sales-cycle days saved on assisted deals"): Decimal(20),
}


def load_demo(*, password: str = DEFAULT_PASSWORD, now: dt.datetime | None = None) -> DemoResult:
    """Create whatever part of the demo data is missing. All or nothing."""
    now = now or timezone.now()
    today = timezone.localdate(now)  # the services judge "not in the future" by the local date
    result = DemoResult()
    with transaction.atomic():
        users = {u.email: _user(u, password, result) for u in USERS}
        hr, ann, raj, mia = (users[u.email] for u in USERS)

        sponsors = {name: _sponsor(hr, name, description, result) for name, description in SPONSORS.items()}
        _ensure_manager(hr, sponsors[ENGINEERING], mia)

        for name, kind, visibility, url, description in VENUES:
            if not Venue.objects.filter(name__iexact=name).exists():
                services.venue_save(
                    actor=hr, name=name, kind=kind, visibility=visibility, url=url, description=description
                )
                result.created["venues"] += 1

        # Stage 1: recruiting pilot for Engineering, active.
        p1 = _pilot(
            hr,
            STAGE1_PILOT,
            Stage.RECRUITING,
            sponsors[ENGINEERING],
            today,
            result,
            "Find backend and SRE engineers where they already talk, with our engineers sharing real work.",
        )
        _member(hr, p1, hr, Membership.Role.CHAMPION, result)
        _member(hr, p1, ann, Membership.Role.CONTRIBUTOR, result)
        _goals(hr, p1, today, result)
        _steps(
            p1,
            today,
            now,
            result,
            [
                ("select-sponsor-and-champions", hr, hr, -30, True),
                ("engagement-strategy", hr, hr, -14, True),
                ("keyword-families", ann, ann, 7, False),
                ("contributor-guidelines", hr, hr, 14, False),
            ],
        )
        _activate(hr, p1, now, result)

        # Stage 2: alumni pilot for Consulting, approved policy, active, some acknowledgements.
        p2 = _pilot(
            hr,
            STAGE2_PILOT,
            Stage.ALUMNI,
            sponsors[CONSULTING],
            today,
            result,
            "Help former consultants with introductions; alumni become a source of recruits and advice.",
        )
        _member(hr, p2, hr, Membership.Role.CHAMPION, result)
        _member(hr, p2, ann, Membership.Role.CONTRIBUTOR, result)
        _member(hr, p2, raj, Membership.Role.CONTRIBUTOR, result)
        policy = _approved_policy(hr, p2, now, result)
        for user in (hr, ann):  # Raj has not acknowledged yet: the app shows him a reminder.
            if not policy.acknowledgements.filter(user=user).exists():
                services.policy_acknowledge(user=user, policy=policy, now=now)
                result.created["policy acknowledgements"] += 1
        _goals(hr, p2, today, result)
        _steps(
            p2,
            today,
            now,
            result,
            [
                ("social-media-policy", hr, hr, -7, True),
                ("alumni-engagement-strategy", raj, hr, 10, False),
                ("rank-venues-private-group", ann, hr, 21, False),
            ],
        )
        _activate(hr, p2, now, result)

        # Stage 3: business-development pilot for Consulting, started two months ago, active since
        # it has deals (bizdev.py); an approved policy for its requests to the private group.
        p3 = _pilot(
            hr,
            STAGE3_PILOT,
            Stage.BIZDEV,
            sponsors[CONSULTING],
            today,
            result,
            "Ask alumni for help with opportunities at prospects, and help them back.",
        )
        _member(hr, p3, raj, Membership.Role.CONTRIBUTOR, result)
        _approved_policy(hr, p3, now, result, may_share=STAGE3_MAY_SHARE, may_not_share=STAGE3_MAY_NOT_SHARE)
        _goals(hr, p3, today, result)
        _steps(p3, today, now, result, [("relevant-conversations", raj, hr, 30, False)])
        _activate(hr, p3, now, result)

        companies = {
            domain: _company(hr, name, domain, industry, rel, now, result) for name, domain, industry, rel in COMPANIES
        }
        people = {}
        for row in PEOPLE:
            person = _person(hr, row, companies, now, result)
            if person is not None:
                people[f"{row[0]} {row[1]}"] = person

        pilots = {1: p1, 2: p2, 3: p3}
        load_metrics(
            hr=hr,
            contributors={"ann": ann, "raj": raj},
            pilots=pilots,
            sponsors=sponsors,
            people=people,
            today=today,
            now=now,
            result=result,
        )
        load_listening(hr=hr, pilots=pilots, result=result)
        load_recruiting(hr=hr, ann=ann, pilot=p1, now=now, result=result)
        load_alumni(hr=hr, ann=ann, raj=raj, pilot=p2, stage1=p1, people=people, now=now, result=result)
        load_bizdev(hr=hr, raj=raj, pilot=p3, stage2=p2, people=people, now=now, result=result)

    return result


# --- helpers: each looks up by natural key and creates through a service when missing ----------


def _user(spec: DemoUser, password: str, result: DemoResult) -> User:
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            spec.email, password, full_name=spec.full_name, role=spec.role, title=spec.title
        )
        result.created["users"] += 1
        shown = password
    else:
        # An existing account keeps its password; say so rather than print a wrong one.
        shown = password if user.check_password(password) else "(unchanged: set before this run)"
    result.logins.append((user.email, shown, user.get_role_display(), spec.sees))
    return user


def _sponsor(hr: User, name: str, description: str, result: DemoResult) -> SponsorOrganization:
    sponsor = SponsorOrganization.objects.filter(name__iexact=name).first()
    if sponsor is None:
        sponsor = services.sponsor_create(actor=hr, name=name, description=f"{FIRM}: {description}")
        result.created["sponsor organizations"] += 1
    return sponsor


def _ensure_manager(hr: User, sponsor: SponsorOrganization, manager: User) -> None:
    managers = list(sponsor.managers.all())
    if manager not in managers:
        services.sponsor_update(
            actor=hr, sponsor=sponsor, name=sponsor.name, description=sponsor.description, managers=[*managers, manager]
        )


def _pilot(
    hr: User, name: str, stage: int, sponsor: SponsorOrganization, today: dt.date, result: DemoResult, description: str
) -> Pilot:
    pilot = Pilot.objects.filter(sponsor=sponsor, name__iexact=name).first()
    if pilot is None:
        # The active pilots have run for a year and stage 3 for two months: the demo ledger covers that.
        start = month_start(today, 2 if stage == Stage.BIZDEV else 11)
        pilot = services.pilot_create(
            actor=hr,
            name=name,
            stage=stage,
            sponsor=sponsor,
            description=description,
            start_date=start,
            end_date=start + dt.timedelta(days=365 if stage == Stage.BIZDEV else 2 * 365),
        )
        result.created["pilots"] += 1
    return pilot


def _member(hr: User, pilot: Pilot, user: User, role: str, result: DemoResult) -> None:
    if not Membership.objects.filter(pilot=pilot, user=user).exists():
        services.membership_add(actor=hr, pilot=pilot, user=user, role=role)
        result.created["pilot memberships"] += 1


def _goals(hr: User, pilot: Pilot, today: dt.date, result: DemoResult) -> None:
    for name, target, unit, days, measure in GOALS[pilot.name]:
        goal = pilot.goals.filter(name__iexact=name).first()
        before = FREE_TEXT_GOALS.get((pilot.name, name))
        if goal is not None and measure and not goal.measure and before is not None and goal.target == before:
            services.goal_save(
                actor=hr,
                pilot=pilot,
                goal=goal,
                name=goal.name,
                target=target,
                unit=unit,
                due_date=goal.due_date,
                measure=measure,
                today=today,
            )
            result.created["goals given a measure"] += 1
        if goal is None:
            services.goal_save(
                actor=hr,
                pilot=pilot,
                name=name,
                target=target,
                unit=unit,
                due_date=today + dt.timedelta(days=days),
                measure=measure,
                today=today,
            )
            result.created["goals"] += 1


def _steps(
    pilot: Pilot, today: dt.date, now: dt.datetime, result: DemoResult, plan: list[tuple[str, User, User, int, bool]]
) -> None:
    """plan: (playbook key, owner, who updates it, due in days, done). Touches untouched steps only."""
    for key, owner, actor, days, done in plan:
        step = PilotStep.objects.select_related("step").filter(pilot=pilot, step__key=key).first()
        if step is None or step.owner_id or step.due_date or step.done_at or step.note:
            continue
        services.pilot_step_update(
            actor=actor, pilot_step=step, owner=owner, due_date=today + dt.timedelta(days=days), done=done, now=now
        )
        result.created["checklist steps filled in"] += 1


def _approved_policy(
    hr: User,
    pilot: Pilot,
    now: dt.datetime,
    result: DemoResult,
    *,
    may_share: str = STAGE2_MAY_SHARE,
    may_not_share: str = STAGE2_MAY_NOT_SHARE,
) -> SharingPolicy:
    policy = services.current_policy(pilot)
    if policy is not None:
        return policy
    draft = pilot.policies.filter(status=SharingPolicy.Status.DRAFT).order_by("-version").first()
    if draft is None:
        draft = services.policy_draft_save(
            actor=hr, pilot=pilot, may_share=may_share, may_not_share=may_not_share, now=now
        )
        result.created["sharing policies drafted"] += 1
    return services.policy_approve(actor=hr, policy=draft, now=now)


def _activate(hr: User, pilot: Pilot, now: dt.datetime, result: DemoResult) -> None:
    # Only a pilot still in planning is moved: a re-run must not undo what someone did since.
    if pilot.status == Pilot.Status.PLANNING:
        services.pilot_transition(actor=hr, pilot=pilot, status=Pilot.Status.ACTIVE, now=now)
        result.created["pilots activated"] += 1


def _company(
    hr: User, name: str, domain: str, industry: str, relationship: str, now: dt.datetime, result: DemoResult
) -> Company:
    company = Company.objects.filter(domain__iexact=domain).first()
    if company is None:
        company = company_save(
            actor=hr,
            name=name,
            domain=domain,
            industry=industry,
            relationship=relationship,
            notes=f"Demo company ({relationship}).",
            now=now,
        )
        result.created["companies"] += 1
    return company


def _person(hr: User, row: tuple, companies: dict[str, Company], now: dt.datetime, result: DemoResult) -> Person | None:
    """The demo person (found by email, or created); None if a clashing person was entered by hand."""
    first, last, title, domain, country, city, tags, handle, consent, source = row
    mail_domain = domain or "mail.example"
    email = f"{email_part(first)}.{email_part(last)}@{mail_domain}"
    existing = PersonEmail.objects.filter(email__iexact=email).select_related("person").first()
    if existing is not None:
        return existing.person
    if handle.startswith("@"):
        handles = [HandleData(venue_kind=Venue.Kind.MASTODON, handle=handle)]
    else:
        handles = [HandleData(venue_kind=Venue.Kind.LINKEDIN, handle=handle)]
    data = PersonData(
        first_name=first,
        last_name=last,
        title=title,
        company=companies.get(domain),
        country=country,
        city=city,
        emails=[email],
        handles=handles,
        tags=tags,
        source=source,
        source_detail="Northwind demo data",
        consent_to_contact=consent,
        consent_date=now.date() - dt.timedelta(days=20) if consent else None,
    )
    try:
        person = person_create(actor=hr, data=data, allow_same_name=True, now=now)
    except DuplicatePersonError as exc:
        # Someone already has this handle (entered by hand since the last run): keep theirs.
        result.skipped.append(f"{first} {last}: {exc.message}")
        return None
    result.created["people"] += 1
    return person
