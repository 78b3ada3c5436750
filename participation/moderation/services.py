"""What moderation does: reports, hiding and restoring proposals and comments, and the audit
log every such action writes to in the same transaction.

Hidden proposals leave the field of action's ``proposal_count`` and hidden comments the
proposal's ``comment_count``, so the counters keep meaning "what a reader sees".
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.moderation.models import (
    AuditEntry,
    Report,
    ReportReason,
    ReportStatus,
    StatusChange,
)
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus

Item = Proposal | Comment

MAX_REASON = 2_000
MAX_REPORT_TEXT = 2_000
# Comment statuses a reader sees in the thread (and that count in comment_count).
VISIBLE_COMMENT = (CommentStatus.PUBLISHED, CommentStatus.DELETED)


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


def _kind(item: Item) -> str:
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


async def _count(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )


async def _count_comments(comment: Comment, delta: int, connection: BaseDBAsyncClient) -> None:
    proposal_id = comment.proposal_id  # type: ignore[attr-defined]
    await (
        Proposal.filter(id=proposal_id)
        .using_db(connection)
        .update(comment_count=F("comment_count") + delta)
    )


# Proposals


async def _hide_proposal(
    proposal: Proposal,
    moderator: User | None,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    details: dict[str, object] | None = None,
) -> Proposal:
    locked = await Proposal.filter(id=proposal.id).select_for_update().using_db(connection).get()
    previous = locked.status
    if previous != ProposalStatus.HIDDEN:
        await StatusChange.create(
            proposal_id=locked.id,
            from_status=previous,
            to_status=ProposalStatus.HIDDEN,
            changed_by=moderator,
            reason=reason,
            using_db=connection,
        )
        if previous in LISTED_STATUSES:
            await _count(locked.field_of_action_id, -1, connection)  # type: ignore[attr-defined]
    await (
        Proposal.filter(id=locked.id)
        .using_db(connection)
        .update(status=ProposalStatus.HIDDEN, moderation_reason=reason)
    )
    await record(
        actor=moderator,
        action="proposal.hide",
        target_type="proposal",
        target_id=locked.id,
        reason=reason,
        details={"from_status": str(previous), **(details or {})},
        connection=connection,
    )
    proposal.status, proposal.moderation_reason = ProposalStatus.HIDDEN, reason
    return proposal


async def hide_proposal(*, proposal: Proposal, moderator: User, reason: str) -> Proposal:
    """Hide a proposal with a reason its author sees; its open reports count as upheld."""
    text = _required_reason(reason)
    async with in_transaction() as connection:
        upheld = await _close_reports(proposal, moderator, ReportStatus.UPHELD, connection)
        return await _hide_proposal(
            proposal, moderator, text, connection, details={"reports_upheld": upheld}
        )


async def _status_before_hiding(proposal_id: int, connection: BaseDBAsyncClient) -> str:
    last = await (
        StatusChange.filter(proposal_id=proposal_id, to_status=ProposalStatus.HIDDEN)
        .using_db(connection)
        .order_by("-created_at", "-id")
        .first()
    )
    return last.from_status if last is not None else ProposalStatus.PUBLISHED


async def _restore_proposal(
    proposal: Proposal,
    moderator: User,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    action: str = "proposal.restore",
) -> Proposal:
    locked = await Proposal.filter(id=proposal.id).select_for_update().using_db(connection).get()
    if locked.status != ProposalStatus.HIDDEN:
        raise ValidationFailed({"form": gettext("This proposal is not hidden.")})
    status = ProposalStatus(await _status_before_hiding(locked.id, connection))
    await StatusChange.create(
        proposal_id=locked.id,
        from_status=ProposalStatus.HIDDEN,
        to_status=status,
        changed_by=moderator,
        reason=reason,
        using_db=connection,
    )
    await (
        Proposal.filter(id=locked.id)
        .using_db(connection)
        .update(status=status, moderation_reason="")
    )
    if status in LISTED_STATUSES:
        await _count(locked.field_of_action_id, 1, connection)  # type: ignore[attr-defined]
    dismissed = await _close_reports(proposal, moderator, ReportStatus.DISMISSED, connection)
    await record(
        actor=moderator,
        action=action,
        target_type="proposal",
        target_id=locked.id,
        reason=reason,
        details={"to_status": str(status), "reports_dismissed": dismissed},
        connection=connection,
    )
    proposal.status, proposal.moderation_reason = status, ""
    return proposal


async def restore_proposal(*, proposal: Proposal, moderator: User, reason: str = "") -> Proposal:
    """Show a hidden proposal again, in the status it had before it was hidden."""
    async with in_transaction() as connection:
        return await _restore_proposal(proposal, moderator, reason.strip(), connection)


# Comments


async def _hide_comment(
    comment: Comment,
    moderator: User | None,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    details: dict[str, object] | None = None,
) -> Comment:
    locked = await Comment.filter(id=comment.id).select_for_update().using_db(connection).get()
    previous = locked.status
    if previous in VISIBLE_COMMENT:
        await _count_comments(locked, -1, connection)
    await (
        Comment.filter(id=locked.id)
        .using_db(connection)
        .update(status=CommentStatus.HIDDEN, moderation_reason=reason)
    )
    await record(
        actor=moderator,
        action="comment.hide",
        target_type="comment",
        target_id=locked.id,
        reason=reason,
        details={"from_status": str(previous), **(details or {})},
        connection=connection,
    )
    comment.status, comment.moderation_reason = CommentStatus.HIDDEN, reason
    return comment


async def hide_comment(*, comment: Comment, moderator: User, reason: str) -> Comment:
    """Take a comment out of the thread, with a reason its author sees."""
    text = _required_reason(reason)
    async with in_transaction() as connection:
        upheld = await _close_reports(comment, moderator, ReportStatus.UPHELD, connection)
        return await _hide_comment(
            comment, moderator, text, connection, details={"reports_upheld": upheld}
        )


async def _restore_comment(
    comment: Comment,
    moderator: User,
    reason: str,
    connection: BaseDBAsyncClient,
    *,
    action: str = "comment.restore",
) -> Comment:
    locked = await Comment.filter(id=comment.id).select_for_update().using_db(connection).get()
    if locked.status != CommentStatus.HIDDEN:
        raise ValidationFailed({"form": gettext("This comment is not hidden.")})
    await (
        Comment.filter(id=locked.id)
        .using_db(connection)
        .update(status=CommentStatus.PUBLISHED, moderation_reason="")
    )
    await _count_comments(locked, +1, connection)
    dismissed = await _close_reports(comment, moderator, ReportStatus.DISMISSED, connection)
    await record(
        actor=moderator,
        action=action,
        target_type="comment",
        target_id=locked.id,
        reason=reason,
        details={"reports_dismissed": dismissed},
        connection=connection,
    )
    comment.status, comment.moderation_reason = CommentStatus.PUBLISHED, ""
    return comment


async def restore_comment(*, comment: Comment, moderator: User, reason: str = "") -> Comment:
    async with in_transaction() as connection:
        return await _restore_comment(comment, moderator, reason.strip(), connection)


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
        await _hide_when_threshold_reached(item, connection)
    return created


async def _hide_when_threshold_reached(item: Item, connection: BaseDBAsyncClient) -> None:
    proposal_id = item.id if isinstance(item, Proposal) else item.proposal_id  # type: ignore[attr-defined]
    threshold = (await _masterplan_of(proposal_id, connection)).report_threshold
    count = await _reports_of(item, connection).count()
    if threshold <= 0 or count < threshold:
        return
    # The reason is stored as the author will read it, in the language of the moment.
    reason = gettext("Hidden after %(count)s reports until a moderator has looked at it") % {
        "count": count
    }
    details: dict[str, object] = {"automatic": True, "open_reports": count}
    if isinstance(item, Proposal):
        current = await Proposal.filter(id=item.id).using_db(connection).get()
        if current.status != ProposalStatus.HIDDEN:
            await _hide_proposal(item, None, reason, connection, details=details)
    else:
        current_comment = await Comment.filter(id=item.id).using_db(connection).get()
        if current_comment.status != CommentStatus.HIDDEN:
            await _hide_comment(item, None, reason, connection, details=details)


async def dismiss_reports(*, item: Item, moderator: User) -> int:
    """The content stays: its open reports are closed, and an item hidden automatically
    until reviewed is shown again."""
    kind = _kind(item)
    async with in_transaction() as connection:
        dismissed = await _close_reports(item, moderator, ReportStatus.DISMISSED, connection)
        hidden = (
            await type(item).filter(id=item.id).using_db(connection).get()
        ).status == ProposalStatus.HIDDEN
        if hidden and isinstance(item, Proposal):
            await _restore_proposal(item, moderator, "", connection)
        elif hidden and isinstance(item, Comment):
            await _restore_comment(item, moderator, "", connection)
        await record(
            actor=moderator,
            action=f"{kind}.dismiss_reports",
            target_type=kind,
            target_id=item.id,
            details={"reports_dismissed": dismissed},
            connection=connection,
        )
    return dismissed


# What the moderation pages read


@dataclass
class ReportGroup:
    """The open reports on one item, as the queue shows them."""

    item: Item
    kind: str
    reports: list[Report] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def reasons(self) -> list[tuple[ReportReason, int]]:
        counts: dict[ReportReason, int] = {}
        for entry in self.reports:
            counts[entry.reason] = counts.get(entry.reason, 0) + 1
        return sorted(counts.items(), key=lambda pair: -pair[1])


QUEUE_LIMIT = 500  # open reports read at once; the oldest come first


async def open_report_groups() -> list[ReportGroup]:
    reports = await (
        Report.filter(status=ReportStatus.OPEN)
        .order_by("created_at", "id")
        .limit(QUEUE_LIMIT)
        .select_related("proposal", "comment", "comment__proposal")
    )
    groups: dict[tuple[str, int], ReportGroup] = {}
    for entry in reports:
        item: Item = entry.proposal if entry.proposal is not None else entry.comment  # type: ignore[assignment]
        key = (_kind(item), item.id)
        groups.setdefault(key, ReportGroup(item, key[0])).reports.append(entry)
    return sorted(groups.values(), key=lambda group: -group.count)


async def recently_hidden(limit: int = 20) -> tuple[list[Proposal], list[Comment]]:
    proposals = await (
        Proposal.filter(status=ProposalStatus.HIDDEN).order_by("-updated_at", "-id").limit(limit)
    )
    comments = await (
        Comment.filter(status=CommentStatus.HIDDEN)
        .order_by("-id")
        .limit(limit)
        .select_related("proposal")
    )
    return proposals, comments


AUDIT_PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of the actor's name


def _audit_query(filters: AuditFilters) -> QuerySet[AuditEntry]:
    query = AuditEntry.all()
    if filters.action:
        query = query.filter(action=filters.action)
    if filters.actor:
        query = query.filter(actor_name__icontains=filters.actor)
    return query


async def audit_page(
    filters: AuditFilters, before: int | None = None, page_size: int = AUDIT_PAGE_SIZE
) -> tuple[list[AuditEntry], int | None]:
    """Newest first, seeking by id; the second value is where the next page starts."""
    query = _audit_query(filters)
    if before is not None:
        query = query.filter(id__lt=before)
    rows = await query.order_by("-id").limit(page_size + 1)
    entries = rows[:page_size]
    return entries, entries[-1].id if len(rows) > page_size else None


async def audit_entries(filters: AuditFilters, batch: int = 500) -> AsyncIterator[AuditEntry]:
    """Every matching entry, newest first, read in batches for an export."""
    before: int | None = None
    while True:
        entries, before = await audit_page(filters, before, batch)
        for entry in entries:
            yield entry
        if before is None:
            return


async def audit_actions() -> list[str]:
    rows = await AuditEntry.all().distinct().order_by("action").values_list("action", flat=True)
    return [str(action) for action in rows]
