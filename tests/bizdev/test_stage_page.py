# ruff: noqa: F811  (the dataset fixture `world` is imported from test_velocity)
"""The Stage 3 page (bizdev:index) on the dataset of tests/bizdev/test_velocity.py (Q2 2026,
pilot ``retail`` of sponsor_a), whose numbers test_velocity and test_balance compute by hand:
opportunities open 1, won 5, lost 2, assisted 4; assists given 2 (11 points), received 5 (19
points), balance -8; alumni requests asked 6, met 4 (66.67%), median 2.5 days to meet; 100 days
saved worth 20,000.00 EUR; alumni requests still open, oldest first: AR0 (Ben), AR5 (Alma).

Who sees what: the HR lead and contributor_a (a member of ``retail``) see the numbers, the open
requests and the give/get per alumnus and contributor; the manager of sponsor_a sees counts and the
per-team balance, never a name. The days saved rest on the sponsor's baseline: HR leads and the
sponsor's managers see them, contributors get the reason instead (metrics' baseline rule).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from bizdev.selectors.stage import AUDIT_STAGE_LISTED
from tests.bizdev.test_velocity import world  # noqa: F401  (the dataset fixture)

pytestmark = pytest.mark.django_db

URL = reverse("bizdev:index")
Q2 = {"period": "quarter", "start": "2026-04-01"}


def facts(html: str, group: str) -> dict[str, str]:
    block = html.split(f'data-counts="{group}"', 1)[1].split("</dl>", 1)[0]
    return {k: re.sub(r"<[^>]+>", "", v).strip() for k, v in re.findall(r'data-key="([a-z]+)">(.*?)</dd>', block)}


def test_hr_lead_reads_the_numbers_computed_by_hand(client_for, hr_lead, world):
    response = client_for(hr_lead).get(URL, {**Q2, "pilot": world.retail.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert facts(html, "opportunities") == {"open": "1", "won": "5", "lost": "2", "assisted": "4"}
    assert facts(html, "requests") == {"asked": "6", "met": "4", "share": "66.67%", "median": "2.5"}
    assert facts(html, "assists") == {
        "given": "2 (11 points)",
        "received": "5 (19 points)",
        "balance": "-8",
    }
    assert 'data-figure="days-saved">100<' in html
    assert 'data-figure="days-saved-value">20,000.00 EUR<' in html


def test_contributor_sees_open_requests_oldest_first_and_who_gives_and_gets(client_for, contributor_a, world):
    html = client_for(contributor_a).get(URL, Q2).content.decode()
    table = html.split('data-table="open-requests"', 1)[1].split("</table>", 1)[0]
    assert table.index("Ben Brook") < table.index("Alma Ahlberg")  # AR0 (February) before AR5 (June)
    assert "Intro to &lt;b&gt;a buyer&lt;/b&gt; in Lyon" in table  # the title, escaped
    assert "<b>a buyer</b>" not in html
    by_alumnus = html.split('data-table="by-alumnus"', 1)[1].split("</table>", 1)[0]
    assert "Ben Brook" in by_alumnus and "Alma Ahlberg" in by_alumnus and "Carl" not in by_alumnus
    assert 'data-table="by-contributor"' in html and "Cleo Seller" in html


def test_naming_alumni_is_audited_once_per_view(client_for, contributor_a, world):
    client_for(contributor_a).get(URL, Q2)
    events = AuditEvent.objects.filter(verb=AUDIT_STAGE_LISTED)
    assert events.count() == 1
    assert events.get().data["open_requests"] == 2


def test_contributor_does_not_see_days_saved_resting_on_the_baseline(client_for, contributor_a, world):
    html = client_for(contributor_a).get(URL, Q2).content.decode()
    assert "data-withheld" in html
    assert 'data-figure="days-saved"' not in html


def test_manager_sees_counts_and_teams_but_no_names(client_for, manager, world):
    response = client_for(manager).get(URL, Q2)
    assert response.status_code == 200
    html = response.content.decode()
    assert facts(html, "opportunities")["won"] == "5"
    assert 'data-table="by-team"' in html and "Retail deals" in html
    for name in ("Alma", "Ben Brook", "Carl", "Ann Contributor", "Cleo Seller", "Lyon", "Feedback on our new app"):
        assert name not in html, name
    assert 'data-table="open-requests"' not in html
    assert 'data-figure="days-saved">100<' in html  # managers see their sponsor's baseline figures
    assert not AuditEvent.objects.filter(verb=AUDIT_STAGE_LISTED).exists()


def test_manager_of_another_sponsor_and_other_pilots_see_nothing_of_it(client_for, contributor_b, world):
    html = client_for(contributor_b).get(URL, Q2).content.decode()
    assert "No business development pilot to show" in html
    assert "Retail deals" not in html


def test_a_pilot_one_may_not_read_is_refused_as_a_form_error(client_for, contributor_a, world):
    response = client_for(contributor_a).get(URL, {**Q2, "pilot": world.other.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Other deals" not in html


def test_bad_dates_get_a_clear_message_and_the_default_quarter(client_for, hr_lead, world):
    response = client_for(hr_lead).get(URL, {"period": "custom", "start": "2026-06-30", "end": "2026-04-01"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_query_count_is_fixed_whatever_the_data(client_for, hr_lead, world, django_assert_max_num_queries):
    client = client_for(hr_lead)
    client.get(URL, Q2)  # warm the session and the like
    with django_assert_max_num_queries(30) as first:
        client.get(URL, Q2)
    from tests.bizdev.factories import OpportunityFactory

    for _ in range(5):
        OpportunityFactory(pilot=world.retail, owner=world.cleo)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(URL, Q2)


def test_empty_state_without_stage_3_pilots(client_for, hr_lead):
    response = client_for(hr_lead).get(URL)
    assert response.status_code == 200
    assert "No business development pilot to show" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302
