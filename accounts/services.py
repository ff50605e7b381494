"""Writes with a rule for accounts: invitations, API tokens and the audit log."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.changes import changed_fields
from core.errors import ConflictError, DomainError, ForbiddenError

from .models import ApiToken, AuditEvent, Invitation, Role, User
from .registry import describe_invitations, must_not_email, placement, run_after_accept


class AccountError(DomainError):
    pass


MSG_ALREADY_USER = "{email} already has an account."
MSG_PENDING_EXISTS = "{email} already has a pending invitation; resend it instead."
MSG_INVITATION_INVALID = "This invitation link is not valid."
MSG_INVITATION_EXPIRED = "This invitation has expired. Ask your HR lead to resend it."
MSG_INVITATION_USED = "This invitation has already been used. Log in instead."
MSG_INVITATION_REVOKED = "This invitation was withdrawn."
MSG_CANNOT_RESEND = "Only a pending or expired invitation can be resent."
MSG_DO_NOT_EMAIL = (
    "{email} belongs to someone who asked not to be contacted, so no invitation is sent to it. "
    "Invite them at another address, or clear “do not contact” on their person page first if they asked for it."
)
MSG_NOT_HR = "Only an HR lead can do this."
MSG_ROLE_INVALID = "Unknown role."
MSG_PLACEMENT_UNKNOWN = "Unknown choice."
MSG_LAST_HR_LEAD = "The program needs at least one active HR lead."
MSG_TOKEN_EXPIRY_PAST = "The expiry must be in the future."
MSG_TOKEN_EXPIRY_FAR = "A token can last at most two years; leave the expiry empty for one that lasts until revoked."

MAX_TOKEN_LIFETIME = dt.timedelta(days=730)
REASON_PASSWORD_CHANGED = "password_changed"
REASON_DEACTIVATED = "deactivated"


def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    data: dict[str, Any] | None = None,
    person_id: int | None = None,
    now: dt.datetime | None = None,
) -> AuditEvent:
    """Append one audit event. Called by every service that changes people's data or settings,
    and by views that read or export personal data (one event per request, never per row).
    ``person_id``: the person the event is about, when there is one (the log filters on it); a
    target that is a people.Person sets it by itself."""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_repr = str(target)[:255]
        if person_id is None and target_type == "people.person":
            person_id = int(target.pk)
    else:
        target_repr = ""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        data=data or {},
        person_id=person_id,
        created_at=now or timezone.now(),
    )


def _invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation_accept", args=[token])


def _send_invitation(invitation: Invitation, token: str) -> None:
    context = {
        "invitation": invitation,
        "url": _invitation_url(token),
        "placements": describe_invitations([invitation.pk])[invitation.pk],
    }
    send_mail(
        subject="You are invited to the Alumni Program",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )


def _check_may_email(email: str, *, field: str = "") -> None:
    """Refuse an address that a registered check says must not be emailed (accounts.registry:
    people's "do not contact")."""
    if must_not_email(email):
        msg = MSG_DO_NOT_EMAIL.format(email=email)
        raise AccountError(msg, fields={field: [msg]} if field else None)


def invitation_create(
    *,
    actor: User,
    email: str,
    role: str,
    full_name: str = "",
    placements: Sequence[tuple[str, str, str]] = (),
    now: dt.datetime | None = None,
) -> tuple[Invitation, str]:
    """Invite someone by email. Returns the invitation and the raw token (sent by email).

    ``placements``: (key, value, role) triples, each handed to the registered placement of that
    key (accounts.registry) in the same transaction, e.g. ("pilot", "3", "champion"): the invitee
    joins pilot 3 as a champion when they accept. A placement that refuses rolls it all back."""
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_NOT_HR)
    if role not in Role.values:
        raise AccountError(MSG_ROLE_INVALID, fields={"role": [MSG_ROLE_INVALID]})
    now = now or timezone.now()
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError(
            MSG_ALREADY_USER.format(email=email), fields={"email": [MSG_ALREADY_USER.format(email=email)]}
        )
    if Invitation.objects.pending(now=now).filter(email__iexact=email).exists():
        raise ConflictError(
            MSG_PENDING_EXISTS.format(email=email), fields={"email": [MSG_PENDING_EXISTS.format(email=email)]}
        )
    _check_may_email(email, field="email")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            full_name=full_name.strip(),
            role=role,
            token_hash=Invitation.hash_token(token),
            invited_by=actor,
            created_at=now,
            last_sent_at=now,
            expires_at=now + dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS),
        )
        audit_record(actor=actor, verb="invitation.created", target=invitation, data={"role": role}, now=now)
        for key, value, placement_role in placements:
            registered = placement(key)
            if registered is None:
                raise AccountError(MSG_PLACEMENT_UNKNOWN, fields={key: [MSG_PLACEMENT_UNKNOWN]})
            registered.attach(actor=actor, invitation=invitation, value=value, role=placement_role, now=now)
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation, token


def invitation_resend(*, actor: User, invitation: Invitation, now: dt.datetime | None = None) -> str:
    """Issue a fresh link (the old one stops working) and a fresh expiry, and email it again."""
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_NOT_HR)
    now = now or timezone.now()
    if invitation.accepted_at or invitation.revoked_at:
        raise AccountError(MSG_CANNOT_RESEND)
    _check_may_email(invitation.email)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation.token_hash = Invitation.hash_token(token)
        invitation.expires_at = now + dt.timedelta(days=settings.INVITATION_EXPIRY_DAYS)
        invitation.last_sent_at = now
        invitation.send_count += 1
        invitation.save(update_fields=["token_hash", "expires_at", "last_sent_at", "send_count"])
        audit_record(actor=actor, verb="invitation.resent", target=invitation, now=now)
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return token


def invitation_revoke(*, actor: User, invitation: Invitation, now: dt.datetime | None = None) -> None:
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_NOT_HR)
    now = now or timezone.now()
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not updated:
            raise AccountError(MSG_INVITATION_USED if invitation.accepted_at else MSG_INVITATION_REVOKED)
        invitation.revoked_at = now
        audit_record(actor=actor, verb="invitation.revoked", target=invitation, now=now)


def invitation_for_token(token: str, *, now: dt.datetime | None = None) -> Invitation:
    """The invitation a link points to, or an AccountError saying why it can't be used."""
    now = now or timezone.now()
    invitation = Invitation.objects.filter(token_hash=Invitation.hash_token(token)).first()
    if invitation is None:
        raise AccountError(MSG_INVITATION_INVALID, code="not_found")
    if invitation.accepted_at:
        raise AccountError(MSG_INVITATION_USED, code="used")
    if invitation.revoked_at:
        raise AccountError(MSG_INVITATION_REVOKED, code="revoked")
    if invitation.expires_at <= now:
        raise AccountError(MSG_INVITATION_EXPIRED, code="expired")
    return invitation


def invitation_accept(*, token: str, password: str, full_name: str = "", now: dt.datetime | None = None) -> User:
    """Create the invited user's account. The token works once. What the invitation brings along
    (a pilot and its role…) is done by the registered placements' "after accept" steps, in the
    same transaction (accounts.registry.run_after_accept)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = invitation_for_token(token, now=now)
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(accepted_at=now)
        if not updated:
            raise AccountError(MSG_INVITATION_USED, code="used")
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ConflictError(MSG_ALREADY_USER.format(email=invitation.email))
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name.strip() or invitation.full_name,
            role=invitation.role,
        )
        Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
        audit_record(actor=user, verb="invitation.accepted", target=invitation, now=now)
        run_after_accept(invitation=invitation, user=user, now=now)
    return user


def user_update_role(*, actor: User, user: User, role: str, is_active: bool | None = None) -> User:
    """Change someone's role or deactivate them (HR leads only; never the last HR lead).

    The admin flags follow the role: whoever stops being an active HR lead loses ``is_staff``
    and ``is_superuser`` in the same change (promotion grants neither: the admin is an operator's
    tool, given in the admin itself or by createsuperuser)."""
    if not actor.is_hr_lead:
        raise ForbiddenError(MSG_NOT_HR)
    if role not in Role.values:
        raise AccountError(MSG_ROLE_INVALID, fields={"role": [MSG_ROLE_INVALID]})
    with transaction.atomic():
        values: dict[str, Any] = {"role": role}
        if is_active is not None:
            values["is_active"] = is_active
        active = user.is_active if is_active is None else is_active
        if role != Role.HR_LEAD or not active:
            values.update(is_staff=False, is_superuser=False)
        losing_hr = user.role == Role.HR_LEAD and (role != Role.HR_LEAD or is_active is False)
        if losing_hr and not User.objects.filter(role=Role.HR_LEAD, is_active=True).exclude(pk=user.pk).exists():
            raise AccountError(MSG_LAST_HR_LEAD)
        changes = changed_fields(user, values)
        if changes:
            user.save(update_fields=list(changes))
            audit_record(actor=actor, verb="user.updated", target=user, data={"changes": changes})
        if changes.get("is_active") == [True, False]:
            api_tokens_revoke_all(user=user, actor=actor, reason=REASON_DEACTIVATED)
    return user


def api_token_create(
    *,
    user: User,
    name: str,
    expires_at: dt.datetime | None = None,
    read_only: bool = False,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a personal API token; the raw key is returned once and never stored.

    ``expires_at``: when it stops working (None: until revoked), in the future and within
    MAX_TOKEN_LIFETIME. ``read_only``: it may only read. Callers refuse creation by a request
    that was itself authenticated by a token (a leaked token must not mint others)."""
    now = now or timezone.now()
    if expires_at is not None:
        if expires_at <= now:
            raise AccountError(MSG_TOKEN_EXPIRY_PAST, fields={"expires_at": [MSG_TOKEN_EXPIRY_PAST]})
        if expires_at > now + MAX_TOKEN_LIFETIME:
            raise AccountError(MSG_TOKEN_EXPIRY_FAR, fields={"expires_at": [MSG_TOKEN_EXPIRY_FAR]})
    name = name.strip() or "API token"
    key = "ap_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[:10],
            key_hash=ApiToken.hash_key(key),
            created_at=now,
            expires_at=expires_at,
            read_only=read_only,
        )
        audit_record(
            actor=user,
            verb="api_token.created",
            target=token,
            data={
                "name": token.name,
                "read_only": read_only,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
            now=now,
        )
    return token, key


def api_token_revoke(*, user: User, token: ApiToken, actor: User | None = None, now: dt.datetime | None = None) -> None:
    """Revoke one of ``user``'s tokens; ``actor`` is who did it (the user, or an operator)."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, user=user, revoked_at__isnull=True).update(revoked_at=now)
        if updated:
            audit_record(actor=actor or user, verb="api_token.revoked", target=token, data={"owner": user.pk})


def api_tokens_revoke_all(*, user: User, actor: User | None, reason: str, now: dt.datetime | None = None) -> int:
    """Revoke every token of ``user`` that still works (a password change, a deactivation). One
    audit event says how many and why; returns that number."""
    now = now or timezone.now()
    with transaction.atomic():
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
        if revoked:
            audit_record(
                actor=actor,
                verb="api_token.revoked_all",
                target=user,
                data={"count": revoked, "reason": reason},
                now=now,
            )
    return revoked


def user_password_set(*, user: User, password: str, actor: User | None = None, now: dt.datetime | None = None) -> int:
    """Give ``user`` a new password (a change, a reset, or an operator in the admin): their API
    tokens are revoked with it, since a token may have been made by whoever knew the old one.
    Returns how many tokens were revoked."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=actor or user, verb="user.password_changed", target=user, now=now)
        return api_tokens_revoke_all(user=user, actor=actor or user, reason=REASON_PASSWORD_CHANGED, now=now)


def user_update_profile(*, user: User, full_name: str, title: str) -> User:
    """A user edits their own name and job title."""
    with transaction.atomic():
        changes = changed_fields(user, {"full_name": full_name.strip(), "title": title.strip()})
        if changes:
            user.save(update_fields=list(changes))
            audit_record(actor=user, verb="user.profile_updated", target=user, data={"changes": changes})
    return user
