"""The lexer: a query's text as operators, parentheses and atoms (words, phrases, prefixes,
@family references), each with its position for messages."""

from __future__ import annotations

import re
from typing import NamedTuple

from .nodes import MAX_NEAR, MIN_PREFIX, FamilyRef, Node, Prefix, QuerySyntaxError, words_node
from .text import word_texts

OPERATORS = frozenset({"AND", "OR", "NOT"})
_FAMILY_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_NEAR_RE = re.compile(r"NEAR/(\d{1,6})")


class Lexeme(NamedTuple):
    kind: str  # ATOM, FAMILY, LPAREN, RPAREN, AND, OR, NOT, NEAR, EOF
    position: int
    text: str  # as written, for messages
    node: Node | None = None
    distance: int = 0


def _chunk_atom(chunk: str, position: int) -> Node:
    """A bare chunk: word, multi-word (phrase), prefix* or @family."""
    column = position + 1
    if chunk.startswith("@"):
        name = chunk[1:]
        if not _FAMILY_NAME_RE.fullmatch(name):
            raise QuerySyntaxError(
                f"'@' at column {column} must be followed by a family name (letters, digits, '-', '_', '.')",
                position,
            )
        return FamilyRef(name, position)
    star = chunk.find("*")
    if star != -1 and star != len(chunk) - 1:
        raise QuerySyntaxError(
            f"'*' at column {position + star + 1} is only allowed at the end of a word", position + star
        )
    words = word_texts(chunk[:-1] if star != -1 else chunk)
    if not words:
        if star != -1 and len(chunk) == 1:
            raise QuerySyntaxError(f"'*' at column {column} must follow a word, e.g. develop*", position)
        raise QuerySyntaxError(f"'{chunk}' at column {column} contains no letter or digit", position)
    if star == -1:
        return words_node(words, position)
    if len(words) != 1:
        raise QuerySyntaxError(f"the prefix '{chunk}' at column {column} must be a single word", position)
    if len(words[0]) < MIN_PREFIX:
        raise QuerySyntaxError(
            f"the prefix '{chunk}' at column {column} is too short (at least {MIN_PREFIX} characters before '*')",
            position,
        )
    return Prefix(words[0], position)


def _quoted(query: str, i: int) -> tuple[Lexeme, int]:
    """A "quoted phrase" starting at ``i``; returns it and the index after the closing quote."""
    close = query.find('"', i + 1)
    if close == -1:
        raise QuerySyntaxError(f"the quote opened at column {i + 1} is never closed", i)
    words = word_texts(query[i + 1 : close])
    if not words:
        raise QuerySyntaxError(f"the quoted phrase at column {i + 1} contains no letter or digit", i)
    return Lexeme("ATOM", i, query[i : close + 1], words_node(words, i)), close + 1


def _minus(query: str, i: int) -> tuple[Lexeme, int]:
    """``-term``: NOT, when a term follows at once."""
    if i + 1 >= len(query) or query[i + 1].isspace() or query[i + 1] == ")":
        raise QuerySyntaxError(f"'-' at column {i + 1} must be directly followed by a term, e.g. -java", i)
    return Lexeme("NOT", i, "-"), i + 1


def _near(chunk: str, start: int) -> Lexeme:
    match = _NEAR_RE.fullmatch(chunk)
    if not match:
        raise QuerySyntaxError(f"NEAR at column {start + 1} needs a distance, e.g. NEAR/3", start)
    distance = int(match.group(1))
    if not 1 <= distance <= MAX_NEAR:
        raise QuerySyntaxError(f"{chunk} at column {start + 1}: the distance must be between 1 and {MAX_NEAR}", start)
    return Lexeme("NEAR", start, chunk, distance=distance)


def _bare(query: str, i: int) -> tuple[Lexeme, int]:
    """A bare chunk up to whitespace, a parenthesis or a quote: an operator, NEAR/n or an atom."""
    start = i
    while i < len(query) and not query[i].isspace() and query[i] not in '()"':
        i += 1
    chunk = query[start:i]
    if chunk in OPERATORS:
        return Lexeme(chunk, start, chunk), i
    if chunk == "NEAR" or chunk.startswith("NEAR/"):
        return _near(chunk, start), i
    return Lexeme("ATOM", start, chunk, _chunk_atom(chunk, start)), i


_PARENTHESES = {"(": "LPAREN", ")": "RPAREN"}


def lex(query: str) -> list[Lexeme]:
    out: list[Lexeme] = []
    i = 0
    while i < len(query):
        char = query[i]
        if char.isspace():
            i += 1
        elif char in _PARENTHESES:
            out.append(Lexeme(_PARENTHESES[char], i, char))
            i += 1
        else:
            read = _quoted if char == '"' else _minus if char == "-" else _bare
            lexeme, i = read(query, i)
            out.append(lexeme)
    out.append(Lexeme("EOF", len(query), "end of query"))
    return out
