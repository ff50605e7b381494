"""How metrics writes money and figures: rounded once, half-up, where they are shown.

One helper for pages, CSV downloads and the API alike, so a manager redoing a figure by hand
finds the same digits everywhere and in every database. (SQLite hands ``Sum()`` of a decimal
column back through a float, ``37799.990000000000``; PostgreSQL keeps the column's scale, and a
whole amount may come back as ``3200``: both print as ``37799.99`` and ``3200.00`` here.)

    money_cell(Decimal("3200"))            -> "3200.00"         (CSV, API: plain, no separators)
    money_text(Decimal("1234.5"), "EUR")   -> "1,234.50 EUR"    (pages)
    half_up(Decimal("12.345"), "0.01")     -> Decimal("12.35")
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENTS = Decimal("0.01")


def half_up(value: Any, places: str | Decimal = CENTS) -> Decimal:
    """``value`` as a Decimal rounded half-up to ``places`` ("0.01", "0.1", "1"). Floats are read
    through their shortest text (0.1 stays 0.1, not 0.1000000000000000055…)."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    return number.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def cents(value: Any) -> Decimal | None:
    """An amount rounded half-up to cents; None (no figure) stays None."""
    if value is None or value == "":
        return None
    return half_up(value, CENTS)


def money_cell(value: Any) -> str:
    """An amount for a CSV cell or a JSON string: two decimals, no separators, "" for no figure."""
    amount = cents(value)
    return "" if amount is None else f"{amount:f}"


def money_text(value: Any, currency: str) -> str:
    """An amount as a page shows it: thousands separated, two decimals, the currency; "—" for none."""
    amount = cents(value)
    return "—" if amount is None else f"{amount:,.2f} {currency}"
