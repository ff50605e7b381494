"""Stage 1 recruiting in a real browser: a contributor refers someone and logs a shared post; the
HR lead promotes a listening conversation to a candidate, moves them through the pipeline (a video
interview that replaced a trip on the way), records the hire, and a manager finds it in the ROI
report's Stage 1 figures and on the wins feed.

Every page visited is watched: a console error, an uncaught exception, a CSP violation or a
JavaScript dialog fails the test (see Watch)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from listening import services as listening_services
from listening.connectors import make_post
from listening.models import Conversation
from metrics import services as metrics_services
from metrics.models import Hire, HireSource, Win, WinKind
from people.models import Person
from programs import services as program_services
from programs.models import Pilot, Venue
from recruiting.models import Candidate, CandidateMove, Referral, SharedPost, VideoInterview
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, assert_no_sideways_scroll, log_in_as
from tests.recruiting.factories import OpeningFactory, ProfileFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TRAVEL_PER_HIRE = Decimal("1200.00")


# --- helpers ---------------------------------------------------------------------------------


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"recruiting-{name}.png"), full_page=True, caret="initial")


def no_sideways_scroll(page: Page, label: str) -> None:
    """At the desktop width and at a phone's."""
    assert_no_sideways_scroll(page, f"{label} at 1280 px")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, f"{label} at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def stage_1_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Recruiting").click()
    page.get_by_role("navigation", name="Stage 1 pages").get_by_role("link", name=name).click()


def move_on_candidate_page(page: Page, step: str, note: str = "") -> None:
    page.get_by_label("Move to").select_option(label=step)
    if note:
        page.get_by_role("textbox", name="Note").fill(note)
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"moved to “{step}”")
    expect(page.locator(".page-header .badge")).to_have_text(step)


def figure_row(page: Page, figure: str):
    return page.locator(".report-table--stage_figures tbody tr").filter(
        has=page.get_by_role("cell", name=figure, exact=True)
    )


# --- 1. a contributor ------------------------------------------------------------------------


def test_contributor_refers_a_new_person_and_logs_a_shared_post(live_server, page, hr_lead, contributor_a, pilot_a):
    opening = OpeningFactory(pilot=pilot_a, title="Data engineer", location="Hamburg")
    OpeningFactory(pilot=pilot_a, title="Site reliability engineer")
    venue = program_services.venue_save(actor=hr_lead, name="Mastodon (fosstodon.org)", kind=Venue.Kind.MASTODON)
    today = timezone.localdate()
    watch = Watch(page)
    log_in_as(page, live_server.url, contributor_a.email)

    # "My recruiting" -> "Refer someone": who (someone new), which opening, why.
    stage_1_nav(page, "My recruiting")
    expect(page.get_by_role("heading", name="My recruiting", level=1)).to_be_visible()
    expect(page.locator("#referrals")).to_contain_text("You have not referred anyone yet")
    no_sideways_scroll(page, "My recruiting")
    page.locator(".page-header").get_by_role("link", name="Refer someone").click()
    expect(page.get_by_role("heading", name="Refer someone", level=1)).to_be_visible()
    page.get_by_label("Opening").select_option(label=f"Data engineer ({pilot_a.name}, open)")
    page.get_by_label("First name").fill("Jonas")
    page.get_by_label("Last name").fill("Brandt")
    page.get_by_label("Email", exact=True).fill("jonas.brandt@example.org")
    page.get_by_label("Profile URL").fill("https://www.linkedin.com/in/jonas-brandt")
    why = "We built the billing pipeline together at Nordwind; he loves Kafka and mentors juniors."
    page.get_by_label("Why them").fill(why)
    no_sideways_scroll(page, "referral form")
    shot(page, "1-referral-form")
    page.get_by_role("button", name="Refer", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("Thank you: Jonas Brandt is referred for “Data engineer”")
    expect(page.get_by_role("heading", name="Jonas Brandt", level=1)).to_be_visible()
    expect(page.locator("dd", has_text="Employee referral")).to_contain_text(f"by {contributor_a}")
    expect(page.locator("blockquote")).to_have_text(why)
    referral = Referral.objects.select_related("candidate__person").get()
    candidate = referral.candidate
    assert (referral.referrer, referral.why) == (contributor_a, why)
    assert (candidate.opening, candidate.step, candidate.source) == (opening, "found", "employee_referral")
    person = candidate.person
    assert (person.full_name, person.source) == ("Jonas Brandt", Person.Source.REFERRAL)
    assert list(person.emails.values_list("email", flat=True)) == ["jonas.brandt@example.org"]
    assert list(person.handles.values_list("venue_kind", flat=True)) == [Venue.Kind.LINKEDIN]
    assert list(candidate.moves.values_list("from_step", "to_step", "by")) == [("", "found", contributor_a.pk)]

    # The referral is on "My recruiting", with where the person is and no thank-you yet.
    stage_1_nav(page, "My recruiting")
    row = page.locator("#referrals tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="Jonas Brandt")).to_be_visible()
    expect(row.locator("[data-label='Opening']")).to_have_text("Data engineer")
    expect(row.locator("[data-label='Where they are']")).to_have_text("Found")
    expect(row.locator("[data-label='Thanked']")).to_have_text("Not yet")

    # Log a shared post: venue, kind, date, summary, engagement.
    page.locator(".page-header").get_by_role("link", name="Log a shared post").click()
    expect(page.get_by_role("heading", name="Log a shared post", level=1)).to_be_visible()
    expect(page.get_by_label("Pilot")).to_have_value(str(pilot_a.pk))  # their only pilot
    expect(page.get_by_label("Shared on")).to_have_value(today.isoformat())
    page.get_by_label("Venue").select_option(label=venue.name)
    page.get_by_label("Kind of content").select_option(label="Exciting project")
    shared_on = today - dt.timedelta(days=2)
    page.get_by_label("Shared on").fill(shared_on.isoformat())
    page.get_by_label("Summary").fill("How we moved billing to streaming")
    page.get_by_label("Link").fill("https://fosstodon.org/@ann/112233")
    for name, value in (("Likes", "48"), ("Comments", "6"), ("Shares", "3"), ("Clicks", "120")):
        page.get_by_label(name, exact=True).fill(value)
    page.get_by_label("Opening").select_option(label=opening.title)
    no_sideways_scroll(page, "post form")
    page.get_by_role("button", name="Log post").click()
    expect(page.get_by_role("status")).to_contain_text("Post logged: “How we moved billing to streaming”")
    post = SharedPost.objects.get()
    assert (post.pilot, post.author, post.venue, post.kind, post.shared_on) == (
        pilot_a,
        contributor_a,
        venue,
        SharedPost.Kind.PROJECT,
        shared_on,
    )
    assert (post.likes, post.comments, post.shares, post.clicks, post.opening) == (48, 6, 3, 120, opening)

    stage_1_nav(page, "My recruiting")
    row = page.locator("#posts tbody tr")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="How we moved billing to streaming")).to_be_visible()
    expect(row.locator("[data-label='Venue']")).to_have_text(venue.name)
    expect(row.locator("[data-label='Kind']")).to_have_text("Exciting project")
    expect(row.locator("[data-label='Engagement']")).to_have_text("48 likes, 6 comments, 3 shares, 120 clicks")
    shot(page, "2-my-recruiting")
    stage_1_nav(page, "Shared posts")
    expect(page.get_by_role("link", name="How we moved billing to streaming")).to_be_visible()
    no_sideways_scroll(page, "shared posts")
    watch.assert_clean()


# --- 2. the HR lead, from a conversation to a hire; the manager's report ---------------------


def test_hr_lead_promotes_a_conversation_and_hires_after_a_video_interview_that_replaced_a_trip(
    live_server, page, hr_lead, pilot_a, sponsor_a, manager
):
    today = timezone.localdate()
    program_services.pilot_transition(actor=hr_lead, pilot=pilot_a, status=Pilot.Status.ACTIVE)
    opening = OpeningFactory(pilot=pilot_a, title="Backend engineer", profile=ProfileFactory(pilot=pilot_a))
    metrics_services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(today.year - 1, 1, 1),
        valid_to=dt.date(today.year, 12, 31),
        travel_per_hire=TRAVEL_PER_HIRE,
        recruiter_fees_per_hire=Decimal("6000"),
        job_ads_per_hire=Decimal("1500"),
        other_per_hire=Decimal("500"),
        time_to_hire_days=60,
        source_note="Finance: recruiting spend / hires, last two years",
    )
    source = listening_services.source_save(
        actor=hr_lead, name="Demo feed", kind="bundled", config={"feed": "talent-and-alumni"}
    )
    search = listening_services.search_save(
        actor=hr_lead, name="Python people", query="python", sources=[source], pilot=pilot_a
    )
    post = make_post(
        venue="bundled",
        external_id="ada-1",
        title="Looking for my next role: senior Python developer",
        text="Eight years of Python and Django, open to work from March.",
        author="Ada Okafor",
        author_handle="@ada@fosstodon.org",
        author_url="https://fosstodon.org/@ada",
        url="https://fosstodon.org/@ada/1",
    )
    listening_services.posts_store(source=source, posts=[post], search_id=search.pk)
    conversation = Conversation.objects.get(external_id="ada-1")
    watch = Watch(page)
    log_in_as(page, live_server.url, hr_lead.email)

    # The inbox -> the conversation -> "Promote to candidate".
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Listening").click()
    expect(page.get_by_role("heading", name="Listening inbox", level=1)).to_be_visible()
    row = page.locator(f"#conversation-{conversation.pk}")
    expect(row.get_by_role("link", name=re.compile("^Promote to candidate"))).to_be_visible()
    row.get_by_role("link", name=conversation.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Looking for my next role")
    page.get_by_role("link", name="Promote to candidate").click()
    expect(page.get_by_role("heading", name="Promote to candidate", level=1)).to_be_visible()
    expect(page.get_by_label("Opening")).to_have_value(str(opening.pk))  # the only open one
    expect(page.get_by_role("radio", name="A new person, from the post's author")).to_be_checked()
    expect(page.get_by_label("First name")).to_have_value("Ada")
    expect(page.get_by_label("Last name")).to_have_value("Okafor")
    page.get_by_label("Note").fill("Strong Django background; asked about remote work.")
    no_sideways_scroll(page, "promote form")
    page.get_by_role("button", name="Promote to candidate").click()

    expect(page.get_by_role("status")).to_contain_text("Ada Okafor is now a candidate for “Backend engineer”")
    expect(page.get_by_role("heading", name="Ada Okafor", level=1)).to_be_visible()
    source_fact = page.locator("dd", has_text="Found conversation")
    expect(source_fact.get_by_role("link", name="the conversation it started from")).to_be_visible()
    candidate = Candidate.objects.select_related("person").get()
    conversation.refresh_from_db()
    assert (candidate.opening, candidate.step, candidate.source) == (opening, "found", "conversation")
    assert candidate.conversation == conversation and conversation.person == candidate.person
    assert candidate.person.source == Person.Source.LISTENING
    no_sideways_scroll(page, "candidate page")
    shot(page, "3-candidate")

    # Along the path on the candidate's page, one step at a time.
    move_on_candidate_page(page, "Engaged", note="Replied to our message on Mastodon.")
    move_on_candidate_page(page, "Applied")
    move_on_candidate_page(page, "Video interview")

    # A video interview that replaced a trip: the trip's cost is the sponsor's baseline travel.
    page.get_by_role("link", name="Schedule a video interview").click()
    expect(page.get_by_role("heading", name="Schedule a video interview with Ada Okafor", level=1)).to_be_visible()
    expect(page.get_by_role("checkbox", name=str(hr_lead))).to_be_checked()
    expect(page.locator(".field", has=page.get_by_label("This interview replaced a trip"))).to_contain_text(
        "1,200.00 EUR"
    )
    page.get_by_label("When").fill(f"{today.isoformat()}T10:30")
    page.get_by_label("Video call link").fill("https://meet.example.com/ada-okafor")
    page.get_by_label("This interview replaced a trip").check()
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Video interview with Ada Okafor scheduled for {today.isoformat()} 10:30. Travel avoided: 1,200.00 EUR."
    )
    interview = VideoInterview.objects.get(candidate=candidate)
    assert (interview.replaced_trip, interview.travel_avoided) == (True, TRAVEL_PER_HIRE)
    assert list(interview.interviewers.all()) == [hr_lead]
    page.locator("dd").get_by_role("link", name="Ada Okafor").click()
    expect(page.locator("#interviews-heading + ul")).to_contain_text("replaced a trip")

    # On to the offer from the opening's board (in place, with htmx); "Hired" opens the hire form.
    page.locator("dd").get_by_role("link", name="Backend engineer").click()
    expect(page.get_by_role("heading", name="Pipeline: Backend engineer", level=1)).to_be_visible()
    no_sideways_scroll(page, "board")
    for step in ("Onsite", "Offer"):
        page.get_by_label("Move Ada Okafor to").select_option(label=step)
        page.get_by_role("button", name="Move Ada Okafor").click()
        expect(page.locator("#board")).to_contain_text(f"Ada Okafor moved to “{step}”")
    candidate.refresh_from_db()
    assert candidate.step == "offer"
    page.get_by_label("Move Ada Okafor to").select_option(label="Hired (record the hire)")
    page.get_by_role("button", name="Move Ada Okafor").click()
    expect(page).to_have_url(f"{live_server.url}/recruiting/candidates/{candidate.pk}/hire/")
    expect(page.get_by_role("heading", name="Record the hire of Ada Okafor", level=1)).to_be_visible()
    expect(page.get_by_label("Opening")).to_have_value("Backend engineer")
    expect(page.get_by_label("Source channel")).to_have_value(HireSource.SOCIAL)
    expect(page.get_by_label("First contact")).to_have_value(today.isoformat())
    expect(page.get_by_label("Hired on")).to_have_value(today.isoformat())
    candidate.refresh_from_db()
    assert candidate.step == "offer" and candidate.hire is None  # nothing moved before the form is saved
    page.get_by_label("Video and tooling").fill("150")
    page.get_by_label("Staff hours").fill("6")
    page.get_by_label("Hourly rate").fill("60")
    no_sideways_scroll(page, "hire form")
    shot(page, "4-hire-form")
    page.get_by_role("button", name="Record the hire").click()

    expect(page.get_by_role("status")).to_contain_text("Ada Okafor is hired: the hire is on the ledger.")
    expect(page.locator(".page-header .badge")).to_have_text("Hired")
    expect(page.get_by_role("link", name="The hire on the ledger")).to_be_visible()
    candidate.refresh_from_db()
    hire = Hire.objects.get()
    assert candidate.step == "hired" and candidate.hire == hire
    assert (hire.person, hire.pilot, hire.sponsor, hire.opening_title) == (
        candidate.person,
        pilot_a,
        sponsor_a,
        "Backend engineer",
    )
    assert (hire.reference_id, hire.source, hire.date, hire.first_contact_date) == (
        f"candidate:{candidate.pk}",
        HireSource.SOCIAL,
        today,
        today,
    )
    assert hire.total_cost == Decimal("510.00")  # 150 + 6 h x 60
    moves = CandidateMove.objects.filter(candidate=candidate).order_by("at", "id")
    assert [(m.from_step, m.to_step) for m in moves] == [
        ("", "found"),
        ("found", "engaged"),
        ("engaged", "applied"),
        ("applied", "video_interview"),
        ("video_interview", "onsite"),
        ("onsite", "offer"),
        ("offer", "hired"),
    ]
    assert {m.by for m in moves} == {hr_lead}
    assert moves[1].note == "Replied to our message on Mastodon."
    history = page.locator("#history-heading + ol > li")
    expect(history).to_have_count(7)
    expect(history.last).to_contain_text("Offer → Hired")
    shot(page, "5-hired")

    # The manager: the hire in the Stage 1 figures of this year's report, and on the wins feed.
    log_in_as(page, live_server.url, manager.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ROI report · {today.year}")
    expect(page.get_by_role("heading", name="Stage figures", level=2)).to_be_visible()
    hires = figure_row(page, "Hires — Found conversation")
    expect(hires.get_by_role("cell").nth(1)).to_have_text("1")
    expect(hires).to_contain_text("whose hire on the ledger is dated")
    expect(figure_row(page, "Hires — Employee referral").get_by_role("cell").nth(1)).to_have_text("0")
    travel = figure_row(page, "Travel avoided by video interviews")
    # The Value column is a plain str() of the Decimal (no thousands separator, unlike the rest of
    # the report); either way the amount is the baseline's travel per hire.
    expect(travel.get_by_role("cell").nth(1)).to_have_text(re.compile(r"^1,?200\.00$"))
    expect(travel.get_by_role("cell").nth(2)).to_have_text("EUR")
    expect(travel).to_contain_text("over 1 video interview scheduled")
    no_sideways_scroll(page, "ROI report")
    shot(page, "6-report")

    page.get_by_role("navigation", name="Reports and ledger").get_by_role("link", name="Wins").click()
    expect(page.get_by_role("heading", name="Wins", level=1)).to_be_visible()
    win_row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Ada Okafor joined as Backend engineer"))
    expect(win_row).to_have_count(1)
    expect(win_row.locator("[data-label='Kind']")).to_have_text("Hire")
    expect(win_row.locator("[data-label='Pilot']")).to_have_text(pilot_a.name)
    win = Win.objects.get(kind=WinKind.HIRE, hire=hire)
    assert (win.pilot, win.date, win.stage) == (pilot_a, today, 1)
    no_sideways_scroll(page, "wins")
    watch.assert_clean()
