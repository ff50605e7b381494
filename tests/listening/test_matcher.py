"""The compiled multi-search matcher: it must agree with the reference semantics, report the
spans that matched, skip searches that cannot match, and highlight safely."""

from __future__ import annotations

import pytest
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from listening.matcher import CompiledMatcher, highlight, merge_spans
from listening.query import (
    And,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    QuerySyntaxError,
    Term,
    evaluate_reference,
    expand,
    normalize,
    parse,
    to_query,
    tokenize,
)


def compiled(*queries: str, families: dict[str, list[str]] | None = None) -> CompiledMatcher:
    return CompiledMatcher({i: expand(parse(q), families or {}) for i, q in enumerate(queries, start=1)})


def marked(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


# --------------------------------------------------------------------------- matching


def test_match_returns_each_matching_search_with_the_spans_of_its_terms():
    text = "Our recruiter loves Python; machine-learning developers in Zürich, no Java."
    matcher = compiled(
        "recruiter NEAR/3 python",
        '"machine learning" develop* -java',
        "zurich OR geneva",
        "ruby",
    )
    result = matcher.match(text)
    assert set(result) == {1, 3}
    assert marked(text, result[1]) == ["recruiter", "Python"]
    assert marked(text, result[3]) == ["Zürich"]


def test_spans_point_into_the_original_text_when_normalisation_changes_lengths():
    text = "Straße in ZU\u0308RICH: ﬁle"
    result = compiled("zurich strasse file").match(text)
    assert marked(text, result[1]) == ["Straße", "ZU\u0308RICH", "ﬁle"]


def test_word_boundaries_hold_for_every_kind_of_term():
    matcher = compiled("ann", '"ann marie"', "c", "net", "java")
    assert matcher.match("Annual report: Annmarie, C++, .NET and JavaScript") == {}
    assert set(matcher.match("Ann-Marie, C and net and Java")) == {1, 2, 3, 4, 5}


def test_phrases_follow_the_words_across_dots_and_programming_names():
    matcher = compiled('"c# .net"', "asp.net", '"c++ developer"', '"net developer"')
    assert set(matcher.match("C#, .NET shop")) == {1}
    assert set(matcher.match("ASP.NET developer")) == {2, 4}
    assert set(matcher.match("C++ developer; .NET developer")) == {3}


def test_accents_and_case_are_ignored_on_both_sides():
    matcher = compiled("Zürich", "ÉCOLE", "sao paulo")
    assert set(matcher.match("zurich")) == {1}
    assert set(matcher.match("une école")) == {2}
    assert set(matcher.match("SÃO PAULO")) == {3}


def test_phrase_and_prefix_and_near_share_one_pass():
    text = "Senior developers wanted; our recruiter writes in python"
    matcher = compiled('"senior developers"', "develop*", "recruiter NEAR/1 python", "recruiter NEAR/2 python")
    assert set(matcher.match(text)) == {1, 2, 4}


def test_near_highlights_only_the_occurrences_that_are_near_each_other():
    text = "python here. a b c d e f. recruiter knows python"
    result = compiled("recruiter NEAR/2 python").match(text)
    assert marked(text, result[1]) == ["recruiter", "python"]
    assert result[1][1][0] > text.index("knows")


def test_negated_terms_are_not_highlighted():
    text = "python but also java"
    result = compiled("python OR (ruby NOT java)").match(text)
    assert marked(text, result[1]) == ["python"]


def test_families_expand_into_the_matcher():
    families = {"devs": ["pythonista*", '"data engineer"']}
    text = "Data-Engineer and Pythonistas"
    result = compiled("@devs", families=families).match(text)
    assert marked(text, result[1]) == ["Data-Engineer", "Pythonistas"]


def test_an_unexpanded_family_is_refused_at_compile_time():
    with pytest.raises(ValueError, match="expand keyword families"):
        CompiledMatcher({1: parse("@devs")})


def test_no_searches_and_empty_posts_match_nothing():
    assert CompiledMatcher({}).match("python") == {}
    assert compiled("python").match("") == {}
    assert compiled("python").match("... !!! ...") == {}


def test_only_searches_whose_trigger_terms_are_present_are_evaluated():
    matcher = compiled("python django", "rust NOT go", '"machine learning" NEAR/3 recruiter', "ruby OR perl")
    assert matcher.candidates("a post about go and java") == set()
    assert matcher.candidates("perl and python") <= {1, 4}
    assert 4 in matcher.candidates("perl and python")
    assert matcher.candidates("machine learning and rust") <= {2, 3}


def test_retuning_the_candidate_index_does_not_change_results():
    queries = ["python django", "rust NOT go", '"machine learning" NEAR/3 recruiter', "ruby OR perl", "c++ OR c#"]
    posts = ["python python django", "rust and go", "a machine learning recruiter", "perl", "C# rust", "django"]
    matcher = compiled(*queries)
    before = [matcher.match(post) for post in posts]
    for post in posts * 50:
        matcher.match(post)  # crosses the first retuning point
    matcher._retune()
    assert [matcher.match(post) for post in posts] == before


# --------------------------------------------------------------------------- highlight


def test_highlight_escapes_markup_and_wraps_spans():
    text = '<script>alert("x")</script> Python & <b>Java</b>'
    result = compiled("python OR java").match(text)
    html = highlight(text, result[1])
    assert isinstance(html, SafeString)
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Python</mark> &amp; &lt;b&gt;<mark>Java</mark>&lt;/b&gt;"
    )
    assert "<script" not in html


def test_highlight_merges_overlapping_and_adjacent_spans_and_ignores_bad_ones():
    assert highlight("abcdefgh", [(4, 6), (0, 2), (1, 3), (3, 4), (7, 7), (-5, 0), (7, 99)]) == (
        "<mark>abcdef</mark>g<mark>h</mark>"
    )
    assert highlight("a<b", []) == "a&lt;b"
    assert merge_spans([(5, 9), (0, 1), (1, 2)], 8) == [(0, 2), (5, 8)]


# --------------------------------------------------------------------------- properties

VOCABULARY = ["ann", "annual", "python", "py", "c++", "c", "c#", ".net", "net", "zürich", "dev", "developer", "école"]
STEMS = ["an", "dev", "py", "zu", "ec", "c+", ".ne"]
# Separators that move word borders: "." may start ".net" or split "asp.net", "+"/"#" may end
# "c++"/"c#", a combining accent folds away, "…" folds to dots.
SEPARATORS = [" ", " ", ", ", "-", ". ", "\n", ".", "+", "#", "++", " #", "…", "\u0301", "ß"]
WORDS = sorted({normalize(word) for word in VOCABULARY})

atoms = st.one_of(
    st.sampled_from(WORDS).map(Term),
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=3).map(lambda ws: Phrase(tuple(ws))),
    st.sampled_from(STEMS).map(Prefix),
)
positional = st.one_of(atoms, st.lists(atoms, min_size=2, max_size=3).map(lambda cs: Or(tuple(cs))))


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        children.map(Not),
        st.lists(children, min_size=2, max_size=3).map(lambda cs: And(tuple(cs))),
        st.lists(children, min_size=2, max_size=3).map(lambda cs: Or(tuple(cs))),
        st.builds(Near, positional, positional, st.integers(1, 3)),
    )


queries = st.recursive(atoms, _extend, max_leaves=6)


@st.composite
def posts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(VOCABULARY), max_size=12))
    out = []
    for word in words:
        style = draw(st.sampled_from(["lower", "upper", "title"]))
        out.append(getattr(word, style)() if style != "lower" else word)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _valid(node: Node) -> Node | None:
    """The node as `parse` reads its text back, or None when parse refuses it (e.g. NOT alone)."""
    try:
        return parse(to_query(node))
    except QuerySyntaxError:
        return None


PROPERTY = settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.lists(queries, min_size=1, max_size=6), st.lists(posts(), min_size=1, max_size=4))
def test_compiled_matcher_agrees_with_the_reference_evaluator(nodes, texts):
    searches = {i: node for i, node in enumerate(filter(None, map(_valid, nodes)))}
    assume(searches)
    matcher = CompiledMatcher(searches)
    for text in texts:
        expected = {i for i, node in searches.items() if evaluate_reference(node, text)}
        result = matcher.match(text)
        assert set(result) == expected, (text, {i: to_query(n) for i, n in searches.items()})
        for search_id, spans in result.items():
            assert spans, "a match always has something to highlight"
            for start, end in spans:
                assert 0 <= start < end <= len(text)
                assert _is_an_atom_of(searches[search_id], [t.text for t in tokenize(text[start:end])]), (
                    text,
                    start,
                    end,
                )


def _is_an_atom_of(node: Node, texts: list[str]) -> bool:
    """Do the words of a highlighted span spell one of the query's atoms?"""
    if isinstance(node, Term):
        return texts == [node.word]
    if isinstance(node, Phrase):
        return texts == list(node.words)
    if isinstance(node, Prefix):
        return len(texts) == 1 and texts[0].startswith(node.stem)
    if isinstance(node, Not):
        return _is_an_atom_of(node.child, texts)
    if isinstance(node, Near):
        return _is_an_atom_of(node.left, texts) or _is_an_atom_of(node.right, texts)
    return any(_is_an_atom_of(child, texts) for child in node.children)


@PROPERTY
@given(queries)
def test_to_query_then_parse_gives_the_same_tree(node):
    parsed = _valid(node)
    assume(parsed is not None)
    assert parse(to_query(parsed)) == parsed


@PROPERTY
@given(st.text(max_size=40))
def test_token_offsets_always_point_at_their_source_characters(text):
    # One source character may yield several words ("¼" folds to 1, a fraction slash, 4), so spans may share it.
    previous_start = 0
    for token in tokenize(text):
        assert previous_start <= token.start < token.end <= len(text)
        assert token.text in normalize(text[token.start : token.end])
        previous_start = token.start


# NEAR only matters at the edge of its distance: a tiny vocabulary makes both operands, both
# orders and exact distances common.
NEAR_WORDS = ["ab", "abc", "x", "y"]
near_atoms = st.one_of(
    st.sampled_from(NEAR_WORDS).map(Term),
    st.lists(st.sampled_from(NEAR_WORDS), min_size=2, max_size=2).map(lambda ws: Phrase(tuple(ws))),
    st.just(Prefix("ab")),
)
near_operands = st.one_of(near_atoms, st.lists(near_atoms, min_size=2, max_size=2).map(lambda cs: Or(tuple(cs))))
near_queries = st.builds(Near, near_operands, near_operands, st.just(1))


@PROPERTY
@given(
    st.lists(near_queries, min_size=1, max_size=4),
    st.lists(st.lists(st.sampled_from(NEAR_WORDS), max_size=10).map(" ".join), min_size=1, max_size=4),
)
def test_compiled_near_agrees_with_the_reference_evaluator(nodes, texts):
    # Every drawn pair of operands in both orders and at every distance: edges are always tested.
    variants = [Near(a, b, d) for n in nodes for a, b in ((n.left, n.right), (n.right, n.left)) for d in range(1, 5)]
    searches = dict(enumerate(variants))
    matcher = CompiledMatcher(searches)
    for text in texts:
        expected = {i for i, node in searches.items() if evaluate_reference(node, text)}
        assert set(matcher.match(text)) == expected, (text, {i: to_query(n) for i, n in searches.items()})
