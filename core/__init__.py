"""The bottom layer (../shared/DESIGN.md): what every app uses and no app owns, with no domain
models and no import of any app (lint-imports checks it).

- ``core.web``: HTML view helpers (submit, delete_page, filter_by, as_pk, safe_next, paginate, …);
- ``core.api`` / ``core.drf``: the API's shared pieces, its one error format and pagination;
- ``core.parsers``: the bounded JSON parser of every API view (size, depth, list length);
- ``core.middleware``: Cache-Control: private, no-store on responses that may carry personal data;
- ``core.errors``: DomainError and its kinds, raised by services;
- ``core.changes``: a correction's field diff, for audit events;
- ``core.jobs`` / ``core.models``: run a job at most once per key (claim_once);
- ``core.db``: check constraints built from choice classes.
"""
