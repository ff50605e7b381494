"""Stage 3, business development: opportunities and their cycle, help requests both ways with the
guardrail and conflict-of-interest rules, responses, reference conversations, and the list of
prospects' competitors.

Assists are the ledger's (metrics.models.Assist, linked through ``reference_kind`` "opportunity" or
"help_request" and ``reference_id``); this app reads them and writes them through metrics.services.
One module per concern, re-exported here.
"""

from .opportunities import CLOSED_STAGES, OPEN_STAGES, Opportunity, OpportunityStage, ProspectCompetitor
from .references import ReferenceConversation
from .requests import (
    GuardrailCheck,
    GuardrailTerm,
    HelpRequest,
    HelpResponse,
    RequestAudience,
    RequestDirection,
    RequestKind,
    RequestStatus,
)

# The ledger's Assist.reference_kind values for Stage 3.
REF_OPPORTUNITY = "opportunity"
REF_REQUEST = "help_request"

__all__ = [
    "CLOSED_STAGES",
    "OPEN_STAGES",
    "REF_OPPORTUNITY",
    "REF_REQUEST",
    "GuardrailCheck",
    "GuardrailTerm",
    "HelpRequest",
    "HelpResponse",
    "Opportunity",
    "OpportunityStage",
    "ProspectCompetitor",
    "ReferenceConversation",
    "RequestAudience",
    "RequestDirection",
    "RequestKind",
    "RequestStatus",
]
