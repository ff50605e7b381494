"""Reads about queries: the keyword families as the query language sees them, a query compiled
with them, the searches that use a family, and the matcher of every active search reading a source."""

from __future__ import annotations

import logging

from .. import query as q
from ..matcher import CompiledMatcher
from ..models import KeywordFamily, Search, Source

logger = logging.getLogger(__name__)


def families_map() -> dict[str, list[str]]:
    return {name: list(terms) for name, terms in KeywordFamily.objects.values_list("name", "terms")}


def compile_query(text: str, families: dict[str, list[str]] | None = None) -> q.Node:
    """Parse and expand a query; raises QuerySyntaxError (position and reason) when it is refused."""
    node = q.parse(text)
    return q.expand(node, families if families is not None else families_map())


def searches_by_family(*, name: str | None = None) -> dict[str, list[Search]]:
    """Family name -> the searches whose query references it, by search name (each query parsed
    once). With ``name``, only the searches that could reference that family are read."""
    users: dict[str, list[Search]] = {}
    candidates = Search.objects.filter(query__contains=f"@{name}" if name else "@")
    for search in candidates.only("pk", "name", "query").order_by("name"):
        try:
            refs = q.family_refs(q.parse(search.query))
        except q.QuerySyntaxError:
            continue
        for ref in refs:
            users.setdefault(ref, []).append(search)
    return users


def searches_using_family(name: str) -> list[Search]:
    """The searches whose query references @name: a family they use cannot be renamed or deleted."""
    return searches_by_family(name=name).get(name, [])


def active_matcher(source: Source) -> tuple[CompiledMatcher, dict[int, Search]]:
    """Every active search that reads ``source``, compiled together. Searches whose query no
    longer compiles (a family changed since) are left out and logged."""
    families = families_map()
    searches = {s.pk: s for s in Search.objects.filter(is_active=True, sources=source)}
    nodes = {}
    for pk, search in searches.items():
        try:
            nodes[pk] = compile_query(search.query, families)
        except q.QuerySyntaxError as exc:
            logger.warning("search %s skipped: %s", pk, exc.message)
    return CompiledMatcher(nodes), {pk: searches[pk] for pk in nodes}
