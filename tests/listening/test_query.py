"""The listening query language: tokenisation, parsing (with positioned errors), families and the
reference semantics that the compiled matcher is tested against."""

from __future__ import annotations

import pytest

from core.errors import DomainError
from listening.query import (
    And,
    FamilyRef,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    Token,
    UnknownFamilyError,
    evaluate_reference,
    expand,
    family_refs,
    normalize,
    parse,
    to_query,
    tokenize,
)


def matches(query: str, text: str, families: dict[str, list[str]] | None = None) -> bool:
    return evaluate_reference(expand(parse(query), families or {}), text)


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zürich", "zurich"),
        ("ÉCOLE", "ecole"),
        ("école", "ecole"),
        ("Zu\u0308rich", "zurich"),  # decomposed umlaut
        ("Straße", "strasse"),
        ("ﬁle", "file"),  # ligature (NFKC)
        ("Ｐｙｔｈｏｎ", "python"),  # full-width
        ("São Paulo", "sao paulo"),
    ],
)
def test_normalize_folds_case_accents_and_compatibility_forms(text, expected):
    assert normalize(text) == expected


def test_tokenize_keeps_offsets_into_the_original_text():
    text = "Hi ZU\u0308RICH, Straße!"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["hi", "zurich", "strasse"]
    assert [text[t.start : t.end] for t in tokens] == ["Hi", "ZU\u0308RICH", "Straße"]


def test_tokenize_keeps_programming_language_names_whole():
    text = "C++, C#, F# and .NET; ASP.NET, node.js and #hiring @acme full-stack"
    assert [t.text for t in tokenize(text)] == [
        "c++", "c#", "f#", "and", ".net", "asp", "net", "node", "js", "and", "hiring", "acme", "full", "stack",
    ]  # fmt: skip


def test_tokenize_returns_named_tokens():
    assert tokenize("Ann") == [Token("ann", 0, 3)]


# --------------------------------------------------------------------------- parsing


def test_parse_builds_the_documented_precedence():
    # NEAR binds tighter than NOT, NOT than AND, AND than OR.
    node = parse('a b OR "c d" NOT e NEAR/2 fo*')
    assert node == Or(
        (
            And((Term("a"), Term("b"))),
            And((Phrase(("c", "d")), Not(Near(Term("e"), Prefix("fo"), 2)))),
        )
    )


def test_parse_reads_terms_phrases_prefixes_and_families():
    assert parse("Développeur") == Term("developpeur")
    assert parse('"Machine Learning"') == Phrase(("machine", "learning"))
    assert parse('"python"') == Term("python")
    assert parse("full-stack") == Phrase(("full", "stack"))
    assert parse("develop*") == Prefix("develop")
    assert parse("@python-devs") == FamilyRef("python-devs")
    assert parse("python -java") == And((Term("python"), Not(Term("java"))))
    assert parse("(a OR b) c") == And((Or((Term("a"), Term("b"))), Term("c")))


def test_lowercase_operator_words_are_terms():
    assert parse("rock and roll") == And((Term("rock"), Term("and"), Term("roll")))
    assert parse("black or white") == And((Term("black"), Term("or"), Term("white")))
    assert parse("near python") == And((Term("near"), Term("python")))


def test_parse_records_positions():
    node = parse("recruiter NEAR/3 python")
    assert isinstance(node, Near)
    assert (node.position, node.left.position, node.right.position) == (10, 0, 17)


@pytest.mark.parametrize(
    "query",
    [
        'a b OR "c d" NOT e NEAR/2 fo*',
        "(python OR django) NEAR/3 recruit* AND NOT (java OR php)",
        "c++ OR c# OR .net",
        "@family AND NOT x",
        '"senior developer" NEAR/5 @cities',
    ],
)
def test_to_query_round_trips(query):
    node = parse(query)
    assert parse(to_query(node)) == node


@pytest.mark.parametrize(
    ("query", "message", "column"),
    [
        ("", "the query is empty", 1),
        ("   ", "the query is empty", 1),
        ("(python OR java))", "unexpected ')' at column 17", 17),
        (")", "unexpected ')' at column 1", 1),
        ("(python OR java", "the '(' at column 1 is never closed", 1),
        ("python ()", "empty parentheses at column 8", 8),
        ('python "senior dev', "the quote opened at column 8 is never closed", 8),
        ('""', "the quoted phrase at column 1 contains no letter or digit", 1),
        ("python AND", "AND at column 8 needs a term after it", 8),
        ("python OR", "OR at column 8 needs a term after it", 8),
        ("python NOT", "NOT at column 8 needs a term after it", 8),
        ("OR python", "OR at column 1 needs a term before it", 1),
        ("(AND python)", "AND at column 2 needs a term before it", 2),
        ("python AND OR java", "unexpected OR at column 12", 12),
        ("python - java", "'-' at column 8 must be directly followed by a term, e.g. -java", 8),
        ("recruiter NEAR python", "NEAR at column 11 needs a distance, e.g. NEAR/3", 11),
        ("recruiter NEAR/ python", "NEAR at column 11 needs a distance, e.g. NEAR/3", 11),
        ("recruiter NEAR/x python", "NEAR at column 11 needs a distance, e.g. NEAR/3", 11),
        ("recruiter NEAR/0 python", "NEAR/0 at column 11: the distance must be between 1 and 50", 11),
        ("recruiter NEAR/51 python", "NEAR/51 at column 11: the distance must be between 1 and 50", 11),
        ("recruiter NEAR/3", "NEAR/3 at column 11 needs a term after it", 11),
        (
            "(a b) NEAR/3 c",
            'NEAR/3 at column 7: its operands must be words, "phrases", prefix*, @family or a parenthesised OR of those',
            7,
        ),
        (
            "a NEAR/3 -b",
            'NEAR/3 at column 3: its operands must be words, "phrases", prefix*, @family or a parenthesised OR of those',
            3,
        ),
        (
            "a NEAR/3 b NEAR/2 c",
            "NEAR/2 at column 12: NEAR cannot be chained; combine two NEARs with AND, e.g. a NEAR/3 b AND b NEAR/3 c",
            12,
        ),
        ("dev*ops", "'*' at column 4 is only allowed at the end of a word", 4),
        ("python *", "'*' at column 8 must follow a word, e.g. develop*", 8),
        ("a*", "the prefix 'a*' at column 1 is too short (at least 2 characters before '*')", 1),
        ("senior-dev*", "the prefix 'senior-dev*' at column 1 must be a single word", 1),
        ("python !!!", "'!!!' at column 8 contains no letter or digit", 8),
        ("@ python", "'@' at column 1 must be followed by a family name (letters, digits, '-', '_', '.')", 1),
        (
            "NOT java",
            "the query would match posts that contain none of its terms; NOT needs a term to look for beside it, e.g. python NOT java",
            1,
        ),
        (
            "python OR -java",
            "the query would match posts that contain none of its terms; NOT needs a term to look for beside it, e.g. python NOT java",
            1,
        ),
    ],
)
def test_bad_queries_are_refused_with_reason_and_column(query, message, column):
    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    error = caught.value
    assert (error.message, error.column, error.position) == (message, column, column - 1)


def test_query_syntax_error_is_a_domain_error_for_the_query_field():
    with pytest.raises(DomainError) as caught:
        parse("(python")
    assert caught.value.code == "query_syntax"
    assert caught.value.fields == {"query": ["the '(' at column 1 is never closed"]}
    assert caught.value.status_code == 400


def test_double_negation_with_a_positive_term_is_accepted():
    assert parse("NOT NOT python") == Not(Not(Term("python")))


# --------------------------------------------------------------------------- families

FAMILIES = {
    "python-devs": ["python", '"django developer"', "pythonista*", "Data Engineer"],
    "cities": ["Zürich", "München"],
    "single": ["rust"],
    "empty": [],
    "bad": ["python", "!!!"],
}


def test_family_refs_lists_every_referenced_family():
    assert family_refs(parse("@python-devs NEAR/3 (@cities OR x) NOT @single")) == {"python-devs", "cities", "single"}
    assert family_refs(parse("python")) == set()


def test_expand_replaces_a_family_by_an_or_of_its_terms():
    node = expand(parse("hiring @python-devs"), FAMILIES)
    assert node == And(
        (
            Term("hiring"),
            Or((Term("python"), Phrase(("django", "developer")), Prefix("pythonista"), Phrase(("data", "engineer")))),
        )
    )
    assert expand(parse("@single"), FAMILIES) == Term("rust")


def test_family_terms_are_matched_like_query_terms():
    assert matches("hiring @python-devs", "Hiring a Pythonistas lead", FAMILIES)
    assert matches("hiring @python-devs", "HIRING: data-engineer", FAMILIES)
    assert not matches("hiring @python-devs", "hiring a django dev", FAMILIES)
    assert matches("@cities NEAR/2 job", "Job in Munchen", FAMILIES)


def test_unknown_family_is_refused_with_its_name_and_column():
    with pytest.raises(UnknownFamilyError) as caught:
        expand(parse("hiring NOT @nope"), FAMILIES)
    error = caught.value
    assert (error.message, error.column, error.family) == ("unknown keyword family '@nope' at column 12", 12, "nope")
    assert error.fields == {"query": [error.message]}


def test_family_without_terms_or_with_an_unusable_term_is_refused():
    with pytest.raises(QuerySyntaxError, match="'@empty' at column 8 has no terms"):
        expand(parse("hiring @empty"), FAMILIES)
    with pytest.raises(QuerySyntaxError, match="'@bad': the term '!!!' contains no letter or digit"):
        expand(parse("hiring @bad"), FAMILIES)


def test_unexpanded_family_matches_nothing_in_the_reference_evaluator():
    assert not evaluate_reference(parse("@cities"), "Zürich")


# --------------------------------------------------------------------------- semantics


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("zurich", "Jobs in Zürich", True),
        ("Zürich", "ZURICH office", True),
        ("école", "ÉCOLE polytechnique", True),
        ("ÉCOLE", "une école", True),
        ("Ann", "Annual report", False),
        ("Ann", "Ann, our recruiter", True),
        ("annual", "Ann", False),
        ("c++", "We use C++ daily", True),
        ("c++", "We use C daily", False),
        ("c", "We use C++ daily", False),
        ("c#", "C# / .NET shop", True),
        (".net", "C# / .NET shop", True),
        ("net", "C# / .NET shop", False),
        ("java", "javascript", False),
        ("python django", "Django and Python", True),  # implicit AND, any order
        ("python AND django", "python only", False),
        ("python OR django", "django only", True),
        ("python NOT java", "python and java", False),
        ("python -java", "python and javascript", True),
        ('"machine learning"', "machine-learning engineer", True),
        ('"machine learning"', "learning machine", False),
        ('"machine learning"', "machine deep learning", False),
        ("develop*", "Developers wanted", True),
        ("develop*", "develop", True),
        ("develop*", "redevelop", False),
        ("python (remote OR hybrid)", "Python, hybrid", True),
        ("python (remote OR hybrid)", "Python on site", False),
    ],
)
def test_reference_semantics(query, text, expected):
    assert matches(query, text) is expected


@pytest.mark.parametrize("distance", [1, 2, 3, 5])
def test_near_matches_exactly_n_words_apart_but_not_n_plus_one_in_both_orders(distance):
    query = f"recruiter NEAR/{distance} python"
    between = " ".join(["x"] * distance)
    too_far = " ".join(["x"] * (distance + 1))
    assert matches(query, f"recruiter {between} python")
    assert matches(query, f"python {between} recruiter")
    assert not matches(query, f"recruiter {too_far} python")
    assert not matches(query, f"python {too_far} recruiter")


def test_near_counts_words_between_phrases_and_prefixes():
    query = '"senior recruiter" NEAR/1 develop*'
    assert matches(query, "Senior recruiter for developers")
    assert matches(query, "developers need senior recruiter")
    assert not matches(query, "developers need a senior recruiter")


def test_near_occurrences_must_not_overlap():
    assert not matches("python NEAR/2 python", "python rocks")
    assert matches("python NEAR/2 python", "python and python")
    assert not matches('"machine learning" NEAR/1 learning', "machine learning")


@pytest.mark.parametrize(
    "query", ["(" * 300 + "python" + ")" * 300, "NOT " * 300 + "python", "NOT (" * 40 + "python" + ")" * 40]
)
def test_deep_nesting_is_refused_with_a_position_not_a_crash(query):
    with pytest.raises(QuerySyntaxError, match="nested too deeply at column"):
        parse(query)


def test_fifty_levels_still_parse():
    assert parse("(" * 50 + "python" + ")" * 50) == parse("python")
