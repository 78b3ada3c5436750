"""What decides a person's standing: the stakeholder group their votes count in."""

from __future__ import annotations

from participation.accounts.models import Membership, MembershipStatus, StakeholderGroup, User


async def stakeholder_group_of(user: User) -> StakeholderGroup:
    """A confirmed member counts in the organisation's group; everyone else as a citizen."""
    membership = await (
        Membership.filter(user_id=user.id, status=MembershipStatus.CONFIRMED)
        .select_related("organization")
        .order_by("id")
        .first()
    )
    return membership.organization.stakeholder_group if membership else StakeholderGroup.CITIZENS
