"""The introduction and assist pages as a manager reads them: names without links to the people
directory (people.access.can_use_directory, which the person and company pages check: a manager
gets 403 there), breadcrumbs under Reports with the date as the site writes dates; and the
report's "By pilot" caption mentions tick boxes only where there are some."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from metrics import services
from metrics.models import Assist, Introduction
from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 26)


@pytest.fixture
def intro(contributor_a, pilot_a) -> Introduction:
    return services.introduction_record(
        actor=contributor_a,
        pilot=pilot_a,
        on_behalf_of=PersonFactory(first_name="Ada", last_name="Okafor"),
        to_person=PersonFactory(first_name="Raj", last_name="Patel"),
        to_company=CompanyFactory(name="Globex"),
        date=DAY,
    )


@pytest.fixture
def assist(contributor_a, pilot_a) -> Assist:
    return services.assist_record(
        actor=contributor_a,
        pilot=pilot_a,
        person=PersonFactory(first_name="Lin", last_name="Wu"),
        assist_type="introduction",
        direction="given",
        date=DAY,
    )


def people_hrefs(html: str) -> list[str]:
    """Links to a person's or a company's page (not the header's link to the directory)."""
    return re.findall(r'href="(/people/(?:companies/)?\d+/)"', html)


def breadcrumbs(html: str) -> str:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert nav is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", nav.group(0))).strip()


def test_manager_reads_the_introductions_people_as_text_not_links_to_pages_they_may_not_open(
    client_for, manager, intro
):
    client = client_for(manager)
    html = client.get(reverse("metrics:introduction_detail", args=[intro.pk])).content.decode()
    assert people_hrefs(html) == []
    for name in ("Ada Okafor", "Raj Patel", "Globex"):
        assert name in html
    # The pages the links would lead to answer 403 for a manager: that is why there are none.
    assert client.get(reverse("people:person_detail", args=[intro.on_behalf_of_id])).status_code == 403
    assert client.get(reverse("people:company_detail", args=[intro.to_company_id])).status_code == 403


def test_hr_lead_and_contributor_get_the_introductions_people_as_links(client_for, hr_lead, contributor_a, intro):
    for user in (hr_lead, contributor_a):
        html = client_for(user).get(reverse("metrics:introduction_detail", args=[intro.pk])).content.decode()
        assert set(people_hrefs(html)) == {
            reverse("people:person_detail", args=[intro.on_behalf_of_id]),
            reverse("people:person_detail", args=[intro.to_person_id]),
            reverse("people:company_detail", args=[intro.to_company_id]),
        }


def test_manager_reads_the_assists_person_as_text_hr_lead_as_a_link(client_for, manager, hr_lead, assist):
    url = reverse("metrics:assist_detail", args=[assist.pk])
    html = client_for(manager).get(url).content.decode()
    assert people_hrefs(html) == [] and "Lin Wu" in html
    html = client_for(hr_lead).get(url).content.decode()
    assert people_hrefs(html) == [reverse("people:person_detail", args=[assist.person_id])]


def test_introduction_page_breadcrumbs_start_at_reports_and_write_the_date_as_the_site_does(client_for, manager, intro):
    html = client_for(manager).get(reverse("metrics:introduction_detail", args=[intro.pk])).content.decode()
    assert breadcrumbs(html) == "Reports Introductions Introduction of Ada Okafor to Raj Patel at Globex on 26 Nov 2026"
    assert f'<a href="{reverse("metrics:index")}">Reports</a>' in html
    assert "2026-11-26" not in html.replace('datetime="2026-11-26', "")
    assert "<title>Introduction of Ada Okafor to Raj Patel at Globex on 26 Nov 2026" in html


def test_assist_and_correction_and_deletion_pages_name_the_row_with_the_sites_date(
    client_for, contributor_a, intro, assist
):
    client = client_for(contributor_a)
    assert breadcrumbs(client.get(reverse("metrics:assist_detail", args=[assist.pk])).content.decode()) == (
        "Reports Assists Introduction given by the firm on 26 Nov 2026"
    )
    for name, row, label in (
        ("introduction", intro, "Introductions"),
        ("assist", assist, "Assists"),
    ):
        for page, last in (("edit", "Correct"), ("delete", "Delete")):
            html = client.get(reverse(f"metrics:{name}_{page}", args=[row.pk])).content.decode()
            crumbs = breadcrumbs(html)
            assert crumbs.startswith(f"Reports {label} ") and crumbs.endswith(f"26 Nov 2026 {last}"), crumbs
            assert "2026-11-26" not in html.replace('value="2026-11-26"', ""), page
    delete = client.get(reverse("metrics:introduction_delete", args=[intro.pk])).content.decode()
    assert "Delete the introduction “Introduction of Ada Okafor to Raj Patel at Globex on 26 Nov 2026”?" in delete


def test_by_pilot_caption_mentions_tick_boxes_only_when_the_table_has_them(client_for, manager, hr_lead, ledger):
    def pilots_table(user) -> str:
        html = (
            client_for(user).get(reverse("metrics:index"), {"period": "year", "start": "2026-01-01"}).content.decode()
        )
        start = html.index('id="table-pilots"')
        return html[start : html.index("</section>", start)]

    # A manager of sponsor A reads one pilot: no tick boxes, and the caption mentions none.
    table = pilots_table(manager)
    assert 'name="pick"' not in table
    assert '<caption class="visually-hidden">Key figures per pilot</caption>' in table
    # An HR lead reads both pilots and may tick two of them.
    table = pilots_table(hr_lead)
    assert table.count('name="pick"') == 2
    assert '<caption class="visually-hidden">Key figures per pilot; tick two pilots to compare them</caption>' in table
