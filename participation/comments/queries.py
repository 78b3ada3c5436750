"""What pages read about comments: a proposal's thread in one query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tortoise.expressions import Q

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.proposals.models import Proposal

VISIBLE = (CommentStatus.PUBLISHED, CommentStatus.DELETED)


# Conversations (a comment and its replies) a page shows at once; more behind a link. A
# proposal with hundreds of comments stays a page that renders in milliseconds.
THREAD_PAGE = 20


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    replies: list[ThreadNode] = field(default_factory=list)


@dataclass
class Thread:
    """The first ``pages`` pages of a proposal's conversations, oldest first."""

    roots: list[ThreadNode]
    pages: int = 1
    more: int = 0  # conversations after the ones shown
    next_root: int | None = None  # the first of them, where the next page's link lands

    @property
    def next_count(self) -> int:
        """How many conversations the link to the next page adds."""
        return min(self.more, THREAD_PAGE)

    def __bool__(self) -> bool:
        return bool(self.roots)

    def __iter__(self) -> Iterator[ThreadNode]:
        return iter(self.roots)


async def thread(
    proposal: Proposal, viewer: User | None = None, *, pages: int = 1, showing: int | None = None
) -> Thread:
    """The visible comments as a tree, oldest first on every level, plus the viewer's own
    comments that wait for moderation or were hidden (so they see why).

    Shows the first ``pages`` pages of conversations, and as many more as it takes to show
    the comment ``showing`` (the one just written or changed). Reads the shape of the whole
    thread (ids and parents only), then the comments shown with their authors: two queries
    whatever the thread's length.
    """
    visible = Q(status__in=VISIBLE)
    if viewer is not None:
        visible |= Q(author_id=viewer.id)
    shape: list[tuple[int, int | None]] = await (
        Comment.filter(visible, proposal_id=proposal.id)
        .order_by("created_at", "id")
        .values_list("id", "parent_id")
    )
    children: dict[int | None, list[int]] = {}
    known = {comment_id for comment_id, _ in shape}
    for comment_id, parent_id in shape:
        # A reply whose parent is not visible (hidden by moderation) stands on its own.
        children.setdefault(parent_id if parent_id in known else None, []).append(comment_id)
    roots = children.get(None, [])
    pages = max(pages, 1)
    if showing is not None and showing in known:
        position = roots.index(_root_of(showing, shape, known))
        pages = max(pages, position // THREAD_PAGE + 1)
    shown_roots = roots[: pages * THREAD_PAGE]
    shown = _descendants(shown_roots, children)
    comments = (
        {
            comment.id: comment
            for comment in await Comment.filter(id__in=shown).select_related(
                "author", "organization"
            )
        }
        if shown
        else {}
    )

    def node(comment_id: int, depth: int) -> ThreadNode:
        return ThreadNode(
            comments[comment_id],
            depth,
            [node(reply, depth + 1) for reply in children.get(comment_id, [])],
        )

    rest = roots[len(shown_roots) :]
    return Thread(
        [node(root, 1) for root in shown_roots], pages, len(rest), rest[0] if rest else None
    )


def _root_of(comment_id: int, shape: list[tuple[int, int | None]], known: set[int]) -> int:
    parents = dict(shape)
    while (parent := parents.get(comment_id)) in known and parent is not None:
        comment_id = parent
    return comment_id


def _descendants(roots: list[int], children: dict[int | None, list[int]]) -> list[int]:
    found, waiting = [], list(roots)
    while waiting:
        comment_id = waiting.pop()
        found.append(comment_id)
        waiting.extend(children.get(comment_id, []))
    return found


async def comment_on(proposal: Proposal, comment_id: int) -> Comment | None:
    """A comment of this proposal, whatever its status (the caller asks what may be done)."""
    return await Comment.get_or_none(id=comment_id, proposal_id=proposal.id)


async def comment_by_id(comment_id: int) -> Comment | None:
    return await Comment.get_or_none(id=comment_id)
