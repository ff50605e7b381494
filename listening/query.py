"""The listening query language: normalisation, tokenisation, parsing and family expansion.

Pure Python (no models, no database). `listening.matcher` compiles the parsed queries of all
active searches into one matcher.

Text model
----------
Text is compared after `normalize`: per character NFKC, casefold, canonical decomposition,
removal of non-spacing/enclosing combining marks (Unicode categories Mn/Me), then NFC. So
"Zürich" == "zurich", "ÉCOLE" == "école", "Straße" == "strasse", "ﬁle" == "file". It is applied
character by character so that every token keeps offsets into the ORIGINAL text (highlighting).

`tokenize` splits the normalised text into words (`TOKEN_RE`):

* a word is a run of letters, digits and underscores (`\\w+`), so punctuation, hyphens,
  apostrophes, '@' and '#' separate words: "full-stack" -> full, stack; "#hiring" -> hiring;
* trailing '+' / '#' stay on the word when no letter or digit follows: "C++" -> c++, "C#" -> c#
  (so `c` does not match "C++", and `c++` does not match "C"); "C++11" is c, 11;
* a leading '.' stays on a word when it does not follow a letter/digit: ".NET" -> .net, but
  "ASP.NET" -> asp, net and "node.js" -> node, js (search them as `asp.net`, see below);
* no dictionary segmentation: a run of CJK characters is one word.

Matching is by whole words, so "Ann" never matches "Annual"; a phrase matches consecutive words
whatever punctuation or whitespace lies between them ("machine learning" matches
"Machine-Learning").

Query grammar
-------------
::

    query    := or_expr
    or_expr  := and_expr ( "OR" and_expr )*
    and_expr := unary ( ["AND"] unary )*          -- adjacency is an implicit AND
    unary    := ( "NOT" | "-" ) unary | near
    near     := primary [ "NEAR/" n primary ]     -- 1 <= n <= MAX_NEAR, not chained
    primary  := word | "phrase" | prefix* | @family | "(" or_expr ")"

Precedence, tightest first: NEAR, NOT, AND, OR.

* Operators are keywords only in UPPERCASE: `and`, `or`, `not`, `near`, `Near` are ordinary
  words. (Posts are full of "and"/"or"; only the uppercase form is reserved.)
* A bare chunk that yields several words is a phrase: `full-stack` == `"full stack"`,
  `asp.net` == `"asp net"`. A chunk or quoted text with no letter or digit is an error.
* `-` is NOT only at the start of a term (`python -java`); inside a chunk it is a separator.
* `stem*` matches every word starting with `stem` (the word itself too). The stem must be one
  word of at least `MIN_PREFIX` characters; `*` elsewhere is an error.
* `@name` references a KeywordFamily (names: letters, digits, `_`, `-`, `.`; case-sensitive).
  `expand` replaces it by an OR of the family's terms.
* `A NEAR/n B` matches when an occurrence of A and an occurrence of B, in either order and not
  overlapping, have at most n words between them ("a x x b" matches NEAR/2, not NEAR/1). The
  operands must be positional: a word, a "phrase", a prefix*, an @family, or a parenthesised
  OR of those, e.g. `(python OR django) NEAR/3 @recruiters`.
* A query that would match a post containing none of its terms (`NOT java`, `a OR -b`) is
  refused: a listening search has to look *for* something.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from core.errors import DomainError

__all__ = [
    "MAX_NEAR",
    "MIN_PREFIX",
    "And",
    "FamilyRef",
    "Near",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Prefix",
    "QuerySyntaxError",
    "Term",
    "Token",
    "UnknownFamilyError",
    "evaluate_reference",
    "expand",
    "family_refs",
    "family_term",
    "normalize",
    "parse",
    "search_form",
    "to_query",
    "tokenize",
    "word_texts",
]

MAX_NEAR = 50
MIN_PREFIX = 2
MAX_QUERY_LENGTH = 2_000
MAX_NESTING = 50  # parentheses and NOTs inside each other
OPERATORS = frozenset({"AND", "OR", "NOT"})

# Applied to NORMALISED text. See the module docstring for the rules.
TOKEN_RE = re.compile(r"(?:(?<!\w)\.(?=\w))?\w+(?:[+#]++(?!\w))?")
_FAMILY_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_NEAR_RE = re.compile(r"NEAR/(\d{1,6})")


# --------------------------------------------------------------------------- normalisation


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", char).casefold())
    stripped = "".join(c for c in folded if unicodedata.category(c) not in ("Mn", "Me"))
    # .lower() is idempotent: the matcher lowercases whole strings that contain folded chars.
    return unicodedata.normalize("NFC", stripped).lower()


class _FoldTable(dict[int, str]):
    """`str.translate` table filled lazily; remembers characters whose fold is not 1 char."""

    LIMIT = 100_000  # hostile input must not grow the cache without bound

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(folded) != 1:
            self.irregular.add(chr(code))
        if len(self) < self.LIMIT:
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def _fold(text: str) -> tuple[str, bool]:
    """The normalised text, and whether its indices equal the original's (1 char -> 1 char)."""
    if text.isascii():
        return text.lower(), True
    folded = text.translate(_FOLD)
    return folded, _FOLD.irregular.isdisjoint(text)


def _offset_map(text: str, fold: Callable[[str], str]) -> tuple[list[int], list[int]]:
    """For each folded character: (start, end) of the original character(s) it came from.

    A character that folds to nothing (a combining accent) extends the previous one's end, so a
    highlighted "cafe\u0301" includes its accent."""
    starts: list[int] = []
    ends: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        if not folded:
            if ends:
                ends[-1] = index + 1
            continue
        for _ in folded:
            starts.append(index)
            ends.append(index + 1)
    return starts, ends


def _plain_fold(char: str) -> str:
    return _FOLD[ord(char)]


# The matcher's view of a text: folded like `normalize`, and every character that can neither
# be in a word nor change a word's boundary (anything but \w . + #) replaced by a space. Words
# are unchanged (same `TOKEN_RE` tokens); the matcher relies on separators being one of " .+#".
_SEPARATOR_RE = re.compile(r"[^\w.+#]")
_ASCII_FORM = {i: (c.lower() if re.fullmatch(r"[\w.+#]", c) else " ") for i, c in ((i, chr(i)) for i in range(128))}
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_FORM_CACHE: dict[str, str] = {}


def _form_char(char: str) -> str:
    form = _FORM_CACHE.get(char)
    if form is None:
        form = char.translate(_ASCII_FORM) if char.isascii() else _SEPARATOR_RE.sub(" ", _fold_char(char))
        if len(_FORM_CACHE) < _FoldTable.LIMIT:
            _FORM_CACHE[char] = form
    return form


def search_form(text: str) -> tuple[str, bool]:
    """The text as the matcher scans it, and whether its indices equal the original's.

    Same words as `tokenize`; separators are reduced to " ", ".", "+" or "#"."""
    if text.isascii():
        return text.translate(_ASCII_FORM), True
    regular = True

    def fold(match: re.Match[str]) -> str:
        nonlocal regular
        form = _form_char(match.group())
        if len(form) != 1:
            regular = False
        return form

    folded = _NON_ASCII_RE.sub(fold, text)
    if folded.isascii():
        return folded.translate(_ASCII_FORM), regular
    return _SEPARATOR_RE.sub(" ", folded.lower()), regular


def search_form_offsets(text: str) -> tuple[list[int], list[int]]:
    """`_offset_map` for `search_form` (only needed when it is not 1:1)."""
    return _offset_map(text, _form_char)


def normalize(text: str) -> str:
    """Case-, accent- and compatibility-folded text (see the module docstring)."""
    return _fold(text)[0]


class Token(NamedTuple):
    """A word: its normalised text and its [start, end) offsets in the ORIGINAL text."""

    text: str
    start: int
    end: int


def word_texts(text: str) -> list[str]:
    """The normalised words of `text`, without offsets (the fast path of the matcher)."""
    return TOKEN_RE.findall(_fold(text)[0])


def tokenize(text: str) -> list[Token]:
    """The words of `text` with offsets into `text` itself."""
    folded, regular = _fold(text)
    if regular:
        return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(folded)]
    starts, ends = _offset_map(text, _plain_fold)
    return [Token(m.group(), starts[m.start()], ends[m.end() - 1]) for m in TOKEN_RE.finditer(folded)]


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


# --------------------------------------------------------------------------- lexer


class _Lexeme(NamedTuple):
    kind: str  # ATOM, FAMILY, LPAREN, RPAREN, AND, OR, NOT, NEAR, EOF
    position: int
    text: str  # as written, for messages
    node: Node | None = None
    distance: int = 0


def _words_node(words: list[str], position: int) -> Term | Phrase:
    return Term(words[0], position) if len(words) == 1 else Phrase(tuple(words), position)


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
        return _words_node(words, position)
    if len(words) != 1:
        raise QuerySyntaxError(f"the prefix '{chunk}' at column {column} must be a single word", position)
    if len(words[0]) < MIN_PREFIX:
        raise QuerySyntaxError(
            f"the prefix '{chunk}' at column {column} is too short (at least {MIN_PREFIX} characters before '*')",
            position,
        )
    return Prefix(words[0], position)


def _lex(query: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char == "(":
            out.append(_Lexeme("LPAREN", i, "("))
            i += 1
        elif char == ")":
            out.append(_Lexeme("RPAREN", i, ")"))
            i += 1
        elif char == '"':
            close = query.find('"', i + 1)
            if close == -1:
                raise QuerySyntaxError(f"the quote opened at column {i + 1} is never closed", i)
            words = word_texts(query[i + 1 : close])
            if not words:
                raise QuerySyntaxError(f"the quoted phrase at column {i + 1} contains no letter or digit", i)
            out.append(_Lexeme("ATOM", i, query[i : close + 1], _words_node(words, i)))
            i = close + 1
        elif char == "-":
            if i + 1 >= n or query[i + 1].isspace() or query[i + 1] == ")":
                raise QuerySyntaxError(f"'-' at column {i + 1} must be directly followed by a term, e.g. -java", i)
            out.append(_Lexeme("NOT", i, "-"))
            i += 1
        else:
            start = i
            while i < n and not query[i].isspace() and query[i] not in '()"':
                i += 1
            chunk = query[start:i]
            if chunk in OPERATORS:
                out.append(_Lexeme(chunk, start, chunk))
            elif chunk == "NEAR" or chunk.startswith("NEAR/"):
                match = _NEAR_RE.fullmatch(chunk)
                if not match:
                    raise QuerySyntaxError(f"NEAR at column {start + 1} needs a distance, e.g. NEAR/3", start)
                distance = int(match.group(1))
                if not 1 <= distance <= MAX_NEAR:
                    raise QuerySyntaxError(
                        f"{chunk} at column {start + 1}: the distance must be between 1 and {MAX_NEAR}", start
                    )
                out.append(_Lexeme("NEAR", start, chunk, distance=distance))
            else:
                out.append(_Lexeme("ATOM", start, chunk, _chunk_atom(chunk, start)))
    out.append(_Lexeme("EOF", n, "end of query"))
    return out


# --------------------------------------------------------------------------- parser

_BINARY = ("AND", "OR", "NEAR")
_STARTS_UNARY = ("ATOM", "LPAREN", "NOT")
NEAR_OPERANDS = 'words, "phrases", prefix*, @family or a parenthesised OR of those'


def _is_positional(node: Node) -> bool:
    if isinstance(node, Term | Phrase | Prefix | FamilyRef):
        return True
    return isinstance(node, Or) and all(_is_positional(child) for child in node.children)


def _flat(kind: type[And] | type[Or], children: list[Node]) -> Node:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


class _Parser:
    def __init__(self, lexemes: list[_Lexeme]):
        self.lexemes = lexemes
        self.index = 0
        self.depth = 0  # open parentheses and NOTs: the parser recurses once for each

    def deeper(self, lexeme: _Lexeme) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QuerySyntaxError(
                f"the query is nested too deeply at column {lexeme.position + 1} (at most {MAX_NESTING} levels)",
                lexeme.position,
            )

    @property
    def peek(self) -> _Lexeme:
        return self.lexemes[self.index]

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.index]
        self.index += 1
        return lexeme

    def parse(self) -> Node:
        node = self.or_expr()
        if self.peek.kind == "RPAREN":
            raise QuerySyntaxError(f"unexpected ')' at column {self.peek.position + 1}", self.peek.position)
        assert self.peek.kind == "EOF"
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while self.peek.kind == "OR":
            self.take()
            children.append(self.and_expr())
        return _flat(Or, children)

    def and_expr(self) -> Node:
        children = [self.unary()]
        while True:
            if self.peek.kind == "AND":
                self.take()
            elif self.peek.kind not in _STARTS_UNARY:
                break
            children.append(self.unary())
        return _flat(And, children)

    def unary(self) -> Node:
        if self.peek.kind == "NOT":
            lexeme = self.take()
            self.deeper(lexeme)
            node = Not(self.unary(), lexeme.position)
            self.depth -= 1
            return node
        return self.near()

    def near(self) -> Node:
        left = self.primary()
        if self.peek.kind != "NEAR":
            return left
        op = self.take()
        where = f"{op.text} at column {op.position + 1}"
        if not _is_positional(left):
            raise QuerySyntaxError(f"{where}: its operands must be {NEAR_OPERANDS}", op.position)
        if self.peek.kind == "NOT":
            raise QuerySyntaxError(f"{where}: its operands must be {NEAR_OPERANDS}", op.position)
        right = self.primary()
        if not _is_positional(right):
            raise QuerySyntaxError(f"{where}: its operands must be {NEAR_OPERANDS}", op.position)
        if self.peek.kind == "NEAR":
            nxt = self.peek
            raise QuerySyntaxError(
                f"{nxt.text} at column {nxt.position + 1}: NEAR cannot be chained; "
                "combine two NEARs with AND, e.g. a NEAR/3 b AND b NEAR/3 c",
                nxt.position,
            )
        return Near(left, right, op.distance, op.position)

    def primary(self) -> Node:
        lexeme = self.peek
        column = lexeme.position + 1
        if lexeme.kind == "ATOM":
            self.take()
            assert lexeme.node is not None
            return lexeme.node
        if lexeme.kind == "LPAREN":
            self.take()
            if self.peek.kind == "RPAREN":
                raise QuerySyntaxError(f"empty parentheses at column {column}", lexeme.position)
            self.deeper(lexeme)
            node = self.or_expr()
            if self.peek.kind != "RPAREN":
                raise QuerySyntaxError(f"the '(' at column {column} is never closed", lexeme.position)
            self.take()
            self.depth -= 1
            return node
        previous = self.lexemes[self.index - 1] if self.index else None
        if lexeme.kind == "EOF":
            if previous is not None and previous.kind in (*_BINARY, "NOT"):
                raise QuerySyntaxError(
                    f"{previous.text} at column {previous.position + 1} needs a term after it", previous.position
                )
            raise QuerySyntaxError(f"unexpected end of query at column {column}", lexeme.position)
        if lexeme.kind == "RPAREN":
            raise QuerySyntaxError(f"unexpected ')' at column {column}", lexeme.position)
        if previous is None or previous.kind == "LPAREN":
            raise QuerySyntaxError(f"{lexeme.text} at column {column} needs a term before it", lexeme.position)
        raise QuerySyntaxError(f"unexpected {lexeme.text} at column {column}", lexeme.position)


def parse(text: str) -> Node:
    """Parse a search query into an AST, or raise `QuerySyntaxError` saying what and where.

    Family references stay as `FamilyRef` (see `family_refs` / `expand`)."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty", 0)
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"the query is too long (at most {MAX_QUERY_LENGTH} characters)", MAX_QUERY_LENGTH)
    node = _Parser(_lex(text)).parse()
    if _evaluate(node, ()):
        raise QuerySyntaxError(
            "the query would match posts that contain none of its terms; "
            "NOT needs a term to look for beside it, e.g. python NOT java",
            0,
        )
    return node


def to_query(node: Node) -> str:
    """Query text for `node`; `parse(to_query(node)) == node` for nodes built by `parse`."""

    def wrap(child: Node) -> str:
        text = to_query(child)
        return f"({text})" if isinstance(child, And | Or | Near) else text

    if isinstance(node, Term):
        return node.word
    if isinstance(node, Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, Prefix):
        return node.stem + "*"
    if isinstance(node, FamilyRef):
        return "@" + node.name
    if isinstance(node, Not):
        return "NOT " + wrap(node.child)
    if isinstance(node, And):
        return " AND ".join(wrap(child) for child in node.children)
    if isinstance(node, Or):
        return " OR ".join(wrap(child) for child in node.children)
    return f"{wrap(node.left)} NEAR/{node.distance} {wrap(node.right)}"


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
        return _words_node(words, position)
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
        return _flat(And, [expand(child, families) for child in node.children])
    if isinstance(node, Or):
        return _flat(Or, [expand(child, families) for child in node.children])
    if isinstance(node, Near):
        return Near(expand(node.left, families), expand(node.right, families), node.distance, node.position)
    return node


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


def _evaluate(node: Node, words: Sequence[str]) -> bool:
    if isinstance(node, Term | Phrase | Prefix | FamilyRef):
        return bool(_occurrences(node, words))
    if isinstance(node, Not):
        return not _evaluate(node.child, words)
    if isinstance(node, And):
        return all(_evaluate(child, words) for child in node.children)
    if isinstance(node, Or):
        return any(_evaluate(child, words) for child in node.children)
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
    return _evaluate(node, [token.text for token in tokenize(text)])
