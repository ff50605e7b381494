"""What the setup pages share: the readers' decorator, breadcrumbs and a connector's label."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from accounts.access import role_required
from accounts.models import Role

from ..connectors import CONNECTORS

reader_required = role_required(Role.HR_LEAD, Role.CONTRIBUTOR)


def url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Listening" (the inbox), when it is mounted."""
    inbox = url_or_none("listening:index")
    return [*([("Listening", inbox)] if inbox else []), *pairs]


def families_crumb() -> tuple[str, str]:
    return ("Keyword families", reverse("listening:family_list"))


def searches_crumb() -> tuple[str, str]:
    return ("Searches", reverse("listening:search_list"))


def sources_crumb() -> tuple[str, str]:
    return ("Sources", reverse("listening:source_list"))


def kind_label(kind: str) -> str:
    connector = CONNECTORS.get(kind)
    return connector.LABEL if connector else kind
