"""Amounts on pages, written one way everywhere: ``{% load money %}`` then ``{{ amount|money }}``
→ "2,400.00 EUR" (metrics.money.money_text: thousands separated, two decimals rounded half-up
once, the program's currency; "—" for no figure). CSV and the API keep money_cell's "2400.00"."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from ..money import money_text

register = template.Library()


@register.filter
def money(value: Any, currency: str = "") -> str:
    """``value`` as a page shows an amount; ``currency`` defaults to PROGRAM_CURRENCY. Something
    that is not a number shows as "—" rather than breaking the page."""
    try:
        return money_text(value, currency or settings.PROGRAM_CURRENCY)
    except ValueError:
        return "—"
