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

from .families import expand, family_refs, family_term
from .nodes import (
    ATOM_TYPES,
    MAX_NEAR,
    MIN_PREFIX,
    And,
    Atom,
    FamilyRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    UnknownFamilyError,
)
from .parser import MAX_NESTING, MAX_QUERY_LENGTH, parse, to_query
from .reference import evaluate_reference
from .text import TOKEN_RE, Token, normalize, search_form, search_form_offsets, tokenize, word_texts

__all__ = [
    "ATOM_TYPES",
    "MAX_NEAR",
    "MAX_NESTING",
    "MAX_QUERY_LENGTH",
    "MIN_PREFIX",
    "TOKEN_RE",
    "And",
    "Atom",
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
    "search_form_offsets",
    "to_query",
    "tokenize",
    "word_texts",
]
