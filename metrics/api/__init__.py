"""API for the metrics ledger (introductions, assists, hires), the assist value scale, program
costs and legacy cost baselines, one module per concern; the public names are re-exported here.

- ledger: introductions and assists; hires: hires and their warnings; costs: the assist scale,
  program costs and baselines; common: the permission, input fields and the ledger viewset.

Reads go through ``metrics.access``: a row of a pilot the user cannot see is a 404 and absent from
lists; listing ledger rows that name people is audited, once per request. Every write validates an
input serializer, calls one ``metrics.services`` function and answers with the output serializer.
The services decide who may log where: a contributor naming another pilot gets a 400 on ``pilot``
(the same answer as for a pilot that does not exist), correcting someone else's row a 403.
Managers only read (403 on any write); program costs, baselines and the scale are written by HR
leads. Amounts are decimal strings in the program's one currency (settings.PROGRAM_CURRENCY).
"""

from .common import CanLogOrReadOnly, LedgerViewSet
from .costs import (
    AssistTypeSerializer,
    AssistTypeViewSet,
    BaselineSerializer,
    BaselineViewSet,
    ProgramCostSerializer,
    ProgramCostViewSet,
)
from .hires import HireSerializer, HireViewSet, HireWarningSerializer, HireWrittenSerializer
from .ledger import AssistSerializer, AssistViewSet, IntroductionSerializer, IntroductionViewSet

__all__ = [
    "AssistSerializer",
    "AssistTypeSerializer",
    "AssistTypeViewSet",
    "AssistViewSet",
    "BaselineSerializer",
    "BaselineViewSet",
    "CanLogOrReadOnly",
    "HireSerializer",
    "HireViewSet",
    "HireWarningSerializer",
    "HireWrittenSerializer",
    "IntroductionSerializer",
    "IntroductionViewSet",
    "LedgerViewSet",
    "ProgramCostSerializer",
    "ProgramCostViewSet",
]
