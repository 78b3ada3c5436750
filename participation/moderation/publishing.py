"""Pre-moderation: what waits for a moderator, and publishing or rejecting it.

Pending items neither count nor notify anyone; publishing does both, in one transaction
with the audit entry. Proposals and comments take the same two steps, :func:`publish` and
:func:`reject`; a rejected item is hidden with a reason its author is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.comments.services import announce_comment
from participation.masterplans.models import FieldOfAction
from participation.moderation.audit import record
from participation.moderation.models import StatusChange
from participation.moderation.queries import QueueFilter
from participation.moderation.services import ItemT, tell_author
from participation.proposals.models import Proposal, ProposalStatus

PENDING = "pending"  # the same value in ProposalStatus and CommentStatus


class PublishingError(Exception):
    """The item is not waiting for moderation (any more)."""


@dataclass(frozen=True)
class PendingItems:
    proposals: list[Proposal]
    comments: list[Comment]


async def pending(
    *, queue: QueueFilter | None = None, now: datetime, limit: int = 100
) -> PendingItems:
    """The queue, oldest first: what has waited longest is looked at first."""
    queue = queue or QueueFilter()
    proposals: list[Proposal] = []
    comments: list[Comment] = []
    cutoff = queue.cutoff(now)
    if queue.kind in ("", "proposal"):
        query = Proposal.filter(status=ProposalStatus.PENDING)
        if queue.masterplan is not None:
            query = query.filter(masterplan_id=queue.masterplan.id)
        if cutoff is not None:
            query = query.filter(created_at__lte=cutoff)
        proposals = (
            await query.order_by("created_at", "id")
            .limit(limit)
            .select_related("masterplan", "field_of_action", "author", "organization")
        )
    if queue.kind in ("", "comment"):
        query_c = Comment.filter(status=CommentStatus.PENDING)
        if queue.masterplan is not None:
            query_c = query_c.filter(proposal__masterplan_id=queue.masterplan.id)
        if cutoff is not None:
            query_c = query_c.filter(created_at__lte=cutoff)
        comments = (
            await query_c.order_by("created_at", "id")
            .limit(limit)
            .select_related("proposal", "author", "organization")
        )
    return PendingItems(proposals, comments)


async def _leave_pending(
    item: ItemT,
    status: str,
    *,
    moderator: User,
    reason: str,
    connection: BaseDBAsyncClient,
) -> ItemT:
    """The step both decisions share: the item leaves the queue (unless someone decided
    first), a proposal's history records it, the audit log too."""
    kind = "proposal" if isinstance(item, Proposal) else "comment"
    updated = (
        await type(item)
        .filter(id=item.id, status=PENDING)
        .using_db(connection)
        .update(status=status, moderation_reason=reason)
    )
    if not updated:
        raise PublishingError("not pending")
    if isinstance(item, Proposal):
        await StatusChange.create(
            proposal_id=item.id,
            from_status=PENDING,
            to_status=status,
            changed_by=moderator,
            reason=reason,
            using_db=connection,
        )
    action = "publish" if status == "published" else "reject"
    await record(
        actor=moderator,
        action=f"{kind}.{action}",
        target_type=kind,
        target_id=item.id,
        reason=reason,
        connection=connection,
    )
    setattr(item, "status", type(item.status)(status))  # noqa: B010 - either enum
    item.moderation_reason = reason
    return item


async def publish(*, item: ItemT, moderator: User, base_url: str | None = None) -> ItemT:
    """Make a pending item public: a proposal counts in its field of action; a comment
    counts on its proposal and the people it concerns hear of it."""
    async with in_transaction() as connection:
        await _leave_pending(
            item, "published", moderator=moderator, reason="", connection=connection
        )
        if isinstance(item, Proposal):
            field_id = item.field_of_action_id  # type: ignore[attr-defined]
            await (
                FieldOfAction.filter(id=field_id)
                .using_db(connection)
                .update(proposal_count=F("proposal_count") + 1)
            )
        else:
            await announce_comment(comment=item, base_url=base_url, now=None, connection=connection)
    return item


async def reject(
    *, item: ItemT, moderator: User, reason: str, base_url: str | None = None
) -> ItemT:
    """Hide a pending item with a reason its author is told; it never counted."""
    async with in_transaction() as connection:
        await _leave_pending(
            item, "hidden", moderator=moderator, reason=reason, connection=connection
        )
        await tell_author(
            item=item,
            event="reject",
            actor=moderator,
            reason=reason,
            base_url=base_url,
            connection=connection,
        )
    return item
