"""DSGVO: everything the platform holds about a person, and erasing it.

Deleting an account removes the person's row; every foreign key to it is SET NULL or
CASCADE, so public contributions stay (shown as "gelöschtes Konto") and votes stay in the
counts, unlinked. What names the person outside those keys is removed here explicitly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts import throttle
from participation.accounts.models import Invitation, Membership, User
from participation.accounts.services import check_password
from participation.comments.models import Comment
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.mail.models import OutboxMessage
from participation.notifications.models import SUMMARY_RELATED, Follow, Notification
from participation.proposals.models import Proposal
from participation.votes.models import Vote


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def personal_data(user: User) -> dict[str, Any]:
    """Everything about the person, as JSON-ready data."""
    memberships = await Membership.filter(user_id=user.id).select_related("organization")
    proposals = await Proposal.filter(author_id=user.id).select_related("masterplan")
    comments = await Comment.filter(author_id=user.id).order_by("id")
    votes = await Vote.filter(voter_id=user.id).select_related("proposal").order_by("id")
    mails = await OutboxMessage.filter(user_id=user.id).order_by("id")
    notifications = (
        await Notification.filter(user_id=user.id).select_related(*SUMMARY_RELATED).order_by("id")
    )
    follows = await Follow.filter(user_id=user.id).order_by("id")
    return {
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.value,
            "language": user.language,
            "notification_mode": user.notification_mode.value,
            "created_at": _iso(user.created_at),
            "email_verified_at": _iso(user.email_verified_at),
            "privacy_consent_at": _iso(user.privacy_consent_at),
            "last_login_at": _iso(user.last_login_at),
            "suspended_until": _iso(user.suspended_until),
            "suspension_reason": user.suspension_reason,
        },
        "memberships": [
            {
                "organization": m.organization.name,
                "status": m.status.value,
                "organization_admin": m.is_admin,
                "since": _iso(m.created_at),
            }
            for m in memberships
        ],
        "proposals": [
            {
                "id": p.id,
                "masterplan": p.masterplan.title,
                "title": p.title,
                "body": p.body,
                "disclosure": p.disclosure,
                "status": p.status.value,
                "created_at": _iso(p.created_at),
            }
            for p in proposals
        ],
        "comments": [
            {
                "id": c.id,
                "proposal_id": c.proposal_id,  # type: ignore[attr-defined]
                "body": c.body,
                "status": c.status.value,
                "created_at": _iso(c.created_at),
            }
            for c in comments
        ],
        "votes": [
            {
                "proposal_id": v.proposal.id,
                "proposal": v.proposal.title,
                "vote": "support" if v.value > 0 else "oppose",
                "stakeholder_group": v.stakeholder_group.value,
                "cast_at": _iso(v.created_at),
            }
            for v in votes
        ],
        "notifications": [
            {
                "kind": n.kind.value,
                "text": n.summary,
                "proposal_id": n.proposal_id,  # type: ignore[attr-defined]
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in notifications
        ],
        "follows": [
            {"proposal_id": f.proposal_id, "since": _iso(f.created_at)}  # type: ignore[attr-defined]
            for f in follows
        ],
        "emails": [
            {"subject": m.subject, "status": m.status.value, "created_at": _iso(m.created_at)}
            for m in mails
        ],
    }


async def delete_account(*, user: User, password: str, client: str) -> None:
    """Erase the person after confirmation with the password (throttled like a sign-in:
    ``throttle.Slowed``)."""
    if not await check_password(
        user=user, email=user.email or "", password=password, client=client
    ):
        raise ValidationFailed({"password": gettext("The password is wrong.")})
    await erase(user)


async def erase(user: User) -> None:
    email = user.email or ""
    async with in_transaction():
        if email:
            await Invitation.filter(email=email).delete()
            await throttle.erase(email)
        await OutboxMessage.filter(recipient=email).delete()
        # Follows cascade with the person; the proposals' follower counters must not.
        followed = await Follow.filter(user_id=user.id).values_list("proposal_id", flat=True)
        if followed:
            await Proposal.filter(id__in=list(followed)).update(
                follower_count=F("follower_count") - 1
            )
        # Sessions, memberships and queued mail cascade; proposals, comments and votes keep
        # their content and counts with the author or voter set to NULL.
        await Membership.filter(user_id=user.id).delete()
        await user.delete()
