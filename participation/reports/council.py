"""The figures of a council report, for one masterplan or all of them: participation by
stakeholder group and over time, the top ranked proposals per field of action with their
status, what the draft took up, project progress, and what changed since the report issued
before. A report is a document read a few times, not a page under load: it may aggregate,
with a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tortoise import connections
from tortoise.functions import Count, Sum

from participation.accounts.models import StakeholderGroup, User
from participation.charts import BarChart, stacked_bars
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.drafts import latest_published
from participation.planning.models import (
    Disposition,
    DraftVersion,
    InputLink,
    Project,
    ProjectStatus,
)
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.reports.models import CouncilReportSnapshot

TOP = 5  # proposals per field of action
ALL = "all"


@dataclass
class GroupFigures:
    group: StakeholderGroup
    proposals: int = 0
    supports: int = 0
    opposes: int = 0


@dataclass
class DraftFigures:
    masterplan: Masterplan
    version: DraftVersion | None
    taken_up: dict[Disposition, int] = field(default_factory=dict)


@dataclass
class CouncilReport:
    scope: str  # a masterplan's slug or "all"
    masterplans: list[Masterplan]
    generated_at: datetime
    proposals: int
    votes: int
    comments: int
    by_group: list[GroupFigures]
    by_month: list[tuple[str, int, int]]  # "2026-05", proposals, votes
    tops: list[tuple[FieldOfAction, list[Proposal]]]
    drafts: list[DraftFigures]
    projects: list[Project]
    previous: CouncilReportSnapshot | None = None

    def figures(self) -> dict[str, Any]:
        """The numbers an issued report keeps, to compare the next one with."""
        return {
            "proposals": self.proposals,
            "votes": self.votes,
            "comments": self.comments,
            "taken_up": sum(sum(d.taken_up.values()) for d in self.drafts),
            "projects_done": sum(1 for p in self.projects if p.status == ProjectStatus.DONE),
            "by_group": {g.group.value: g.supports + g.opposes for g in self.by_group},
        }

    def changes(self) -> list[tuple[str, int, int]]:
        """What changed since the previous report: (figure, then, now) where it differs."""
        if self.previous is None:
            return []
        before, now = self.previous.figures, self.figures()
        labels = {
            "proposals": gettext("Proposals"),
            "votes": gettext("Votes"),
            "comments": gettext("Comments"),
            "taken_up": gettext("Proposals taken up by the draft"),
            "projects_done": gettext("Projects done"),
        }
        return [
            (label, int(before.get(key, 0)), int(now[key]))  # type: ignore[call-overload]
            for key, label in labels.items()
            if before.get(key) != now[key]
        ]

    def group_chart(self) -> BarChart:
        return stacked_bars(
            [
                (
                    g.group.label,
                    [("support", g.supports), ("oppose", g.opposes)],
                    f"{g.supports} : {g.opposes}",
                )
                for g in self.by_group
            ]
        )

    def month_chart(self) -> BarChart:
        return stacked_bars(
            [(month, [("value", votes)], str(votes)) for month, _, votes in self.by_month]
        )


async def council_report(masterplan: Masterplan | None = None) -> CouncilReport:
    masterplans = [masterplan] if masterplan else await Masterplan.all()
    ids = [m.id for m in masterplans]
    listed = Proposal.filter(masterplan_id__in=ids, status__in=LISTED_STATUSES)
    totals = await listed.annotate(
        n=Count("id"), votes=Sum("vote_count"), comments=Sum("comment_count")
    ).values("n", "votes", "comments")
    scope = masterplan.slug if masterplan else ALL
    return CouncilReport(
        scope=scope,
        masterplans=masterplans,
        generated_at=datetime.now(UTC),
        proposals=int(totals[0]["n"] or 0) if totals else 0,
        votes=int(totals[0]["votes"] or 0) if totals else 0,
        comments=int(totals[0]["comments"] or 0) if totals else 0,
        by_group=await _by_group(ids),
        by_month=await _by_month(ids),
        tops=await _tops(ids),
        drafts=await _drafts(masterplans),
        projects=await Project.filter(masterplan_id__in=ids)
        .select_related("masterplan", "field_of_action")
        .order_by("masterplan_id", "code"),
        previous=await CouncilReportSnapshot.filter(scope=scope).first(),
    )


async def _by_group(ids: list[int]) -> list[GroupFigures]:
    figures = {group: GroupFigures(group) for group in StakeholderGroup}
    proposals = await (
        Proposal.filter(masterplan_id__in=ids, status__in=LISTED_STATUSES)
        .annotate(n=Count("id"))
        .group_by("stakeholder_group")
        .values("stakeholder_group", "n")
    )
    for row in proposals:
        figures[StakeholderGroup(row["stakeholder_group"])].proposals = int(row["n"])
    from participation.votes.models import VoteTally

    votes = await (
        VoteTally.filter(proposal__masterplan_id__in=ids, proposal__status__in=LISTED_STATUSES)
        .annotate(s=Sum("supports"), o=Sum("opposes"))
        .group_by("stakeholder_group")
        .values("stakeholder_group", "s", "o")
    )
    for row in votes:
        entry = figures[StakeholderGroup(row["stakeholder_group"])]
        entry.supports, entry.opposes = int(row["s"] or 0), int(row["o"] or 0)
    return list(figures.values())


MONTH_SQL = {
    "sqlite": "strftime('%Y-%m', {column})",
    "postgres": "to_char({column} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM')",
}


async def _by_month(ids: list[int]) -> list[tuple[str, int, int]]:
    """Proposals submitted and votes cast per month (votes still counted: withdrawn ones
    are gone from the table)."""
    if not ids:
        return []
    connection = connections.get("default")
    month = MONTH_SQL["postgres" if connection.capabilities.dialect == "postgres" else "sqlite"]
    # Only integers and the module's own status constants go into the statements.
    marks = ", ".join(str(int(i)) for i in ids)
    statuses = ", ".join(f"'{s.value}'" for s in LISTED_STATUSES)
    proposals = await connection.execute_query_dict(
        f"SELECT {month.format(column='created_at')} AS month, COUNT(*) AS n FROM proposal "  # noqa: S608
        f"WHERE masterplan_id IN ({marks}) AND status IN ({statuses}) GROUP BY month"
    )
    votes = await connection.execute_query_dict(
        f"SELECT {month.format(column='v.created_at')} AS month, COUNT(*) AS n FROM vote v "  # noqa: S608
        f"JOIN proposal p ON p.id = v.proposal_id "
        f"WHERE p.masterplan_id IN ({marks}) AND p.status IN ({statuses}) GROUP BY month"
    )
    months: dict[str, list[int]] = {}
    for row in proposals:
        months.setdefault(str(row["month"]), [0, 0])[0] = int(row["n"])
    for row in votes:
        months.setdefault(str(row["month"]), [0, 0])[1] = int(row["n"])
    return [(m, counts[0], counts[1]) for m, counts in sorted(months.items())]


async def _tops(ids: list[int]) -> list[tuple[FieldOfAction, list[Proposal]]]:
    fields = await FieldOfAction.filter(masterplan_id__in=ids).order_by("masterplan_id", "position")
    tops = []
    for field_of_action in fields:  # one query per field: a report has a few dozen at most
        proposals = await (
            Proposal.filter(field_of_action_id=field_of_action.id, status__in=LISTED_STATUSES)
            .order_by("-wilson", "-vote_count", "id")
            .limit(TOP)
        )
        tops.append((field_of_action, proposals))
    return tops


async def _drafts(masterplans: list[Masterplan]) -> list[DraftFigures]:
    result = []
    for masterplan in masterplans:
        version = await latest_published(masterplan)
        figures = DraftFigures(masterplan, version)
        if version is not None:
            rows = await (
                InputLink.filter(section__version_id=version.id)
                .annotate(n=Count("id"))
                .group_by("disposition")
                .values("disposition", "n")
            )
            figures.taken_up = {Disposition(r["disposition"]): int(r["n"]) for r in rows}
        result.append(figures)
    return result


async def issue_report(*, report: CouncilReport, by: User, document: str) -> CouncilReportSnapshot:
    """Keep this report as issued, its figures and its text: the next report of the scope
    says what changed since, and the issued one can be read again as it was."""
    return await CouncilReportSnapshot.create(
        scope=report.scope, issued_by=by, figures=report.figures(), document=document
    )


async def issued_reports(scope: str) -> list[CouncilReportSnapshot]:
    return await CouncilReportSnapshot.filter(scope=scope).only("id", "scope", "issued_at")
