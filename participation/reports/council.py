"""The council report (Ratsbericht), for one masterplan or all of them: built once from the
database into plain data (:mod:`.document`) that the page, the PDF and the Markdown draw.

A report is a document read a few times, not a page under load: it may aggregate, with a
fixed number of queries whatever the data size (a few per masterplan and one per field of
action). What the draft "took up" is :mod:`participation.planning.uptake`'s answer, the
same as on the outcomes page and in the exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q, Subquery

from participation.accounts.models import User
from participation.i18n import local_date
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.queries import active_masterplans
from participation.planning.models import InputLink, Project
from participation.planning.uptake import Counted, Tally, Uptakes, count_uptakes
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
from participation.proposals.queries import ORDERS, Sort
from participation.reports import changes, figures
from participation.reports.document import (
    ALL,
    CouncilReport,
    DraftUptake,
    FieldTops,
    FieldUptake,
    GroupRow,
    GroupVotes,
    MasterplanPart,
    NewlyTaken,
    ProjectRow,
    TopProposal,
)
from participation.reports.models import CouncilReportSnapshot
from participation.reports.redaction import redact
from participation.reports.serialise import from_data, to_data
from participation.votes.queries import Breakdown, breakdowns

TOP = 5  # proposals per field of action


async def council_report(
    masterplan: Masterplan | None = None, *, now: datetime | None = None
) -> CouncilReport:
    """The report as of now, with what changed since the last one issued for its scope."""
    if masterplan is None:  # the whole platform: the masterplans in progress, not the archive
        masterplans = await active_masterplans()
    else:
        masterplans = [masterplan]
    ids = [m.id for m in masterplans]
    now = now or datetime.now(UTC)
    groups, people = await figures.by_group(ids)
    months = await figures.by_month(ids, local_date(now))
    fields = await FieldOfAction.filter(masterplan_id__in=ids).order_by("masterplan_id", "position")
    counted = {m.id: await count_uptakes(m.id) for m in masterplans}
    tops = await _tops(fields, counted)
    projects = await _projects(ids)
    taken: dict[int, NewlyTaken] = {}
    for m in masterplans:
        taken.update(await _taken_up(m, counted[m.id]))
    parts = []
    for m in masterplans:
        own = [f for f in fields if f.masterplan_id == m.id]  # type: ignore[attr-defined]
        part = MasterplanPart(
            slug=m.slug,
            title=m.title,
            groups=list(groups[m.id].values()),
            months=months[m.id],
            fields=[tops[f.id] for f in own],
            uptake=_uptake(counted[m.id]),
            uptake_by_field=[FieldUptake(f.title, _uptake(counted[m.id], f.id)) for f in own],
            projects=projects.get(m.id, []),
        )
        parts.append(part)
    report = CouncilReport(
        scope=masterplan.slug if masterplan else ALL,
        title=masterplan.title if masterplan else "",
        produced_at=now,
        groups=_scope_groups(parts, people),
        masterplans=parts,
    )
    previous = await CouncilReportSnapshot.filter(scope=report.scope).first()
    if previous is not None:
        report.changes = await changes.since(previous, report, taken, ids)
    report.baseline = changes.baseline(report, taken)
    await redact(report)
    return report


def _scope_groups(parts: list[MasterplanPart], people: dict[str, int]) -> list[GroupRow]:
    """The parts' group figures added up; people counted once across masterplans."""
    if len(parts) == 1:
        return parts[0].groups
    total = [GroupRow(row.group) for row in parts[0].groups] if parts else []
    for row in total:
        row.participants = people.get(row.group, 0)
    for part in parts:
        for row, add in zip(total, part.groups, strict=True):
            row.proposals += add.proposals
            row.supports += add.supports
            row.opposes += add.opposes
            row.comments += add.comments
    return total


def _uptake(counted: Counted, field_id: int | None = None) -> DraftUptake:
    """What the draft did with the masterplan's proposals (or one field's)."""
    tally = counted.overall if field_id is None else counted.by_field.get(field_id, Tally())
    version = counted.version
    return DraftUptake(
        version=version.number if version else None,
        published_at=version.published_at if version else None,
        adopted=tally.adopted,
        partially_adopted=tally.partially_adopted,
        considered=tally.considered,
        not_taken_up=tally.not_taken_up,
        open=tally.open,
    )


async def _tops(fields: list[FieldOfAction], counted: dict[int, Counted]) -> dict[int, FieldTops]:
    """The top ranked listed proposals of each field ("Rangfolge"), with their votes by
    group and their verdict: a query per field, one for all the breakdowns."""
    found: dict[int, list[Proposal]] = {}
    for field_of_action in fields:  # a report has a few dozen fields at most
        found[field_of_action.id] = await (
            Proposal.filter(field_of_action_id=field_of_action.id, status__in=LISTED_STATUSES)
            .order_by(*(("-" if desc else "") + column for column, desc in ORDERS[Sort.RANK]))
            .limit(TOP)
            .select_related("organization")
        )
    votes = await breakdowns([p for proposals in found.values() for p in proposals])
    tops = {}
    for f in fields:
        uptakes = counted[f.masterplan_id]  # type: ignore[attr-defined]
        verdicts = Uptakes(uptakes.version, uptakes.sections)
        tops[f.id] = FieldTops(f.title, [_top(p, verdicts, votes) for p in found[f.id]])
    return tops


def _top(proposal: Proposal, verdicts: Uptakes, votes: dict[int, Breakdown]) -> TopProposal:
    verdict = verdicts.of(proposal)
    breakdown = votes[proposal.id]
    return TopProposal(
        id=proposal.id,
        title=proposal.title,
        organization=proposal.organization.name if proposal.organization else "",
        supports=proposal.supports,
        opposes=proposal.opposes,
        wilson=proposal.wilson,
        groups=[
            GroupVotes(row.group.value, row.supports, row.opposes)
            for row in breakdown.rows
            if row.votes
        ],
        status=proposal.status.value,
        uptake=verdict.uptake.value if verdict else None,
    )


async def _projects(ids: list[int]) -> dict[int, list[ProjectRow]]:
    projects: dict[int, list[ProjectRow]] = {}
    for project in await (
        Project.filter(masterplan_id__in=ids)
        .select_related("field_of_action")
        .order_by("masterplan_id", "code", "id")
    ):
        projects.setdefault(project.masterplan_id, []).append(  # type: ignore[attr-defined]
            ProjectRow(
                id=project.id,
                code=project.code,
                title=project.title,
                field=project.field_of_action.title,
                status=project.status.value,
                progress=project.progress,
            )
        )
    return projects


async def _taken_up(masterplan: Masterplan, counted: Counted) -> dict[int, NewlyTaken]:
    """Every proposal of the masterplan the draft took up wholly or in part (one query):
    those a section of the published version links, and those officially adopted."""
    answered = Q(status__in=(ProposalStatus.ADOPTED, ProposalStatus.PARTIALLY_ADOPTED))
    if counted.version is not None:
        linked = InputLink.filter(section__version_id=counted.version.id).values("proposal_id")
        answered |= Q(id__in=Subquery(linked))
    verdicts = Uptakes(counted.version, counted.sections)
    taken = {}
    for proposal in await (
        Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .filter(answered)
        .only("id", "title", "status", "created_at")
        .order_by("id")
    ):
        verdict = verdicts.of(proposal)
        if verdict is not None and verdict.uptake.taken_up:
            taken[proposal.id] = NewlyTaken(
                proposal_id=proposal.id,
                title=proposal.title,
                masterplan=masterplan.title,
                uptake=verdict.uptake.value,
                sections=[s.section_title for s in verdict.sections],
            )
    return taken


async def issue_report(*, report: CouncilReport, by: User) -> CouncilReportSnapshot:
    """Keep this report as issued: its contents, to be drawn again as they were (less what
    moderation hides later), and its figures, for the next report to say what changed."""
    return await CouncilReportSnapshot.create(
        scope=report.scope, issued_by=by, figures=report.baseline, contents=to_data(report)
    )


@dataclass(frozen=True)
class Issued:
    id: int
    issued_at: datetime
    kept: bool  # its contents are kept: it reads as a page and a PDF, not only Markdown


async def issued_reports(scope: str) -> list[Issued]:
    """The reports issued for the scope, newest first (two queries, whatever their size)."""
    kept = set(
        await CouncilReportSnapshot.filter(scope=scope, contents__isnull=False).values_list(
            "id", flat=True
        )
    )
    rows = await (
        CouncilReportSnapshot.filter(scope=scope)
        .order_by("-issued_at", "-id")
        .values_list("id", "issued_at")
    )
    return [Issued(number, issued_at, number in kept) for number, issued_at in rows]


async def issued_report(snapshot: CouncilReportSnapshot) -> CouncilReport | None:
    """An issued report as it was, less what is no longer public (one query); None for a
    report issued before its contents were kept (only its Markdown is left)."""
    if not snapshot.contents:
        return None
    report = from_data(CouncilReport, snapshot.contents)
    report.issued_at = snapshot.issued_at
    return await redact(report)
