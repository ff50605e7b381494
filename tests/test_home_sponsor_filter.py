"""The home page's sponsor filter uses the report's word for what it picks: "Sponsor"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_sponsor_filter_is_labelled_sponsor_as_on_the_report(client_for, hr_lead, pilot_a, pilot_b):
    client = client_for(hr_lead)
    home = client.get(reverse("dashboard")).content.decode()
    form = re.search(r'<form method="get" class="home-sponsor">.*?</form>', home, re.S)
    assert form is not None  # an HR lead sees two sponsors' pilots: the filter is offered
    assert '<label for="home-sponsor">Sponsor</label>' in form.group(0)
    assert '<option value="">All sponsors</option>' in form.group(0)
    assert "rganization" not in form.group(0)

    report = client.get(reverse("metrics:index")).content.decode()
    assert re.search(r'<label for="id_sponsor"[^>]*>Sponsor</label>', report)
