"""Match a post against every active search at once, and highlight what matched.

How `CompiledMatcher` works (semantics are those of `listening.query`; property tests check it
against `evaluate_reference`, a separate, token-based implementation):

1. The post is reduced to its *search form* (`listening.query.search_form`): case, accents and
   compatibility forms folded, and every separator other than ". + #" turned into a space.
2. Every distinct word and prefix of every search (the words of phrases included) is put in
   ONE Aho-Corasick automaton (pyahocorasick), each surrounded by the few characters that can
   border a word in that form: " python ", " python.", "#python ", ... for a word; " develop",
   "#develop", ... for a prefix. A hit is therefore on word boundaries by construction ("ann"
   never hits "annual"); the rare ambiguous borders (a "." that may start ".net", a "+" that may
   end "c++") are checked against the tokeniser's rule.
3. A phrase is found from its words' hits: each next word must start at the next word position.
4. Each search is indexed under a *trigger*: a set of atoms at least one of which must be
   present for it to match (for an AND, its cheapest part). Only searches triggered by an atom
   in the post are evaluated. The choice of trigger is retuned from the atoms seen in the posts
   matched so far (rare atoms make the best triggers).
5. A candidate is decided by set operations on the atoms present (required / forbidden atoms of
   a top-level AND) and closures for the rest; NEAR counts the words between occurrences.
   Highlight spans are collected only for the searches that matched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import ahocorasick
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from listening.query import (
    TOKEN_RE,
    And,
    FamilyRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    search_form,
    search_form_offsets,
)

__all__ = ["CompiledMatcher", "highlight", "merge_spans"]

Span = tuple[int, int]  # [start, end) in the padded search form
Hits = dict[int, list[Span]]  # atom id -> occurrences
Test = Callable[[Hits, str], bool]

_WORD_RE = re.compile(r"\w")
_WORD_RUN_RE = re.compile(r"\w+")
_CHECK_DOT = 1  # "." before a word: fine only when it follows a word character (else it is ".word")
_CHECK_SUFFIX = 2  # "+"/"#" after a word: fine only when the run is followed by a word character
_CHECK_TOKEN = 4  # a prefix: the occurrence is the whole word it starts (and ask the tokeniser)
_WORD_TAIL_RE = re.compile(r"\w*(?:[+#]++(?!\w))?")
_RETUNE_AT = (200, 2_000, 20_000, 200_000)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


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
# (required atoms, forbidden atoms, remaining tests): a top-level AND split for set operations.
_Spec = tuple[frozenset[int], frozenset[int], tuple[Test, ...]]


class CompiledMatcher:
    """All searches compiled together. Build once per set of active searches, reuse per post.

    `searches` maps a search id to its EXPANDED query (no `@family` left: see
    `listening.query.expand`); a `FamilyRef` raises `ValueError`. Not meant to be shared by
    threads (it keeps statistics to retune its candidate index)."""

    def __init__(self, searches: Mapping[int, Node]):
        self._atoms: dict[tuple[str, str], int] = {}  # ("word"|"prefix"|"phrase", text) -> id
        self._phrase_words: dict[int, tuple[int, ...]] = {}  # phrase atom -> its word atoms
        # first word atom -> (phrase atom, its other word atoms, all its word atoms)
        self._phrases_by_first: dict[int, list[tuple[int, tuple[int, ...], frozenset[int]]]] = {}
        self._irs: dict[int, _IR] = {}
        self._specs: dict[int, _Spec] = {}
        for search_id, node in searches.items():
            ir = self._compile(node)
            self._irs[search_id] = ir
            self._specs[search_id] = _spec(ir)
        self._phrase_firsts = frozenset(self._phrases_by_first)
        self._seen: Counter[int] = Counter()  # atom -> posts it was found in
        self._posts = 0
        self._always: tuple[int, ...] = ()
        # atom -> (searches it triggers, {second atom: searches it triggers with that atom})
        self._index: dict[int, tuple[tuple[int, ...], dict[int, tuple[int, ...]]]] = {}
        self._retune()
        self._automaton = self._build_automaton()

    def __len__(self) -> int:
        return len(self._irs)

    @property
    def atom_count(self) -> int:
        """Distinct words, prefixes and phrases over all searches."""
        return len(self._atoms)

    # ---------------------------------------------------------------- compile

    def _atom(self, kind: str, text: str) -> int:
        atom = self._atoms.get((kind, text))
        if atom is None:
            atom = self._atoms[(kind, text)] = len(self._atoms)
        return atom

    def _compile(self, node: Node) -> _IR:
        if isinstance(node, Term):
            return _Atom(self._atom("word", node.word))
        if isinstance(node, Prefix):
            return _Atom(self._atom("prefix", node.stem))
        if isinstance(node, Phrase):
            atom = self._atom("phrase", " ".join(node.words))
            if atom not in self._phrase_words:
                words = tuple(self._atom("word", word) for word in node.words)
                self._phrase_words[atom] = words
                self._phrases_by_first.setdefault(words[0], []).append((atom, words[1:], frozenset(words)))
            return _Atom(atom)
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
        atoms = _operand_atoms(self._compile(node))
        if atoms is None:
            raise ValueError(f"NEAR operands must be words, phrases, prefixes or ORs of those: {node!r}")
        return tuple(dict.fromkeys(atoms))

    def _build_automaton(self) -> ahocorasick.Automaton | None:
        keys: dict[str, list[tuple[int, int, int, int]]] = {}
        for (kind, text), atom in self._atoms.items():
            if kind == "phrase":
                continue
            lefts = [(" ", 0), ("+", 0), ("#", 0), (".", _CHECK_DOT if _is_word(text[0]) else 0)]
            if kind == "word":
                rights = [(" ", 0), (".", 0)]
                if _is_word(text[-1]):
                    rights += [("+", _CHECK_SUFFIX), ("#", _CHECK_SUFFIX)]
            else:
                rights = [("", _CHECK_TOKEN)]
            for left, left_check in lefts:
                for right, right_check in rights:
                    key = left + text + right
                    # A hit ends at `end`; the word starts at end - (len(key) - 2).
                    keys.setdefault(key, []).append((atom, len(key) - 2, len(text), left_check | right_check))
        if not keys:
            return None
        automaton = ahocorasick.Automaton()
        for key, (first, *more) in keys.items():
            automaton.add_word(key, (*first, tuple(more)))
        automaton.make_automaton()
        return automaton

    # ---------------------------------------------------------------- candidate index

    def _retune(self) -> None:
        """(Re)choose each search's trigger, preferring atoms seen in fewer posts so far.

        A search whose trigger is one atom and that requires another plain atom (a top-level
        AND) is filed under both, so it is a candidate only when both are present."""
        seen = self._seen
        if seen:
            weight = {atom: seen[atom] + 1 for atom in range(len(self._atoms))}
        else:  # nothing seen yet: phrases are rare, short words and short prefixes common
            weight = {atom: _prior(kind, text) for (kind, text), atom in self._atoms.items()}
        single: dict[int, list[int]] = {}
        paired: dict[int, dict[int, list[int]]] = {}
        always: list[int] = []
        for search_id, ir in self._irs.items():
            trigger = _trigger(ir, False, weight)
            if trigger is None:
                always.append(search_id)
                continue
            others = self._specs[search_id][0] - trigger
            if len(trigger) == 1 and others:
                second = min(others, key=weight.__getitem__)
                paired.setdefault(next(iter(trigger)), {}).setdefault(second, []).append(search_id)
            else:
                for atom in trigger:
                    single.setdefault(atom, []).append(search_id)
        self._index = {
            atom: (tuple(single.get(atom, ())), {second: tuple(ids) for second, ids in paired.get(atom, {}).items()})
            for atom in single.keys() | paired.keys()
        }
        self._always = tuple(always)

    # ---------------------------------------------------------------- match

    def _hits(self, form: str) -> Hits:
        hits: Hits = {}
        if self._automaton is None:
            return hits
        for end, (atom, back, size, check, more) in self._automaton.iter(form):
            start = end - back
            stop = start + size
            if check:
                stop = _border_ok(form, start, stop, check)
            if stop >= 0:
                occurrences = hits.get(atom)
                if occurrences is None:
                    hits[atom] = [(start, stop)]
                else:
                    occurrences.append((start, stop))
            if more:  # the same key serves another atom (e.g. word "c" + "+" and prefix "c+")
                for atom, back, size, check in more:
                    start = end - back
                    stop = _border_ok(form, start, start + size, check) if check else start + size
                    if stop >= 0:
                        hits.setdefault(atom, []).append((start, stop))
        if self._phrases_by_first:
            self._add_phrases(form, hits)
        return hits

    def _add_phrases(self, form: str, hits: Hits) -> None:
        keys = hits.keys()
        for first in keys & self._phrase_firsts:
            for phrase, rest, needed in self._phrases_by_first[first]:
                if not keys >= needed:
                    continue
                following = [dict(hits[word]) for word in rest]  # word start -> word end
                found = []
                for start, end in hits[first]:
                    for starts in following:
                        end = starts.get(_next_word_start(form, end), -1)
                        if end < 0:
                            break
                    else:
                        found.append((start, end))
                if found:
                    hits[phrase] = found

    def _candidates(self, hits: Hits) -> set[int]:
        candidates = set(self._always)
        index = self._index
        keys = hits.keys()
        for atom in keys:
            entry = index.get(atom)
            if entry is not None:
                ids, by_second = entry
                candidates.update(ids)
                if by_second:
                    for second in by_second.keys() & keys:
                        candidates.update(by_second[second])
        return candidates

    def _matches(self, form: str) -> dict[int, list[Span]]:
        hits = self._hits(form)
        self._posts += 1
        if not self._posts & 3:  # a sample of one post in four is enough to rank atoms
            self._seen.update(hits.keys())
            if self._posts in _RETUNE_AT or not self._posts % _RETUNE_AT[-1]:
                self._retune()
        if not hits and not self._always:
            return {}
        candidates = self._candidates(hits)
        keys = hits.keys()
        specs = self._specs
        matched: dict[int, list[Span]] = {}
        for search_id in candidates:
            required, forbidden, rest = specs[search_id]
            if keys >= required and keys.isdisjoint(forbidden):
                for test in rest:
                    if not test(hits, form):
                        break
                else:
                    matched[search_id] = _witness(self._irs[search_id], hits, form)
        return matched

    def match(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Ids of the searches `text` matches, each with the sorted [start, end) character spans
        in `text` of the terms that made it match (feed them to `highlight`)."""
        form, regular = search_form(text)
        matched = self._matches(" " + form + " ")
        if not matched:
            return {}
        if regular:
            return {sid: sorted({(s - 1, e - 1) for s, e in spans}) for sid, spans in matched.items()}
        starts, ends = search_form_offsets(text)
        return {sid: sorted({(starts[s - 1], ends[e - 2]) for s, e in spans}) for sid, spans in matched.items()}

    def candidates(self, text: str) -> set[int]:
        """Ids of the searches `match` would evaluate for `text` (the others cannot match)."""
        return self._candidates(self._hits(" " + search_form(text)[0] + " "))

    def matches(self, text: str) -> set[int]:
        """Ids of the searches `text` matches (without spans)."""
        return set(self._matches(" " + search_form(text)[0] + " "))


# ------------------------------------------------------------------- matching helpers


def _border_ok(form: str, start: int, end: int, check: int) -> int:
    """The end of the word hit at [start, end), or -1 when the borders say it is not a word."""
    if check & _CHECK_DOT and not _is_word(form[start - 2]):
        return -1  # the "." before the word starts a ".word" token
    if check & _CHECK_SUFFIX:
        run_end = end
        while form[run_end] in "+#":
            run_end += 1
        if not _is_word(form[run_end]):
            return -1  # the "+"/"#" run belongs to the word ("c++", "c#")
    if check & _CHECK_TOKEN:
        if _is_word(form[end - 1]):
            tail = _WORD_TAIL_RE.match(form, end)
            return tail.end() if tail else end
        token = TOKEN_RE.match(form, start)  # a stem ending in "+"/"#" (rare)
        return token.end() if token is not None and token.end() >= end else -1
    return end


def _next_word_start(form: str, position: int) -> int:
    """Where the word after `position` (the end of a word) starts, or -1."""
    word = _WORD_RE.search(form, position)
    if word is None:
        return -1
    start = word.start()
    if start - 1 >= position and form[start - 1] == "." and not _is_word(form[start - 2]):
        start -= 1  # a leading-dot word: ".net"
    return start


def _occurrences(atoms: Iterable[int], hits: Hits) -> list[Span]:
    out: list[Span] = []
    for atom in atoms:
        spans = hits.get(atom)
        if spans:
            out.extend(spans)
    return out


def _near_pairs(left: list[Span], right: list[Span], distance: int, form: str) -> list[tuple[Span, Span]]:
    pairs = []
    for a in left:
        for b in right:
            if a[1] <= b[0]:
                gap = len(_WORD_RUN_RE.findall(form, a[1], b[0]))
            elif b[1] <= a[0]:
                gap = len(_WORD_RUN_RE.findall(form, b[1], a[0]))
            else:
                continue  # overlapping occurrences
            if gap <= distance:
                pairs.append((a, b))
    return pairs


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


def _prior(kind: str, text: str) -> int:
    if kind == "phrase":
        return 1
    if kind == "prefix":
        return max(1, 400 // len(text))
    return max(1, 100 // len(text))


def _trigger(ir: _IR, negated: bool, weight: Mapping[int, int]) -> frozenset[int] | None:
    """Atoms at least one of which must be present for `ir` (negated if `negated`) to be true,
    or None when it can be true with none of its atoms present.

    Computed on the negation normal form: under NOT, AND and OR swap and an atom yields None.
    For an AND, one child's trigger suffices: the cheapest (least total weight) is taken."""
    if isinstance(ir, _Atom):
        return None if negated else frozenset((ir.id,))
    if isinstance(ir, _Near):
        if negated:
            return None
        return min((frozenset(ir.left), frozenset(ir.right)), key=lambda atoms: sum(weight[a] for a in atoms))
    if isinstance(ir, _Not):
        return _trigger(ir.child, not negated, weight)
    children = [_trigger(child, negated, weight) for child in ir.children]
    if isinstance(ir, _And) != negated:  # behaves as an AND: any child's trigger will do
        known = [child for child in children if child is not None]
        return min(known, key=lambda atoms: sum(weight[a] for a in atoms)) if known else None
    if any(child is None for child in children):  # behaves as an OR: needs every child's
        return None
    return frozenset().union(*[child for child in children if child is not None])


def _spec(ir: _IR) -> _Spec:
    if not isinstance(ir, _And):
        return frozenset(), frozenset(), (_test(ir),)
    required = frozenset(child.id for child in ir.children if isinstance(child, _Atom))
    forbidden = frozenset(c.child.id for c in ir.children if isinstance(c, _Not) and isinstance(c.child, _Atom))
    rest = tuple(
        _test(c)
        for c in ir.children
        if not isinstance(c, _Atom) and not (isinstance(c, _Not) and isinstance(c.child, _Atom))
    )
    return required, forbidden, rest


def _test(ir: _IR) -> Test:
    """A closure deciding `ir` from the atoms present (and the form, for NEAR)."""
    if isinstance(ir, _Atom):
        atom = ir.id
        return lambda hits, form: atom in hits
    if isinstance(ir, _Not):
        child = _test(ir.child)
        return lambda hits, form: not child(hits, form)
    if isinstance(ir, _Near):
        left, right, distance = ir.left, ir.right, ir.distance
        left_set, right_set = frozenset(left), frozenset(right)

        def near(hits: Hits, form: str) -> bool:
            keys = hits.keys()
            if keys.isdisjoint(left_set) or keys.isdisjoint(right_set):
                return False
            return bool(_near_pairs(_occurrences(left, hits), _occurrences(right, hits), distance, form))

        return near
    plain = frozenset(child.id for child in ir.children if isinstance(child, _Atom))
    rest = tuple(_test(child) for child in ir.children if not isinstance(child, _Atom))
    if not rest:  # the usual case: only atoms, one set operation
        if isinstance(ir, _And):
            return lambda hits, form: hits.keys() >= plain
        return lambda hits, form: not hits.keys().isdisjoint(plain)
    if isinstance(ir, _And):

        def every(hits: Hits, form: str) -> bool:
            return hits.keys() >= plain and all(test(hits, form) for test in rest)

        return every

    def some(hits: Hits, form: str) -> bool:
        return not hits.keys().isdisjoint(plain) or any(test(hits, form) for test in rest)

    return some


def _holds(ir: _IR, hits: Hits, form: str) -> bool:
    if isinstance(ir, _Atom):
        return ir.id in hits
    if isinstance(ir, _Not):
        return not _holds(ir.child, hits, form)
    if isinstance(ir, _Near):
        return bool(_near_pairs(_occurrences(ir.left, hits), _occurrences(ir.right, hits), ir.distance, form))
    if isinstance(ir, _And):
        return all(_holds(child, hits, form) for child in ir.children)
    return any(_holds(child, hits, form) for child in ir.children)


def _witness(ir: _IR, hits: Hits, form: str, negated: bool = False) -> list[Span]:
    """Occurrences that make `ir` true (false when `negated`): the present atoms that are not
    negated, the NEAR pairs that qualify. Negated atoms contribute nothing."""
    if isinstance(ir, _Atom):
        return [] if negated else list(hits.get(ir.id, ()))
    if isinstance(ir, _Not):
        return _witness(ir.child, hits, form, not negated)
    if isinstance(ir, _Near):
        if negated:
            return []
        pairs = _near_pairs(_occurrences(ir.left, hits), _occurrences(ir.right, hits), ir.distance, form)
        return [span for pair in pairs for span in pair]
    every = isinstance(ir, _And) != negated  # an AND (or a negated OR): every child counts
    out: list[Span] = []
    for child in ir.children:
        if every or _holds(child, hits, form) != negated:
            out.extend(_witness(child, hits, form, negated))
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
    return mark_safe("".join(parts))  # every piece of text above is escaped
