"""ISO 3166-1 alpha-2 country codes and names, read from the IANA time-zone database's
iso3166.tab that the pinned ``tzdata`` package ships (no hand-kept list to go stale)."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def countries() -> dict[str, str]:
    """{"DE": "Germany", ...} for all 249 codes."""
    text = resources.files("tzdata").joinpath("zoneinfo", "iso3166.tab").read_text(encoding="utf-8")
    pairs = (line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {code.strip(): name.strip() for code, name in pairs}


# Everyday names the time-zone database spells differently ("Britain (UK)", "Korea (South)").
ALIASES = {
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states of america": "US",
    "america": "US",
    "south korea": "KR",
    "north korea": "KP",
    "czechia": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "uae": "AE",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "democratic republic of the congo": "CD",
    "republic of the congo": "CG",
    "russian federation": "RU",
    "viet nam": "VN",
}


@cache
def _by_name() -> dict[str, str]:
    return {**ALIASES, **{name.casefold(): code for code, name in countries().items()}}


def country_code(value: str) -> str | None:
    """The ISO code for what a person typed: a code ("de", " DE ") or a name ("Germany").
    None when it is neither; "" for empty input."""
    value = " ".join(value.split())
    if not value:
        return ""
    if len(value) == 2 and value.upper() in countries():
        return value.upper()
    return _by_name().get(value.casefold())
