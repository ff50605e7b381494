"""Keyword families in queries: the @names a query references, a family's terms as atoms, and
the expansion of each @name into an OR of its terms."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from .nodes import (
    MIN_PREFIX,
    And,
    Atom,
    FamilyRef,
    Near,
    Node,
    Not,
    Or,
    Prefix,
    QuerySyntaxError,
    UnknownFamilyError,
    flat,
    words_node,
)
from .text import word_texts

# --------------------------------------------------------------------------- families


def _walk(node: Node) -> Iterable[Node]:
    yield node
    if isinstance(node, Not):
        yield from _walk(node.child)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from _walk(child)
    elif isinstance(node, Near):
        yield from _walk(node.left)
        yield from _walk(node.right)


def family_refs(node: Node) -> set[str]:
    """Names of the keyword families `node` references (without '@')."""
    return {n.name for n in _walk(node) if isinstance(n, FamilyRef)}


def family_term(text: str, *, family: str = "", position: int = 0) -> Atom:
    """One term of a keyword family: a word, several words or "a phrase" (a phrase), or stem*.

    Operators mean nothing here: "research and development" is a three-word phrase."""
    raw = text.strip()
    label = f"keyword family '@{family}': the term {raw!r}"
    quoted = len(raw) >= 2 and raw[0] == raw[-1] == '"'
    body = raw[1:-1] if quoted else raw
    is_prefix = not quoted and body.endswith("*")
    words = word_texts(body[:-1] if is_prefix else body)
    if not words:
        raise QuerySyntaxError(f"{label} contains no letter or digit", position, code="family_term")
    if not is_prefix:
        return words_node(words, position)
    if len(words) != 1 or len(words[0]) < MIN_PREFIX:
        raise QuerySyntaxError(
            f"{label} must be one word of at least {MIN_PREFIX} characters before '*'", position, code="family_term"
        )
    return Prefix(words[0], position)


def expand(node: Node, families: Mapping[str, Sequence[str]]) -> Node:
    """Replace every `@name` by an OR of the family's terms (see `family_term`).

    Raises `UnknownFamilyError` (with the name and column) for a missing family and
    `QuerySyntaxError` for a family without terms or with an unusable term."""
    if isinstance(node, FamilyRef):
        if node.name not in families:
            raise UnknownFamilyError(node.name, node.position)
        terms: list[Node] = []
        for raw in families[node.name]:
            term = family_term(raw, family=node.name, position=node.position)
            if term not in terms:
                terms.append(term)
        if not terms:
            raise QuerySyntaxError(
                f"keyword family '@{node.name}' at column {node.position + 1} has no terms", node.position
            )
        return terms[0] if len(terms) == 1 else Or(tuple(terms))
    if isinstance(node, Not):
        return Not(expand(node.child, families), node.position)
    if isinstance(node, And):
        return flat(And, [expand(child, families) for child in node.children])
    if isinstance(node, Or):
        return flat(Or, [expand(child, families) for child in node.children])
    if isinstance(node, Near):
        return Near(expand(node.left, families), expand(node.right, families), node.distance, node.position)
    return node
