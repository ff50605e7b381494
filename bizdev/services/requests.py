"""Help requests both ways: ours to alumni, and alumni's own asks ("make sure that their requests
are met").

- ``help_request_create``: one of ours runs two rules first (bizdev.rules). The guardrail: the
  title and text must not look like a request for privileged information, or the sender confirms
  the hits (``confirm_guardrail``; refused with code "guardrail_unconfirmed" and the hits in the
  error's fields). The conflict of interest: an alumnus it reaches works for a competitor of ours or
  of the deal's prospect → a written disclosure of at least 20 characters (refused with code
  "conflict_undisclosed" and the conflicts). A request to the private group is also checked
  against the pilot's approved sharing policy, as alumni's group posts are: the policy's "never
  share" items found in the text count as guardrail hits. Once created, the request is sent: an
  email (task "bizdev.send_request", after the commit) to each alumnus it reaches by segment or
  choice who consented, at most once per person, with a signed link (purpose "bizdev.respond") to
  answer without an account; for the private group, a post drafted for the group to copy.
  Alumni's asks entered by an employee (an alumnus required) skip both rules.
- ``help_request_update`` runs the rules again on changed text or audience.
- Responses, "answered" (``answered_at`` set the first time: for alumni's asks, met), close, reopen.
- Alumni's own asks through a signed link (purpose "bizdev.ask"): an employee sends the link
  by email (consent required; task "bizdev.send_ask_link") or copies it; the alumnus writes the
  ask, which becomes a HelpRequest(direction alumni, via_link=True). One request per link.

Who: HR leads and contributors of the request's Stage 3 pilot. Editing, closing and reopening are
for whoever asked or entered the request and HR leads (403 for the pilot's other contributors).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from celery import current_app
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import User
from accounts.services import audit_record
from alumni.models import AlumniSegment, Alumnus
from alumni.selectors.referrals import policy_check
from core.errors import DomainError, ForbiddenError
from programs.models import Pilot, Venue
from programs.services import current_policy

from ..access import pilot_segments, reachable_alumni, work_pilots
from ..models import (
    GuardrailCheck,
    HelpRequest,
    Opportunity,
    ReferenceConversation,
    RequestAudience,
    RequestDirection,
    RequestKind,
)
from ..rules import Conflict, GuardrailHit, alumni_involved, conflicts_for, guardrail_hits, hits_from_json
from ..selectors.requests import can_change_request, group_venues
from .opportunities import check_pilot  # one rule for every Stage 3 write

logger = logging.getLogger(__name__)

SEND_TASK = "bizdev.send_request"
ASK_TASK = "bizdev.send_ask_link"
EMAIL_KIND = "bizdev.request_email"
ASK_EMAIL_KIND = "bizdev.ask_email"
RESPOND_PURPOSE = "bizdev.respond"
ASK_PURPOSE = "bizdev.ask"
DISCLOSURE_MIN = 20
TITLE_MAX = 200
BODY_MAX = 4000
DISCLOSURE_MAX = 2000

AUDIT_LISTED = "help_requests.api_listed"
AUDIT_PAGE_LISTED = "help_requests.viewed"
AUDIT_VIEWED = "help_request.viewed"

PHRASES: dict[str, str] = {
    "help_request.created": "Help request {target} sent",
    "help_request.changed": "Help request {target} changed",
    "help_request.guardrail_checked": "Guardrail checked on help request {target}",
    "help_request.guardrail_confirmed": "Guardrail hits confirmed on help request {target}",
    "help_request.conflict_disclosed": "Conflict of interest disclosed on help request {target}",
    "help_request.emailed": "Help request {target} emailed to an alumnus",
    "help_request.response_added": "Response added to help request {target}",
    "help_request.answered": "Help request {target} marked answered",
    "help_request.closed": "Help request {target} closed",
    "help_request.reopened": "Help request {target} reopened",
    "help_request.ask_link_made": "“Ask us for help” link made",
    "help_request.ask_link_emailed": "“Ask us for help” link emailed",
    AUDIT_VIEWED: "Help request {target} viewed",
    AUDIT_PAGE_LISTED: "Help requests listed",
    AUDIT_LISTED: "Help requests listed through the API",
}

MSG_PILOT = "Choose one of your Stage 3 pilots."
MSG_NOT_IN_PILOT = "You do not work in this request's pilot."
MSG_FORBIDDEN = "Only whoever asked or entered this request, and HR leads, change it."
MSG_DIRECTION = "Choose who asks: we ask alumni, or an alumnus asks us."
MSG_KIND = "Choose the kind of help."
MSG_TITLE = "Give the request a short title."
MSG_TITLE_LONG = f"Keep the title under {TITLE_MAX} characters."
MSG_BODY = "Write what you ask, in a few plain sentences."
MSG_BODY_LONG = f"Keep the text under {BODY_MAX} characters."
MSG_AUDIENCE = "Choose who it goes to: a segment, chosen alumni, or the pilot's private group."
MSG_SEGMENT = "Choose a segment of this pilot."
MSG_CHOSEN = "Choose at least one alumnus of this pilot."
MSG_CHOSEN_OTHER = "Only alumni of this pilot you may see can be chosen: {names}."
MSG_VENUE = "Choose the pilot's private group (a private venue its alumni are members of)."
MSG_ALUMNUS = "Choose the alumnus who asks (one you may see)."
MSG_OPPORTUNITY = "Choose a deal of this pilot."
MSG_REFERENCES = "Only reference conversations of this pilot can be cited."
MSG_GUARDRAIL = (
    "This looks like a request for privileged information ({terms}). We never ask alumni for it. "
    "Rewrite it, or confirm that you are not asking for privileged information."
)
MSG_CONFLICT = (
    "A conflict of interest: {who}. Write a disclosure (at least {min} characters) that everyone who "
    "sees the request will read, before it is sent."
)
MSG_CONFLICT_NEW = "The audience now includes a new conflict of interest: {who}. Update the disclosure."
MSG_DISCLOSURE_LONG = f"Keep the disclosure under {DISCLOSURE_MAX} characters."
MSG_NO_POLICY = (
    "{pilot} has no approved sharing policy: requests to the private group follow an approved policy. "
    "An HR lead approves it on the pilot's page."
)
MSG_CLOSED = "This request is closed: reopen it first."
MSG_ALREADY_ANSWERED = "This request is marked answered already."
MSG_ALREADY_CLOSED = "This request is closed already."
MSG_NOT_CLOSED = "Only a closed request can be reopened."
MSG_RESPONSE = "Write the answer."
MSG_RESPONSE_LONG = f"Keep the answer under {BODY_MAX} characters."
MSG_RESPONSE_ALUMNUS = "Choose an alumnus you may see, or nobody (your own answer)."
MSG_ASK_NO_CONSENT = "{name} has not agreed to be contacted by email: copy the link and give it to them yourself."
MSG_ASK_DNC = "{name} asked not to be contacted."
MSG_ASK_NO_EMAIL = "We have no email address for {name}: copy the link and give it to them yourself."
MSG_LINK_CLOSED = "This request is closed now, so no answer can be added. Thank you all the same."
MSG_LINK_GONE = "This link no longer leads anywhere: ask us for a new one."

EDITABLE = ("kind", "title", "body", "audience", "segment", "venue", "alumnus", "opportunity")


def _fail(message: str, field: str, *, code: str | None = None, **extra: Any) -> DomainError:
    return DomainError(message, code=code, fields={field: [message], **extra})


def enqueue(task_name: str, *args: Any) -> None:
    """Run the task named ``task_name`` after the commit (by name: services never import tasks).
    A broker outage is logged, never an error page: the request is saved all the same."""

    def send() -> None:
        try:
            current_app.signature(task_name, args=args).delay()
        except OperationalError:
            logger.warning("broker unreachable; %s%r not enqueued", task_name, args)

    transaction.on_commit(send)


# --- checks -------------------------------------------------------------------------------------


def check_works_in(actor: User, request: HelpRequest) -> None:
    if not work_pilots(actor).filter(pk=request.pilot_id).exists():
        raise ForbiddenError(MSG_NOT_IN_PILOT)


def check_may_change(actor: User, request: HelpRequest) -> None:
    check_works_in(actor, request)
    if not can_change_request(actor, request):
        raise ForbiddenError(MSG_FORBIDDEN)


def _clean_text(kind: str, title: str, body: str) -> tuple[str, str]:
    if kind not in RequestKind.values:
        raise _fail(MSG_KIND, "kind")
    title = " ".join(str(title).split())
    if not title:
        raise _fail(MSG_TITLE, "title")
    if len(title) > TITLE_MAX:
        raise _fail(MSG_TITLE_LONG, "title")
    body = str(body).replace("\r\n", "\n").strip()
    if not body:
        raise _fail(MSG_BODY, "body")
    if len(body) > BODY_MAX:
        raise _fail(MSG_BODY_LONG, "body")
    return title, body


def _check_links(
    actor: User, pilot: Pilot, opportunity: Opportunity | None, references: list[ReferenceConversation]
) -> None:
    if opportunity is not None and opportunity.pilot_id != pilot.pk:
        raise _fail(MSG_OPPORTUNITY, "opportunity")
    if any(ref.pilot_id != pilot.pk for ref in references):
        raise _fail(MSG_REFERENCES, "references")


def _reachable(actor: User, pilot: Pilot) -> QuerySet[Alumnus]:
    """The alumni ``actor`` may name in a request of ``pilot``: theirs to reach and the pilot's
    sponsor's (bizdev.access.reachable_alumni, pilot_alumni)."""
    return reachable_alumni(actor).filter(pilot__sponsor_id=pilot.sponsor_id)


def _check_audience(
    actor: User,
    pilot: Pilot,
    audience: str,
    segment: AlumniSegment | None,
    chosen: list[Alumnus],
    venue: Venue | None,
) -> tuple[AlumniSegment | None, list[Alumnus], Venue | None]:
    """The audience's own fields, the others cleared."""
    if audience == RequestAudience.SEGMENT:
        if segment is None or not pilot_segments(pilot).filter(pk=segment.pk).exists():
            raise _fail(MSG_SEGMENT, "segment")
        return segment, [], None
    if audience == RequestAudience.CHOSEN:
        if not chosen:
            raise _fail(MSG_CHOSEN, "chosen_alumni")
        visible = set(_reachable(actor, pilot).filter(pk__in=[a.pk for a in chosen]).values_list("pk", flat=True))
        others = [str(a) for a in chosen if a.pk not in visible]
        if others:
            raise _fail(MSG_CHOSEN_OTHER.format(names=", ".join(others)), "chosen_alumni")
        return None, chosen, None
    if audience == RequestAudience.GROUP:
        if venue is None or not group_venues(pilot).filter(pk=venue.pk).exists():
            raise _fail(MSG_VENUE, "venue")
        return None, [], venue
    raise _fail(MSG_AUDIENCE, "audience")


def _policy_hits(pilot: Pilot, text: str) -> list[GuardrailHit]:
    """A group post is checked against the pilot's approved sharing policy (refused without one):
    the "never share" items found count as guardrail hits."""
    policy = current_policy(pilot)
    if policy is None:
        raise _fail(MSG_NO_POLICY.format(pilot=pilot.name), "audience", code="no_policy")
    found = policy_check(policy, text).found
    note = f"The sharing policy (version {policy.version}) says this must never be shared."
    return [GuardrailHit(term=item, note=note) for item in found]


def _who(conflicts: list[Conflict]) -> str:
    return "; ".join(f"{c.alumnus_name} {c.reason}" for c in conflicts)


def _rules(
    *,
    pilot: Pilot,
    audience: str,
    title: str,
    body: str,
    alumni: QuerySet[Alumnus],
    opportunity: Opportunity | None,
    confirm_guardrail: bool,
    disclosure: str,
    confirmed_terms: Iterable[str] = (),
    known_conflicts: set[int] | None = None,
    disclosure_given: bool = True,
) -> tuple[list[GuardrailHit], list[Conflict]]:
    """Run the guardrail, then the conflict rule; refuse as the module says. ``confirmed_terms``:
    hits confirmed before (an edit needs a confirmation for new hits only). ``known_conflicts``:
    the alumni already disclosed (an edit that adds one needs the disclosure rewritten)."""
    text = f"{title}\n{body}\n{disclosure}"  # the disclosure is sent with the request: checked too
    hits = guardrail_hits(text)
    if audience == RequestAudience.GROUP:
        hits += [h for h in _policy_hits(pilot, text) if h.term.casefold() not in {x.term.casefold() for x in hits}]
    conflicts = conflicts_for(pilot=pilot, opportunity=opportunity, alumni=alumni)
    confirmed = set(confirmed_terms)
    new_hits = [h for h in hits if h.term.casefold() not in confirmed]
    if new_hits and not confirm_guardrail:
        msg = MSG_GUARDRAIL.format(terms=", ".join(f"“{h.term}”" for h in new_hits))
        raise DomainError(
            msg,
            code="guardrail_unconfirmed",
            fields={
                "confirm_guardrail": [msg],
                "hits": [h.as_dict() for h in hits],
                "conflicts": [c.as_dict() for c in conflicts],
            },
        )
    if conflicts:
        fresh = [c for c in conflicts if known_conflicts is not None and c.alumnus_id not in known_conflicts]
        if len(disclosure.strip()) < DISCLOSURE_MIN:
            msg = MSG_CONFLICT.format(who=_who(conflicts), min=DISCLOSURE_MIN)
            raise DomainError(
                msg,
                code="conflict_undisclosed",
                fields={
                    "disclosure": [msg],
                    "conflicts": [c.as_dict() for c in conflicts],
                    "hits": [h.as_dict() for h in hits],
                },
            )
        if fresh and not disclosure_given:
            msg = MSG_CONFLICT_NEW.format(who=_who(fresh))
            raise DomainError(
                msg,
                code="conflict_undisclosed",
                fields={
                    "disclosure": [msg],
                    "conflicts": [c.as_dict() for c in conflicts],
                    "hits": [h.as_dict() for h in hits],
                },
            )
    return hits, conflicts


def _audit(actor: User | None, verb: str, request: HelpRequest, now: dt.datetime | None, **data: Any) -> None:
    person_id = request.alumnus.person_id if request.alumnus_id and request.alumnus else None
    audit_record(
        actor=actor,
        verb=verb,
        target=request,
        person_id=person_id,
        data={"pilot": request.pilot_id, "direction": request.direction, **data},
        now=now,
    )


def _record_rules(
    actor: User,
    request: HelpRequest,
    hits: list[GuardrailHit],
    conflicts: list[Conflict],
    *,
    confirm_guardrail: bool,
    disclosed: bool,
    now: dt.datetime,
) -> None:
    """The GuardrailCheck row and the audit events of the check, the confirmation and the disclosure."""
    confirmed = bool(hits) and confirm_guardrail
    GuardrailCheck.objects.create(
        request=request, hits=[h.as_dict() for h in hits], confirmed=confirmed, checked_by=actor, checked_at=now
    )
    _audit(actor, "help_request.guardrail_checked", request, now, hits=[h.term for h in hits])
    if confirmed:
        _audit(actor, "help_request.guardrail_confirmed", request, now, hits=[h.term for h in hits])
    if disclosed and conflicts:
        _audit(
            actor,
            "help_request.conflict_disclosed",
            request,
            now,
            conflicts=[c.alumnus_id for c in conflicts],
            companies=sorted({c.company for c in conflicts}),
        )


# --- create and update --------------------------------------------------------------------------


@transaction.atomic
def help_request_create(
    *,
    actor: User,
    pilot: Pilot,
    direction: str,
    kind: str,
    title: str,
    body: str,
    audience: str = "",
    segment: AlumniSegment | None = None,
    chosen_alumni: Iterable[Alumnus] = (),
    venue: Venue | None = None,
    alumnus: Alumnus | None = None,
    opportunity: Opportunity | None = None,
    references: Iterable[ReferenceConversation] = (),
    confirm_guardrail: bool = False,
    disclosure: str = "",
    now: dt.datetime | None = None,
) -> HelpRequest:
    """Create (and so send) a request: ours after the rules, or an alumnus's ask entered by an
    employee. Refusals are DomainErrors with the field they concern; see the module docstring."""
    check_pilot(actor, pilot)
    if direction not in RequestDirection.values:
        raise _fail(MSG_DIRECTION, "direction")
    title, body = _clean_text(kind, title, body)
    chosen, refs = list(chosen_alumni), list(references)
    _check_links(actor, pilot, opportunity, refs)
    disclosure = str(disclosure).replace("\r\n", "\n").strip()
    if len(disclosure) > DISCLOSURE_MAX:
        raise _fail(MSG_DISCLOSURE_LONG, "disclosure")
    now = now or timezone.now()
    hits: list[GuardrailHit] = []
    conflicts: list[Conflict] = []
    if direction == RequestDirection.OURS:
        segment, chosen, venue = _check_audience(actor, pilot, audience, segment, chosen, venue)
        involved = alumni_involved(pilot=pilot, audience=audience, segment=segment, chosen_alumni=chosen, venue=venue)
        hits, conflicts = _rules(
            pilot=pilot,
            audience=audience,
            title=title,
            body=body,
            alumni=involved,
            opportunity=opportunity,
            confirm_guardrail=confirm_guardrail,
            disclosure=disclosure,
        )
        alumnus = None
    else:
        if alumnus is None or not _reachable(actor, pilot).filter(pk=alumnus.pk).exists():
            raise _fail(MSG_ALUMNUS, "alumnus")
        audience, segment, chosen, venue = "", None, [], None
        disclosure = ""  # the rules are for what we ask; an alumnus's ask discloses nothing
    confirmed = bool(hits) and confirm_guardrail
    request = HelpRequest.objects.create(
        pilot=pilot,
        direction=direction,
        kind=kind,
        title=title,
        body=body,
        audience=audience,
        segment=segment,
        venue=venue,
        alumnus=alumnus,
        opportunity=opportunity,
        asked_by=actor,
        guardrail_hits=[h.as_dict() for h in hits],
        guardrail_confirmed_by=actor if confirmed else None,
        guardrail_confirmed_at=now if confirmed else None,
        conflicts=[c.as_dict() for c in conflicts],
        disclosure=disclosure,
        disclosed_by=actor if disclosure else None,
        disclosed_at=now if disclosure else None,
        created_at=now,
        updated_at=now,
    )
    if chosen:
        request.chosen_alumni.set(chosen)
    if refs:
        request.references.set(refs)
    _audit(actor, "help_request.created", request, now, kind=kind, audience=audience)
    if direction == RequestDirection.OURS:
        _record_rules(
            actor, request, hits, conflicts, confirm_guardrail=confirm_guardrail, disclosed=bool(disclosure), now=now
        )
        if audience in (RequestAudience.SEGMENT, RequestAudience.CHOSEN):
            enqueue(SEND_TASK, request.pk)
    return request


def _rerun_rules(
    actor: User,
    request: HelpRequest,
    merged: dict[str, Any],
    chosen: list[Alumnus],
    changes: dict[str, Any],
    *,
    text_changed: bool,
    confirm_guardrail: bool,
    disclosure: str,
) -> tuple[bool, list[GuardrailHit], list[Conflict], list[Alumnus]]:
    """For one of ours: check the audience, and run the rules again when the text, the audience or
    the disclosure changed. Returns whether they ran, the hits, the conflicts and the chosen alumni."""
    segment, chosen, venue = _check_audience(
        actor, request.pilot, merged["audience"], merged["segment"], chosen, merged["venue"]
    )
    merged["segment"], merged["venue"], merged["alumnus"] = segment, venue, None
    audience_changed = (
        merged["audience"] != request.audience
        or getattr(segment, "pk", None) != request.segment_id
        or getattr(venue, "pk", None) != request.venue_id
        or getattr(merged["opportunity"], "pk", None) != request.opportunity_id
        or {a.pk for a in chosen} != {a.pk for a in request.chosen_alumni.all()}
    )
    hits = hits_from_json(request.guardrail_hits)
    if not (text_changed or audience_changed or "disclosure" in changes):
        return False, hits, [], chosen
    confirmed_before = {h.term.casefold() for h in hits} if request.guardrail_confirmed_at else set()
    known = {int(c.get("alumnus_id", 0)) for c in request.conflicts if isinstance(c, dict)}
    involved = alumni_involved(
        pilot=request.pilot, audience=merged["audience"], segment=segment, chosen_alumni=chosen, venue=venue
    )
    hits, conflicts = _rules(
        pilot=request.pilot,
        audience=merged["audience"],
        title=merged["title"],
        body=merged["body"],
        alumni=involved,
        opportunity=merged["opportunity"],
        confirm_guardrail=confirm_guardrail,
        disclosure=disclosure,
        confirmed_terms=confirmed_before,
        known_conflicts=known,
        disclosure_given=disclosure != request.disclosure,
    )
    return True, hits, conflicts, chosen


def _set_rule_fields(
    actor: User,
    request: HelpRequest,
    hits: list[GuardrailHit],
    conflicts: list[Conflict],
    *,
    confirm_guardrail: bool,
    now: dt.datetime,
) -> list[str]:
    """Store what the rules found on the request (not saved); returns the fields set."""
    changed = []
    hits_json = [h.as_dict() for h in hits]
    if hits_json != request.guardrail_hits:
        request.guardrail_hits = hits_json
        changed.append("guardrail_hits")
    if hits and confirm_guardrail:
        request.guardrail_confirmed_by, request.guardrail_confirmed_at = actor, now
        changed += ["guardrail_confirmed_by", "guardrail_confirmed_at"]
    elif not hits and request.guardrail_confirmed_at is not None:
        request.guardrail_confirmed_by, request.guardrail_confirmed_at = None, None
        changed += ["guardrail_confirmed_by", "guardrail_confirmed_at"]
    conflicts_json = [c.as_dict() for c in conflicts]
    if conflicts_json != request.conflicts:
        request.conflicts = conflicts_json
        changed.append("conflicts")
    return changed


def _set_lists(request: HelpRequest, chosen: list[Alumnus], refs: list[ReferenceConversation]) -> list[str]:
    changed = []
    if {a.pk for a in chosen} != set(request.chosen_alumni.values_list("pk", flat=True)):
        request.chosen_alumni.set(chosen)
        changed.append("chosen_alumni")
    if {r.pk for r in refs} != set(request.references.values_list("pk", flat=True)):
        request.references.set(refs)
        changed.append("references")
    return changed


def _public(names: list[str]) -> list[str]:
    return [name for name in dict.fromkeys(names) if not name.endswith(("_by", "_at"))]


@transaction.atomic
def help_request_update(
    *, actor: User, request: HelpRequest, now: dt.datetime | None = None, **changes: Any
) -> list[str]:
    """Correct a request; the fields not given keep their values (``chosen_alumni`` and
    ``references``, when given, replace the lists). For ours, the rules run again when the text,
    the audience or the disclosure changed: new guardrail hits need ``confirm_guardrail``, a
    conflict needs a disclosure (rewritten when the audience gains a new one). The direction and
    the pilot stay; alumni who join the audience are emailed (nobody twice). Returns the names of the
    fields that changed."""
    allowed = {*EDITABLE, "chosen_alumni", "references", "confirm_guardrail", "disclosure"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"help_request_update() got unexpected fields: {sorted(unknown)}")
    check_may_change(actor, request)
    now = now or timezone.now()
    confirm_guardrail = bool(changes.pop("confirm_guardrail", False))
    merged = {name: changes.get(name, getattr(request, name)) for name in EDITABLE}
    merged["title"], merged["body"] = _clean_text(merged["kind"], merged["title"], merged["body"])
    chosen = list(changes.get("chosen_alumni", request.chosen_alumni.all()))
    refs = list(changes.get("references", request.references.all()))
    _check_links(actor, request.pilot, merged["opportunity"], refs)
    disclosure = str(changes.get("disclosure", request.disclosure)).replace("\r\n", "\n").strip()
    if len(disclosure) > DISCLOSURE_MAX:
        raise _fail(MSG_DISCLOSURE_LONG, "disclosure")
    text_changed = (merged["title"], merged["body"]) != (request.title, request.body)
    rules_run = False
    hits: list[GuardrailHit] = []
    conflicts: list[Conflict] = []
    if request.direction == RequestDirection.OURS:
        rules_run, hits, conflicts, chosen = _rerun_rules(
            actor,
            request,
            merged,
            chosen,
            changes,
            text_changed=text_changed,
            confirm_guardrail=confirm_guardrail,
            disclosure=disclosure,
        )
    else:
        erased = merged["alumnus"] is None and request.alumnus_id is None  # their record went with an erasure
        if not erased and (
            merged["alumnus"] is None or not _reachable(actor, request.pilot).filter(pk=merged["alumnus"].pk).exists()
        ):
            raise _fail(MSG_ALUMNUS, "alumnus")
        merged.update({"audience": "", "segment": None, "venue": None})
        chosen = []
    changed = [name for name in EDITABLE if getattr(request, name) != merged[name]]
    for name in changed:
        setattr(request, name, merged[name])
    if disclosure != request.disclosure:
        request.disclosure = disclosure
        request.disclosed_by, request.disclosed_at = (actor, now) if disclosure else (None, None)
        changed += ["disclosure", "disclosed_by", "disclosed_at"]
    if rules_run:
        changed += _set_rule_fields(actor, request, hits, conflicts, confirm_guardrail=confirm_guardrail, now=now)
    if changed:
        request.updated_at = now
        request.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    changed += _set_lists(request, chosen, refs)
    if rules_run:
        _record_rules(
            actor,
            request,
            hits,
            conflicts,
            confirm_guardrail=confirm_guardrail,
            disclosed="disclosure" in changed,
            now=now,
        )
    if changed:
        _audit(actor, "help_request.changed", request, now, changed=_public(changed))
    emailed = (RequestAudience.SEGMENT, RequestAudience.CHOSEN)
    if rules_run and request.audience in emailed and {"audience", "segment", "chosen_alumni"} & set(changed):
        enqueue(SEND_TASK, request.pk)  # who joined the audience hears of it; nobody hears twice
    return _public(changed)


def help_requests_listed(*, actor: User, data: dict[str, Any], api: bool = False) -> None:
    """One audit event per page or API list of requests (they name alumni)."""
    verb = AUDIT_LISTED if api else AUDIT_PAGE_LISTED
    audit_record(actor=actor, verb=verb, target_type="bizdev.helprequest", data=data)


def help_request_viewed(*, actor: User, request: HelpRequest, via: str = "page") -> None:
    _audit(actor, AUDIT_VIEWED, request, None, via=via)
