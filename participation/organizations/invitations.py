"""Inviting colleagues into an organisation, by its own admins or a platform admin, with the
invitation links of ``accounts.invitations``.

Organisation admins are capped: at most ``MAX_OPEN`` invitations open at once and
``MAX_PER_DAY`` sent in a day, so a taken-over admin account cannot turn the platform into
a mail cannon (withdrawing and sending again still counts against the day). Platform admins,
who set organisations up with all their staff, are not capped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from participation.accounts import invitations
from participation.accounts.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    User,
)
from participation.accounts.services import (
    EMAIL_PATTERN,
    MAX_EMAIL,
    account_with_email,
    normalize_email,
)
from participation.forms import ValidationFailed
from participation.i18n import format_day, gettext
from participation.moderation.audit import record
from participation.moderation.models import AuditEntry

MAX_OPEN = 20
MAX_PER_DAY = 40


@dataclass(frozen=True)
class Inviter:
    user: User
    platform_admin: bool  # not capped


async def _problem(organization: Organization, email: str, inviter: Inviter) -> str | None:
    """Why this invitation is not sent, or None."""
    if not EMAIL_PATTERN.match(email) or len(email) > MAX_EMAIL:
        return gettext("Enter a valid e-mail address.")
    account = await account_with_email(email)
    if account is not None:
        membership = await Membership.get_or_none(
            user_id=account.id, organization_id=organization.id
        )
        if membership is not None and membership.status == MembershipStatus.CONFIRMED:
            return gettext("%(name)s is a member already.") % {"name": account.display_name}
        if membership is not None:
            return gettext("%(name)s has asked to join already: confirm the request instead.") % {
                "name": account.display_name
            }
    now = datetime.now(UTC)
    open_ones = Invitation.filter(
        organization_id=organization.id, accepted_at__isnull=True, expires_at__gt=now
    )
    same = await open_ones.filter(email=email).first()
    if same is not None:
        return gettext(
            "An invitation to this address is open already (sent on %(date)s). Withdraw it "
            "below to send a new one."
        ) % {"date": format_day(same.created_at)}
    if inviter.platform_admin:
        return None
    if await open_ones.count() >= MAX_OPEN:
        return gettext(
            "%(count)s invitations are open already. Withdraw some, or wait until they are "
            "accepted or expire."
        ) % {"count": MAX_OPEN}
    # Counted in the audit log, which keeps withdrawn invitations too.
    sent_today = await AuditEntry.filter(
        action="organization.invite",
        target_type="organization",
        target_id=organization.id,
        created_at__gt=now - timedelta(days=1),
    ).count()
    if sent_today >= MAX_PER_DAY:
        return gettext(
            "%(count)s invitations were sent in the last 24 hours, as many as a day allows. "
            "Please try again tomorrow."
        ) % {"count": MAX_PER_DAY}
    return None


async def invite_colleague(
    *, organization: Organization, email: str, make_admin: bool, inviter: Inviter, base_url: str
) -> None:
    """Send an invitation link; the log keeps to whom, not the link. A person with an
    account is written to in their language, anyone else in German."""
    address = normalize_email(email)
    problem = await _problem(organization, address, inviter)
    if problem:
        raise ValidationFailed({"email": problem})
    account = await account_with_email(address)
    async with in_transaction():
        await invitations.invite(
            organization=organization,
            email=address,
            invited_by=inviter.user,
            base_url=base_url,
            make_admin=make_admin,
            lang=account.language if account is not None else "de",
        )
        await record(
            actor=inviter.user,
            action="organization.invite",
            target_type="organization",
            target_id=organization.id,
            details={"name": organization.name, "email": address, "make_admin": make_admin},
        )


async def withdraw(*, organization: Organization, invitation_id: int, by: User) -> None:
    """Withdraw an open invitation: its link stops working at once."""
    async with in_transaction():
        invitation = await Invitation.get_or_none(
            id=invitation_id, organization_id=organization.id, accepted_at__isnull=True
        )
        if invitation is None:
            raise ValidationFailed(
                {"form": gettext("This invitation was accepted or withdrawn already.")}
            )
        await invitation.delete()
        await record(
            actor=by,
            action="organization.withdraw_invitation",
            target_type="organization",
            target_id=organization.id,
            details={"name": organization.name, "email": invitation.email},
        )


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    is_open: bool
    expired: bool


async def invitations_of(organization: Organization, limit: int = 100) -> list[InvitationRow]:
    """The latest invitations, newest first, each with whether it can still be used."""
    now = datetime.now(UTC)
    rows = await Invitation.filter(organization_id=organization.id).order_by("-id").limit(limit)
    return [
        InvitationRow(
            row,
            is_open=row.accepted_at is None and row.expires_at > now,
            expired=row.accepted_at is None and row.expires_at <= now,
        )
        for row in rows
    ]
