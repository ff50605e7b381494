"""What resonates: how the shared posts did, by kind of content and by venue.

For the posts shared in the reader's pilots between ``start`` and ``end`` (both included):
- posts: how many were shared;
- likes, comments, shares, clicks, and engagement = likes + comments + shares + clicks, in total and
  per post (engagement / posts);
- responses: the people who responded to those posts (whenever they responded);
- high-priority responses: responses whose profile has priority 1, the top rank of its pilot
  (a response without a profile, or of a lower-ranked profile, is not counted there);
- responses per post = responses / posts.
A row with fewer than MIN_POSTS posts is flagged "too few posts to conclude".

Four queries whatever the number of posts: per dimension one over the posts (the counts) and one
over the responses (they are counted apart, so a post with several responses does not count its
likes several times).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from metrics.money import half_up
from metrics.report.figures import ratio
from programs.models import Pilot

from ..models import PostKind, PostResponse, SharedPost, engagement_of

MIN_POSTS = 5
DEFAULT_DAYS = 90
TOP_PRIORITY = 1
HIGH_PRIORITY_DEFINITION = (
    "A high-priority prospect is someone whose profile has priority 1, the top rank of the pilot's "
    "candidate profiles. Responses without a profile, or of a lower-ranked profile, count as responses only."
)
COUNTS = ("likes", "comments", "shares", "clicks")


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last DEFAULT_DAYS days, today included."""
    return today - dt.timedelta(days=DEFAULT_DAYS - 1), today


def _ratio(numerator: int, denominator: int) -> Decimal | None:
    """The report's ratio (metrics.report.figures.ratio), rounded once, half-up, to one decimal."""
    exact = ratio(numerator, denominator)
    return None if exact is None else half_up(exact, "0.1")


@dataclass
class ResonanceRow:
    """One kind of content or one venue: its counts, and the figures computed from them."""

    key: str
    label: str
    posts: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    clicks: int = 0
    responses: int = 0
    top_responses: int = 0

    @property
    def engagement(self) -> int:
        return engagement_of(self)

    @property
    def avg_engagement(self) -> Decimal | None:
        """Engagement per post, rounded half-up to one decimal (None without posts)."""
        return _ratio(self.engagement, self.posts)

    @property
    def responses_per_post(self) -> Decimal | None:
        return _ratio(self.responses, self.posts)

    @property
    def too_few(self) -> bool:
        return self.posts < MIN_POSTS

    def add(self, other: ResonanceRow) -> None:
        for name in ("posts", *COUNTS, "responses", "top_responses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Resonance:
    start: dt.date
    end: dt.date
    by_kind: list[ResonanceRow] = field(default_factory=list)
    by_venue: list[ResonanceRow] = field(default_factory=list)
    total: ResonanceRow = field(default_factory=lambda: ResonanceRow("all", "All posts"))

    @property
    def empty(self) -> bool:
        return self.total.posts == 0


def _rows(
    posts: QuerySet[SharedPost], group: str, label_field: str, labels: dict[str, str] | None
) -> list[ResonanceRow]:
    """The rows of one dimension (``group``: "kind" or "venue"), from two aggregate queries."""
    fields = [group] if label_field == group else [group, label_field]
    counted = posts.values(*fields).annotate(n=Count("id"), **{name: Sum(name) for name in COUNTS}).order_by()
    rows: dict[Any, ResonanceRow] = {}
    for line in counted:
        key = line[group]
        label = labels.get(key, str(key)) if labels is not None else line[label_field]
        rows[key] = ResonanceRow(
            key=str(key), label=label, posts=line["n"], **{name: line[name] or 0 for name in COUNTS}
        )
    answers = (
        PostResponse.objects.filter(post__in=posts.values("pk"))
        .values(f"post__{group}")
        .annotate(n=Count("id"), top=Count("id", filter=Q(profile__priority=TOP_PRIORITY)))
        .order_by()
    )
    for line in answers:
        row = rows.get(line[f"post__{group}"])
        if row is not None:
            row.responses, row.top_responses = line["n"], line["top"]
    # What resonates most first: high-priority responses, then engagement per post.
    return sorted(
        rows.values(), key=lambda r: (-r.top_responses, -(r.avg_engagement or 0), -r.responses, r.label.casefold())
    )


def resonance(*, pilots: Iterable[Pilot] | QuerySet[Pilot], start: dt.date, end: dt.date) -> Resonance:
    """The figures for the posts of ``pilots`` (already narrowed to the reader) shared from
    ``start`` to ``end``. Four queries."""
    posts = SharedPost.objects.filter(pilot__in=pilots, shared_on__range=(start, end))
    result = Resonance(start=start, end=end)
    result.by_kind = _rows(posts, "kind", "kind", dict(PostKind.choices))
    result.by_venue = _rows(posts, "venue", "venue__name", None)
    for row in result.by_kind:
        result.total.add(row)
    return result


def chart_bars(rows: list[ResonanceRow]) -> list[dict[str, Any]]:
    """Each row's bars, scaled to the largest value of each measure (the page's CSS bar chart):
    engagement per post and high-priority responses. The numbers are shown next to each bar."""
    top_avg = max((r.avg_engagement or 0 for r in rows), default=0) or 1
    top_resp = max((r.top_responses for r in rows), default=0) or 1
    return [
        {
            "row": r,
            "avg_max": top_avg,
            "avg_value": r.avg_engagement or 0,
            "top_max": top_resp,
            "top_value": r.top_responses,
        }
        for r in rows
    ]
