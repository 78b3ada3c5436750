"""Masterplans as lists show them: with their counts, in a fixed number of queries however
many masterplans, fields and proposals there are."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count, Sum

from participation.masterplans.models import FieldOfAction, Masterplan


@dataclass(frozen=True)
class Overview:
    """One masterplan in a list, with what it holds."""

    masterplan: Masterplan
    fields: int  # fields of action, archived ones included
    proposals: int  # every proposal, whatever its status
    listed: int  # the public ones (the fields' counters)
    planners: int


@dataclass(frozen=True)
class Overviews:
    active: list[Overview]
    archived: list[Overview]


def _grouped(rows: list[tuple[object, object]]) -> dict[int, int]:
    return {int(str(key)): int(str(value or 0)) for key, value in rows}


async def overviews() -> Overviews:
    """Every masterplan with its counts, active ones in home-page order, then the archived
    ones, most recently archived first (four queries)."""
    from participation.proposals.models import Proposal  # proposals build on masterplans

    masterplans = await Masterplan.all().order_by("position", "id")
    field_rows = (
        await FieldOfAction.all()
        .annotate(n=Count("id"), listed=Sum("proposal_count"))
        .group_by("masterplan_id")
        .values_list("masterplan_id", "n", "listed")
    )
    fields = {int(m): (int(n), int(listed or 0)) for m, n, listed in field_rows}
    proposals = _grouped(
        await Proposal.all()
        .annotate(n=Count("id"))
        .group_by("masterplan_id")
        .values_list("masterplan_id", "n")
    )
    planners = _grouped(
        await Masterplan.filter(planners__id__isnull=False)
        .annotate(n=Count("planners__id"))
        .group_by("id")
        .values_list("id", "n")
    )
    rows = [
        Overview(
            masterplan=m,
            fields=fields.get(m.id, (0, 0))[0],
            proposals=proposals.get(m.id, 0),
            listed=fields.get(m.id, (0, 0))[1],
            planners=planners.get(m.id, 0),
        )
        for m in masterplans
    ]
    archived = sorted(
        (row for row in rows if row.masterplan.archived_at is not None),
        key=lambda row: (row.masterplan.archived_at, row.masterplan.id),
        reverse=True,
    )
    return Overviews([row for row in rows if row.masterplan.archived_at is None], archived)


async def archived_masterplans() -> list[Masterplan]:
    """The archive: every archived masterplan with its fields, most recently archived first
    (two queries)."""
    return (
        await Masterplan.filter(archived_at__isnull=False)
        .order_by("-archived_at", "id")
        .prefetch_related("fields_of_action")
    )


async def active_masterplans() -> list[Masterplan]:
    """The masterplans people take part in, in home-page order."""
    return await Masterplan.filter(archived_at__isnull=True).order_by("position", "id")


@dataclass(frozen=True)
class Contributions:
    """What people made in a masterplan; any of it keeps the masterplan from being deleted."""

    proposals: int
    draft_versions: int
    projects: int
    issued_reports: int

    @property
    def any(self) -> bool:
        return bool(self.proposals or self.draft_versions or self.projects or self.issued_reports)


async def contributions_of(
    masterplan: Masterplan, connection: BaseDBAsyncClient | None = None
) -> Contributions:
    # Contributions are made above this package (proposals, planning, reports).
    from participation.planning.models import DraftVersion, Project
    from participation.proposals.models import Proposal
    from participation.reports.models import CouncilReportSnapshot

    mine = {"masterplan_id": masterplan.id}
    return Contributions(
        proposals=await Proposal.filter(**mine).using_db(connection).count(),
        draft_versions=await DraftVersion.filter(**mine).using_db(connection).count(),
        projects=await Project.filter(**mine).using_db(connection).count(),
        issued_reports=await CouncilReportSnapshot.filter(scope=masterplan.slug)
        .using_db(connection)
        .count(),
    )
