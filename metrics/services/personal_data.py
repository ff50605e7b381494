"""Erasing what the ledger holds about a person (people.registry's "metrics.ledger" section,
registered in metrics.apps). The export side is metrics.selectors.person_ledger.

The rows stay, with their dates, pilots, stages, points and money, so the program's counts and
figures do not change; the free text that could name or describe the person is cleared:
introductions' outcome, assists' note and reference label, hires' note. The opening title stays:
it names a job, not a person, and the duplicate-hire check and the report read it. Wins about
the person get a headline from the (already anonymized) person row, and drafted celebrations of
those wins are drafted again from it.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import User
from people.models import Person

from ..models import Assist, Celebration, Hire, Introduction, Win
from .wins import celebration_text, win_for


def ledger_person_erase(person: Person, actor: User) -> int:
    """Clear the free text of every ledger row naming ``person``; returns how many rows changed.
    Runs inside the erasure's transaction, after the person row was anonymized."""
    changed = (
        Introduction.objects.filter(Q(on_behalf_of=person) | Q(to_person=person)).exclude(outcome="").update(outcome="")
    )
    changed += (
        Assist.objects.filter(person=person).exclude(note="", reference_label="").update(note="", reference_label="")
    )
    changed += Hire.objects.filter(person=person).exclude(note="").update(note="")
    wins = Win.objects.filter(
        Q(hire__person=person)
        | Q(assist__person=person)
        | Q(introduction__on_behalf_of=person)
        | Q(introduction__to_person=person)
    ).select_related(
        "pilot",
        "hire__person",
        "hire__sponsor",
        "assist__person",
        "assist__assist_type",
        "introduction__on_behalf_of",
        "introduction__to_person",
        "introduction__to_company",
        "introduction__made_by",
    )
    for win in wins:
        row = win.hire or win.assist or win.introduction
        wanted = win_for(row) if row is not None else None
        if wanted is not None and wanted[1][:300] != win.headline:
            win.headline = wanted[1][:300]
            win.save(update_fields=["headline"])
            changed += 1
        for celebration in win.celebrations.select_related("venue"):
            text = celebration_text(win, celebration.venue)
            if text != celebration.text:
                Celebration.objects.filter(pk=celebration.pk).update(text=text)
                changed += 1
    return changed
