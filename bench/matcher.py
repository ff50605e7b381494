"""Listening: how fast 1,000 searches are matched against harvested posts.

Generates (deterministically) 1,000 searches of about five terms each — words, "phrases",
prefix*, OR groups, NOT, NEAR/n and a few @family references — and 20,000 posts of about 60
words drawn from a recruiting/tech vocabulary with common English filler and accented place
names, then measures on one core:

1. `listening.matcher.CompiledMatcher.match` (with highlight spans), in posts per second of
   this process's CPU time (best of three passes; the first pass is printed too);
2. a naive baseline: one compiled regex per search (lookaheads approximating its semantics)
   tried on every post, timed on a subset and extrapolated;
3. PostgreSQL full-text search: the posts in a temporary table with a tsvector column and a GIN
   index, the 1,000 searches run as tsqueries built from `websearch_to_tsquery` per word/phrase
   (see `_tsquery`; NEAR approximated as AND); skipped unless DATABASE_URL is PostgreSQL.

Figures only, no pass/fail (see bench/README.md).

    scripts/with-services.sh .venv/bin/python bench/matcher.py
"""

from __future__ import annotations

import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alumni_program.settings")
os.environ.setdefault("DEBUG", "false")

import warnings

import django

warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
django.setup()

from django.db import connection  # noqa: E402

from listening.matcher import CompiledMatcher  # noqa: E402
from listening.query import (  # noqa: E402
    And,
    FamilyRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    expand,
    normalize,
    parse,
    to_query,
)

SEARCHES, POSTS, WORDS_PER_POST = 1_000, 20_000, 60
REGEX_SUBSET = 200  # posts the naive baseline is timed on
SEED = 20240611

TECH = """python django flask fastapi java spring kotlin scala javascript typescript react angular vue
svelte node deno golang go rust c++ c# .net ruby rails php laravel elixir erlang haskell clojure swift
objective-c flutter dart android ios kubernetes docker terraform ansible helm aws azure gcp linux sql
postgresql mysql mongodb redis kafka spark flink airflow dbt snowflake databricks hadoop graphql grpc
rest api microservices devops sre backend frontend fullstack data engineer engineering scientist analyst
analytics machine learning ai ml llm nlp pytorch tensorflow cloud security cybersecurity architect lead
senior junior principal staff manager cto vp director developer developers development programmer
recruiter recruiters recruiting recruitment hiring hire hired job jobs role roles position opening
vacancy remote hybrid onsite relocation visa salary equity startup scaleup fintech healthtech saas b2b
contract freelance freelancer consultant consulting interview interviews offer candidate candidates talent
team teams alumni referral referrals mentor mentoring bootcamp graduate internship intern git github ci
agile scrum product owner designer ux ui mobile embedded firmware blockchain crypto quant trading bank
insurance payments ecommerce marketplace platform infrastructure observability monitoring testing qa
automation compliance gdpr sales presales account executive partnership partner partners procurement
rfp tender budget expansion acquisition funding series seed investors""".split()  # noqa: SIM905 - a readable word list

ACCENTED = """Zürich München Genève Kraków Montréal Düsseldorf Malmö Köln développeur ingénieur équipe
société réseau Bogotá Medellín Łódź Århus Göteborg Besançon Québec São-Paulo Curaçao Mérida""".split()  # noqa: SIM905 - a readable word list

FILLER = """the a to of and in we our you is for on with this that are be at have it as from by an
will your or not but all can has more new about so if they their which one there what when just like
some time people great work working looking join us today year years experience team know now good
make first also well back get see need help want way day week share very really best thanks love
happy excited proud build building world company companies next open small big other many much
still even here into out up over only most after before because through while where around every
each own same few those these such than them then been being were was had did do does going come
coming take taking give giving let think thought feel right long little high low old young early
late hard easy real true full free part place point case fact thing things life home city country
office days weeks months update news story post article read reading talk talking event events
meetup conference online course learn learning tips advice question questions answer ideas idea
project projects customers clients users community support lot lots anyone someone everyone nothing
something anything always never often sometimes maybe probably already yet again soon""".split()  # noqa: SIM905 - a readable word list

PHRASES = [
    ("machine", "learning"),
    ("data", "engineer"),
    ("senior", "developer"),
    ("software", "engineer"),
    ("product", "manager"),
    ("tech", "lead"),
    ("open", "source"),
    ("data", "science"),
    ("deep", "learning"),
    ("cloud", "native"),
    ("site", "reliability"),
    ("engineering", "manager"),
    ("account", "executive"),
    ("series", "a"),
]
STEMS = ["develop", "engineer", "recruit", "hir", "kuber", "program", "consult", "freelanc", "analy", "mentor"]
FAMILIES = {
    "cities": ["Zürich", "München", "Genève", "Kraków", "Montréal", "São Paulo", "Berlin", "Lisbon"],
    "python-devs": ["python", "django", "flask", "fastapi", "pythonista*"],
    "jvm": ["java", "kotlin", "scala", '"spring boot"'],
    "data": ['"data engineer"', "spark", "airflow", "dbt", "analytics"],
}


def _zipf(words: list[str], rng: random.Random, k: int) -> list[str]:
    return rng.choices(words, weights=[1 / (rank + 1) for rank in range(len(words))], k=k)


def make_posts(rng: random.Random) -> list[str]:
    tech = TECH[:]
    rng.shuffle(tech)
    weights_filler = [1 / (rank + 1) for rank in range(len(FILLER))]
    weights_tech = [1 / (rank + 1) ** 0.8 for rank in range(len(tech))]
    posts = []
    for _ in range(POSTS):
        words: list[str] = []
        while len(words) < WORDS_PER_POST:
            roll = rng.random()
            if roll < 0.16:
                words.append(rng.choices(tech, weights_tech)[0])
            elif roll < 0.18:
                words.extend(rng.choice(PHRASES))
            elif roll < 0.20:
                words.append(rng.choice(ACCENTED))
            else:
                words.append(rng.choices(FILLER, weights_filler)[0])
        out = []
        for i, word in enumerate(words):
            if i == 0 or rng.random() < 0.05:
                word = word.capitalize()
            elif rng.random() < 0.02:
                word = "#" + word
            out.append(word)
            out.append(rng.choices([" ", ", ", ". ", " - ", "! ", "\n"], [80, 8, 6, 2, 2, 2])[0])
        posts.append("".join(out).strip())
    return posts


def make_searches(rng: random.Random) -> dict[int, Node]:
    def word() -> Node:
        return Term(normalize(_zipf(TECH, rng, 1)[0]))

    def atom() -> Node:
        roll = rng.random()
        if roll < 0.15:
            return Phrase(rng.choice(PHRASES))
        if roll < 0.25:
            return Prefix(rng.choice(STEMS))
        if roll < 0.30:
            return FamilyRef(rng.choice(list(FAMILIES)))
        return word()

    def group() -> Node:
        return Or(tuple({to_query(a): a for a in (atom() for _ in range(rng.randint(2, 3)))}.values()))

    searches: dict[int, Node] = {}
    while len(searches) < SEARCHES:
        roll = rng.random()
        parts: list[Node]
        if roll < 0.35:  # hiring (python OR django) senior -intern
            parts = [atom(), group(), atom(), Not(word())]
        elif roll < 0.60:  # "machine learning" engineer* (remote OR hybrid)
            parts = [Phrase(rng.choice(PHRASES)), atom(), group()]
        elif roll < 0.85:  # recruit* NEAR/3 (python OR golang) AND senior NOT junior
            parts = [Near(atom(), group(), rng.randint(2, 6)), atom(), Not(atom())]
        else:  # (kafka OR spark OR flink) (data OR analytics) engineer
            parts = [group(), group(), atom()]
        node = parse(to_query(And(tuple(parts))))  # through the parser, as a stored search would be
        searches[len(searches) + 1] = expand(node, FAMILIES)
    return searches


def _atoms(node: Node) -> int:
    if isinstance(node, Not):
        return _atoms(node.child)
    if isinstance(node, And | Or):
        return sum(_atoms(child) for child in node.children)
    if isinstance(node, Near):
        return _atoms(node.left) + _atoms(node.right)
    return 1


def timed(function: Callable[[], object]) -> tuple[float, object]:
    """CPU time of this process (so other load on a shared machine does not count) and result."""
    started = time.process_time()
    result = function()
    return time.process_time() - started, result


# ---------------------------------------------------------------- naive regex baseline


def _atom_regex(node: Node) -> str:
    if isinstance(node, Term):
        return rf"(?<![\w.]){re.escape(node.word)}(?![\w+#])"
    if isinstance(node, Phrase):
        return r"(?<![\w.])" + r"\W+".join(re.escape(w) for w in node.words) + r"(?![\w+#])"
    if isinstance(node, Prefix):
        return rf"(?<![\w.]){re.escape(node.stem)}\w*"
    if isinstance(node, Or):
        return "(?:" + "|".join(_atom_regex(child) for child in node.children) + ")"
    raise TypeError(node)


def _assertion(node: Node) -> str:
    """A zero-width pattern, tried at the start of the text, that holds when `node` matches."""
    if isinstance(node, Not):
        return f"(?!{_assertion(node.child)})"
    if isinstance(node, And):
        return "".join(_assertion(child) for child in node.children)
    if isinstance(node, Or) and not all(isinstance(c, Term | Phrase | Prefix) for c in node.children):
        return "(?:" + "|".join(_assertion(child) for child in node.children) + ")"
    if isinstance(node, Near):
        a, b, gap = _atom_regex(node.left), _atom_regex(node.right), rf"(?:\W+\w+){{0,{node.distance}}}\W+"
        return rf"(?=[\s\S]*?(?:{a}{gap}{b}|{b}{gap}{a}))"
    return rf"(?=[\s\S]*?{_atom_regex(node)})"


def naive_regexes(searches: dict[int, Node]) -> dict[int, re.Pattern[str]]:
    return {sid: re.compile(r"\A" + _assertion(node)) for sid, node in searches.items()}


def naive_match(regexes: dict[int, re.Pattern[str]], text: str) -> set[int]:
    folded = normalize(text)
    return {sid for sid, regex in regexes.items() if regex.match(folded)}


# ---------------------------------------------------------------- PostgreSQL full-text search


def _tsquery(node: Node, params: list[str]) -> str:
    """SQL for a tsquery equivalent to `node`: each word or "phrase" through
    websearch_to_tsquery, prefixes through to_tsquery('stem:*'), combined with the tsquery
    operators && || !! (websearch text alone has no parentheses). NEAR/n has no tsquery
    equivalent ('<n>' means exactly n apart, one order) and is approximated as AND."""
    if isinstance(node, Term | Phrase):
        params.append(node.word if isinstance(node, Term) else '"' + " ".join(node.words) + '"')
        return "websearch_to_tsquery('simple', %s)"
    if isinstance(node, Prefix):
        params.append(node.stem + ":*")
        return "to_tsquery('simple', %s)"
    if isinstance(node, Not):
        return f"!!{_tsquery(node.child, params)}"
    if isinstance(node, Near):
        return f"({_tsquery(node.left, params)} && {_tsquery(node.right, params)})"
    operator = " && " if isinstance(node, And) else " || "
    assert isinstance(node, And | Or)
    return "(" + operator.join(_tsquery(child, params) for child in node.children) + ")"


def postgres_fts(posts: list[str], searches: dict[int, Node]) -> tuple[float, float, int] | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_listening_posts")
        cursor.execute("CREATE TEMPORARY TABLE bench_listening_posts (id integer PRIMARY KEY, body text, tsv tsvector)")
        started = time.perf_counter()
        # Folded in Python (accents, case) as the matcher does: the 'simple' config does not unaccent.
        cursor.executemany(
            "INSERT INTO bench_listening_posts (id, body) VALUES (%s, %s)",
            [(i, normalize(text)) for i, text in enumerate(posts)],
        )
        cursor.execute("UPDATE bench_listening_posts SET tsv = to_tsvector('simple', body)")
        cursor.execute("CREATE INDEX bench_listening_posts_tsv ON bench_listening_posts USING gin (tsv)")
        cursor.execute("ANALYZE bench_listening_posts")
        load = time.perf_counter() - started
        queries = []
        for node in searches.values():
            params: list[str] = []
            sql = f"SELECT id FROM bench_listening_posts WHERE tsv @@ {_tsquery(node, params)}"
            queries.append((sql, params))
        found = 0
        started = time.perf_counter()  # wall clock: the work happens in the server process
        for sql, params in queries:
            cursor.execute(sql, params)
            found += len(cursor.fetchall())
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_listening_posts")
    return load, elapsed, found


# ---------------------------------------------------------------- main


def main() -> None:
    rng = random.Random(SEED)
    posts = make_posts(rng)
    searches = make_searches(rng)
    terms = sum(_atoms(node) for node in searches.values()) / len(searches)
    print(
        f"{len(searches):,} searches ({terms:.1f} words/phrases/prefixes each once families are expanded), "
        f"{len(posts):,} posts of {WORDS_PER_POST} words; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )

    compile_s, compiled = timed(lambda: CompiledMatcher(searches))
    matcher: CompiledMatcher = compiled  # type: ignore[assignment]
    match = matcher.match
    first_s, results = timed(lambda: [match(text) for text in posts])
    # Later passes: the candidate index has retuned itself (after 200, 2,000 and 20,000 posts).
    matcher_s = min(timed(lambda: [match(text) for text in posts])[0] for _ in range(3))
    matched = sum(len(r) for r in results)  # type: ignore[attr-defined]
    candidates = sum(len(matcher.candidates(text)) for text in posts[:2_000])
    matcher_rate = len(posts) / matcher_s
    print(
        f"matcher: {matcher.atom_count:,} distinct words/phrases/prefixes, compiled in {compile_s * 1000:.0f} ms; "
        f"{candidates / 2_000:.1f} of {len(searches):,} searches evaluated per post; "
        f"{matched / len(posts):.2f} matching searches per post; first pass {len(posts) / first_s:,.0f} posts/s"
    )

    regex_compile_s, compiled_regexes = timed(lambda: naive_regexes(searches))
    regexes: dict[int, re.Pattern[str]] = compiled_regexes  # type: ignore[assignment]
    subset = posts[:REGEX_SUBSET]
    naive_s, naive_results = timed(lambda: [naive_match(regexes, text) for text in subset])
    naive_rate = len(subset) / naive_s
    agree = sum(
        set(r) == n
        for r, n in zip(results[:REGEX_SUBSET], naive_results, strict=True)  # type: ignore[index, arg-type]
    )
    print(
        f"naive regex: timed on {len(subset)} posts and extrapolated; regexes compiled in {regex_compile_s:.1f} s; "
        f"same result set as the matcher on {agree}/{len(subset)} posts (the regexes approximate the semantics)"
    )

    rows = [
        ("CompiledMatcher.match (spans)", matcher_rate, f"{matcher_s:.2f} s CPU for {len(posts):,} posts, best of 3"),
        (
            "naive: 1 regex per search",
            naive_rate,
            f"{naive_s:.2f} s CPU for {len(subset)} posts -> ~{len(posts) / naive_rate:.0f} s for {len(posts):,}",
        ),
    ]
    pg = postgres_fts(posts, searches)
    if pg is None:
        print(f"PostgreSQL full-text search: skipped (the database is {connection.vendor}, not PostgreSQL)")
    else:
        load_s, query_s, found = pg
        rows.append(
            (
                "PostgreSQL FTS (GIN index)",
                len(posts) / query_s,
                f"{query_s:.2f} s for {len(searches):,} queries over {len(posts):,} posts "
                f"(+{load_s:.1f} s to load, tsvector, index); {found / len(posts):.2f} hits/post",
            )
        )
    print()
    print(f"{'method':<32} {'posts/s':>12} {'vs matcher':>11}  notes")
    for label, rate, note in rows:
        print(f"{label:<32} {rate:>12,.0f} {matcher_rate / rate:>10,.1f}x  {note}")
    print(f"\nspeed-up of the matcher over the naive regexes: {matcher_rate / naive_rate:,.0f}x (target >= 100x)")
    print(f"matcher throughput target: >= 30,000 posts/s -> {'met' if matcher_rate >= 30_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
