"""Members leaving an organisation or its admin role: removed by its admins, leaving by
themselves, the admin role taken back, handed on or given up.

Each service locks the organisation's row first, so two admins acting at once (each
removing the other, say) are decided one after the other against the members as they are
then, and the rule that an organisation keeps an admin holds. Each writes its audit entry in
the same transaction. Votes are untouched: every vote stores the group it was cast in.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from participation.accounts.models import Membership, MembershipStatus, Organization, User
from participation.accounts.services import end_membership
from participation.forms import ValidationFailed
from participation.i18n import N_, gettext
from participation.moderation.audit import record
from participation.organizations import emails, permissions


async def _confirmed_locked(organization_id: int) -> list[Membership]:
    """Lock the organisation, then read its confirmed members as they are now."""
    await Organization.filter(id=organization_id).select_for_update().first()
    return await Membership.filter(
        organization_id=organization_id, status=MembershipStatus.CONFIRMED
    ).order_by("id")


def _current(membership: Membership, confirmed: list[Membership]) -> Membership:
    """The membership as it is under the lock; gone meanwhile: refused."""
    for current in confirmed:
        if current.id == membership.id:
            return current
    raise ValidationFailed({"form": gettext("This person is no longer a member.")})


async def _record(by: User, action: str, membership: Membership, member: User) -> None:
    organization = await Organization.get(id=membership.organization_id)  # type: ignore[attr-defined]
    await record(
        actor=by,
        action=action,
        target_type="organization",
        target_id=organization.id,
        details={"name": organization.name, "member": member.display_name, "user_id": member.id},
    )


LAST_ADMIN = N_("An organisation keeps at least one admin. Make another member its admin first.")


async def revoke_admin(*, membership: Membership, by: User, platform_admin: bool) -> None:
    """Take the admin role from a member (from oneself: step down)."""
    async with in_transaction():
        confirmed = await _confirmed_locked(membership.organization_id)  # type: ignore[attr-defined]
        current = _current(membership, confirmed)
        if not permissions.can_revoke_admin(by, current, confirmed, platform_admin=platform_admin):
            raise ValidationFailed({"form": gettext(LAST_ADMIN)})
        await Membership.filter(id=current.id).update(is_admin=False)
        await _record(by, "organization.revoke_admin", current, await current.user)


async def remove_member(*, membership: Membership, by: User, platform_admin: bool) -> None:
    """Remove a confirmed member and tell them; their role follows their memberships."""
    async with in_transaction():
        confirmed = await _confirmed_locked(membership.organization_id)  # type: ignore[attr-defined]
        current = _current(membership, confirmed)
        if current.user_id == by.id:  # type: ignore[attr-defined]
            raise ValidationFailed(
                {"form": gettext("To leave the organisation yourself, use “Leave”.")}
            )
        if not permissions.can_remove(by, current, confirmed, platform_admin=platform_admin):
            raise ValidationFailed({"form": gettext(LAST_ADMIN)})
        organization = await Organization.get(id=current.organization_id)  # type: ignore[attr-defined]
        member = await end_membership(membership=current)
        await _record(by, "organization.remove_member", current, member)
        await emails.removed(user=member, organization=organization)


async def hand_on(*, membership: Membership, own: Membership, by: User, step_down: bool) -> None:
    """Make another confirmed member admin and, if asked, step down oneself: both or
    neither."""
    async with in_transaction():
        confirmed = await _confirmed_locked(membership.organization_id)  # type: ignore[attr-defined]
        target, mine = _current(membership, confirmed), _current(own, confirmed)
        if not mine.is_admin:
            raise ValidationFailed(
                {"form": gettext("You are no longer an admin of this organisation.")}
            )
        if target.id == mine.id:
            raise ValidationFailed({"membership": gettext("Choose another member.")})
        if not target.is_admin:
            await Membership.filter(id=target.id).update(is_admin=True)
            target.is_admin = True
            await _record(by, "organization.make_admin", target, await target.user)
        if step_down and mine.is_admin:
            await Membership.filter(id=mine.id).update(is_admin=False)
            await _record(by, "organization.revoke_admin", mine, by)


async def leave(*, membership: Membership, by: User) -> None:
    """Leave an organisation (or withdraw a request to join it)."""
    async with in_transaction():
        confirmed = await _confirmed_locked(membership.organization_id)  # type: ignore[attr-defined]
        current = await Membership.get_or_none(id=membership.id, user_id=by.id)
        if current is None:
            raise ValidationFailed({"form": gettext("You are no longer a member.")})
        if not permissions.can_leave(current, confirmed):
            raise ValidationFailed(
                {
                    "form": gettext(
                        "You are the organisation's only admin. Make another member its admin "
                        "first; then you can leave."
                    )
                }
            )
        member = await end_membership(membership=current)
        await _record(by, "organization.leave", current, member)
