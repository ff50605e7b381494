"""The people section's breadcrumbs name each page once: the page a user is on is the last crumb,
never also a link before it (the person page used to read "People > Ann Lee > Ann Lee")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.people.factories import CompanyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', html, re.S)
    assert nav, "no breadcrumbs"
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(1), re.S)]


def test_the_person_page_names_the_person_once(client_for, hr_lead):
    person = PersonFactory(first_name="Ann", last_name="Lee")

    html = client_for(hr_lead).get(reverse("people:person_detail", args=[person.pk])).content.decode()

    assert crumbs(html) == ["People", "Ann Lee"]
    assert '<li aria-current="page">Ann Lee</li>' in html


def test_the_company_page_names_the_company_once(client_for, hr_lead):
    company = CompanyFactory(name="Acme")

    html = client_for(hr_lead).get(reverse("people:company_detail", args=[company.pk])).content.decode()

    assert crumbs(html) == ["People", "Companies", "Acme"]


def test_the_edit_page_links_back_to_the_person(client_for, hr_lead):
    person = PersonFactory(first_name="Ann", last_name="Lee")

    html = client_for(hr_lead).get(reverse("people:person_edit", args=[person.pk])).content.decode()

    assert crumbs(html) == ["People", "Ann Lee", "Edit"]
    assert f'<a href="{reverse("people:person_detail", args=[person.pk])}">Ann Lee</a>' in html
