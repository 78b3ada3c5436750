"""What pages read about comments: a proposal's thread in one statement."""

from __future__ import annotations

import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from participation import sql
from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.proposals.models import Proposal
from participation.proposals.queries import AuthorName, OrganizationName

VISIBLE = (CommentStatus.PUBLISHED, CommentStatus.DELETED)


# Conversations (a comment and its replies) a page shows at once; more behind a link. A
# proposal with hundreds of comments stays a page that renders in milliseconds.
THREAD_PAGE = 20


@dataclass
class ThreadNode:
    comment: ShownComment
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


# The thread in one statement (issue 18: the query builder and a model object per comment
# cost more than the database): every visible comment's id and parent (the shape), the root
# of each (the top of its chain of visible parents: a reply whose parent is not visible
# stands on its own), the roots numbered oldest first, and the columns of a comment only
# where its conversation is on the pages shown. Replies go MAX_DEPTH levels deep, so a
# comment is at most MAX_DEPTH - 1 parents below its root.
_THREAD = (
    'WITH s AS (SELECT "id","parent_id","created_at" FROM "comment"'
    ' WHERE "proposal_id"=? AND ("status" IN (?,?) OR "author_id"=?)),'
    ' r AS (SELECT s."id",s."parent_id",s."created_at",'
    ' CASE WHEN s1."id" IS NULL THEN s."id" WHEN s2."id" IS NULL THEN s1."id" ELSE s2."id" END'
    ' "root" FROM s LEFT JOIN s s1 ON s1."id"=s."parent_id"'
    ' LEFT JOIN s s2 ON s2."id"=s1."parent_id"),'
    ' roots AS (SELECT "id",ROW_NUMBER() OVER (ORDER BY "created_at","id") "n"'
    ' FROM r WHERE "root"="id"),'
    # The pages asked for, or as many as it takes to show the comment ``showing``.
    ' lim AS (SELECT COALESCE((SELECT (rt."n"-1)/{page}+1 FROM r JOIN roots rt'
    ' ON rt."id"=r."root" WHERE r."id"=?),0) "pages"),'
    ' q AS (SELECT CASE WHEN "pages">CAST(? AS INTEGER) THEN "pages"'
    ' ELSE CAST(? AS INTEGER) END "pages" FROM lim)'
    ' SELECT r."id" "id",r."parent_id" "parent_id",q."pages" "pages",{comment},'
    'a."display_name" "author_name",o."name" "organization_name"'
    ' FROM r JOIN roots rt ON rt."id"=r."root" CROSS JOIN q'
    ' LEFT JOIN "comment" c ON c."id"=r."id" AND rt."n"<=q."pages"*{page}'
    ' LEFT JOIN "account" a ON a."id"=c."author_id"'
    ' LEFT JOIN "organization" o ON o."id"=c."organization_id"'
    ' ORDER BY r."created_at",r."id"'
)
NOBODY = -1  # no account has this id: the reader who is not signed in


@dataclass(frozen=True, slots=True)
class ShownComment:
    """A comment as the thread shows it: its columns, and the names its byline needs."""

    id: int
    parent_id: int | None
    author_id: int | None
    organization_id: int | None
    body: str
    depth: int
    moderation_reason: str
    status: CommentStatus
    created_at: datetime
    edited_at: datetime | None
    author: AuthorName | None
    organization: OrganizationName | None
    # Every value above as one plain tuple, as the row came from the database: what a kept
    # comment is keyed by (templating.kept), hashed and compared in C.
    key: tuple[Any, ...] = field(compare=False, repr=False)


_CREATED_AT = Comment._meta.fields_map["created_at"]


def _moment(value: Any) -> Any:
    return _CREATED_AT.to_python_value(value) if value is not None else None  # SQLite: text


_SHOWN_VALUES = operator.itemgetter(
    "id",
    "parent_id",
    "c_author_id",
    "c_organization_id",
    "c_body",
    "c_depth",
    "c_moderation_reason",
    "c_status",
    "c_created_at",
    "c_edited_at",
    "author_name",
    "organization_name",
)


def _shown(row: dict[str, Any]) -> ShownComment:
    author, organization = row["author_name"], row["organization_name"]
    return ShownComment(
        id=row["id"],
        parent_id=row["parent_id"],
        author_id=row["c_author_id"],
        organization_id=row["c_organization_id"],
        body=row["c_body"],
        depth=row["c_depth"],
        moderation_reason=row["c_moderation_reason"],
        status=CommentStatus(row["c_status"]),
        created_at=_moment(row["c_created_at"]),
        edited_at=_moment(row["c_edited_at"]),
        author=AuthorName(author) if author is not None else None,
        organization=OrganizationName(organization) if organization is not None else None,
        key=_SHOWN_VALUES(row),
    )


async def thread(
    proposal: Proposal, viewer: User | None = None, *, pages: int = 1, showing: int | None = None
) -> Thread:
    """The visible comments as a tree, oldest first on every level, plus the viewer's own
    comments that wait for moderation or were hidden (so they see why).

    Shows the first ``pages`` pages of conversations, and as many more as it takes to show
    the comment ``showing`` (the one just written or changed). One statement whatever the
    thread's length: the shape of the whole thread (ids and parents), and the comments
    shown with their authors' names.
    """
    pages = max(pages, 1)
    statement = _THREAD.format(page=THREAD_PAGE, comment=sql.columns(Comment, "c", "c_"))
    reader = viewer.id if viewer is not None else NOBODY
    values = [proposal.id, *(status.value for status in VISIBLE), reader]
    values += [showing if showing is not None else NOBODY, pages, pages]
    rows = await sql.fetch(statement, values)
    known = {row["id"] for row in rows}
    children: dict[int | None, list[int]] = {}
    comments: dict[int, ShownComment] = {}
    for row in rows:
        parent_id = row["parent_id"]
        children.setdefault(parent_id if parent_id in known else None, []).append(row["id"])
        if row["c_id"] is not None:
            comments[row["id"]] = _shown(row)

    def node(comment_id: int, depth: int) -> ThreadNode:
        return ThreadNode(
            comments[comment_id],
            depth,
            [node(reply, depth + 1) for reply in children.get(comment_id, [])],
        )

    roots = children.get(None, [])
    shown_roots = [root for root in roots if root in comments]
    rest = roots[len(shown_roots) :]
    return Thread(
        [node(root, 1) for root in shown_roots],
        rows[0]["pages"] if rows else pages,
        len(rest),
        rest[0] if rest else None,
    )


async def comment_on(proposal: Proposal, comment_id: int) -> Comment | None:
    """A comment of this proposal, whatever its status (the caller asks what may be done)."""
    return await Comment.get_or_none(id=comment_id, proposal_id=proposal.id)


async def comment_by_id(comment_id: int) -> Comment | None:
    return await Comment.get_or_none(id=comment_id)
