"""The introduction form takes the kind of person introduced from the query string."""

from __future__ import annotations

from django.urls import reverse


def test_on_behalf_kind_from_the_query_string_is_the_forms_initial_kind(client_for, hr_lead):
    url = reverse("metrics:introduction_create")
    employee = client_for(hr_lead).get(url, {"on_behalf_kind": "employee"})
    bogus = client_for(hr_lead).get(url, {"on_behalf_kind": "<b>nope</b>"})

    assert employee.context["form"].initial["on_behalf_kind"] == "employee"
    assert bogus.context["form"].initial.get("on_behalf_kind", "alumnus") == "alumnus"
