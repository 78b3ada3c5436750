"""Who may reply to, change or delete a comment, and why not. Routes and templates ask the
same predicates; each answer is a :class:`Decision` carrying the reason a person is shown."""

from __future__ import annotations

from datetime import datetime, timedelta

from participation.accounts.models import User
from participation.accounts.permissions import is_suspended
from participation.comments.models import Comment, CommentStatus
from participation.comments.services import MAX_DEPTH
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal
from participation.proposals.permissions import ALLOWED, Decision, can_comment

# Long enough to fix a typo, short enough that nobody answers a text that later changes.
EDIT_WINDOW = timedelta(minutes=15)


def _is_author(user: User | None, comment: Comment) -> bool:
    return user is not None and comment.author_id == user.id  # type: ignore[attr-defined]


def can_reply(
    user: User | None, comment: Comment, proposal: Proposal, masterplan: Masterplan
) -> Decision:
    """Whoever may comment, on a published comment that is not yet at the deepest level."""
    return reply_allowed(can_comment(user, proposal, masterplan), comment)


def reply_allowed(decision: Decision, comment: Comment) -> Decision:
    """:func:`can_reply` for a reader whose ``can_comment`` on the proposal is ``decision``
    (a page with a thread asks that once, not once a comment)."""
    if not decision:
        return decision
    if comment.depth >= MAX_DEPTH:
        return Decision(
            False,
            gettext(
                "Replies go at most three levels deep: please answer the comment above instead."
            ),
        )
    if comment.status != CommentStatus.PUBLISHED:
        return Decision(False, gettext("This comment can no longer be answered."))
    return ALLOWED


def can_edit_comment(user: User | None, comment: Comment, now: datetime) -> Decision:
    """The author, within the first 15 minutes, unless suspended. The phase does not matter:
    the window is short, and a comment posted just before a phase ends may still be fixed."""
    if not _is_author(user, comment):
        return Decision(False, gettext("Only the author can change a comment."))
    if comment.status != CommentStatus.PUBLISHED:
        return Decision(False, gettext("This comment can no longer be changed."))
    if is_suspended(user, now):
        return Decision(
            False, gettext("Your account is suspended: you can read, but not take part.")
        )
    if now - comment.created_at > EDIT_WINDOW:
        return Decision(
            False, gettext("A comment can only be changed within 15 minutes of posting it.")
        )
    return ALLOWED


def can_delete_comment(user: User | None, comment: Comment) -> Decision:
    """The author, at any time: taking back one's own words is always possible. A comment
    hidden by moderation stays as it is, so the moderators' record is not wiped."""
    if not _is_author(user, comment):
        return Decision(False, gettext("Only the author can delete a comment."))
    if comment.status == CommentStatus.DELETED:
        return Decision(False, gettext("This comment is already deleted."))
    if comment.status == CommentStatus.HIDDEN:
        return Decision(False, gettext("A comment hidden by the moderators cannot be deleted."))
    return ALLOWED
