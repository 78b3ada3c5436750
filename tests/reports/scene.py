"""A masterplan as a council report sees it: proposals of two groups over two months, votes,
a comment, a published draft that takes one proposal up, and projects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from participation.accounts.models import Role, StakeholderGroup, User
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import drafts, links, projects
from participation.planning.models import Project
from participation.proposals.models import Proposal, ProposalStatus
from participation.reports.council import council_report, issue_report
from participation.reports.models import CouncilReportSnapshot
from tests.factories import add_votes, make_comment, make_field, make_proposal, make_user

MAY = datetime(2026, 5, 10, 12, tzinfo=UTC)
JUNE = datetime(2026, 6, 3, 12, tzinfo=UTC)


@dataclass
class Scene:
    masterplan: Masterplan
    field: FieldOfAction
    planner: User
    gigabit: Proposal  # chambers, taken up by the draft
    wlan: Proposal  # citizens, open
    running: Project  # running, 20 %


async def make_scene(**masterplan: object) -> Scene:
    field = await make_field(title="Glasfaser")
    found = await field.masterplan
    for name, value in masterplan.items():
        setattr(found, name, value)
    await found.save()
    gigabit = await make_proposal(
        field, title="Gigabit", group=StakeholderGroup.CHAMBERS, created_at=MAY
    )
    wlan = await make_proposal(field, title="WLAN", created_at=JUNE)
    await make_proposal(field, title="Versteckt", status=ProposalStatus.HIDDEN, created_at=JUNE)
    await add_votes(gigabit, StakeholderGroup.CHAMBERS, supports=3, opposes=1)
    await add_votes(wlan, StakeholderGroup.CITIZENS, supports=5, opposes=0)
    await make_comment(wlan)
    planner = await make_user(role=Role.PLANNER)
    await found.planners.add(planner)
    version = await drafts.working_version(masterplan=found, by=planner)
    section = await drafts.add_section(version=version, title="Netze", body="", by=planner)
    await links.link_proposal(
        section=section, proposal=gigabit, disposition="adopted", note="", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    running = await make_project(found, field, planner, "P1", "Ausbau", "running", 20)
    return Scene(found, field, planner, gigabit, wlan, running)


async def make_project(
    masterplan: Masterplan,
    field: FieldOfAction,
    by: User,
    code: str,
    title: str,
    status: str = "planned",
    progress: int = 0,
) -> Project:
    project = await projects.create_project(
        masterplan=masterplan, field_of_action_id=field.id, code=code, title=title, by=by
    )
    return await set_progress(project, field, by, status, progress)


async def set_progress(
    project: Project, field: FieldOfAction, by: User, status: str, progress: int
) -> Project:
    return await projects.update_project(
        project=project,
        field_of_action_id=field.id,
        title=project.title,
        description="",
        status=status,
        progress=progress,
        by=by,
    )


async def issue(masterplan: Masterplan | None, by: User) -> CouncilReportSnapshot:
    return await issue_report(report=await council_report(masterplan), by=by)
