"""Pre-moderation: what waits for a moderator, and publishing or rejecting it.

Pending items neither count nor notify anyone; publishing does both, in one transaction
with the audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.comments.models import Comment, CommentStatus
from participation.comments.services import announce_comment
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.moderation.models import StatusChange
from participation.proposals.models import Proposal, ProposalStatus


class PublishingError(Exception):
    """The item is not waiting for moderation (any more)."""


@dataclass(frozen=True)
class PendingItems:
    proposals: list[Proposal]
    comments: list[Comment]


async def pending(
    *,
    masterplan: Masterplan | None = None,
    kind: str = "",
    older_than_hours: int = 0,
    now: datetime | None = None,
    limit: int = 100,
) -> PendingItems:
    """The queue, oldest first: what has waited longest is looked at first."""
    proposals: list[Proposal] = []
    comments: list[Comment] = []
    cutoff = (now - timedelta(hours=older_than_hours)) if now and older_than_hours else None
    if kind in ("", "proposal"):
        query = Proposal.filter(status=ProposalStatus.PENDING)
        if masterplan is not None:
            query = query.filter(masterplan_id=masterplan.id)
        if cutoff is not None:
            query = query.filter(created_at__lte=cutoff)
        proposals = (
            await query.order_by("created_at", "id")
            .limit(limit)
            .select_related("masterplan", "field_of_action", "author", "organization")
        )
    if kind in ("", "comment"):
        query_c = Comment.filter(status=CommentStatus.PENDING)
        if masterplan is not None:
            query_c = query_c.filter(proposal__masterplan_id=masterplan.id)
        if cutoff is not None:
            query_c = query_c.filter(created_at__lte=cutoff)
        comments = (
            await query_c.order_by("created_at", "id")
            .limit(limit)
            .select_related("proposal", "author", "organization")
        )
    return PendingItems(proposals, comments)


async def publish_proposal(*, proposal: Proposal, moderator: User) -> Proposal:
    async with in_transaction() as connection:
        updated = (
            await Proposal.filter(id=proposal.id, status=ProposalStatus.PENDING)
            .using_db(connection)
            .update(status=ProposalStatus.PUBLISHED)
        )
        if not updated:
            raise PublishingError("not pending")
        field_id = proposal.field_of_action_id  # type: ignore[attr-defined]
        await (
            FieldOfAction.filter(id=field_id)
            .using_db(connection)
            .update(proposal_count=F("proposal_count") + 1)
        )
        await StatusChange.create(
            proposal_id=proposal.id,
            from_status=ProposalStatus.PENDING,
            to_status=ProposalStatus.PUBLISHED,
            changed_by=moderator,
            using_db=connection,
        )
        await record(
            actor=moderator,
            action="proposal.publish",
            target_type="proposal",
            target_id=proposal.id,
        )
    proposal.status = ProposalStatus.PUBLISHED
    return proposal


async def reject_proposal(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    """Hide a pending proposal with a reason its author sees; it never counted."""
    async with in_transaction() as connection:
        updated = (
            await Proposal.filter(id=proposal.id, status=ProposalStatus.PENDING)
            .using_db(connection)
            .update(status=ProposalStatus.HIDDEN, moderation_reason=reason)
        )
        if not updated:
            raise PublishingError("not pending")
        await StatusChange.create(
            proposal_id=proposal.id,
            from_status=ProposalStatus.PENDING,
            to_status=ProposalStatus.HIDDEN,
            changed_by=moderator,
            reason=reason,
            using_db=connection,
        )
        await record(
            actor=moderator,
            action="proposal.reject",
            target_type="proposal",
            target_id=proposal.id,
            reason=reason,
        )
    proposal.status = ProposalStatus.HIDDEN
    return proposal


async def publish_comment(
    *, comment: Comment, moderator: User, base_url: str | None = None
) -> Comment:
    async with in_transaction() as connection:
        updated = (
            await Comment.filter(id=comment.id, status=CommentStatus.PENDING)
            .using_db(connection)
            .update(status=CommentStatus.PUBLISHED)
        )
        if not updated:
            raise PublishingError("not pending")
        comment.status = CommentStatus.PUBLISHED
        await announce_comment(comment=comment, base_url=base_url, now=None, connection=connection)
        await record(
            actor=moderator, action="comment.publish", target_type="comment", target_id=comment.id
        )
    return comment


async def reject_comment(*, comment: Comment, moderator: User, reason: str) -> Comment:
    async with in_transaction() as connection:
        updated = (
            await Comment.filter(id=comment.id, status=CommentStatus.PENDING)
            .using_db(connection)
            .update(status=CommentStatus.HIDDEN, moderation_reason=reason)
        )
        if not updated:
            raise PublishingError("not pending")
        await record(
            actor=moderator,
            action="comment.reject",
            target_type="comment",
            target_id=comment.id,
            reason=reason,
        )
    comment.status = CommentStatus.HIDDEN
    return comment


async def set_premoderation(
    *,
    masterplan: Masterplan,
    groups: list[StakeholderGroup],
    report_threshold: int,
    moderator: User,
) -> Masterplan:
    """Choose which groups wait for a moderator (pre-) and which publish at once (post-)."""
    masterplan.premoderated_groups = sorted(g.value for g in groups)
    masterplan.report_threshold = max(1, report_threshold)
    async with in_transaction():
        await masterplan.save(update_fields=["premoderated_groups", "report_threshold"])
        await record(
            actor=moderator,
            action="masterplan.moderation_settings",
            target_type="masterplan",
            target_id=masterplan.id,
            reason=", ".join(masterplan.premoderated_groups) or "-",
        )
    return masterplan
