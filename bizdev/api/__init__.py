"""API for Stage 3, business development, under /api/v1/bizdev/. One module per concern, each with
ROUTES (prefix, viewset, basename) that alumni_program/api_urls.py registers.

Who may do what is bizdev.access and bizdev.services, as on the pages: HR leads and contributors
in a pilot come in (managers read the figures endpoints only); lists hold what the reader may see;
another pilot's object is a 404; a visible object the reader may not change is a 403. The
guardrail and conflict rules are the services', so the API cannot skip them.
"""

from __future__ import annotations

from typing import Any

from . import assists, competitors, figures, guardrails, opportunities, references, requests

ROUTES: list[tuple[str, Any, str]] = [
    *opportunities.ROUTES,
    *assists.ROUTES,
    *competitors.ROUTES,
    *requests.ROUTES,
    *guardrails.ROUTES,
    *references.ROUTES,
    *figures.ROUTES,
]
