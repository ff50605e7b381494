"""Program settings (costs, baselines, the assist scale) are filed where the navigation files them:
an HR lead, who may change them, finds them under Settings; a manager, who only reads baselines and
costs, under Reports."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def crumbs(html: str) -> list[str]:
    trail = re.search(r'<nav[^>]*aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert trail is not None, "no breadcrumb trail"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", trail.group(1), re.S)]


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        ("/metrics/costs/", ["Settings", "Program costs"]),
        ("/metrics/baselines/", ["Settings", "Legacy cost baselines"]),
        ("/metrics/assist-types/", ["Settings", "Assist value scale"]),
        ("/metrics/baselines/new/", ["Settings", "Legacy cost baselines"]),
    ],
)
def test_an_hr_lead_finds_the_settings_under_settings(client_for, hr_lead, path, trail):
    response = client_for(hr_lead).get(path)

    assert response.status_code == 200
    assert crumbs(response.content.decode())[: len(trail)] == trail


def test_a_manager_reads_the_baselines_under_reports(client_for, manager):
    response = client_for(manager).get("/metrics/baselines/")

    assert response.status_code == 200
    assert crumbs(response.content.decode())[0] == "Reports"
