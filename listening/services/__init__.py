"""Writes with a rule for listening, one module per concern; the public names are re-exported here.

- families: keyword families (family_save, family_delete)
- searches: searches and their beat schedule, digest opt-in (search_save, search_delete, search_digest_set)
- sources: sources (source_save, source_resume, source_delete)
- runs: starting a run, fetching one source of it, sweeping stale runs (run_start, run_fetch_source,
  run_resume_stale); fetch tasks are enqueued by name, so this package never imports listening.tasks
- store: matching and storing posts (posts_store)
- uploads: exported CSV/JSON into an upload source (upload_import)
- inbox: triage, assignment and linking to a person (conversations_triage, conversations_assign,
  conversation_link_person, conversation_link_new_person)
- digest: the opt-in digest of relevant conversations (digest_send_relevant)
- retention: deleting conversations nobody kept (conversations_purge)
- privacy: a person's erasure in the conversations linked to them (person_conversations_erase)

Reads (which searches use a family, the author's person, the compiled matcher) are in
listening.selectors.
"""

from .common import MSG_HR_ONLY, MSG_TRIAGE, ListeningError
from .digest import digest_send_relevant
from .families import family_delete, family_save
from .inbox import (
    MSG_ASSIGNEE,
    MSG_STATUS,
    conversation_link_new_person,
    conversation_link_person,
    conversations_assign,
    conversations_triage,
)
from .privacy import person_conversations_erase
from .retention import conversations_purge
from .runs import (
    MSG_BROKER_DOWN,
    MSG_NO_ACTIVE_SOURCE,
    MSG_NOT_RETRIED_IN_PROCESS,
    MSG_RUN_RUNNING,
    MSG_UNEXPECTED,
    PAUSE_AFTER_FAILURES,
    RetryLater,
    run_fetch_source,
    run_resume_stale,
    run_start,
)
from .searches import MSG_SCHEDULE, search_delete, search_digest_set, search_save
from .sources import clean_source_config, source_delete, source_resume, source_save
from .store import StoreResult, posts_store
from .uploads import UploadResult, upload_import

__all__ = [
    "MSG_ASSIGNEE",
    "MSG_BROKER_DOWN",
    "MSG_HR_ONLY",
    "MSG_NOT_RETRIED_IN_PROCESS",
    "MSG_NO_ACTIVE_SOURCE",
    "MSG_RUN_RUNNING",
    "MSG_SCHEDULE",
    "MSG_STATUS",
    "MSG_TRIAGE",
    "MSG_UNEXPECTED",
    "PAUSE_AFTER_FAILURES",
    "ListeningError",
    "RetryLater",
    "StoreResult",
    "UploadResult",
    "clean_source_config",
    "conversation_link_new_person",
    "conversation_link_person",
    "conversations_assign",
    "conversations_purge",
    "conversations_triage",
    "digest_send_relevant",
    "family_delete",
    "family_save",
    "person_conversations_erase",
    "posts_store",
    "run_fetch_source",
    "run_resume_stale",
    "run_start",
    "search_delete",
    "search_digest_set",
    "search_save",
    "source_delete",
    "source_resume",
    "source_save",
    "upload_import",
]
