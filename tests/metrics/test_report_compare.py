"""Comparing a pilot: with another pilot, with its own previous period, or with the average of the
pilots the user may see in its stage; a user who sees one pilot is not offered it twice.

The ledger is tests/metrics/conftest.py's (worked out in test_report_figures.py). Pilot A alone:
Q1 2026: H1 700.00 (priced against 10,000.00: saves 9,300.00), program cost 5,000.00,
  ROI (9,300 + 0 - 5,000) / 5,000 = 0.86 -> 86.00 %.
Q2 2026: H2 500.00 (saves 9,500.00), no program cost: ROI undefined.
Q2 against Q1: cost per hire 500.00 - 700.00 = -200.00 EUR; savings +200.00 EUR; program cost
  0.00 - 5,000.00 = -5,000.00 EUR; ROI "—" (undefined in Q2).
2026: H1, H2, H3 (11,400.00 / 3 = 3,800.00 per hire), savings 18,800.00, 13 points received and 1
  given (value 13 x 20.00 = 260.00), program cost 5,000.00, ROI (18,800 + 260 - 5,000) / 5,000 =
  2.812 -> 281.20 %.
Against the average of two Stage 1 pilots (A and an empty one): sums / 2 (savings 9,400.00, points
  received 6.5, given 0.5, value 130.00, program cost 2,500.00); ratios over both together, which
  are A's own (the other has no hire and no cost): cost per hire 3,800.00, ROI 281.20 %.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.programs.factories import PilotFactory

COMPARE = reverse("metrics:compare")
INDEX = reverse("metrics:index")
Q2 = {"period": "quarter", "start": "2026-04-01"}
YEAR = {"period": "year", "start": "2026-01-01"}


def _rows(response) -> dict:
    return {row["label"]: row for row in response.context["rows"]}


def test_a_manager_with_one_pilot_lands_on_it_against_the_previous_period(client_for, manager, ledger, pilot_a):
    with freeze_time("2026-05-10 12:00:00"):
        response = client_for(manager).get(COMPARE, {"period": "quarter"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Compare {pilot_a.name}</h1>" in html
    assert f"You can see one pilot, {pilot_a.name}, so there is no second pilot to put beside it." in html
    assert 'name="b"' not in html  # the one pilot is not offered twice
    assert '<option value="pilot"' not in html and '<option value="previous" selected>' in html
    assert f'<th scope="col">{pilot_a.name}, Q2 2026</th>' in html and '<th scope="col">Q1 2026</th>' in html
    assert "Change (Q2 2026 − Q1 2026)" in html
    rows = _rows(response)
    assert (rows["Cost per hire"]["a"]["display"], rows["Cost per hire"]["b"]["display"]) == (
        "500.00 EUR",
        "700.00 EUR",
    )
    assert rows["Cost per hire"]["diff"] == "−200.00 EUR"
    assert rows["Savings against the legacy process"]["diff"] == "+200.00 EUR"
    assert rows["Program cost"]["diff"] == "−5,000.00 EUR"
    assert rows["ROI"]["b"]["display"] == "86.00%" and rows["ROI"]["diff"] == "—"
    assert "Compared with: Q1 2026" in html


def test_a_one_pilot_user_may_compare_with_the_average_which_is_the_pilot_itself(client_for, manager, ledger, pilot_a):
    response = client_for(manager).get(COMPARE, {"against": "average", **YEAR})

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f"The average is taken over the pilots you can see in Stage 1 · Recruiting: here only {pilot_a.name}, "
        "so it is this pilot&#x27;s own figures and every difference is zero."
    ) in html
    assert "Average of the Stage 1 pilots you can see (only this one)" in html
    rows = _rows(response)
    assert rows["Cost per hire"]["a"]["display"] == rows["Cost per hire"]["b"]["display"] == "3,800.00 EUR"
    assert rows["Cost per hire"]["diff"] == "0.00 EUR"
    received = rows["Assists received (value points)"]
    assert (received["a"]["display"], received["b"]["display"], received["diff"]) == ("13", "13.0", "0.0")


def test_a_pilot_against_the_average_of_the_stage_pilots_the_user_can_see(
    client_for, hr_lead, ledger, pilot_a, sponsor_a, pilot_b
):
    other = PilotFactory(name="Engineers on Bluesky", stage=1, sponsor=sponsor_a)
    response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "against": "average", **YEAR})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Average of the 2 Stage 1 pilots you can see" in html
    assert "The average of the 2 Stage 1 pilots you can see, this one included." in html
    # A Stage 2 pilot is not in a Stage 1 average.
    assert response.context["comparison"].basis_pilots == [other, pilot_a]
    rows = _rows(response)
    savings = rows["Savings against the legacy process"]
    assert (savings["b"]["display"], savings["diff"]) == ("9,400.00 EUR", "+9,400.00 EUR")
    assert savings["b"]["formula"] == "18,800.00 EUR for the 2 pilots taken together / 2 pilots"
    received = rows["Assists received (value points)"]
    assert (received["b"]["display"], received["diff"]) == ("6.5", "+6.5")
    assert received["b"]["formula"] == "13 points for the 2 pilots taken together / 2 pilots"
    assert rows["Assists given (value points)"]["b"]["display"] == "0.5"
    assert rows["Value attributed"]["b"]["display"] == "130.00 EUR"
    assert rows["Program cost"]["b"]["display"] == "2,500.00 EUR"
    assert (rows["Cost per hire"]["b"]["display"], rows["Cost per hire"]["diff"]) == ("3,800.00 EUR", "0.00 EUR")
    assert rows["Cost per hire"]["b"]["note"].startswith("Over the 2 pilots taken together.")
    assert (rows["ROI"]["b"]["display"], rows["ROI"]["diff"]) == ("281.20%", "0.00 pp")


def test_the_average_leaves_out_pilots_the_user_cannot_see(
    client_for, manager, ledger, pilot_a, sponsor_a, sponsor_b, record_hire
):
    """A Stage 1 pilot of sponsor B, with a hire of 900.00, is not in the manager's average: it is
    over pilot A and the other Stage 1 pilot of sponsor A, 11,400.00 / 3 hires = 3,800.00."""
    other = PilotFactory(name="Engineers on Bluesky", stage=1, sponsor=sponsor_a)
    hidden = PilotFactory(name="Hidden engineers", stage=1, sponsor=sponsor_b)
    record_hire(hidden, dt.date(2026, 6, 1), cost_travel="900")

    response = client_for(manager).get(COMPARE, {"a": pilot_a.pk, "against": "average", **YEAR})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Average of the 2 Stage 1 pilots you can see" in html
    assert other.name in html and hidden.name not in html
    assert _rows(response)["Cost per hire"]["b"]["display"] == "3,800.00 EUR"
    assert "Pilots you cannot see are not in it." in html


def test_the_average_keeps_the_baseline_rule(client_for, manager, ledger, pilot_a, sponsor_a, hire_priced_by_sponsor_b):
    """Pilot A's hire booked to sponsor B is priced by B's baseline, which the manager may not see:
    the average's savings, like the pilot's, are withheld, not computed from it."""
    PilotFactory(name="Engineers on Bluesky", stage=1, sponsor=sponsor_a)
    response = client_for(manager).get(COMPARE, {"a": pilot_a.pk, "against": "average", **YEAR})

    rows = _rows(response)
    assert rows["Savings against the legacy process"]["b"]["withheld"]
    assert rows["Savings against the legacy process"]["diff"] == "—"
    assert "Not shown: this figure rests on a sponsor" in response.content.decode()


def test_a_user_with_several_pilots_compares_one_with_its_previous_period(client_for, hr_lead, ledger, pilot_a):
    response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "against": "previous", **Q2})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Compare a pilot</h1>" in html and "You can see one pilot" not in html
    assert _rows(response)["Cost per hire"]["diff"] == "−200.00 EUR"
    assert f"a={pilot_a.pk}&amp;against=previous" in html  # the period links keep the comparison


def test_against_another_pilot_the_second_one_is_required(client_for, hr_lead, ledger, pilot_a):
    response = client_for(hr_lead).get(COMPARE, {"a": pilot_a.pk, "against": "pilot", **YEAR})
    assert response.status_code == 400
    assert "Choose a second pilot to compare with." in response.content.decode()


@pytest.mark.parametrize("against", ["nonsense", "pilot"])
def test_a_one_pilot_user_cannot_ask_for_a_second_pilot(client_for, contributor_a, ledger, pilot_a, against):
    response = client_for(contributor_a).get(COMPARE, {"against": against, **YEAR})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


def test_the_report_offers_a_one_pilot_user_the_previous_period(client_for, manager, ledger, pilot_a):
    html = client_for(manager).get(INDEX, Q2).content.decode()
    assert f'href="{COMPARE}?period=quarter&amp;start=2026-04-01&amp;a={pilot_a.pk}&amp;against=previous"' in html
    assert "Compare with the previous period" in html and "Compare two pilots" not in html
