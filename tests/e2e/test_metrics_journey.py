"""The metrics issue in a real browser: the quick log from the header, confirming an introduction
and celebrating the win, a manager reading the ROI report (charts, compare, CSV, print), and a
hire form that refuses bad input without losing what was typed.

Every page visited is watched: a console error, an uncaught exception or a CSP violation fails
the test (see Watch)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from metrics import services as metrics_services
from metrics.models import Assist, AssistDirection, Hire, Introduction, Win, WinKind
from metrics.report import period_containing
from people.models import Company, Person
from programs import services as program_services
from programs.models import Venue
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.watch import Watch, log_in_as
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import PilotFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# --- helpers ---------------------------------------------------------------------------------


class Steps:
    """Counts the user's interactions (clicks, typing, choices) to measure the quick log."""

    def __init__(self) -> None:
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()

    def type(self, locator, text: str) -> None:
        self.count += 1
        locator.press_sequentially(text, delay=20)

    def fill(self, locator, text: str) -> None:
        self.count += 1
        locator.fill(text)

    def select(self, locator, **kwargs) -> None:
        self.count += 1
        locator.select_option(**kwargs)

    def check(self, locator) -> None:
        """A radio the page already checked (a single match) costs the user nothing."""
        if not locator.is_checked():
            self.count += 1
            locator.check()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"metrics-{name}.png"), full_page=True)


def alumni_and_companies() -> tuple[Person, Company]:
    """A small directory with names that share a prefix, so the picker has to narrow down."""
    nordwind = CompanyFactory(name="Nordwind Logistics", domain="nordwind.example")
    CompanyFactory(name="Sudhafen Shipping", domain="sudhafen.example")
    marta = PersonFactory(first_name="Marta", last_name="Kowalski", title="Data engineer", consent_to_contact=False)
    PersonFactory(first_name="Martin", last_name="Keller", title="Product manager")
    PersonFactory(first_name="Jonas", last_name="Brandt", title="Site reliability engineer")
    return marta, nordwind


# --- 1. the quick log ------------------------------------------------------------------------


def test_contributor_logs_an_introduction_and_an_assist_from_the_header(live_server, page, contributor_a, pilot_a):
    watch = Watch(page)
    marta, nordwind = alumni_and_companies()
    today = timezone.localdate()
    log_in_as(page, live_server.url, contributor_a.email)
    expect(page.get_by_role("heading", name=re.compile("Hello"))).to_be_visible()

    # Introduction: header link -> type part of a name -> pick -> company -> save.
    steps = Steps()
    steps.click(page.get_by_role("link", name="Log an introduction"))
    expect(page.get_by_role("heading", name="Log an introduction", level=1)).to_be_visible()
    expect(page.get_by_label("Pilot")).to_have_value(str(pilot_a.pk))
    expect(page.get_by_label("Date")).to_have_value(today.isoformat())

    behalf = page.locator("#on_behalf_of-picker")
    steps.type(behalf.get_by_role("searchbox"), "Mart")
    expect(behalf.get_by_role("radio")).to_have_count(2)  # Marta and Martin, not Jonas
    steps.check(behalf.get_by_role("radio", name=re.compile("Marta Kowalski")))

    company = page.locator("#to_company-picker")
    steps.type(company.get_by_role("searchbox"), "Nordw")
    expect(company.get_by_role("radio", name=re.compile("Nordwind Logistics"))).to_be_visible()
    expect(company.get_by_role("radio", name=re.compile("Sudhafen"))).to_have_count(0)
    steps.check(company.get_by_role("radio", name=re.compile("Nordwind Logistics")))
    shot(page, "quick-log-introduction")
    steps.click(page.get_by_role("button", name="Log introduction", exact=True).last)

    messages = page.get_by_role("status")
    expect(messages).to_contain_text("Introduction logged")
    expect(messages.get_by_role("link", name="Undo")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/")  # back where the user came from
    print(f"\nquick log of an introduction: {steps.count} interactions")

    intro = Introduction.objects.get()
    assert (intro.on_behalf_of, intro.to_company, intro.to_person) == (marta, nordwind, None)
    assert (intro.pilot, intro.stage, intro.date) == (pilot_a, pilot_a.stage, today)
    assert (intro.made_by, intro.created_by, intro.meaningful) == (contributor_a, contributor_a, False)
    assert intro.purpose == Introduction.Purpose.JOB and intro.on_behalf_kind == "alumnus"

    # Assist received: header link -> person -> direction -> kind -> save.
    steps = Steps()
    steps.click(page.get_by_role("link", name="Log an assist"))
    expect(page.get_by_role("heading", name="Log an assist", level=1)).to_be_visible()
    person = page.locator("#person-picker")
    steps.type(person.get_by_role("searchbox"), "Kowal")
    steps.check(person.get_by_role("radio", name=re.compile("Marta Kowalski")))
    steps.check(page.get_by_role("radio", name="Received by the firm"))
    steps.check(page.get_by_role("radio", name=re.compile("Introduction to a decision maker")))
    shot(page, "quick-log-assist")
    steps.click(page.get_by_role("button", name="Log assist", exact=True).last)

    expect(messages).to_contain_text("Assist logged")
    expect(messages.get_by_role("link", name="Undo")).to_be_visible()
    print(f"quick log of an assist: {steps.count} interactions")

    assist = Assist.objects.get()
    assert (assist.person, assist.direction, assist.points) == (marta, AssistDirection.RECEIVED, 10)
    assert assist.assist_type.key == "decision-maker-introduction"
    assert (assist.pilot, assist.date, assist.employee) == (pilot_a, today, contributor_a)
    # 10 points is a big assist: it is a win by itself.
    assert Win.objects.filter(kind=WinKind.ASSIST, assist=assist).count() == 1
    watch.assert_clean()


def test_undo_after_the_quick_log_deletes_the_introduction(live_server, page, contributor_a, pilot_a):
    watch = Watch(page)
    alumni_and_companies()
    log_in_as(page, live_server.url, contributor_a.email)
    page.get_by_role("link", name="Log an introduction").click()
    page.locator("#on_behalf_of-picker").get_by_role("searchbox").press_sequentially("Kowal", delay=20)
    page.get_by_role("radio", name=re.compile("Marta Kowalski")).check()  # a single match is not picked for you
    page.locator("#to_company-picker").get_by_role("searchbox").press_sequentially("Nordw", delay=20)
    page.get_by_role("radio", name=re.compile("Nordwind Logistics")).check()
    page.get_by_role("button", name="Log introduction", exact=True).last.click()
    assert Introduction.objects.count() == 1

    page.get_by_role("status").get_by_role("link", name="Undo").click()
    page.get_by_role("button", name=re.compile("Delete")).click()
    expect(page.get_by_role("status")).to_contain_text("Introduction deleted")
    assert Introduction.objects.count() == 0
    watch.assert_clean()


# --- 2. confirm and celebrate ----------------------------------------------------------------


def test_hr_lead_confirms_an_introduction_and_celebrates_it_without_the_alumnus_name(
    live_server, page, hr_lead, contributor_a, pilot_a
):
    watch = Watch(page)
    marta, nordwind = alumni_and_companies()
    intro = metrics_services.introduction_record(
        actor=contributor_a, pilot=pilot_a, on_behalf_of=marta, to_company=nordwind
    )
    policy = program_services.policy_draft_save(
        actor=hr_lead,
        pilot=pilot_a,
        may_share="Team life, open roles, introductions that worked (first names with consent).",
        may_not_share="Client names, salaries, names of people who did not agree.",
    )
    program_services.policy_approve(actor=hr_lead, policy=policy)
    program_services.venue_save(
        actor=hr_lead, name="Engineering alumni group", kind=Venue.Kind.LINKEDIN, visibility=Venue.Visibility.PRIVATE
    )
    assert not Win.objects.exists()

    log_in_as(page, live_server.url, hr_lead.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("navigation", name="Reports and ledger").get_by_role("link", name="Introductions").click()
    row = page.get_by_role("row", name=re.compile("Marta Kowalski"))
    expect(row).to_contain_text("Not yet")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marta Kowalski introduced to Nordwind Logistics")
    page.get_by_role("button", name="Confirm as meaningful").click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed as meaningful")
    expect(page.get_by_text("Meaningful", exact=True)).to_be_visible()
    intro.refresh_from_db()
    assert intro.meaningful and intro.confirmed_by == hr_lead

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("navigation", name="Reports and ledger").get_by_role("link", name="Wins").click()
    expect(page.get_by_role("heading", name="Wins", level=1)).to_be_visible()
    win_link = page.get_by_role("link", name="Marta Kowalski was introduced to Nordwind Logistics", exact=True)
    expect(win_link).to_be_visible()
    win = Win.objects.get(kind=WinKind.INTRODUCTION, introduction=intro)

    win_link.click()
    page.get_by_role("link", name="Celebrate this win").click()
    page.get_by_role("combobox", name=re.compile("Venue")).select_option(
        label="Engineering alumni group (private (group, password-protected))"
    )
    page.get_by_role("button", name="Draft the post").click()
    expect(page.get_by_role("status")).to_contain_text("Draft ready for Engineering alumni group")
    draft = page.get_by_label("Post text")
    expect(draft).to_be_visible()
    text = draft.input_value()
    shot(page, "celebration-draft")
    # Marta has not agreed to be contacted: neither her name nor her surname, even on a private venue.
    assert "one of our alumni" in text, text
    assert "Marta" not in text and "Kowalski" not in text, text
    # The private venue may name the company and the colleague who made the introduction.
    assert "Nordwind Logistics" in text and "Ann" in text, text
    assert win.celebrations.get().text == text
    watch.assert_clean()


# --- 3. the manager's report -----------------------------------------------------------------


def _ledger_for_the_report(hr_lead, contributor_a, pilot_a, sponsor_a):
    """Two hires in this quarter and one in the quarter before, one program cost, one baseline.

    By hand: hire A 1,200 + 500 + 100 + 10 h x 50 = 2,300.00; hire B 3,000 + 2,000 + 6 h x 50 =
    5,300.00; hire C 1,800 + 2,000 = 3,800.00. This quarter: (2,300 + 5,300) / 2 = 3,800.00 per hire;
    with C as well: 11,400 / 3 = 3,800.00. Legacy: 4,000 + 6,000 + 1,500 + 500 = 12,000 per hire.
    Quarter: savings 24,000 - 7,600 = 16,400; ROI (16,400 - 2,000) / 2,000 = 720.00%.
    """
    today = timezone.localdate()
    quarter = period_containing("quarter", today)
    previous_quarter = quarter.shifted(-1)
    alumni = [
        PersonFactory(first_name=f, last_name=last)
        for f, last in (("Lena", "Vogel"), ("Piotr", "Nowak"), ("Sara", "Lindqvist"))
    ]
    metrics_services.baseline_save(
        actor=hr_lead,
        sponsor=sponsor_a,
        valid_from=dt.date(today.year - 1, 1, 1),
        valid_to=dt.date(today.year, 12, 31),
        travel_per_hire=Decimal("4000"),
        recruiter_fees_per_hire=Decimal("6000"),
        job_ads_per_hire=Decimal("1500"),
        other_per_hire=Decimal("500"),
        time_to_hire_days=60,
        source_note="Finance: recruiting spend / hires, last two years",
    )
    hire_date = max(quarter.start, today - dt.timedelta(days=3))
    costs = [
        {"cost_travel": 1200, "cost_job_ads": 500, "cost_video_tooling": 100, "staff_hours": 10, "staff_hour_rate": 50},
        {"cost_travel": 3000, "cost_recruiter_fee": 2000, "staff_hours": 6, "staff_hour_rate": 50},
    ]
    for person, cost in zip(alumni, costs, strict=False):
        metrics_services.hire_record(
            actor=contributor_a,
            pilot=pilot_a,
            person=person,
            opening_title="Backend engineer",
            source="alumni_referral",
            first_contact_date=hire_date - dt.timedelta(days=30),
            date=hire_date,
            **{k: Decimal(v) for k, v in cost.items()},
        )
    metrics_services.hire_record(
        actor=contributor_a,
        pilot=pilot_a,
        person=alumni[2],
        opening_title="Data engineer",
        source="social",
        first_contact_date=previous_quarter.end - dt.timedelta(days=20),
        date=previous_quarter.end,
        cost_travel=Decimal("1800"),
        cost_recruiter_fee=Decimal("2000"),
    )
    metrics_services.program_cost_record(
        actor=hr_lead,
        pilot=pilot_a,
        category="videos",
        description="Team video for the careers page",
        amount=Decimal("2000"),
        date=hire_date,
    )
    return quarter, previous_quarter


def test_manager_reads_the_roi_report_charts_compare_csv_and_print(
    live_server, page, hr_lead, contributor_a, pilot_a, sponsor_a, manager
):
    watch = Watch(page)
    other = PilotFactory(name="Engineers on LinkedIn", stage=1, sponsor=sponsor_a)
    quarter, previous_quarter = _ledger_for_the_report(hr_lead, contributor_a, pilot_a, sponsor_a)
    assert sorted(Hire.objects.values_list("total_cost", flat=True)) == [
        Decimal("2300.00"),
        Decimal("3800.00"),
        Decimal("5300.00"),
    ]
    today = timezone.localdate()
    year_hires = 2 + (previous_quarter.end.year == today.year)

    log_in_as(page, live_server.url, manager.email)
    with page.expect_response(re.compile(r"/metrics/report/data\.json")) as data_response:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    assert data_response.value.status == 200
    chart_data = data_response.value.json()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ROI report · {today.year}")

    cost_card = page.locator("article", has=page.get_by_role("heading", name="Cost per hire", exact=True))
    expect(cost_card.locator(".report-value")).to_have_text("3,800.00 EUR")
    expect(cost_card).to_contain_text(
        f"{Decimal('3800') * year_hires:,.2f} EUR actual cost of hires / {year_hires} hires"
    )
    expect(page.get_by_text("ROI = (savings + value attributed − program cost) / program cost")).to_be_visible()
    roi_card = page.locator("article", has=page.get_by_role("heading", name="ROI", exact=True))
    year_roi = (Decimal(12000 * year_hires) - Decimal(3800 * year_hires) - 2000) / 2000
    expect(roi_card.locator(".report-value")).to_have_text(f"{year_roi * 100:,.2f}%")

    # Charts: Chart.js loaded, one canvas per measure drawn from the JSON endpoint's data.
    assert page.evaluate("typeof window.Chart") == "function"
    for name in (chart["key"] for chart in chart_data["charts"]):
        drawn = page.wait_for_function(
            """name => {
                const canvas = document.querySelector('[data-report-chart="' + name + '"]');
                const chart = canvas && window.Chart.getChart(canvas);
                if (!chart || canvas.width === 0) return false;
                const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return chart.data.datasets.length;
                return false;
            }""",
            arg=name,
        )
        assert drawn.json_value() >= 1, name
    expect(page.locator("[data-report-chart-status]")).to_be_hidden()
    hires_series = next(c for c in chart_data["charts"] if c["key"] == "hires")["series"][0]
    assert sum(hires_series["data"]) == year_hires
    shot(page, "report-year")

    # This quarter: two hires, 720.00% ROI.
    filters = page.get_by_role("search", name="Report period and filters")
    filters.get_by_label("Period").select_option(label="Quarter")
    filters.get_by_label("Start").fill(today.isoformat())
    filters.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ROI report · {quarter.label}")
    expect(cost_card.locator(".report-value")).to_have_text("3,800.00 EUR")
    expect(cost_card).to_contain_text("7,600.00 EUR actual cost of hires / 2 hires")
    expect(roi_card.locator(".report-value")).to_have_text("720.00%")
    savings_card = page.locator("article", has=page.get_by_role("heading", name=re.compile("^Savings")))
    expect(savings_card.locator(".report-value")).to_have_text("16,400.00 EUR")
    expect(roi_card).to_contain_text("(16,400.00 savings + 0.00 value attributed − 2,000.00 program cost)")

    # The pilots CSV of the quarter.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “By pilot” as CSV").click()
    download = download_info.value
    slug = f"{quarter.start.year}-Q{(quarter.start.month - 1) // 3 + 1}"
    assert download.suggested_filename == f"roi-report-pilots-{slug}.csv"
    with open(download.path(), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_name = {row["Pilot"]: row for row in rows}
    assert set(by_name) == {pilot_a.name, other.name}  # the manager's sponsor's pilots only
    assert by_name[pilot_a.name]["Hires"] == "2"
    assert Decimal(by_name[pilot_a.name]["Cost per hire (EUR)"]) == Decimal("3800.00")
    assert Decimal(by_name[pilot_a.name]["ROI (fraction)"]) == Decimal("7.2")
    assert by_name[other.name]["Hires"] == "0" and by_name[other.name]["Cost per hire (EUR)"] == ""

    # Print: the navigation and the controls are gone on paper, the figures stay.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Log out")).to_be_hidden()
    expect(page.get_by_role("search", name="Report period and filters")).to_be_hidden()
    expect(page.locator(".report-period-nav")).to_be_hidden()
    expect(cost_card.locator(".report-value")).to_be_visible()
    expect(page.locator(".report-scope")).to_be_visible()
    shot(page, "report-print")
    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    # Compare: tick the two pilots in "By pilot".
    page.get_by_role("checkbox", name=f"Compare {pilot_a.name}").check()
    page.get_by_role("checkbox", name=f"Compare {other.name}").check()
    page.get_by_role("button", name="Compare the two ticked pilots").click()
    expect(page.get_by_role("heading", name="Compare two pilots", level=1)).to_be_visible()
    expect(page.locator(".report-scope")).to_contain_text(quarter.label)
    # The pilots come in the table's order (stage, then name): the other pilot first.
    expect(page.get_by_role("columnheader", name=f"First: {other.name}")).to_be_visible()
    expect(page.get_by_role("columnheader", name=f"Second: {pilot_a.name}")).to_be_visible()
    cost_row = page.get_by_role("row", name=re.compile("^Cost per hire"))
    expect(cost_row.get_by_role("cell").nth(0)).to_contain_text("Undefined: no hires in this period.")
    expect(cost_row.get_by_role("cell").nth(1)).to_contain_text("3,800.00 EUR")
    roi_row = page.get_by_role("row", name=re.compile("^ROI"))
    expect(roi_row.get_by_role("cell").nth(1)).to_contain_text("720.00%")
    shot(page, "compare")
    watch.assert_clean()


def test_choosing_quarter_or_month_on_this_years_report_shows_the_current_one(live_server, page, manager, pilot_a):
    """The report opens on this year with Start prefilled; picking "Quarter" alone must land on
    this quarter, not on the quarter of that prefilled 1 January. (Cannot fail in January.)"""
    watch = Watch(page)
    today = timezone.localdate()
    log_in_as(page, live_server.url, manager.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    # The period form's script is deferred: it runs before DOMContentLoaded, and a choice made
    # before it runs keeps the prefilled 1 January (the quarter of January, not today's).
    page.wait_for_load_state("domcontentloaded")
    filters = page.get_by_role("search", name="Report period and filters")
    filters.get_by_label("Period").select_option(label="Quarter")
    filters.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"ROI report · {period_containing('quarter', today).label}"
    )
    page.wait_for_load_state("domcontentloaded")
    filters.get_by_label("Period").select_option(label="Month")
    filters.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ROI report · {today:%B %Y}")
    watch.assert_clean()


# --- 4. bad input ------------------------------------------------------------------------------


def test_hire_form_shows_errors_next_to_the_fields_and_keeps_what_was_typed(live_server, page, contributor_a, pilot_a):
    watch = Watch(page)
    alumni_and_companies()
    today = timezone.localdate()
    first_contact = today - dt.timedelta(days=5)
    hired = today - dt.timedelta(days=20)

    log_in_as(page, live_server.url, contributor_a.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.get_by_role("navigation", name="Reports and ledger").get_by_role("link", name="Hires").click()
    page.get_by_role("link", name="Record a hire").first.click()
    page.get_by_role("searchbox", name="Find the person").fill("Kowal")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("radio", name=re.compile("Marta Kowalski")).check()
    page.get_by_label("Opening").fill("Senior data engineer")
    expect(page.get_by_label("Pilot")).to_have_value(str(pilot_a.pk))
    page.get_by_label("Source channel").select_option(label="Alumni referral")
    page.get_by_label("First contact").fill(first_contact.isoformat())
    page.get_by_label("Hired on").fill(hired.isoformat())
    page.get_by_label("Travel").fill("-50")
    page.get_by_label("Recruiter fee").fill("1500")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Record hire").click()
    assert posted.value.status == 400

    hired_field = page.locator(".field", has=page.get_by_label("Hired on"))
    expect(hired_field.locator(".error")).to_have_text(
        f"The hire date ({hired.isoformat()}) cannot be before the first contact ({first_contact.isoformat()})."
    )
    travel_field = page.locator(".field", has=page.get_by_label("Travel"))
    expect(travel_field.locator(".error")).to_contain_text("cannot be negative")
    expect(page.locator(".field--error")).to_have_count(2)

    expect(page.get_by_role("radio", name=re.compile("Marta Kowalski"))).to_be_checked()
    expect(page.get_by_label("Opening")).to_have_value("Senior data engineer")
    expect(page.get_by_label("Source channel")).to_have_value("alumni_referral")
    expect(page.get_by_label("First contact")).to_have_value(first_contact.isoformat())
    expect(page.get_by_label("Hired on")).to_have_value(hired.isoformat())
    expect(page.get_by_label("Travel")).to_have_value("-50")
    expect(page.get_by_label("Recruiter fee")).to_have_value("1500")
    shot(page, "hire-errors")
    assert not Hire.objects.exists() and not Win.objects.exists()
    # Chromium logs the form's 400 response itself; that one is expected, nothing else.
    watch.assert_clean(expected=("status of 400 (Bad Request)",))


def test_a_hire_without_costs_is_saved_only_once_the_user_confirms_the_warning(
    live_server, page, contributor_a, pilot_a
):
    """The report would count the whole legacy cost as saved: the form says so and asks first."""
    watch = Watch(page)
    alumni_and_companies()
    today = timezone.localdate()

    log_in_as(page, live_server.url, contributor_a.email)
    page.goto(live_server.url + "/metrics/hires/new/")
    page.get_by_role("searchbox", name="Find the person").fill("Kowal")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("radio", name=re.compile("Marta Kowalski")).check()
    page.get_by_label("Opening").fill("Data engineer")
    page.get_by_label("Source channel").select_option(label="Alumni referral")
    page.get_by_label("First contact").fill((today - dt.timedelta(days=30)).isoformat())
    page.get_by_label("Hired on").fill((today - dt.timedelta(days=1)).isoformat())
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Record hire").click()
    assert posted.value.status == 400

    warning = page.get_by_role("alert").filter(has_text="Check before saving")
    expect(warning).to_contain_text("No costs are recorded for this hire")
    expect(warning).to_contain_text("Engineers on Mastodon is still in planning")
    assert not Hire.objects.exists()
    shot(page, "hire-warnings")

    warning.get_by_label("I checked the warnings: save the hire as it is").check()
    page.get_by_role("button", name="Record hire").click()
    expect(page.get_by_role("status")).to_contain_text("No costs are recorded for it")
    assert Hire.objects.get().total_cost == Decimal("0.00")
    watch.assert_clean(expected=("status of 400 (Bad Request)",))


# --- 5. layout -------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [390, 1280])
def test_report_and_quick_log_do_not_widen_the_page(
    live_server, page, width, hr_lead, contributor_a, pilot_a, sponsor_a
):
    watch = Watch(page)
    _ledger_for_the_report(hr_lead, contributor_a, pilot_a, sponsor_a)
    PilotFactory(name="Engineers on LinkedIn with a rather long pilot name for the table", sponsor=sponsor_a)
    alumni_and_companies()
    page.set_viewport_size({"width": width, "height": 900})
    log_in_as(page, live_server.url, hr_lead.email)
    for path in ("/metrics/", "/metrics/assists/new/", "/metrics/introductions/new/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        if path == "/metrics/" and width == 390:
            shot(page, "report-390")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow}px wider than the {width}px window"
    # The matches of the picker must not widen the form either.
    page.locator("#on_behalf_of-picker").get_by_role("searchbox").press_sequentially("Mart", delay=20)
    expect(page.locator("#on_behalf_of-picker").get_by_role("radio")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 390:
        shot(page, "quick-log-390")
    watch.assert_clean()
