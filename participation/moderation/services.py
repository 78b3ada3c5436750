"""What moderation does: reports, hiding and restoring proposals and comments, and the audit
log every such action writes to in the same transaction.

Proposals and comments go through the same steps: :func:`hide`, :func:`restore` and
:func:`dismiss_reports` take either. Hidden proposals leave the field of action's
``proposal_count`` and hidden comments the proposal's ``comment_count``, so the counters keep
meaning "what a reader sees". The author of hidden or restored content is told, in their
language; nobody else is, for hidden content is nobody else's news.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.forms import ValidationFailed
from participation.i18n import N_, gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.moderation.models import (
    Report,
    ReportReason,
    ReportStatus,
    StatusChange,
)
from participation.notifications.models import NotificationKind
from participation.notifications.services import notify
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus

Item = Proposal | Comment
ItemT = TypeVar("ItemT", bound=Proposal | Comment)

MAX_REASON = 2_000
MAX_REPORT_TEXT = 2_000
HIDDEN = "hidden"  # the same value in ProposalStatus and CommentStatus
# Comment statuses a reader sees in the thread (and that count in comment_count).
VISIBLE_COMMENT = (CommentStatus.PUBLISHED, CommentStatus.DELETED)
MODERATION_NOTICE = NotificationKind.MODERATED


class Decision(StrEnum):
    HIDE = "hide"  # take it out of view, with a reason its author sees
    RESTORE = "restore"  # show hidden content again
    DISMISS = "dismiss"  # the reports were unfounded: the content stays (or comes back)


def _required_reason(reason: str) -> str:
    text = reason.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationFailed({"reason": gettext("Please give a reason.")})
    if len(text) > MAX_REASON:
        raise ValidationFailed(
            {
                "reason": gettext("The reason can be at most %(max)s characters long.")
                % {"max": MAX_REASON}
            }
        )
    return text


def kind_of(item: Item) -> str:
    return "proposal" if isinstance(item, Proposal) else "comment"


def _reports_of(item: Item, connection: BaseDBAsyncClient) -> QuerySet[Report]:
    key = "proposal_id" if isinstance(item, Proposal) else "comment_id"
    return Report.filter(**{key: item.id, "status": ReportStatus.OPEN}).using_db(connection)


async def _close_reports(
    item: Item, moderator: User | None, status: ReportStatus, connection: BaseDBAsyncClient
) -> int:
    return await _reports_of(item, connection).update(
        status=status,
        handled_by_id=moderator.id if moderator else None,
        handled_at=datetime.now(UTC),
    )


# The one status step both kinds of content take


def _counted(item: Item, status: str) -> bool:
    """Whether an item in this status counts where readers see it."""
    if isinstance(item, Proposal):
        return status in LISTED_STATUSES
    return status in VISIBLE_COMMENT


async def _recount(item: Item, delta: int, connection: BaseDBAsyncClient) -> None:
    if isinstance(item, Proposal):
        counter = FieldOfAction.filter(id=item.field_of_action_id)  # type: ignore[attr-defined]
        await counter.using_db(connection).update(proposal_count=F("proposal_count") + delta)
    else:
        counted = Proposal.filter(id=item.proposal_id)  # type: ignore[attr-defined]
        await counted.using_db(connection).update(comment_count=F("comment_count") + delta)


async def _set_status(
    item: Item, status: str, *, by: User | None, reason: str, connection: BaseDBAsyncClient
) -> str:
    """Move a proposal or comment to ``status`` and return the status it had. The counters
    follow what readers see; a proposal's history records the change."""
    locked = await type(item).filter(id=item.id).select_for_update().using_db(connection).get()
    previous = str(locked.status)
    kept_reason = reason if status == HIDDEN else ""
    await (
        type(item)
        .filter(id=item.id)
        .using_db(connection)
        .update(status=status, moderation_reason=kept_reason)
    )
    delta = int(_counted(locked, status)) - int(_counted(locked, previous))
    if delta:
        await _recount(locked, delta, connection)
    if isinstance(locked, Proposal) and previous != status:
        await StatusChange.create(
            proposal_id=locked.id,
            from_status=previous,
            to_status=status,
            changed_by=by,
            reason=reason,
            using_db=connection,
        )
    setattr(item, "status", type(locked.status)(status))  # noqa: B010 - either enum
    item.moderation_reason = kept_reason
    return previous


# Telling the author

# What the author is told, in their language, by kind of content and what happened to it.
AUTHOR_NOTICES = {
    ("proposal", "hide"): N_("Moderation hid your proposal “%(title)s”: %(reason)s"),
    ("comment", "hide"): N_("Moderation hid your comment on “%(title)s”: %(reason)s"),
    ("proposal", "hide_until_reviewed"): N_(
        "Your proposal “%(title)s” was reported several times and is hidden until a "
        "moderator has looked at it."
    ),
    ("comment", "hide_until_reviewed"): N_(
        "Your comment on “%(title)s” was reported several times and is hidden until a "
        "moderator has looked at it."
    ),
    ("proposal", "restore"): N_("Your proposal “%(title)s” is visible again."),
    ("comment", "restore"): N_("Your comment on “%(title)s” is visible again."),
    ("proposal", "reject"): N_("Moderation did not publish your proposal “%(title)s”: %(reason)s"),
    ("comment", "reject"): N_("Moderation did not publish your comment on “%(title)s”: %(reason)s"),
}


async def tell_author(
    *,
    item: Item,
    event: str,
    actor: User | None,
    reason: str = "",
    base_url: str | None = None,
    connection: BaseDBAsyncClient,
) -> None:
    """Notify the author of ``item`` of what moderation did with it (an ``AUTHOR_NOTICES``
    event). Followers hear nothing of it."""
    author_id = item.author_id  # type: ignore[union-attr]
    if author_id is None or (actor is not None and actor.id == author_id):
        return
    author = await User.filter(id=author_id).using_db(connection).get()
    if isinstance(item, Proposal):
        proposal, comment = item, None
    else:
        proposal_id = item.proposal_id  # type: ignore[attr-defined]
        proposal = await Proposal.filter(id=proposal_id).using_db(connection).get()
        comment = item
    message = AUTHOR_NOTICES[(kind_of(item), event)]
    await notify(
        users=[author],
        kind=MODERATION_NOTICE,
        proposal=proposal,
        comment=comment,
        text=lambda: gettext(message) % {"title": proposal.title, "reason": reason},
        base_url=base_url,
    )


# Hiding and restoring


async def _hide(
    item: Item,
    moderator: User | None,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    details: dict[str, object],
    base_url: str | None,
) -> None:
    kind = kind_of(item)
    previous = await _set_status(item, HIDDEN, by=moderator, reason=reason, connection=connection)
    await record(
        actor=moderator,
        action=f"{kind}.hide",
        target_type=kind,
        target_id=item.id,
        reason=reason,
        details={"from_status": previous, **details},
        connection=connection,
    )
    event = "hide" if moderator is not None else "hide_until_reviewed"
    await tell_author(
        item=item,
        event=event,
        actor=moderator,
        reason=reason,
        base_url=base_url,
        connection=connection,
    )


async def hide(*, item: ItemT, moderator: User, reason: str, base_url: str | None = None) -> ItemT:
    """Hide a proposal or a comment with a reason its author sees; its open reports count
    as upheld."""
    text = _required_reason(reason)
    async with in_transaction() as connection:
        upheld = await _close_reports(item, moderator, ReportStatus.UPHELD, connection)
        details: dict[str, object] = {"reports_upheld": upheld}
        await _hide(item, moderator, text, connection, details=details, base_url=base_url)
    return item


async def _status_before_hiding(item: Item, connection: BaseDBAsyncClient) -> str:
    """A comment comes back published; a proposal in the status it had before."""
    if isinstance(item, Comment):
        return CommentStatus.PUBLISHED
    last = await (
        StatusChange.filter(proposal_id=item.id, to_status=ProposalStatus.HIDDEN)
        .using_db(connection)
        .order_by("-created_at", "-id")
        .first()
    )
    return last.from_status if last is not None else ProposalStatus.PUBLISHED


async def _restore(
    item: Item,
    moderator: User,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    base_url: str | None,
) -> None:
    kind = kind_of(item)
    current = await type(item).filter(id=item.id).using_db(connection).get()
    if current.status != HIDDEN:
        message = {
            "proposal": gettext("This proposal is not hidden."),
            "comment": gettext("This comment is not hidden."),
        }
        raise ValidationFailed({"form": message[kind]})
    status = await _status_before_hiding(item, connection)
    await _set_status(item, status, by=moderator, reason=reason, connection=connection)
    dismissed = await _close_reports(item, moderator, ReportStatus.DISMISSED, connection)
    details: dict[str, object] = {"reports_dismissed": dismissed}
    if isinstance(item, Proposal):
        details = {"to_status": status, **details}
    await record(
        actor=moderator,
        action=f"{kind}.restore",
        target_type=kind,
        target_id=item.id,
        reason=reason,
        details=details,
        connection=connection,
    )
    await tell_author(
        item=item, event="restore", actor=moderator, base_url=base_url, connection=connection
    )


async def restore(
    *, item: ItemT, moderator: User, reason: str = "", base_url: str | None = None
) -> ItemT:
    """Show hidden content again: a proposal in the status it had before it was hidden."""
    async with in_transaction() as connection:
        await _restore(item, moderator, reason.strip(), connection, base_url=base_url)
    return item


# The names other features and the tests call.


async def hide_proposal(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    return await hide(item=proposal, moderator=moderator, reason=reason)


async def restore_proposal(*, proposal: Proposal, moderator: User, reason: str = "") -> Proposal:
    return await restore(item=proposal, moderator=moderator, reason=reason)


async def hide_comment(*, comment: Comment, moderator: User, reason: str) -> Comment:
    return await hide(item=comment, moderator=moderator, reason=reason)


async def restore_comment(*, comment: Comment, moderator: User, reason: str = "") -> Comment:
    return await restore(item=comment, moderator=moderator, reason=reason)


async def dismiss_reports(*, item: Item, moderator: User, base_url: str | None = None) -> int:
    """The content stays: its open reports are closed, and an item hidden automatically
    until reviewed is shown again."""
    kind = kind_of(item)
    async with in_transaction() as connection:
        dismissed = await _close_reports(item, moderator, ReportStatus.DISMISSED, connection)
        current = await type(item).filter(id=item.id).using_db(connection).get()
        if current.status == HIDDEN:
            await _restore(item, moderator, "", connection, base_url=base_url)
        await record(
            actor=moderator,
            action=f"{kind}.dismiss_reports",
            target_type=kind,
            target_id=item.id,
            details={"reports_dismissed": dismissed},
            connection=connection,
        )
    return dismissed


async def decide(
    *,
    item: Item,
    decision: Decision,
    moderator: User,
    reason: str = "",
    base_url: str | None = None,
) -> None:
    """One moderator's decision on one proposal or comment."""
    if decision is Decision.HIDE:
        await hide(item=item, moderator=moderator, reason=reason, base_url=base_url)
    elif decision is Decision.RESTORE:
        await restore(item=item, moderator=moderator, reason=reason, base_url=base_url)
    else:
        await dismiss_reports(item=item, moderator=moderator, base_url=base_url)


async def decide_reported(
    *,
    proposal_ids: list[int],
    comment_ids: list[int],
    decision: Decision,
    moderator: User,
    reason: str = "",
    base_url: str | None = None,
) -> int:
    """Hide or dismiss every checked item that still has open reports, each in its own
    transaction; returns how many were decided. Items another moderator dealt with in the
    meantime are left alone."""
    if decision is Decision.RESTORE:
        raise ValueError("the reports queue hides or dismisses")
    if not proposal_ids and not comment_ids:
        raise ValidationFailed(
            {"selection": gettext("Please select at least one reported contribution.")}
        )
    if decision is Decision.HIDE:
        reason = _required_reason(reason)
    items: list[Item] = []
    if proposal_ids:
        reported = Proposal.filter(id__in=proposal_ids, reports__status=ReportStatus.OPEN)
        items += await reported.distinct().order_by("id")
    if comment_ids:
        reported_c = Comment.filter(id__in=comment_ids, reports__status=ReportStatus.OPEN)
        items += await reported_c.distinct().order_by("id")
    for item in items:
        await decide(
            item=item, decision=decision, moderator=moderator, reason=reason, base_url=base_url
        )
    return len(items)


# Reports


def _report_reason(raw: str) -> ReportReason:
    try:
        return ReportReason(raw)
    except ValueError:
        raise ValidationFailed({"reason": gettext("Please choose a reason.")}) from None


async def _masterplan_of(proposal_id: int, connection: BaseDBAsyncClient) -> Masterplan:
    return await Masterplan.filter(proposals__id=proposal_id).using_db(connection).get()


async def report(
    *,
    reporter: User,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
    reason: str,
    text: str = "",
    base_url: str | None = None,
) -> Report:
    """Report a proposal or a comment, once per person. When the open reports on it reach the
    masterplan's threshold, it is hidden until a moderator has looked at it."""
    item: Item | None = proposal if proposal is not None else comment
    if item is None or (proposal is not None and comment is not None):
        raise ValueError("report exactly one proposal or one comment")
    if item.author_id == reporter.id:  # type: ignore[union-attr]
        raise ValidationFailed({"form": gettext("You cannot report your own contribution.")})
    chosen = _report_reason(reason)
    note = text.replace("\r\n", "\n").strip()
    if len(note) > MAX_REPORT_TEXT:
        raise ValidationFailed(
            {
                "text": gettext("The note can be at most %(max)s characters long.")
                % {"max": MAX_REPORT_TEXT}
            }
        )
    async with in_transaction() as connection:
        try:
            created = await Report.create(
                reporter=reporter,
                proposal=proposal,
                comment=comment,
                reason=chosen,
                text=note,
                using_db=connection,
            )
        except IntegrityError:
            raise ValidationFailed({"form": gettext("You have already reported this.")}) from None
        await _hide_when_threshold_reached(item, connection, base_url=base_url)
    return created


async def _hide_when_threshold_reached(
    item: Item, connection: BaseDBAsyncClient, *, base_url: str | None
) -> None:
    proposal_id = item.id if isinstance(item, Proposal) else item.proposal_id  # type: ignore[attr-defined]
    threshold = (await _masterplan_of(proposal_id, connection)).report_threshold
    count = await _reports_of(item, connection).count()
    if threshold <= 0 or count < threshold:
        return
    if (await type(item).filter(id=item.id).using_db(connection).get()).status == HIDDEN:
        return
    # The reason is stored as the author reads it on the page, in the language of the moment;
    # the notification tells them in their own.
    reason = gettext("Hidden after %(count)s reports until a moderator has looked at it") % {
        "count": count
    }
    details: dict[str, object] = {"automatic": True, "open_reports": count}
    await _hide(item, None, reason, connection, details=details, base_url=base_url)
