"""What a run's counts mean, in the words the pages use (the API's field help texts say the same,
from the model: listening.models.SearchRunSource).

A run reads each source of its search; listening.services.store decides what the counts are:

- read (``fetched``): posts the source returned;
- not in the inbox before (``new``): posts read that were not already conversations of that
  source, matched or not (a post no search matches is never kept, so it counts again next time);
- matched (``matched``): posts read that the run's search matches, including those already in
  the inbox;
- added to the inbox (``stored``): conversations the run created: posts not in the inbox yet that
  match the run's search or another active search reading the same source.

So "matched" and "added" differ on purpose: a match already in the inbox is not added again, and
a post another search wants is added by whichever run reads it first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COUNT_KEYS = ("fetched", "new", "matched", "stored")


def _posts(n: int) -> str:
    return f"{n} post{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class RunCounts:
    """A run's counts summed over its sources (or one source's), with the sentence that says them."""

    fetched: int = 0
    new: int = 0
    matched: int = 0
    stored: int = 0

    @classmethod
    def of(cls, results: Iterable[Any]) -> RunCounts:
        """The totals of SearchRunSource rows (or anything with the four counts)."""
        rows = list(results)
        return cls(**{key: sum(getattr(r, key) or 0 for r in rows) for key in COUNT_KEYS})

    @property
    def summary(self) -> str:
        """E.g. "Read 12 posts: 1 matched this search; 7 were new and added to the inbox."."""
        if not self.fetched:
            return "No posts were read."
        matched = f"{self.matched} matched this search" if self.matched else "none matched this search"
        if not self.stored:
            added = "nothing was added to the inbox"
        else:
            added = f"{self.stored} {'was' if self.stored == 1 else 'were'} new and added to the inbox"
        return f"Read {_posts(self.fetched)}: {matched}; {added}."

    @property
    def why_they_differ(self) -> str:
        """Why "matched" and "added" are not the same number, when they are not ("" otherwise)."""
        if self.stored < self.matched:
            return "Posts already in the inbox are not added again."
        if self.stored > self.matched:
            return (
                "A post is also added when it matches another active search that reads the same source "
                "(it shows under that search in the inbox)."
            )
        return ""


def upload_summary(*, rows: int, matched: int, stored: int, filename: str) -> str:
    """What an upload did (listening.services.upload_import: matched by any active search reading
    the source; every one added unless it was already in the inbox)."""
    read = f"Read {rows} row{'' if rows == 1 else 's'} from {filename}"
    if not matched:
        return f"{read}: none matched an active search reading this source, so nothing was added to the inbox."
    already = matched - stored
    added = f"{stored} {'was' if stored == 1 else 'were'} new and added to the inbox"
    if already:
        added += f" ({already} {'was' if already == 1 else 'were'} already there)"
    return f"{read}: {matched} matched an active search reading this source; {added}."
