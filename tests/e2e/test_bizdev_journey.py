"""Stage 3 in a real browser: a contributor asks the pilot's private alumni group for insight on a
prospect, is stopped by the conflict-of-interest rule (an alumna in the group works for a company
marked competitor), writes the disclosure and sends the request; she logs the insight another
alumna gave as an assist received on the request, moves the deal to won on the pipeline board, and
the velocity page and the ROI report count the deal as assisted.

Set up with factories, not the UI: the Stage 3 pilot "Retail deals" (sponsor "Retail sales") with
Cleo as its contributor and an approved sharing policy (a group request is checked against it);
the sponsor's legacy baseline (90 sales-cycle days, 400.00 a day); the deal "Orchard stores"
with the prospect Orchard Retail, opened 30 days ago; an unassisted deal won today after 90 days
and an open one (never in cycle time); the private group "Retail alumni (private)" that Rita
(at Quarry & Finch, marked competitor) and Alma (at Lumen, a customer) joined.

Expected, by hand: the assisted deal closes today, 30 days after it opened → median cycle days of
assisted deals 30.0 over 1 won deal, unassisted 90.0 over 1 won deal (the open deal is in neither);
days saved = 90 - 30 = 60, worth 60 x 400.00 = 24,000.00, added to the ROI's value attributed;
opportunities assisted = 1. The sponsor's manager, who may see the baseline, reads the days saved
and their value; the deal's page is a 404 for him.

Every page visited is watched: a console error, an uncaught exception, a CSP violation or a
JavaScript dialog fails the test (see Watch)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alumni.models import GroupMembership, GroupStatus
from bizdev.models import REF_REQUEST, GuardrailCheck, HelpRequest, Opportunity, OpportunityStage
from bizdev.services.guardrails import guardrail_defaults_ensure
from metrics.models import Assist, AssistDirection, LegacyCostBaseline
from people.models import CompanyRelationship
from programs.models import Membership, SharingPolicy, Venue
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory
from tests.bizdev.factories import OpportunityFactory
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, assert_no_sideways_scroll, log_in_as
from tests.integration.conftest import real_broker, worker  # noqa: F401  (fixtures: the real Celery worker)
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory, PolicyFactory, SponsorFactory, VenueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

OPENED_DAYS_AGO = 30
BASELINE_DAYS = 90
DAY_VALUE = Decimal("400.00")
SAVED_DAYS = BASELINE_DAYS - OPENED_DAYS_AGO  # 60
SAVED_VALUE = SAVED_DAYS * DAY_VALUE  # 24,000.00
BODY = (
    "We're looking at an opportunity with Orchard Retail. Can anyone give us some general insight "
    "into their shrinkage situation in malls?"
)
DISCLOSURE = (
    "Rita Alumna works at Quarry & Finch, which competes with us for this kind of work. "
    "We ask for general insight only; she is free not to answer."
)


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"bizdev-{name}.png"), full_page=True, caret="initial")


def no_sideways_scroll(page: Page, label: str) -> None:
    """At the desktop width and at a phone's."""
    assert_no_sideways_scroll(page, f"{label} at 1280 px")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_no_sideways_scroll(page, f"{label} at 390 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def stage_3_nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Business development").click()
    page.get_by_role("navigation", name="Stage 3 pages").get_by_role("link", name=name).click()


def figure_row(page: Page, figure: str):
    return page.locator(".report-table--stage_figures tbody tr").filter(
        has=page.get_by_role("cell", name=figure, exact=True)
    )


def make_world(today: dt.date) -> dict:
    # The guardrail's default terms (a flush by an earlier transactional test removes the data
    # migration's rows): the request below must pass them, so they must be there.
    guardrail_defaults_ensure()
    sponsor = SponsorFactory(name="Retail sales")
    pilot = PilotFactory(name="Retail deals", stage=3, sponsor=sponsor)
    cleo = UserFactory(email="cleo@firm.example", full_name="Cleo Contributor", role="contributor")
    manager = UserFactory(email="mia@firm.example", full_name="Mia Manager", role="manager")
    sponsor.managers.add(manager)
    MembershipFactory(pilot=pilot, user=cleo, role=Membership.Role.CONTRIBUTOR)
    PolicyFactory(
        pilot=pilot,
        status=SharingPolicy.Status.APPROVED,
        may_share="Projects, challenges, how we serve retailers.",
        may_not_share="Client names, prices, unreleased products.",
    )
    LegacyCostBaseline.objects.create(
        sponsor=sponsor,
        valid_from=dt.date(today.year - 1, 1, 1),
        valid_to=dt.date(today.year + 1, 12, 31),
        travel_per_hire=Decimal("0"),
        recruiter_fees_per_hire=Decimal("0"),
        job_ads_per_hire=Decimal("0"),
        other_per_hire=Decimal("0"),
        sales_cycle_days=BASELINE_DAYS,
        sales_cycle_day_value=DAY_VALUE,
        source_note="Sales operations, FY average",
    )
    prospect = CompanyFactory(name="Orchard Retail", relationship=CompanyRelationship.PROSPECT)
    rival = CompanyFactory(name="Quarry & Finch", relationship=CompanyRelationship.COMPETITOR)
    lumen = CompanyFactory(name="Lumen", relationship=CompanyRelationship.CUSTOMER)
    deal = OpportunityFactory(
        pilot=pilot,
        company=prospect,
        owner=cleo,
        name="Orchard stores",
        value=Decimal("84000.00"),
        stage=OpportunityStage.NEGOTIATION,
        opened_on=today - dt.timedelta(days=OPENED_DAYS_AGO),
    )
    # Unassisted: one won today after 90 days, one still open (no cycle yet, never counted).
    OpportunityFactory(
        pilot=pilot,
        company=CompanyFactory(name="Birch Outlets"),
        owner=cleo,
        name="Birch outlets",
        stage=OpportunityStage.WON,
        opened_on=today - dt.timedelta(days=90),
        closed_on=today,
    )
    OpportunityFactory(
        pilot=pilot,
        company=CompanyFactory(name="Cedar Malls"),
        owner=cleo,
        name="Cedar malls",
        opened_on=today - dt.timedelta(days=200),
    )
    group = VenueFactory(name="Retail alumni (private)", visibility=Venue.Visibility.PRIVATE)
    alumni = {}
    for first_name, company in (("Rita", rival), ("Alma", lumen)):
        person = PersonFactory(
            first_name=first_name, last_name="Alumna", company=company, title="Head of loss prevention"
        )
        alumnus = AlumnusFactory(person=person, pilot=pilot)
        GroupMembership.objects.create(alumnus=alumnus, venue=group, status=GroupStatus.JOINED)
        alumni[first_name] = alumnus
    return {"pilot": pilot, "cleo": cleo, "manager": manager, "deal": deal, "group": group, **alumni}


def test_ask_the_group_disclose_the_conflict_log_the_assist_win_and_count_it_as_assisted(
    live_server,
    page,
    worker,  # noqa: F811  (the app as deployed: a real broker and worker behind every step)
):
    today = timezone.localdate()
    world = make_world(today)
    pilot, deal, group, rita, alma = world["pilot"], world["deal"], world["group"], world["Rita"], world["Alma"]
    watch = Watch(page)

    # 1. Cleo opens the deal from the Stage 3 pages and asks alumni for help.
    log_in_as(page, live_server.url, world["cleo"].email)
    stage_3_nav(page, "Opportunities")
    page.get_by_role("link", name="Orchard stores", exact=True).click()
    expect(page.get_by_role("heading", name="Orchard stores", level=1)).to_be_visible()
    expect(page.locator("dd", has_text="Not yet")).to_be_visible()  # not assisted yet
    no_sideways_scroll(page, "deal page")
    shot(page, "1-deal")
    page.get_by_role("link", name="Ask alumni for help").click()
    expect(page.get_by_role("heading", name="Ask alumni for help", level=1)).to_be_visible()
    # The guidance on what never to ask is beside the form.
    expect(page.locator("#guidance")).to_contain_text("Never ask for privileged information")
    expect(page.locator("#guidance")).to_contain_text("“price”")  # the guardrail is on: its terms are listed
    expect(page.get_by_label("About the deal")).to_have_value(str(deal.pk))
    page.get_by_label("Kind of help").select_option(value="insight")
    page.get_by_label("Title").fill("Insight on Orchard Retail's shrinkage in malls")
    page.get_by_label("What you ask").fill(BODY)
    page.get_by_label("Who it goes to").select_option(value="group")
    page.get_by_label("Private group").select_option(label=group.name)
    no_sideways_scroll(page, "request form")
    shot(page, "2-request-form")

    # 2. Sent without a disclosure: refused, naming the alumna and her company; nothing written.
    watch.expected_status.add(400)
    page.get_by_role("button", name="Send the request").click()
    conflicts = page.locator("#conflicts")
    expect(conflicts.get_by_role("heading", name="Conflict of interest")).to_be_visible()
    expect(conflicts).to_contain_text("Rita Alumna works for Quarry & Finch, which competes with us")
    expect(conflicts).not_to_contain_text("Alma")
    expect(page.locator("#guardrail")).to_have_count(0)  # the text does not hit the guardrail
    assert not HelpRequest.objects.exists()
    assert not GuardrailCheck.objects.exists()
    # What was typed is kept.
    expect(page.get_by_label("What you ask")).to_have_value(BODY)
    no_sideways_scroll(page, "request stopped by the conflict rule")
    shot(page, "3-conflict")

    # 3. Cleo writes the disclosure: sent; the request page shows the disclosure first.
    page.get_by_label("Disclosure of the conflict of interest").fill(DISCLOSURE)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("status")).to_contain_text("copy the post into the group")
    expect(page.get_by_role("heading", name="Insight on Orchard Retail's shrinkage in malls", level=1)).to_be_visible()
    disclosed = page.get_by_role("region", name="Conflict of interest, disclosed")
    expect(disclosed).to_contain_text(DISCLOSURE)
    expect(disclosed).to_contain_text("Rita Alumna works for Quarry & Finch")
    expect(disclosed).to_contain_text("Written by Cleo Contributor")
    expect(page.locator("#post")).to_have_value(re.compile("shrinkage situation in malls"))
    request = HelpRequest.objects.get()
    assert (request.direction, request.audience, request.venue, request.opportunity) == ("ours", "group", group, deal)
    assert (request.disclosure, request.disclosed_by) == (DISCLOSURE, world["cleo"])
    assert [c["alumnus_id"] for c in request.conflicts] == [rita.pk]
    assert request.guardrail_hits == [] and request.guardrail_confirmed_by is None
    check = GuardrailCheck.objects.get(request=request)
    assert (check.hits, check.confirmed, check.checked_by) == ([], False, world["cleo"])
    no_sideways_scroll(page, "request page")
    shot(page, "4-request-sent")

    # 4. Alma answers in the group; Cleo logs her insight as an assist received on the request.
    page.locator(".page-header").get_by_role("link", name="Log an assist").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Log an assist on “Insight on Orchard Retail")
    # The picker searches as one types once htmx has set it up: wait for the page's load (state).
    page.wait_for_load_state("load")
    picker = page.locator("#person-picker")
    picker.get_by_role("searchbox").fill("Alma Alumna")
    picker.get_by_role("radio", name=re.compile("Alma Alumna")).check()
    page.get_by_role("radio", name="Received by the firm").check()
    page.get_by_role("radio", name=re.compile("Insight about a prospect")).check()
    page.get_by_label("Note").fill("Explained how their stores set loss-prevention priorities, in general terms.")
    no_sideways_scroll(page, "assist form")
    shot(page, "5-assist-form")
    page.get_by_role("button", name="Log assist", exact=True).last.click()
    expect(page.get_by_role("status")).to_contain_text("Insight about a prospect (3 points) received by the firm")
    assists = page.get_by_role("region", name="Assists linked to this request")
    expect(assists.get_by_role("row").filter(has_text="Alma Alumna")).to_have_count(1)
    assist = Assist.objects.get()
    assert (assist.reference_kind, assist.reference_id, assist.reference_label) == (
        REF_REQUEST,
        str(request.pk),
        request.title,
    )
    assert (assist.direction, assist.person_id, assist.pilot, assist.stage) == (
        AssistDirection.RECEIVED,
        alma.person_id,
        pilot,
        3,
    )
    assert assist.employee == world["cleo"] and assist.assist_type.key == "prospect-insight"

    # 5. The deal is won, moved in place on the pipeline board.
    stage_3_nav(page, "Pipeline board")
    expect(page.get_by_role("heading", name="Pipeline", level=1)).to_be_visible()
    page.wait_for_load_state("load")  # the move is sent by htmx, set up once the page has loaded
    card = page.locator(f"#card-{deal.pk}")
    expect(card.get_by_text("Assisted")).to_be_visible()  # through its request
    card.get_by_label("Move Orchard stores to").select_option(value="won")
    with page.expect_response(lambda r: r.url.endswith(f"/opportunities/{deal.pk}/move/")) as moved:
        card.get_by_role("button", name="Move Orchard stores").click()
    assert moved.value.status == 200  # the board answered in place (htmx), not a full-page redirect
    expect(page.get_by_role("status")).to_contain_text(
        f"“Orchard stores” moved to “Won”. Closed on {today:%Y-%m-%d}: {OPENED_DAYS_AGO} days from opened."
    )
    won = page.locator("#column-won").locator("xpath=..")
    expect(won.locator(f"#card-{deal.pk}")).to_contain_text(f"{OPENED_DAYS_AGO} days to close")
    deal.refresh_from_db()
    assert (deal.stage, deal.closed_on, deal.cycle_days) == (Opportunity.Stage.WON, today, OPENED_DAYS_AGO)
    no_sideways_scroll(page, "pipeline board")
    shot(page, "6-board-won")

    # 6. The velocity page counts it as assisted: 1 won deal, 30 days; the unassisted won deal
    # (90 days) apart; the open deal in neither.
    stage_3_nav(page, "Sales-cycle velocity")
    expect(page.get_by_role("heading", name="Sales-cycle velocity", level=1)).to_be_visible()
    assisted = page.locator("#velocity-table tr[data-key='bizdev.cycle_days.assisted']")
    expect(assisted.locator("[data-label='Value']")).to_have_attribute("data-value", "30.0")
    expect(assisted.locator("[data-label='Deals']")).to_have_text("1")
    expect(assisted).to_contain_text("too few deals to conclude")
    unassisted = page.locator("#velocity-table tr[data-key='bizdev.cycle_days.unassisted']")
    expect(unassisted.locator("[data-label='Value']")).to_have_attribute("data-value", "90.0")
    expect(unassisted.locator("[data-label='Deals']")).to_have_text("1")
    win_rate = page.locator("#velocity-table tr[data-key='bizdev.win_rate.assisted']")
    expect(win_rate.locator("[data-label='Value']")).to_have_attribute("data-value", "100.00")
    expect(page.get_by_role("img", name=re.compile("Median cycle days of won deals"))).to_be_visible()
    no_sideways_scroll(page, "velocity page")
    shot(page, "7-velocity")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "7-velocity-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    # 7. The ROI report for the pilot and this quarter: the Stage 3 figures count it.
    page.get_by_role("navigation", name="Stage 3 pages").get_by_role(
        "link", name="Stage 3 figures in the ROI report"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ROI report")
    filters = page.get_by_role("search")
    filters.get_by_label("Period").select_option(value="quarter")
    filters.get_by_label("Start").fill(today.isoformat())
    filters.get_by_label("Pilot").select_option(value=str(pilot.pk))
    filters.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"ROI report · Q\d"))
    expect(page.get_by_role("heading", name="Stage figures", level=2)).to_be_visible()
    assisted_figure = figure_row(page, "Opportunities assisted")
    expect(assisted_figure.get_by_role("cell").nth(1)).to_have_text("1")
    # Its value is asserted as the manager below: a contributor may not see the sponsor's baseline
    # (metrics.access.can_see_baselines), which the days saved rest on.
    expect(figure_row(page, "Sales-cycle days saved by assisted deals")).to_have_count(1)
    no_sideways_scroll(page, "ROI report")
    shot(page, "8-report")

    # 8. The sponsor's manager reads the figures (never the deal) and, with the baseline he may
    # see, the days saved and their value, which the ROI adds to the value attributed.
    log_in_as(page, live_server.url, world["manager"].email)
    watch.expected_status.add(404)
    refused = page.goto(f"{live_server.url}/bizdev/opportunities/{deal.pk}/")
    assert refused is not None and refused.status == 404
    expect(page.get_by_text("Orchard stores")).to_have_count(0)
    stage_3_nav(page, "Sales-cycle velocity")
    saved_days = page.locator("#velocity-table tr[data-key='bizdev.cycle_days_saved']")
    expect(saved_days.locator("[data-label='Value']")).to_have_attribute("data-value", str(SAVED_DAYS))
    saved_value = page.locator("#velocity-table tr[data-key='bizdev.cycle_days_saved.value']")
    expect(saved_value.locator("[data-label='Value']")).to_have_attribute("data-value", f"{SAVED_VALUE:f}")
    shot(page, "9-velocity-manager")
    page.goto(f"{live_server.url}/metrics/?period=quarter&start={today.isoformat()}&pilot={pilot.pk}")
    expect(figure_row(page, "Opportunities assisted").get_by_role("cell").nth(1)).to_have_text("1")
    saved = figure_row(page, "Sales-cycle days saved by assisted deals")
    expect(saved.get_by_role("cell").nth(1)).to_have_text(str(SAVED_DAYS))
    expect(saved).to_contain_text(f"{SAVED_DAYS} days saved x 400.00 EUR a day = 24,000.00 EUR")
    value_card = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Value attributed"))
    expect(value_card).to_contain_text("24,000.00 EUR from stage figures")
    shot(page, "10-report-manager")
    watch.assert_clean()
