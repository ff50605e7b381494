"""The reference semantics: plain and slow, the specification the matcher is tested against."""

from __future__ import annotations

from collections.abc import Sequence

from .nodes import And, FamilyRef, Node, Not, Or, Phrase, Prefix, Term
from .text import tokenize

# --------------------------------------------------------------------------- reference semantics


def _occurrences(node: Node, words: Sequence[str]) -> list[tuple[int, int]]:
    """(first, last) word indices of every occurrence of a positional node."""
    if isinstance(node, Term):
        return [(i, i) for i, word in enumerate(words) if word == node.word]
    if isinstance(node, Prefix):
        return [(i, i) for i, word in enumerate(words) if word.startswith(node.stem)]
    if isinstance(node, Phrase):
        k = len(node.words)
        return [(i, i + k - 1) for i in range(len(words) - k + 1) if tuple(words[i : i + k]) == node.words]
    if isinstance(node, Or):
        return [occurrence for child in node.children for occurrence in _occurrences(child, words)]
    if isinstance(node, FamilyRef):
        return []  # unexpanded: matches nothing (parse uses this to test the empty text)
    raise TypeError(f"not a positional node: {node!r}")


def evaluate(node: Node, words: Sequence[str]) -> bool:
    if isinstance(node, Term | Phrase | Prefix | FamilyRef):
        return bool(_occurrences(node, words))
    if isinstance(node, Not):
        return not evaluate(node.child, words)
    if isinstance(node, And):
        return all(evaluate(child, words) for child in node.children)
    if isinstance(node, Or):
        return any(evaluate(child, words) for child in node.children)
    # Word positions here; the matcher counts words between character spans: two implementations.
    for first_a, last_a in _occurrences(node.left, words):
        for first_b, last_b in _occurrences(node.right, words):
            overlap = set(range(first_a, last_a + 1)) & set(range(first_b, last_b + 1))
            between = range(min(last_a, last_b) + 1, max(first_a, first_b))
            if not overlap and len(between) <= node.distance:
                return True
    return False


def evaluate_reference(node: Node, text: str) -> bool:
    """Does `node` match `text`? Plain and slow: the specification the matcher is tested against.

    Expand families first; an unexpanded `@family` matches nothing."""
    return evaluate(node, [token.text for token in tokenize(text)])
