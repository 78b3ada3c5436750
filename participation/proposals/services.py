"""What happens to proposals: submission and the counters that follow it."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import Organization, StakeholderGroup, User
from participation.masterplans.models import FieldOfAction
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus


async def submit_proposal(
    *,
    field_of_action: FieldOfAction,
    author: User,
    title: str,
    body: str,
    group: StakeholderGroup,
    organization: Organization | None = None,
    disclosure: str = "",
    status: ProposalStatus = ProposalStatus.PUBLISHED,
    created_at: datetime | None = None,
) -> Proposal:
    """File a proposal under a field of action and keep the field's counter in step."""
    async with in_transaction() as connection:
        proposal = await Proposal.create(
            masterplan_id=field_of_action.masterplan_id,  # type: ignore[attr-defined]
            field_of_action=field_of_action,
            author=author,
            organization=organization,
            stakeholder_group=group,
            title=title,
            body=body,
            disclosure=disclosure,
            status=status,
            using_db=connection,
        )
        if created_at is not None:
            # auto_now_add ignores a given value; the demo and imports backdate explicitly.
            await Proposal.filter(id=proposal.id).using_db(connection).update(created_at=created_at)
            proposal.created_at = created_at
        if status in LISTED_STATUSES:
            await (
                FieldOfAction.filter(id=field_of_action.id)
                .using_db(connection)
                .update(proposal_count=F("proposal_count") + 1)
            )
    return proposal
