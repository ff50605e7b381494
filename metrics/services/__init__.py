"""Writes into the ledger, the costs and the wins, one module per concern; the public names are
re-exported here (``from metrics import services`` / ``from metrics.services import hire_record``).

- ledger: the record / correct / delete steps the three ledger kinds share (ledger_record,
  ledger_correct, ledger_delete; UNSET for "leave this field as it is")
- introductions: introduction_record, introduction_update, introduction_confirm, introduction_delete
  (a do-not-contact subject needs a recorded override); introduction_confirm_by_person (the person
  introduced confirms through a signed link, no user)
- assists: assist_record, assist_update, assist_delete
- hires: hire_record, hire_update, hire_delete, hire_warnings (hires refused before their pilot
  started or recorded twice; warnings for no costs, a pilot in planning, the same opening again)
- costs: program_cost_record, program_cost_update, program_cost_delete
- baselines: baseline_save, baseline_delete
- assist_scale: resolve_assist_type, assist_type_save, assist_scale_ensure_defaults
- wins: the win a ledger row earns (win_sync) and celebration_draft
- digest: digest_send_weekly (run once per manager and week through core.jobs.claim_once)
- personal_data: ledger_person_erase (people's erasure; the export is metrics.selectors.person_ledger)

Stage apps call introduction_record, assist_record and hire_record; views and the API call the
same functions. Every function is keyword-only, one transaction, validates before it writes
(nothing is written when a rule refuses) and records an audit event. Reads are in
metrics.selectors.
"""

from core.errors import ForbiddenError

from .assist_scale import (
    DEFAULT_ASSIST_SCALE,
    MSG_ASSIST_TYPE,
    MSG_ASSIST_TYPE_INACTIVE,
    MSG_SCALE_EXISTS,
    MSG_SCALE_NAME,
    MSG_SCALE_POINTS,
    assist_scale_ensure_defaults,
    assist_type_save,
    resolve_assist_type,
)
from .assists import assist_delete, assist_record, assist_update
from .baselines import (
    BASELINE_FIELDS,
    BASELINE_MONEY,
    MSG_BASELINE_OVERLAP,
    MSG_BASELINE_PERIOD,
    MSG_SOURCE_NOTE,
    baseline_delete,
    baseline_save,
)
from .common import (
    MSG_CHOICE,
    MSG_EMPLOYEE_NOT_MEMBER,
    MSG_FUTURE,
    MSG_HR_ONLY,
    MSG_NEGATIVE,
    MSG_NEGATIVE_DAYS,
    MSG_NOT_A_NUMBER,
    MSG_PILOT,
    MSG_TOO_LARGE,
    MSG_TOO_OLD,
    MetricsError,
)
from .costs import MSG_COST_AMOUNT, MSG_DESCRIPTION, program_cost_delete, program_cost_record, program_cost_update
from .digest import DIGEST_KIND, DigestDeliveryError, digest_key, digest_send_weekly, digest_week
from .hires import (
    CONFIRM_FIELD,
    HIRE_COSTS,
    MSG_CONFIRM_WARNINGS,
    MSG_HIRE_BEFORE_CONTACT,
    MSG_HIRE_BEFORE_PILOT,
    MSG_HIRE_SPONSOR,
    MSG_HIRE_TWICE,
    MSG_NO_COSTS,
    MSG_PILOT_PLANNING,
    MSG_SAME_OPENING,
    MSG_TITLE,
    HireWarning,
    hire_delete,
    hire_record,
    hire_update,
    hire_warnings,
)
from .introductions import (
    MSG_CONFIRM,
    MSG_CONFIRM_PERSON,
    MSG_INTRO_SELF,
    MSG_INTRO_TARGET,
    introduction_confirm,
    introduction_confirm_by_person,
    introduction_delete,
    introduction_record,
    introduction_update,
)
from .ledger import MSG_EDIT_OWN, UNSET, Unset
from .personal_data import ledger_person_erase
from .wins import MSG_CELEBRATE_FORBIDDEN, MSG_CELEBRATE_NO_POLICY, celebration_draft, celebration_text, win_sync

__all__ = [
    "BASELINE_FIELDS",
    "BASELINE_MONEY",
    "CONFIRM_FIELD",
    "DEFAULT_ASSIST_SCALE",
    "DIGEST_KIND",
    "HIRE_COSTS",
    "MSG_ASSIST_TYPE",
    "MSG_ASSIST_TYPE_INACTIVE",
    "MSG_BASELINE_OVERLAP",
    "MSG_BASELINE_PERIOD",
    "MSG_CELEBRATE_FORBIDDEN",
    "MSG_CELEBRATE_NO_POLICY",
    "MSG_CHOICE",
    "MSG_CONFIRM",
    "MSG_CONFIRM_PERSON",
    "MSG_CONFIRM_WARNINGS",
    "MSG_COST_AMOUNT",
    "MSG_DESCRIPTION",
    "MSG_EDIT_OWN",
    "MSG_EMPLOYEE_NOT_MEMBER",
    "MSG_FUTURE",
    "MSG_HIRE_BEFORE_CONTACT",
    "MSG_HIRE_BEFORE_PILOT",
    "MSG_HIRE_SPONSOR",
    "MSG_HIRE_TWICE",
    "MSG_HR_ONLY",
    "MSG_INTRO_SELF",
    "MSG_INTRO_TARGET",
    "MSG_NEGATIVE",
    "MSG_NEGATIVE_DAYS",
    "MSG_NOT_A_NUMBER",
    "MSG_NO_COSTS",
    "MSG_PILOT",
    "MSG_PILOT_PLANNING",
    "MSG_SAME_OPENING",
    "MSG_SCALE_EXISTS",
    "MSG_SCALE_NAME",
    "MSG_SCALE_POINTS",
    "MSG_SOURCE_NOTE",
    "MSG_TITLE",
    "MSG_TOO_LARGE",
    "MSG_TOO_OLD",
    "UNSET",
    "DigestDeliveryError",
    "ForbiddenError",
    "HireWarning",
    "MetricsError",
    "Unset",
    "assist_delete",
    "assist_record",
    "assist_scale_ensure_defaults",
    "assist_type_save",
    "assist_update",
    "baseline_delete",
    "baseline_save",
    "celebration_draft",
    "celebration_text",
    "digest_key",
    "digest_send_weekly",
    "digest_week",
    "hire_delete",
    "hire_record",
    "hire_update",
    "hire_warnings",
    "introduction_confirm",
    "introduction_confirm_by_person",
    "introduction_delete",
    "introduction_record",
    "introduction_update",
    "ledger_person_erase",
    "program_cost_delete",
    "program_cost_record",
    "program_cost_update",
    "resolve_assist_type",
    "win_sync",
]
