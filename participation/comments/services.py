"""What happens to comments: posting a comment or reply keeps the proposal's counter."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import Organization, User
from participation.comments.models import Comment, CommentStatus
from participation.proposals.models import Proposal

MAX_DEPTH = 3  # a comment, a reply, a reply to the reply


class CommentError(Exception):
    """A comment the domain refuses."""


async def post_comment(
    *,
    proposal: Proposal,
    author: User,
    body: str,
    parent: Comment | None = None,
    organization: Organization | None = None,
    created_at: datetime | None = None,
) -> Comment:
    if parent is not None and parent.proposal_id != proposal.id:  # type: ignore[attr-defined]
        raise CommentError("A reply belongs to the same proposal as its parent.")
    async with in_transaction() as connection:
        comment = await Comment.create(
            proposal=proposal,
            parent=parent,
            author=author,
            organization=organization,
            body=body,
            status=CommentStatus.PUBLISHED,
            using_db=connection,
        )
        if created_at is not None:
            await Comment.filter(id=comment.id).using_db(connection).update(created_at=created_at)
            comment.created_at = created_at
        await (
            Proposal.filter(id=proposal.id)
            .using_db(connection)
            .update(comment_count=F("comment_count") + 1)
        )
    return comment
