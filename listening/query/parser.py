"""The parser (precedence, tightest first: NEAR, NOT, AND, OR) and its inverse, to_query."""

from __future__ import annotations

from .lexer import Lexeme, lex
from .nodes import And, FamilyRef, Near, Node, Not, Or, Phrase, Prefix, QuerySyntaxError, Term, flat
from .reference import evaluate

MAX_QUERY_LENGTH = 2_000
MAX_NESTING = 50  # parentheses and NOTs inside each other

_BINARY = ("AND", "OR", "NEAR")
_STARTS_UNARY = ("ATOM", "LPAREN", "NOT")
NEAR_OPERANDS = 'words, "phrases", prefix*, @family or a parenthesised OR of those'


def _is_positional(node: Node) -> bool:
    if isinstance(node, Term | Phrase | Prefix | FamilyRef):
        return True
    return isinstance(node, Or) and all(_is_positional(child) for child in node.children)


class _Parser:
    def __init__(self, lexemes: list[Lexeme]):
        self.lexemes = lexemes
        self.index = 0
        self.depth = 0  # open parentheses and NOTs: the parser recurses once for each

    def deeper(self, lexeme: Lexeme) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise QuerySyntaxError(
                f"the query is nested too deeply at column {lexeme.position + 1} (at most {MAX_NESTING} levels)",
                lexeme.position,
            )

    @property
    def peek(self) -> Lexeme:
        return self.lexemes[self.index]

    def take(self) -> Lexeme:
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
        return flat(Or, children)

    def and_expr(self) -> Node:
        children = [self.unary()]
        while True:
            if self.peek.kind == "AND":
                self.take()
            elif self.peek.kind not in _STARTS_UNARY:
                break
            children.append(self.unary())
        return flat(And, children)

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
    node = _Parser(lex(text)).parse()
    if evaluate(node, ()):
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
