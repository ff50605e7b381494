"""Reads of listening, one module per concern; the public names are re-exported here.

- inbox: the conversations a user may see, filtered, with their visible matches; highlighting
- ranking: the venue ranking and the spike flags
- queries: families as the query language sees them, compiled queries, which searches use a
  family, the matcher of a source's active searches
- people: the person on file who wrote a conversation
- runs: what a run's counts mean, in words
"""

from .inbox import (
    EXCERPT_CHARS,
    KEPT_STATUSES,
    Highlighted,
    InboxFilters,
    InboxRow,
    conversation_when,
    conversations_with_matches,
    highlighted,
    inbox_conversations,
    inbox_rows,
    visible_matches,
)
from .people import person_conversations, person_matching_author
from .queries import active_matcher, compile_query, families_map, searches_by_family, searches_using_family
from .ranking import (
    PERIODS,
    SCORE_EXPLANATION,
    SPIKE_LOOKBACK_WEEKS,
    SPIKE_MIN_WEEKS,
    SPIKE_SIGMAS,
    Spike,
    VenueFigures,
    VenueRanking,
    is_spike,
    search_spikes,
    spikes_for_user,
    venue_ranking,
    week_start,
)
from .runs import RunCounts, upload_summary

__all__ = [
    "EXCERPT_CHARS",
    "KEPT_STATUSES",
    "PERIODS",
    "SCORE_EXPLANATION",
    "SPIKE_LOOKBACK_WEEKS",
    "SPIKE_MIN_WEEKS",
    "SPIKE_SIGMAS",
    "Highlighted",
    "InboxFilters",
    "InboxRow",
    "RunCounts",
    "Spike",
    "VenueFigures",
    "VenueRanking",
    "active_matcher",
    "compile_query",
    "conversation_when",
    "conversations_with_matches",
    "families_map",
    "highlighted",
    "inbox_conversations",
    "inbox_rows",
    "is_spike",
    "person_conversations",
    "person_matching_author",
    "search_spikes",
    "searches_by_family",
    "searches_using_family",
    "spikes_for_user",
    "upload_summary",
    "venue_ranking",
    "visible_matches",
    "week_start",
]
