"""API for listening: keyword families, searches (and running them), sources (with uploads of
exported posts), runs and their per-source progress, and the conversations inbox with triage.
One module per resource; the viewsets are re-exported here for alumni_program/api_urls.py.

Who may do what (listening.access and listening.services hold the rules):
- HR leads set up families, searches and sources, run searches and upload exports.
- Contributors read the families listening.access.visible_families gives them (the whole
  program's and their pilots'), the searches listening.access.visible_searches gives them, their
  runs, and the conversations listening.access.visible_conversations gives them; they triage,
  assign and (with the people directory) link conversations. Every setup write is a 403.
- Managers have no listening access: 403 everywhere.
A family, search, run or conversation the user may not see is a 404; a bulk action naming one is
refused as a whole (404, nothing changed).

A query the parser refuses is a 400 with code ``query_syntax`` (or ``unknown_family`` for an
``@name`` no family has), a message giving the column ("unexpected ')' at column 17") and the same
message under ``fields.query``. Harvested text is returned as plain text with match spans; clients
escape it and highlight the spans themselves.
"""

from .conversations import ConversationSerializer, ConversationViewSet
from .families import FamilySerializer, KeywordFamilyViewSet
from .runs import RunSerializer, RunViewSet
from .searches import SearchSerializer, SearchViewSet
from .sources import SourceSerializer, SourceViewSet

__all__ = [
    "ConversationSerializer",
    "ConversationViewSet",
    "FamilySerializer",
    "KeywordFamilyViewSet",
    "RunSerializer",
    "RunViewSet",
    "SearchSerializer",
    "SearchViewSet",
    "SourceSerializer",
    "SourceViewSet",
]
