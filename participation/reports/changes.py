"""What changed since the previous report of the same scope: proposals whose status changed
(read from their ``StatusChange`` history), proposals newly taken up, new, completed and
advanced projects, and the votes and comments per masterplan and stakeholder group.

An issued report keeps a small baseline for this (:func:`baseline`): its figures, the ids of
the proposals taken up, and each project's status and progress; never every proposal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from participation.planning.models import ProjectStatus
from participation.proposals.models import LISTED_STATUSES
from participation.reports.document import (
    Changes,
    CouncilReport,
    Delta,
    NewlyTaken,
    ProjectMove,
    ProjectRow,
    StatusMove,
)
from participation.reports.models import CouncilReportSnapshot

LISTED = 100  # status changes and take-ups named one by one; more are counted
BASELINE_VERSION = 2  # version 1 (before 0010) kept five totals and votes per group


def baseline(report: CouncilReport, taken: dict[int, NewlyTaken]) -> dict[str, Any]:
    """What an issued report keeps for the next one to compare with."""
    return {
        "version": BASELINE_VERSION,
        "proposals": report.proposals,
        "votes": report.votes,
        "comments": report.comments,
        "participants": report.participants,
        "taken_up": report.uptake.taken_up,
        "projects_done": report.projects(ProjectStatus.DONE),
        "by_group": {
            g.group: {"proposals": g.proposals, "votes": g.votes, "comments": g.comments}
            for g in report.groups
        },
        "by_masterplan": {
            m.slug: {"proposals": m.proposals, "votes": m.votes, "comments": m.comments}
            for m in report.masterplans
        },
        "taken_up_ids": sorted(taken),
        "projects": {
            str(p.id): [p.status, p.progress] for m in report.masterplans for p in m.projects
        },
    }


async def since(
    previous: CouncilReportSnapshot,
    report: CouncilReport,
    taken: dict[int, NewlyTaken],
    ids: list[int],
) -> Changes:
    before = previous.figures
    detailed = before.get("version") == BASELINE_VERSION
    changes = Changes(since=previous.issued_at, detailed=detailed)
    moves = await _status_moves(
        ids, previous.issued_at, {m.slug: m.title for m in report.masterplans}
    )
    changes.status_moves, changes.more_status_moves = moves[:LISTED], max(len(moves) - LISTED, 0)
    if detailed:
        known = {int(i) for i in before.get("taken_up_ids", [])}
        new = [item for pid, item in taken.items() if pid not in known]
        changes.taken_up, changes.more_taken_up = new[:LISTED], max(len(new) - LISTED, 0)
        _projects(changes, report, before.get("projects", {}))
    changes.by_masterplan = [
        _delta(
            m.title,
            _kept(before, "by_masterplan", m.slug, report),
            m.votes,
            m.comments,
            m.proposals,
        )
        for m in report.masterplans
    ]
    changes.by_group = [
        _delta(g.group, _group(before, g.group), g.votes, g.comments, g.proposals)
        for g in report.groups
    ]
    return changes


async def _status_moves(
    ids: list[int], since: datetime, titles: dict[str, str]
) -> list[StatusMove]:
    """Each proposal whose status changed between listed statuses since then, from its
    status then to its status now (one query); hiding, merging and withdrawing are
    moderation's, not decisions."""
    from participation.moderation.models import StatusChange

    listed = [s.value for s in LISTED_STATUSES]
    rows = await (
        StatusChange.filter(
            proposal__masterplan_id__in=ids,
            created_at__gt=since,
            from_status__in=listed,
            to_status__in=listed,
        )
        .order_by("created_at", "id")
        .values(
            "proposal_id",
            "from_status",
            "to_status",
            "proposal__title",
            "proposal__masterplan__slug",
        )
    )
    moves: dict[int, StatusMove] = {}
    for row in rows:
        move = moves.pop(row["proposal_id"], None)  # re-inserted: ordered by its last change
        moves[row["proposal_id"]] = StatusMove(
            proposal_id=row["proposal_id"],
            title=row["proposal__title"],
            masterplan=titles.get(row["proposal__masterplan__slug"], ""),
            before=move.before if move else row["from_status"],
            after=row["to_status"],
        )
    return [move for move in moves.values() if move.before != move.after]


def _projects(changes: Changes, report: CouncilReport, before: dict[str, list[Any]]) -> None:
    for part in report.masterplans:
        for project in part.projects:
            then = before.get(str(project.id))
            if then is None:
                changes.new_projects.append(project)
            elif project.status == ProjectStatus.DONE and then[0] != ProjectStatus.DONE:
                changes.completed_projects.append(project)
            if then is not None and (then[0], int(then[1])) != (project.status, project.progress):
                changes.project_moves.append(_move(project, then))


def _move(project: ProjectRow, then: list[Any]) -> ProjectMove:
    return ProjectMove(project=project, status_before=str(then[0]), progress_before=int(then[1]))


Kept = dict[str, int | None]


def _kept(before: dict[str, Any], key: str, name: str, report: CouncilReport) -> Kept:
    found = before.get(key, {}).get(name)
    if found is None and len(report.masterplans) == 1 and "votes" in before:
        found = before  # a report of one masterplan kept its totals at the top
    return dict(found) if isinstance(found, dict) else {}


def _group(before: dict[str, Any], group: str) -> Kept:
    found = before.get("by_group", {}).get(group)
    if isinstance(found, int):  # version 1 kept a group's votes only
        return {"votes": found}
    return dict(found) if isinstance(found, dict) else {}


def _delta(name: str, then: Kept, votes: int, comments: int, proposals: int) -> Delta:
    return Delta(
        name=name,
        votes_before=then.get("votes"),
        votes_now=votes,
        comments_before=then.get("comments"),
        comments_now=comments,
        proposals_before=then.get("proposals"),
        proposals_now=proposals,
    )
