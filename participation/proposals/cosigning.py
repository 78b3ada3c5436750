"""Co-signing: an organisation puts its name under another's proposal."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import Membership, User
from participation.proposals.models import CoSignature, Proposal


async def cosign(*, proposal: Proposal, member: User, membership: Membership) -> bool:
    """Co-sign in the organisation's name; False if it had co-signed already."""
    try:
        async with in_transaction() as connection:
            await CoSignature.create(
                proposal_id=proposal.id,
                organization_id=membership.organization_id,  # type: ignore[attr-defined]
                signed_by=member,
                using_db=connection,
            )
            await (
                Proposal.filter(id=proposal.id)
                .using_db(connection)
                .update(cosign_count=F("cosign_count") + 1)
            )
    except IntegrityError:  # the unique (proposal, organisation) pair: already co-signed
        return False
    return True


async def withdraw_cosignature(*, proposal: Proposal, membership: Membership) -> bool:
    async with in_transaction() as connection:
        deleted = (
            await CoSignature.filter(
                proposal_id=proposal.id,
                organization_id=membership.organization_id,  # type: ignore[attr-defined]
            )
            .using_db(connection)
            .delete()
        )
        if deleted:
            await (
                Proposal.filter(id=proposal.id)
                .using_db(connection)
                .update(cosign_count=F("cosign_count") - 1)
            )
    return bool(deleted)
