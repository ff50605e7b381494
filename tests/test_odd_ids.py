"""Ids typed by hand into a URL or a form: "²" passes str.isdigit() but int() refuses it, and
twenty digits overflow the database. Every page answers with a page (or a form error), never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

ODD = ["²", "٣", "99999999999999999999", "-1", "1e3"]

GETS = [
    ("metrics:compare", "a"),
    ("metrics:introduction_create", "on_behalf_of"),
    ("metrics:assist_create", "person"),
    ("metrics:person_lookup", "person"),
    ("metrics:hire_create", "person"),
    ("metrics:cost_create", "pilot"),
    ("metrics:baseline_create", "sponsor"),
    ("people:person_create", "company"),
    ("listening:index", "venue"),
]


@pytest.mark.parametrize("value", ODD)
@pytest.mark.parametrize(("name", "param"), GETS)
def test_odd_ids_in_query_strings_never_give_a_500(client_for, hr_lead, pilot_a, name, param, value):
    response = client_for(hr_lead).get(reverse(name), {param: value})
    assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("value", ODD)
def test_odd_assignee_is_a_form_error(client_for, hr_lead, value):
    response = client_for(hr_lead).post(reverse("listening:conversation_assign"), {"ids": ["1"], "assignee": value})
    assert response.status_code in (302, 400, 404)
