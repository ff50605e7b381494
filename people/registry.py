"""What other apps keep about a person, so that people can export and erase it without importing
them (people sits below listening, metrics and the stage apps in DESIGN.md's layers).

Each app registers one section in its AppConfig.ready():

    register_personal_data(PersonalDataSection(
        key="metrics.ledger", label="Ledger rows naming them",
        export=lambda person: [...],          # JSON-ready dicts, one per row naming the person
        erase=lambda person, actor: 3,        # anonymize what names them; keep counts and money
    ))

- ``export(person)`` returns a list of JSON-serialisable dicts: what the app holds about the
  person (the person's own data, not other people's). The person's data export (JSON, from the
  person page and the API) puts each section under its key.
- ``erase(person, actor)`` runs inside the erasure's transaction, after the person row itself
  has been anonymized; it clears or replaces the personal data the app copied (names, handles,
  free text about them) and keeps what the program's figures count (the row, its date, pilot and
  money). It returns how many rows it changed, for the erasure's audit event. It must not raise
  for a person it holds nothing about.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Person


@dataclass(frozen=True)
class PersonalDataSection:
    key: str
    label: str
    export: Callable[[Person], list[dict[str, Any]]]
    erase: Callable[[Person, User], int] | None = None
    # Sections erase in (erase_order, key) order: a later stage that finds its rows through an
    # earlier stage's record (bizdev through the alumnus) erases before that record goes.
    erase_order: int = 0


_SECTIONS: dict[str, PersonalDataSection] = {}


def register_personal_data(section: PersonalDataSection) -> None:
    if section.key in _SECTIONS and _SECTIONS[section.key] != section:
        raise ValueError(f"personal data section {section.key!r} is already registered")
    _SECTIONS[section.key] = section


def personal_data_sections() -> list[PersonalDataSection]:
    """Every registered section, in key order (a stable export)."""
    return [_SECTIONS[key] for key in sorted(_SECTIONS)]


def erase_sections() -> list[PersonalDataSection]:
    """The sections that erase, in the order they must run: (erase_order, key)."""
    return sorted((s for s in _SECTIONS.values() if s.erase is not None), key=lambda s: (s.erase_order, s.key))
