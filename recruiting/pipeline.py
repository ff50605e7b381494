"""Which pipeline step may follow which: the one place the rules live.

The board, the candidate page, the API and the services all ask ``allowed_moves`` and
``check_move``; nothing else decides.

- Forward along the path found → engaged → applied → video interview → onsite → offer → hired,
  skipping steps if need be (a candidate found may apply at once), except that "hired" follows
  "offer" only: nobody is hired without an offer.
- One step back from an active step, to correct a move made by mistake.
- From any active step to an end without a hire: declined, withdrew or rejected.
- From an end back to the step the candidate left (``reopen_to``), to undo it.
- "Hired" is final while the hire is on the ledger; once that hire is deleted the candidate may go
  back to "offer".
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import DomainError

from .models import Step

PATH: tuple[str, ...] = (
    Step.FOUND,
    Step.ENGAGED,
    Step.APPLIED,
    Step.VIDEO_INTERVIEW,
    Step.ONSITE,
    Step.OFFER,
    Step.HIRED,
)
ENDS: tuple[str, ...] = (Step.DECLINED, Step.WITHDREW, Step.REJECTED)
ACTIVE: tuple[str, ...] = PATH[:-1]
# The board's columns, in order.
COLUMNS: tuple[str, ...] = (*PATH, *ENDS)


def rank(step: str) -> int:
    """Position on the path (found = 0 … hired = 6); ends have no rank (-1)."""
    return PATH.index(step) if step in PATH else -1


def label(step: str) -> str:
    return str(Step(step).label) if step in Step.values else step


def allowed_moves(step: str, *, reopen_to: str = "", has_hire: bool = False) -> list[str]:
    """The steps a candidate at ``step`` may move to, in board order.

    ``reopen_to``: for a candidate at an end, the active step they left. ``has_hire``: for a hired
    candidate, whether their hire is still on the ledger."""
    if step == Step.HIRED:
        return [] if has_hire else [Step.OFFER]
    if step in ENDS:
        return [reopen_to] if reopen_to in ACTIVE else []
    here = rank(step)
    forward = [s for s in PATH[here + 1 :] if s != Step.HIRED or step == Step.OFFER]
    back = [PATH[here - 1]] if here > 0 else []
    return [s for s in COLUMNS if s in forward or s in back or s in ENDS]


def suggested_move(step: str, allowed: list[str]) -> str:
    """The move a form offers first: the next step on the path when allowed (the usual way
    forward), else the first allowed step ("" when none)."""
    here = rank(step)
    if 0 <= here < len(PATH) - 1 and PATH[here + 1] in allowed:
        return PATH[here + 1]
    return allowed[0] if allowed else ""


def check_move(step: str, to: str, *, reopen_to: str = "", has_hire: bool = False) -> None:
    """Raise a DomainError that says why, unless ``step`` → ``to`` is allowed."""
    if to not in Step.values:
        raise _refusal(f"“{to}” is not a pipeline step.")
    if to == step:
        raise _refusal(f"The candidate is already at “{label(step)}”.")
    allowed = allowed_moves(step, reopen_to=reopen_to, has_hire=has_hire)
    if to in allowed:
        return
    if step == Step.HIRED:
        raise _refusal(
            "A hired candidate stays hired while the hire is on the ledger: delete the hire first to undo it."
        )
    if to == Step.HIRED:
        raise _refusal("A candidate is hired after an offer: move them to “Offer” first.")
    raise _refusal(f"A candidate at “{label(step)}” cannot move to “{label(to)}”. Allowed: {_words(allowed)}.")


def reached(step: str, furthest: str) -> bool:
    """Did a candidate whose furthest step on the path is ``furthest`` reach ``step``?"""
    return rank(furthest) >= rank(step) >= 0


def _words(steps: Sequence[str]) -> str:
    return ", ".join(f"“{label(s)}”" for s in steps) or "none"


def _refusal(message: str) -> DomainError:
    return DomainError(message, code="pipeline_move", fields={"step": [message]})
