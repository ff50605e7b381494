"""The parsed query: its nodes, the errors a refused query raises, and the language's limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.errors import DomainError

MAX_NEAR = 50
MIN_PREFIX = 2


# --------------------------------------------------------------------------- AST


@dataclass(frozen=True, slots=True)
class Term:
    """One normalised word."""

    word: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Consecutive normalised words (at least two)."""

    words: tuple[str, ...]
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Prefix:
    """Any word starting with `stem` (normalised)."""

    stem: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class FamilyRef:
    """`@name`: a KeywordFamily, replaced by `expand`."""

    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Near:
    """`left NEAR/distance right`: at most `distance` words between them, either order."""

    left: Node
    right: Node
    distance: int
    position: int = field(default=0, compare=False)


Node = Term | Phrase | Prefix | FamilyRef | Not | And | Or | Near
Atom = Term | Phrase | Prefix
ATOM_TYPES = (Term, Phrase, Prefix)


# --------------------------------------------------------------------------- errors


class QuerySyntaxError(DomainError):
    """A query was refused. `message` says why and where; `column` is 1-based, `position` 0-based."""

    code = "query_syntax"

    def __init__(self, message: str, position: int, *, code: str | None = None):
        super().__init__(message, code=code, fields={"query": [message]})
        self.position = position
        self.column = position + 1


class UnknownFamilyError(QuerySyntaxError):
    """`@name` names no keyword family (raised by `expand`)."""

    code = "unknown_family"

    def __init__(self, name: str, position: int):
        super().__init__(f"unknown keyword family '@{name}' at column {position + 1}", position)
        self.family = name


def words_node(words: list[str], position: int) -> Term | Phrase:
    return Term(words[0], position) if len(words) == 1 else Phrase(tuple(words), position)


def flat(kind: type[And] | type[Or], children: list[Node]) -> Node:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))
