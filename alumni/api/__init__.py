"""API for Stage 2, alumni, under /api/v1/alumni/. One module per concern, each with ROUTES
(prefix, viewset, basename) that alumni_program/api_urls.py registers.

Who may do what is alumni.access and alumni.services, as on the pages: HR leads and contributors
in a pilot come in (managers and contributors without a pilot: 403); lists hold what the reader
may see; another pilot's object is a 404; a visible object the reader may not change is a 403.
Lists and reads of alumni's personal data are audited once per request.
"""

from __future__ import annotations

from typing import Any

from . import coaching, directory, events, imports, introductions, outplacement, referrals, segments, surveys

ROUTES: list[tuple[str, Any, str]] = [
    *directory.ROUTES,
    *segments.ROUTES,
    *imports.ROUTES,
    *introductions.ROUTES,
    *referrals.ROUTES,
    *events.ROUTES,
    *outplacement.ROUTES,
    *coaching.ROUTES,
    *surveys.ROUTES,
]
