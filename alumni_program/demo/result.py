"""What every part of the demo shares: the tally of what a run created, and the calendar helper the
parts use to spread rows over the last months. The parts import this; __init__ runs them in order."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class DemoResult:
    created: Counter[str] = field(default_factory=Counter)
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)  # (email, password shown, role, sees)
    skipped: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return any(self.created.values())


def month_start(today: dt.date, months_back: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)
