"""What happens to comments: posting a comment or reply (which keeps the proposal's counter
and notifies the people concerned), changing it, and deleting it.

A deleted comment keeps counting in ``Proposal.comment_count``: the thread still shows it
(as a placeholder, with its replies under it), and the number in the heading is the number of
entries a reader sees.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.numbers import format_decimal
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import Organization, User
from participation.comments.models import Comment, CommentStatus
from participation.forms import ValidationFailed
from participation.i18n import current_language, gettext
from participation.notifications import services as notifications
from participation.proposals.models import Proposal

MAX_DEPTH = 3  # a comment, a reply, a reply to the reply
MAX_LENGTH = 5_000


class CommentError(Exception):
    """A comment the domain refuses; the message is for the person."""


def clean_body(body: str) -> str:
    """The text as it is stored: line breaks as one character (browsers send CR LF, but count
    LF against ``maxlength``), trimmed, not empty, at most ``MAX_LENGTH`` characters."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise ValidationFailed({"body": gettext("Please write your comment.")})
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(
            {
                "body": gettext(
                    "A comment can be at most %(max)s characters long; this one has %(length)s."
                )
                % {"max": _number(MAX_LENGTH), "length": _number(len(text))}
            }
        )
    return text


def _number(value: int) -> str:
    return format_decimal(value, format="#,##0", locale=current_language())


def _check_parent(parent: Comment, proposal: Proposal) -> None:
    if parent.proposal_id != proposal.id:  # type: ignore[attr-defined]
        raise CommentError("A reply belongs to the same proposal as its parent.")
    if parent.depth >= MAX_DEPTH:
        raise CommentError(
            gettext(
                "Replies go at most three levels deep: please answer the comment above instead."
            )
        )
    if parent.status != CommentStatus.PUBLISHED:
        raise CommentError(gettext("This comment can no longer be answered."))


async def post_comment(
    *,
    proposal: Proposal,
    author: User,
    body: str,
    parent: Comment | None = None,
    organization: Organization | None = None,
    created_at: datetime | None = None,
    base_url: str | None = None,
    premoderated: bool = False,
) -> Comment:
    """Publish a comment, or a reply to ``parent``, in the name of ``organization`` where a
    partner speaks for one.

    The comment, the proposal's counter and the notifications (with any instant e-mail) are
    one transaction: nobody hears of a comment that was not saved. ``base_url`` is where
    e-mail links point; without it no e-mail is queued (the demo seed, tests). A
    ``premoderated`` comment waits for a moderator: it neither counts nor notifies until
    it is published (moderation.publishing.publish_comment).
    """
    text = clean_body(body)
    if parent is not None:
        _check_parent(parent, proposal)
    async with in_transaction() as connection:
        comment = await Comment.create(
            proposal=proposal,
            parent=parent,
            author=author,
            organization=organization,
            body=text,
            depth=parent.depth + 1 if parent is not None else 1,
            status=CommentStatus.PENDING if premoderated else CommentStatus.PUBLISHED,
            using_db=connection,
        )
        if created_at is not None:
            await Comment.filter(id=comment.id).using_db(connection).update(created_at=created_at)
            comment.created_at = created_at
        if not premoderated:
            await announce_comment(
                comment=comment, base_url=base_url, now=created_at, connection=connection
            )
    return comment


async def announce_comment(
    *, comment: Comment, base_url: str | None, now: datetime | None, connection: BaseDBAsyncClient
) -> None:
    """A comment becomes public: it counts, and the people it concerns hear of it."""
    await (
        Proposal.filter(id=comment.proposal_id)  # type: ignore[attr-defined]
        .using_db(connection)
        .update(comment_count=F("comment_count") + 1)
    )
    await notifications.notify_reply(comment=comment, base_url=base_url, now=now)
    await notifications.notify_new_comment(comment=comment, base_url=base_url, now=now)


async def edit_comment(*, comment: Comment, body: str, now: datetime | None = None) -> Comment:
    """Replace the text; the comment is shown as edited from then on."""
    comment.body = clean_body(body)
    comment.edited_at = now or datetime.now(UTC)
    await comment.save(update_fields=["body", "edited_at"])
    return comment


async def delete_comment(*, comment: Comment) -> Comment:
    """The author takes the comment back: its text is gone, its place in the thread and the
    replies under it stay, and the thread shows that its author deleted it."""
    comment.status = CommentStatus.DELETED
    comment.body = ""
    await comment.save(update_fields=["status", "body"])
    return comment
