"""Match a post against every active search at once, and highlight what matched.

How `CompiledMatcher` works (semantics are those of `listening.query`, checked against
`evaluate_reference` by property tests):

1. Every distinct word, phrase and prefix of every search is an *atom*. One Aho-Corasick
   automaton (pyahocorasick) holds them all as keys over the post's words joined by single
   spaces: " python " (a word), " machine learning " (a phrase), " develop" (a prefix). Because
   the post is reduced to " w1 w2 ... wn ", a hit always lies on word boundaries ("ann" never
   hits "annual") and a phrase hit always covers consecutive words.
2. One pass of the automaton gives, per atom present, the word indices where it occurs.
3. Each search is indexed under a *trigger*: a set of atoms at least one of which must be
   present for the search to match (for an AND, the trigger of its most selective part). Only
   searches triggered by an atom present are evaluated; the others cannot match.
4. A candidate is evaluated by closures compiled once (set inclusion/disjointness on the atoms
   present, NEAR by comparing word positions). Spans for highlighting are worked out only for
   searches that matched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import ahocorasick
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from listening.query import (
    And,
    FamilyRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    near_pairs,
    token_spans,
    word_texts,
)

__all__ = ["CompiledMatcher", "highlight", "merge_spans"]

Hits = dict[int, list[int]]  # atom id -> first word index of each occurrence
Occurrence = tuple[int, int]  # (first, last) word index
Test = Callable[[Hits], bool]


# Compiled form of a search: atoms are ints; NOT/AND/OR/NEAR keep their shape.
@dataclass(frozen=True, slots=True)
class _Atom:
    id: int


@dataclass(frozen=True, slots=True)
class _Not:
    child: _IR


@dataclass(frozen=True, slots=True)
class _And:
    children: tuple[_IR, ...]


@dataclass(frozen=True, slots=True)
class _Or:
    children: tuple[_IR, ...]


@dataclass(frozen=True, slots=True)
class _Near:
    left: tuple[int, ...]  # atom ids (an operand is an OR of atoms)
    right: tuple[int, ...]
    distance: int


_IR = _Atom | _Not | _And | _Or | _Near


class CompiledMatcher:
    """All searches compiled together. Build once per set of active searches, reuse per post.

    `searches` maps a search id to its EXPANDED query (no `@family` left: see
    `listening.query.expand`); a `FamilyRef` raises `ValueError`."""

    def __init__(self, searches: Mapping[int, Node]):
        self._keys: dict[str, int] = {}  # automaton key -> atom id
        self._lengths: list[int] = []  # atom id -> number of words
        self._weights: list[int] = []  # atom id -> selectivity guess (higher = rarer)
        self._tests: dict[int, Test] = {}
        self._irs: dict[int, _IR] = {}
        self._always: list[int] = []  # searches without a trigger (not produced by `parse`)
        triggered: dict[int, list[int]] = {}
        for search_id, node in searches.items():
            ir = self._compile(node)
            self._irs[search_id] = ir
            self._tests[search_id] = _test(ir, self._lengths)
            trigger = _trigger(ir, False, self._weights)
            if trigger is None:
                self._always.append(search_id)
            else:
                for atom in trigger:
                    triggered.setdefault(atom, []).append(search_id)
        self._triggers: list[tuple[int, ...]] = [tuple(triggered.get(a, ())) for a in range(len(self._lengths))]
        self._automaton: ahocorasick.Automaton | None = None
        if self._keys:
            automaton = ahocorasick.Automaton()
            for key, atom in self._keys.items():
                automaton.add_word(key, (atom, len(key)))
            automaton.make_automaton()
            self._automaton = automaton

    def __len__(self) -> int:
        return len(self._irs)

    @property
    def atom_count(self) -> int:
        return len(self._lengths)

    # ---------------------------------------------------------------- compile

    def _atom(self, key: str, length: int, weight: int) -> int:
        atom = self._keys.get(key)
        if atom is None:
            atom = self._keys[key] = len(self._lengths)
            self._lengths.append(length)
            self._weights.append(weight)
        return atom

    def _compile(self, node: Node) -> _IR:
        if isinstance(node, Term):
            return _Atom(self._atom(f" {node.word} ", 1, len(node.word)))
        if isinstance(node, Phrase):
            text = " ".join(node.words)
            return _Atom(self._atom(f" {text} ", len(node.words), 4 * len(text)))
        if isinstance(node, Prefix):
            return _Atom(self._atom(f" {node.stem}", 1, len(node.stem) - 2))
        if isinstance(node, Not):
            return _Not(self._compile(node.child))
        if isinstance(node, And):
            return _And(tuple(self._compile(child) for child in node.children))
        if isinstance(node, Or):
            return _Or(tuple(self._compile(child) for child in node.children))
        if isinstance(node, Near):
            return _Near(self._operand(node.left), self._operand(node.right), node.distance)
        if isinstance(node, FamilyRef):
            raise ValueError(f"expand keyword families before compiling: @{node.name}")
        raise TypeError(f"not a query node: {node!r}")

    def _operand(self, node: Node) -> tuple[int, ...]:
        ir = self._compile(node)
        atoms = _operand_atoms(ir)
        if atoms is None:
            raise ValueError(f"NEAR operands must be words, phrases, prefixes or ORs of those: {node!r}")
        return tuple(dict.fromkeys(atoms))

    # ---------------------------------------------------------------- match

    def _hits(self, words: list[str]) -> Hits:
        hits: Hits = {}
        if self._automaton is None or not words:
            return hits
        joined = " " + " ".join(words) + " "
        count = joined.count
        for end, (atom, length) in self._automaton.iter(joined):
            # The key starts on the space before its first word: word index = spaces before - 1.
            index = count(" ", 0, end - length + 2) - 1
            occurrences = hits.get(atom)
            if occurrences is None:
                hits[atom] = [index]
            else:
                occurrences.append(index)
        return hits

    def match_words(self, words: list[str]) -> dict[int, list[Occurrence]]:
        """Like `match` on already normalised words; spans are (first, last) word indices."""
        hits = self._hits(words)
        if not hits and not self._always:
            return {}
        candidates: set[int] = set(self._always)
        triggers = self._triggers
        for atom in hits:
            candidates.update(triggers[atom])
        tests = self._tests
        matched: dict[int, list[Occurrence]] = {}
        for search_id in candidates:
            if tests[search_id](hits):
                matched[search_id] = sorted(set(_witness(self._irs[search_id], hits, self._lengths)))
        return matched

    def match(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Ids of the searches `text` matches, each with the [start, end) character spans in `text`
        of the terms that made it match (sorted; feed them to `highlight`)."""
        matched = self.match_words(word_texts(text))
        if not matched:
            return {}
        spans = token_spans(text)
        return {
            search_id: sorted({(spans[first][0], spans[last][1]) for first, last in occurrences})
            for search_id, occurrences in matched.items()
        }

    def matches(self, text: str) -> set[int]:
        """Ids of the searches `text` matches (no spans)."""
        return set(self.match_words(word_texts(text)))


# ------------------------------------------------------------------- compile helpers


def _operand_atoms(ir: _IR) -> list[int] | None:
    if isinstance(ir, _Atom):
        return [ir.id]
    if isinstance(ir, _Or):
        atoms: list[int] = []
        for child in ir.children:
            child_atoms = _operand_atoms(child)
            if child_atoms is None:
                return None
            atoms.extend(child_atoms)
        return atoms
    return None


def _trigger(ir: _IR, negated: bool, weights: Sequence[int]) -> frozenset[int] | None:
    """Atoms at least one of which must be present for `ir` (negated if `negated`) to be true,
    or None when it can be true with none of its atoms present.

    Computed on the negation normal form: under NOT, AND and OR swap and an atom yields None.
    For an AND, one child's trigger suffices: the most selective one is taken (fewest atoms,
    then longest words/phrases)."""
    if isinstance(ir, _Atom):
        return None if negated else frozenset((ir.id,))
    if isinstance(ir, _Near):
        if negated:
            return None
        return min((frozenset(ir.left), frozenset(ir.right)), key=lambda atoms: _cost(atoms, weights))
    if isinstance(ir, _Not):
        return _trigger(ir.child, not negated, weights)
    children = [_trigger(child, negated, weights) for child in ir.children]
    if isinstance(ir, _And) != negated:  # behaves as an AND: any child's trigger will do
        known = [child for child in children if child is not None]
        return min(known, key=lambda atoms: _cost(atoms, weights)) if known else None
    if any(child is None for child in children):  # behaves as an OR: needs every child's
        return None
    return frozenset().union(*[child for child in children if child is not None])


def _cost(atoms: frozenset[int], weights: Sequence[int]) -> tuple[int, int]:
    return len(atoms), -min(weights[atom] for atom in atoms)


def _test(ir: _IR, lengths: Sequence[int]) -> Test:
    """A closure deciding `ir` from the atoms present. Plain atoms of an AND/OR are checked with
    one set operation on the dict's keys."""
    if isinstance(ir, _Atom):
        atom = ir.id
        return lambda hits: atom in hits
    if isinstance(ir, _Not):
        inner = ir.child
        if isinstance(inner, _Atom):
            negated_atom = inner.id
            return lambda hits: negated_atom not in hits
        child = _test(inner, lengths)
        return lambda hits: not child(hits)
    if isinstance(ir, _Near):
        return _near_test(ir, lengths)
    plain = frozenset(child.id for child in ir.children if isinstance(child, _Atom))
    if isinstance(ir, _And):
        absent = frozenset(c.child.id for c in ir.children if isinstance(c, _Not) and isinstance(c.child, _Atom))
        rest = tuple(
            _test(c, lengths)
            for c in ir.children
            if not isinstance(c, _Atom) and not (isinstance(c, _Not) and isinstance(c.child, _Atom))
        )
        return _and_test(plain, absent, rest)
    rest = tuple(_test(child, lengths) for child in ir.children if not isinstance(child, _Atom))
    return _or_test(plain, rest)


def _and_test(plain: frozenset[int], absent: frozenset[int], rest: tuple[Test, ...]) -> Test:
    if not rest:
        if not absent:
            return lambda hits: hits.keys() >= plain
        if not plain:
            return lambda hits: hits.keys().isdisjoint(absent)
        return lambda hits: hits.keys() >= plain and hits.keys().isdisjoint(absent)

    def test(hits: Hits) -> bool:
        keys = hits.keys()
        if not (keys >= plain and keys.isdisjoint(absent)):
            return False
        return all(child(hits) for child in rest)

    return test


def _or_test(plain: frozenset[int], rest: tuple[Test, ...]) -> Test:
    if not rest:
        return lambda hits: not hits.keys().isdisjoint(plain)

    def test(hits: Hits) -> bool:
        if not hits.keys().isdisjoint(plain):
            return True
        return any(child(hits) for child in rest)

    return test


def _near_test(ir: _Near, lengths: Sequence[int]) -> Test:
    left, right, distance = ir.left, ir.right, ir.distance
    # A NEAR needs both sides present; only then are positions compared (rare).
    left_set, right_set = frozenset(left), frozenset(right)

    def test(hits: Hits) -> bool:
        keys = hits.keys()
        if keys.isdisjoint(left_set) or keys.isdisjoint(right_set):
            return False
        return bool(near_pairs(_positions(left, hits, lengths), _positions(right, hits, lengths), distance))

    return test


def _positions(atoms: Iterable[int], hits: Hits, lengths: Sequence[int]) -> list[Occurrence]:
    out: list[Occurrence] = []
    for atom in atoms:
        starts = hits.get(atom)
        if starts:
            last = lengths[atom] - 1
            out.extend((start, start + last) for start in starts)
    return out


def _holds(ir: _IR, hits: Hits, lengths: Sequence[int]) -> bool:
    if isinstance(ir, _Atom):
        return ir.id in hits
    if isinstance(ir, _Not):
        return not _holds(ir.child, hits, lengths)
    if isinstance(ir, _Near):
        return bool(near_pairs(_positions(ir.left, hits, lengths), _positions(ir.right, hits, lengths), ir.distance))
    if isinstance(ir, _And):
        return all(_holds(child, hits, lengths) for child in ir.children)
    return any(_holds(child, hits, lengths) for child in ir.children)


def _witness(ir: _IR, hits: Hits, lengths: Sequence[int]) -> list[Occurrence]:
    """Occurrences that make a TRUE `ir` true: present positive atoms, NEAR pairs that qualify.
    Negated parts contribute nothing."""
    if isinstance(ir, _Atom):
        return _positions((ir.id,), hits, lengths)
    if isinstance(ir, _Not):
        return []
    if isinstance(ir, _Near):
        pairs = near_pairs(_positions(ir.left, hits, lengths), _positions(ir.right, hits, lengths), ir.distance)
        return [occurrence for pair in pairs for occurrence in pair]
    out: list[Occurrence] = []
    for child in ir.children:
        if isinstance(ir, _And) or _holds(child, hits, lengths):
            out.extend(_witness(child, hits, lengths))
    return out


# ------------------------------------------------------------------- highlighting


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Sorted, clipped to [0, length], overlapping and touching spans merged, empty ones dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """`text` HTML-escaped, with each span wrapped in <mark>. Markup in `text` stays inert."""
    parts: list[str] = []
    position = 0
    for start, end in merge_spans(spans, len(text)):
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
