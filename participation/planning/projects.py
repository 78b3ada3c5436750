"""Implementation projects: what the city already does in a field of action, with status,
progress, milestones and the proposals each project answers."""

from __future__ import annotations

import re
from datetime import date

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed, whole_number
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.planning.models import Milestone, Project, ProjectStatus
from participation.proposals.models import LISTED_STATUSES, Proposal

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")


def project_status(raw: str) -> ProjectStatus:
    try:
        return ProjectStatus(raw)
    except ValueError:
        raise ValidationFailed({"status": gettext("Please choose a status.")}) from None


def progress_value(raw: str | int) -> int:
    """A percentage from 0 to 100; "45", "45 %" and "45%" all read as 45."""
    number = whole_number(str(raw).strip().rstrip("%").strip())
    if number is None or number > 100:
        raise ValidationFailed(
            {"progress": gettext("The progress is a whole number from 0 to 100.")}
        )
    return number


def _checked(code: str, title: str, description: str) -> tuple[str, str, str]:
    code, title, description = code.strip(), title.strip(), description.strip()
    errors = {}
    if not CODE.match(code):
        errors["code"] = gettext(
            "The code has up to 30 letters, digits, dots, hyphens or underscores."
        )
    if not title or len(title) > MAX_TITLE:
        errors["title"] = gettext("Please give a title of at most %(max)s characters.") % {
            "max": MAX_TITLE
        }
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = gettext(
            "The description can be at most %(max)s characters long."
        ) % {"max": MAX_DESCRIPTION}
    if errors:
        raise ValidationFailed(errors)
    return code, title, description


async def _field(masterplan: Masterplan, field_of_action_id: int) -> FieldOfAction:
    field = await FieldOfAction.get_or_none(id=field_of_action_id, masterplan_id=masterplan.id)
    if field is None:
        raise ValidationFailed({"field_of_action": gettext("Please choose a field of action.")})
    return field


async def create_project(
    *,
    masterplan: Masterplan,
    field_of_action_id: int,
    code: str,
    title: str,
    description: str = "",
    status: str = ProjectStatus.PLANNED,
    progress: str | int = 0,
    by: User,
) -> Project:
    code, title, description = _checked(code, title, description)
    chosen, percent = project_status(status), progress_value(progress)
    field = await _field(masterplan, field_of_action_id)
    try:
        async with in_transaction() as connection:
            project = await Project.create(
                masterplan=masterplan,
                field_of_action=field,
                code=code,
                title=title,
                description=description,
                status=chosen,
                progress=percent,
                using_db=connection,
            )
            await _audit(by, "project.create", project, connection)
    except IntegrityError:
        raise ValidationFailed({"code": gettext("Another project has this code.")}) from None
    return project


async def update_project(
    *,
    project: Project,
    field_of_action_id: int,
    title: str,
    description: str,
    status: str,
    progress: str | int,
    by: User,
) -> Project:
    _, title, description = _checked(project.code, title, description)
    chosen, percent = project_status(status), progress_value(progress)
    masterplan = await project.masterplan
    field = await _field(masterplan, field_of_action_id)
    async with in_transaction() as connection:
        project.field_of_action, project.title, project.description = field, title, description
        project.status, project.progress = chosen, percent
        await project.save(using_db=connection)
        await _audit(by, "project.update", project, connection)
    return project


async def _audit(
    by: User | None, action: str, project: Project, connection: BaseDBAsyncClient, **details: object
) -> None:
    await record(
        actor=by,
        action=action,
        target_type="project",
        target_id=project.id,
        details={
            "code": project.code,
            "status": str(project.status),
            "progress": project.progress,
            **details,
        },
        connection=connection,
    )


async def add_milestone(
    *, project: Project, title: str, due_on: date | None, by: User
) -> Milestone:
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationFailed(
            {
                "title": gettext("Please give a title of at most %(max)s characters.")
                % {"max": MAX_TITLE}
            }
        )
    async with in_transaction() as connection:
        position = await Milestone.filter(project_id=project.id).using_db(connection).count()
        milestone = await Milestone.create(
            project=project, title=title, due_on=due_on, position=position + 1, using_db=connection
        )
        await _audit(by, "project.add_milestone", project, connection, milestone=title)
    return milestone


async def mark_milestone(*, milestone: Milestone, done_on: date | None, by: User) -> Milestone:
    """Mark a milestone reached on ``done_on``, or open again with None."""
    async with in_transaction() as connection:
        milestone.done_on = done_on
        await milestone.save(update_fields=["done_on"], using_db=connection)
        project = await Project.filter(id=milestone.project_id).using_db(connection).get()  # type: ignore[attr-defined]
        await _audit(
            by,
            "project.mark_milestone",
            project,
            connection,
            milestone=milestone.title,
            done_on=done_on.isoformat() if done_on else None,
        )
    return milestone


async def set_linked_proposals(*, project: Project, proposal_ids: list[int], by: User) -> int:
    """The proposals the project answers: listed proposals of its masterplan only."""
    wanted = await Proposal.filter(
        id__in=proposal_ids,
        masterplan_id=project.masterplan_id,  # type: ignore[attr-defined]
        status__in=LISTED_STATUSES,
    )
    if len(wanted) != len(set(proposal_ids)):
        raise ValidationFailed(
            {"proposals": gettext("Only public proposals of this masterplan can be linked.")}
        )
    async with in_transaction() as connection:
        await project.proposals.clear(using_db=connection)
        if wanted:
            await project.proposals.add(*wanted, using_db=connection)
        await _audit(
            by,
            "project.link_proposals",
            project,
            connection,
            proposals=sorted(p.id for p in wanted),
        )
    return len(wanted)
