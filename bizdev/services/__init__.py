"""Stage 3 services: every write with a rule, keyword-only, one transaction each. One module per
concern; import from the module (bizdev.services.opportunities, bizdev.services.requests, …)."""

from __future__ import annotations

from ..selectors import stage
from . import assists, competitors, guardrails, opportunities, references, requests

AUDIT_PHRASES: dict[str, str] = {
    **opportunities.PHRASES,
    **assists.PHRASES,
    **competitors.PHRASES,
    **requests.PHRASES,
    **guardrails.PHRASES,
    **references.PHRASES,
    **stage.PHRASES,  # the figure pages' reads of alumni's names
}
