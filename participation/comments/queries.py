"""What pages read about comments: a proposal's thread in one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.expressions import Q

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.proposals.models import Proposal

VISIBLE = (CommentStatus.PUBLISHED, CommentStatus.DELETED)


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    replies: list[ThreadNode] = field(default_factory=list)


async def thread(proposal: Proposal, viewer: User | None = None) -> list[ThreadNode]:
    """The visible comments as a tree, oldest first on every level, plus the viewer's own
    comments that wait for moderation or were hidden (so they see why)."""
    visible = Q(status__in=VISIBLE)
    if viewer is not None:
        visible |= Q(author_id=viewer.id)
    comments = await (
        Comment.filter(visible, proposal_id=proposal.id)
        .order_by("created_at", "id")
        .select_related("author", "organization")
    )
    nodes = {comment.id: ThreadNode(comment, 1) for comment in comments}
    roots: list[ThreadNode] = []
    for node in nodes.values():
        parent_id = node.comment.parent_id  # type: ignore[attr-defined]
        # A reply whose parent is not visible (hidden by moderation) stands on its own.
        parent = nodes.get(parent_id) if parent_id else None
        (parent.replies if parent else roots).append(node)
    _set_depth(roots, 1)
    return roots


def _set_depth(nodes: list[ThreadNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depth(node.replies, depth + 1)


async def comment_on(proposal: Proposal, comment_id: int) -> Comment | None:
    """A comment of this proposal, whatever its status (the caller asks what may be done)."""
    return await Comment.get_or_none(id=comment_id, proposal_id=proposal.id)


async def comment_by_id(comment_id: int) -> Comment | None:
    return await Comment.get_or_none(id=comment_id)
