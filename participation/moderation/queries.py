"""What the moderation pages read: the queues and the audit log. (A proposal's merges
are read with the rest of its page: proposals/page.py.)"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from participation.comments.models import Comment, CommentStatus
from participation.forms import whole_number
from participation.masterplans.models import Masterplan
from participation.moderation.models import (
    AuditEntry,
    Report,
    ReportReason,
    ReportStatus,
)
from participation.moderation.services import Item, kind_of
from participation.proposals.models import Proposal, ProposalStatus

# What the moderation pages read

MAX_AGE_HOURS = 24 * 365 * 10  # a filter beyond this is as good as "all" (and cannot overflow)


@dataclass(frozen=True)
class QueueFilter:
    """What a moderator narrows a queue to; the empty filter shows everything."""

    masterplan: Masterplan | None = None
    kind: str = ""  # "proposal", "comment", or "" for both
    older_than_hours: int = 0  # waiting (or reported) at least this long

    @classmethod
    def from_query(cls, params: Mapping[str, str], masterplans: list[Masterplan]) -> QueueFilter:
        """Read from a query string; anything unknown means "no restriction"."""
        slug = params.get("masterplan")
        kind = params.get("type", "")
        hours = whole_number(params.get("older_than")) or 0
        return cls(
            masterplan=next((m for m in masterplans if m.slug == slug), None),
            kind=kind if kind in ("proposal", "comment") else "",
            older_than_hours=min(hours, MAX_AGE_HOURS),
        )

    def query(self) -> dict[str, str]:
        """The filter as query parameters, to come back to the same view."""
        values = {
            "masterplan": self.masterplan.slug if self.masterplan else "",
            "type": self.kind,
            "older_than": str(self.older_than_hours) if self.older_than_hours else "",
        }
        return {name: value for name, value in values.items() if value}

    def cutoff(self, now: datetime) -> datetime | None:
        return now - timedelta(hours=self.older_than_hours) if self.older_than_hours else None


@dataclass
class ReportGroup:
    """The open reports on one item, as the queue shows them, oldest first."""

    item: Item
    kind: str
    reports: list[Report] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def first_reported_at(self) -> datetime:
        return self.reports[0].created_at

    @property
    def reasons(self) -> list[tuple[ReportReason, int]]:
        counts: dict[ReportReason, int] = {}
        for entry in self.reports:
            counts[entry.reason] = counts.get(entry.reason, 0) + 1
        return sorted(counts.items(), key=lambda pair: -pair[1])


QUEUE_LIMIT = 500  # open reports read at once; the oldest come first


def _open_reports(queue: QueueFilter) -> QuerySet[Report]:
    query = Report.filter(status=ReportStatus.OPEN)
    if queue.kind:
        query = query.filter(**{f"{queue.kind}_id__isnull": False})
    if queue.masterplan is not None:
        query = query.filter(
            Q(proposal__masterplan_id=queue.masterplan.id)
            | Q(comment__proposal__masterplan_id=queue.masterplan.id)
        )
    return query


async def open_report_groups(
    queue: QueueFilter | None = None, *, now: datetime | None = None
) -> list[ReportGroup]:
    """Reported items, most reported first; with an age filter, only items first reported
    at least that long ago. Two queries whatever the number of items."""
    queue = queue or QueueFilter()
    reports = await (
        _open_reports(queue)
        .order_by("created_at", "id")
        .limit(QUEUE_LIMIT)
        .select_related("proposal__masterplan", "comment__proposal__masterplan")
    )
    groups: dict[tuple[str, int], ReportGroup] = {}
    for entry in reports:
        item: Item = entry.proposal if entry.proposal is not None else entry.comment  # type: ignore[assignment]
        key = (kind_of(item), item.id)
        groups.setdefault(key, ReportGroup(item, key[0])).reports.append(entry)
    cutoff = queue.cutoff(now or datetime.now(UTC))
    found = [g for g in groups.values() if cutoff is None or g.first_reported_at <= cutoff]
    return sorted(found, key=lambda group: -group.count)


async def report_group(item: Item) -> ReportGroup:
    """One item's open reports (none, once a moderator has decided), with what the queue
    shows of the item."""
    key = "proposal_id" if isinstance(item, Proposal) else "comment_id"
    reports = Report.filter(**{key: item.id, "status": ReportStatus.OPEN})
    loaded: Item = await (
        Proposal.filter(id=item.id).select_related("masterplan").get()
        if isinstance(item, Proposal)
        else Comment.filter(id=item.id).select_related("proposal__masterplan").get()
    )
    return ReportGroup(loaded, kind_of(item), await reports.order_by("created_at", "id"))


@dataclass(frozen=True)
class QueueSummary:
    """What waits for moderators, counted for the top of the queue."""

    pending: int  # proposals and comments awaiting pre-moderation
    open_reports: int


async def queue_summary() -> QueueSummary:
    pending = await Proposal.filter(status=ProposalStatus.PENDING).count()
    pending += await Comment.filter(status=CommentStatus.PENDING).count()
    return QueueSummary(pending, await Report.filter(status=ReportStatus.OPEN).count())


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


# What moderators' audit log is for: the contributions and the people behind them. The
# planners' unpublished drafts, invitations, accounts and settings are for administrators
# (and the planners' own pages), so a moderator's log and CSV leave them out.
MODERATION_PREFIXES = ("proposal.", "comment.", "section_comment.")
MODERATION_ACTIONS = ("user.suspend", "user.lift_suspension")


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    actor: str = ""  # part of the actor's name
    moderation_only: bool = False  # a moderator's view (admins see every entry)


def _moderation_entries() -> Q:
    wanted = Q(action__in=MODERATION_ACTIONS)
    for prefix in MODERATION_PREFIXES:
        wanted |= Q(action__startswith=prefix)
    return wanted


def _audit_query(filters: AuditFilters) -> QuerySet[AuditEntry]:
    query = AuditEntry.all()
    if filters.moderation_only:
        query = query.filter(_moderation_entries())
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


async def audit_actions(*, moderation_only: bool = False) -> list[str]:
    query = AuditEntry.filter(_moderation_entries()) if moderation_only else AuditEntry.all()
    rows = await query.distinct().order_by("action").values_list("action", flat=True)
    return [str(action) for action in rows]
