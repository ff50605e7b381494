"""Stage 2 services: every write with a rule, keyword-only, one transaction each. One module per
concern; import from the module (alumni.services.imports, alumni.services.surveys, …)."""

from __future__ import annotations

from . import coaching, directory, events, imports, introductions, outplacement, referrals, segments, surveys

AUDIT_PHRASES: dict[str, str] = {
    **directory.PHRASES,
    **segments.PHRASES,
    **imports.PHRASES,
    **introductions.PHRASES,
    **referrals.PHRASES,
    **events.PHRASES,
    **outplacement.PHRASES,
    **coaching.PHRASES,
    **surveys.PHRASES,
}
