"""Fixtures the ledger API tests share: the alumna an introduction or assist is about, and the
contact she is introduced to."""

from __future__ import annotations

import pytest

from tests.people.factories import PersonFactory


@pytest.fixture
def alumna(db):
    return PersonFactory(first_name="Ada", last_name="Alumna")


@pytest.fixture
def contact(db):
    return PersonFactory(first_name="Carl", last_name="Contact")
