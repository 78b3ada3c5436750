"""Implementation projects over HTTP: the planners' pages (list and create, details,
milestones, linked proposals), the bulk update from a CSV or XLSX sheet, its template, and
the public project pages.

Uploading a sheet changes nothing: the preview shows every change and every row's error, and
only a sheet without errors gets an apply form. That form carries the rows as read (JSON);
applying checks them again against the database as it is then, so a stale or forged form
cannot apply what the preview would refuse.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from typing import Any

import anyio
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, plain_text, whole_number
from participation.i18n import gettext, local_date
from participation.masterplans.models import Masterplan
from participation.masterplans.routes import load_masterplan
from participation.planning import projects, sheets
from participation.planning.models import Milestone, Project, ProjectStatus
from participation.planning.permissions import can_plan
from participation.proposals.attachments import content_disposition
from participation.proposals.models import LISTED_STATUSES, PUBLIC_STATUSES, Proposal
from participation.security import CSRF_FIELD, current_user, require
from participation.templating import flash, render

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The template speaks the planners' language whatever the page language; sheets.py reads
# these headers and status words (and the English ones) back.
SHEET_HEADER = ("Code", "Titel", "Status", "Fortschritt (%)")
SHEET_STATUS = {
    ProjectStatus.PLANNED: "geplant",
    ProjectStatus.RUNNING: "laufend",
    ProjectStatus.DONE: "abgeschlossen",
}
SHEET_COLUMNS = frozenset(sheets.HEADERS.values())
PROJECT_ACTIONS = ("details", "milestone", "mark", "proposals")
MAX_CHOICES = 100  # checkboxes of the field's top-ranked proposals; others go by number


# Planners' pages


async def project_list(request: Request) -> Response:
    masterplan, planner = await _planned(request)
    form = Form({"status": ProjectStatus.PLANNED.value, "progress": "0"})
    if request.method == "POST":
        form = await _posted(request)
        try:
            project = await projects.create_project(
                masterplan=masterplan,
                field_of_action_id=_number(form.get("field_of_action")),
                code=form.get("code"),
                title=form.get("title"),
                description=form.get("description"),
                status=form.get("status"),
                progress=form.get("progress"),
                by=planner,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return flash(request, _to_project(request, project), "saved")
    context = {
        "masterplan": masterplan,
        "projects": await Project.filter(masterplan_id=masterplan.id).select_related(
            "field_of_action"
        ),
        "fields": await masterplan.fields_of_action.all(),
        "statuses": list(ProjectStatus),
        "form": form,
        "changed": _changed_count(request),
    }
    status_code = 400 if form.errors else 200
    return render(request, "planning/projects.html", context, status_code=status_code)


async def project_page(request: Request) -> Response:
    """One project and its four forms, each posting its ``action``; the one that failed
    comes back with its input and errors."""
    masterplan, planner = await _planned(request)
    project = await _project_of(masterplan, request.path_params["project_id"])
    failed_form: dict[str, Form] = {}
    if request.method == "POST":
        form = await _posted(request)
        action = form.get("action")
        if action not in PROJECT_ACTIONS:
            raise HTTPException(status_code=400)
        try:
            await _act(action, project, form, planner)
        except ValidationFailed as failed:
            failed_form[action] = Form(form.values, failed.errors)
        else:
            return flash(request, _to_project(request, project), "saved")
    context = await _project_context(masterplan, project, failed_form)
    status_code = 400 if failed_form else 200
    return render(request, "planning/project.html", context, status_code=status_code)


async def _act(action: str, project: Project, form: Form, planner: User) -> None:
    if action == "details":
        await projects.update_project(
            project=project,
            field_of_action_id=_number(form.get("field_of_action")),
            title=form.get("title"),
            description=form.get("description"),
            status=form.get("status"),
            progress=form.get("progress"),
            by=planner,
        )
    elif action == "milestone":
        due_on = _day(form.get("due_on"), "due_on")
        await projects.add_milestone(
            project=project, title=form.get("title"), due_on=due_on, by=planner
        )
    elif action == "mark":
        milestone = await Milestone.get_or_none(
            id=_number(form.get("milestone")), project_id=project.id
        )
        if milestone is None:
            raise HTTPException(status_code=404)
        done_on = (
            None if form.get("reopen") else _day(form.get("done_on"), "done_on", required=True)
        )
        await projects.mark_milestone(milestone=milestone, done_on=done_on, by=planner)
    else:
        ids = [_number(raw) for raw in form.get("proposal").split()]
        ids += _proposal_numbers(form.get("others"))
        await projects.set_linked_proposals(project=project, proposal_ids=ids, by=planner)


async def _project_context(
    masterplan: Masterplan, project: Project, failed_form: dict[str, Form]
) -> dict[str, Any]:
    linked = await project.proposals.filter(status__in=LISTED_STATUSES).order_by("id")
    in_field = (
        await Proposal.filter(
            masterplan_id=masterplan.id,
            field_of_action_id=project.field_of_action.id,
            status__in=LISTED_STATUSES,
        )
        .order_by("-wilson", "id")
        .limit(MAX_CHOICES)
    )
    # Linked proposals of other fields get a box too, so saving the list keeps them.
    shown = {proposal.id for proposal in in_field}
    choices = in_field + [proposal for proposal in linked if proposal.id not in shown]
    proposals_form = failed_form.get("proposals")
    ticked = (
        proposals_form.get("proposal") if proposals_form else " ".join(str(p.id) for p in linked)
    )
    return {
        "masterplan": masterplan,
        "project": project,
        "fields": await masterplan.fields_of_action.all(),
        "statuses": list(ProjectStatus),
        "milestones": await project.milestones.all(),
        "choices": choices,
        "ticked": set(ticked.split()),
        "details_form": failed_form.get("details") or _details_of(project),
        "milestone_form": failed_form.get("milestone") or Form(),
        "mark_form": failed_form.get("mark") or Form(),
        "blank_form": Form(),  # for the milestones whose mark form was not posted
        "proposals_form": proposals_form or Form(),
        "today": local_date(datetime.now(UTC)),
    }


def _details_of(project: Project) -> Form:
    return Form(
        {
            "field_of_action": str(project.field_of_action.id),
            "title": project.title,
            "description": project.description,
            "status": project.status.value,
            "progress": str(project.progress),
        }
    )


# The sheet import


async def import_projects(request: Request) -> Response:
    masterplan, planner = await _planned(request)
    if request.method == "GET":
        return await _import_page(request, masterplan, None, Form())
    async with request.form() as raw:
        action = raw.get("action")
        try:
            if action == "preview":
                rows = await _uploaded_rows(raw.get("sheet"))
            elif action == "apply":
                rows = _carried_rows(raw.get("rows"))
            else:
                raise HTTPException(status_code=400)
        except ValidationFailed as failed:
            return await _import_page(request, masterplan, None, Form(errors=failed.errors), 400)
    if action == "preview":
        return await _import_page(request, masterplan, rows, Form())
    try:
        applied = await sheets.apply(masterplan=masterplan, rows=rows, by=planner)
    except ValidationFailed as failed:
        return await _import_page(request, masterplan, rows, Form(errors=failed.errors), 400)
    to_list = request.url_for("planning:projects", slug=masterplan.slug).path
    return RedirectResponse(f"{to_list}?changed={len(applied.changed)}", status_code=303)


async def _import_page(
    request: Request,
    masterplan: Masterplan,
    rows: list[dict[str, str]] | None,
    form: Form,
    status_code: int = 200,
) -> Response:
    preview = None if rows is None else await sheets.preview(masterplan, rows)
    context = {
        "masterplan": masterplan,
        "form": form,
        "preview": preview,
        "rows_json": json.dumps(rows, ensure_ascii=False) if rows is not None else "",
        "max_rows": sheets.MAX_ROWS,
    }
    return render(request, "planning/import.html", context, status_code=status_code)


async def _uploaded_rows(upload: UploadFile | str | None) -> list[dict[str, str]]:
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise sheets.SheetUnreadable(gettext("Please upload a CSV or an Excel (.xlsx) file."))
    # One byte past the limit is enough for read_sheet to refuse it: memory stays bounded.
    content = await upload.read(sheets.MAX_BYTES + 1)
    return await anyio.to_thread.run_sync(sheets.read_sheet, upload.filename, content)


def _carried_rows(raw: UploadFile | str | None) -> list[dict[str, str]]:
    """The rows the preview's apply form carries, as JSON; anything else was not made by it."""
    try:
        rows = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        rows = None
    if (
        not isinstance(rows, list)
        or len(rows) > sheets.MAX_ROWS
        or not all(isinstance(row, dict) for row in rows)
        or not all(isinstance(value, str) for row in rows for value in row.values())
    ):
        raise sheets.SheetUnreadable(
            gettext("The sheet did not arrive intact. Please upload it again.")
        )
    return [{str(k): v for k, v in row.items() if k in SHEET_COLUMNS} for row in rows]


async def projects_template(request: Request) -> Response:
    """The masterplan's projects as the sheet the import reads, to fill in and upload."""
    masterplan, _ = await _planned(request)
    listed = await Project.filter(masterplan_id=masterplan.id)
    content = await anyio.to_thread.run_sync(_workbook, listed)
    headers = {
        "Content-Disposition": content_disposition(f"projekte-{masterplan.slug}.xlsx"),
        "Cache-Control": "private, no-cache",
    }
    return Response(content, media_type=XLSX, headers=headers)


def _workbook(listed: list[Project]) -> bytes:
    from openpyxl import Workbook  # slow to import, and only needed here
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Projekte"
    sheet.append(SHEET_HEADER)
    for number, project in enumerate(listed, start=2):
        values = (project.code, project.title, SHEET_STATUS[project.status], project.progress)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            cell.data_type = "n" if isinstance(value, int) else "s"  # a title "=…" stays text
    statuses = DataValidation(type="list", formula1='"' + ",".join(SHEET_STATUS.values()) + '"')
    statuses.add("C2:C2001")
    sheet.add_data_validation(statuses)
    for letter, width in zip("ABCD", (12, 50, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Public pages


async def public_list(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    fields = await masterplan.fields_of_action.all()
    listed = await Project.filter(masterplan_id=masterplan.id)
    by_field = [
        (field, [p for p in listed if p.field_of_action_id == field.id])  # type: ignore[attr-defined]
        for field in fields
    ]
    context = {
        "masterplan": masterplan,
        "groups": [(field, group) for field, group in by_field if group],
        "next_milestones": await _next_milestones(listed),
    }
    return render(request, "projects/list.html", context)


async def _next_milestones(listed: list[Project]) -> dict[int, Milestone]:
    """Each project's first open milestone, for all projects in one query."""
    upcoming: dict[int, Milestone] = {}
    for milestone in await Milestone.filter(
        project_id__in=[p.id for p in listed], done_on__isnull=True
    ).order_by("position", "id"):
        upcoming.setdefault(milestone.project_id, milestone)  # type: ignore[attr-defined]
    return upcoming


async def public_detail(request: Request) -> Response:
    project = await Project.get_or_none(id=request.path_params["project_id"]).select_related(
        "masterplan", "field_of_action"
    )
    if project is None:
        raise HTTPException(status_code=404)
    context = {
        "project": project,
        "masterplan": project.masterplan,
        "milestones": await project.milestones.all(),
        "proposals": await project.proposals.filter(status__in=PUBLIC_STATUSES).order_by("id"),
        "can_plan": await can_plan(current_user(request), project.masterplan),
    }
    return render(request, "projects/detail.html", context)


# Parsing and loading


async def _planned(request: Request) -> tuple[Masterplan, User]:
    """The masterplan of the path and its planner: 404 for an unknown slug, then the check."""
    masterplan = await load_masterplan(request.path_params["slug"])
    return masterplan, require(request, await can_plan(current_user(request), masterplan))


async def _project_of(masterplan: Masterplan, project_id: int) -> Project:
    """A project of this masterplan; another masterplan's is as unknown as a wrong id."""
    project = await Project.get_or_none(id=project_id, masterplan_id=masterplan.id).select_related(
        "field_of_action"
    )
    if project is None:
        raise HTTPException(status_code=404)
    return project


async def _posted(request: Request) -> Form:
    """The posted text fields, trimmed; the ticked proposal boxes as one value, by spaces."""
    async with request.form() as raw:
        return _text_fields(raw)


def _text_fields(raw: FormData) -> Form:
    values = {
        name: plain_text(value).strip()  # no NUL (PostgreSQL stores none), no bidi controls
        for name, value in raw.multi_items()
        if isinstance(value, str) and name not in (CSRF_FIELD, "proposal")
    }
    values["proposal"] = " ".join(v for v in raw.getlist("proposal") if isinstance(v, str))
    return Form(values=values)


def _number(raw: str) -> int:
    """The id a form field names; anything that is no plausible id names none (0)."""
    return whole_number(raw) or 0


def _proposal_numbers(raw: str) -> list[int]:
    numbers = [whole_number(word.lstrip("#")) for word in re.split(r"[\s,;]+", raw) if word]
    if None in numbers:
        raise ValidationFailed(
            {"others": gettext("Please give proposal numbers separated by commas, e.g. 12, 57.")}
        )
    return [number for number in numbers if number is not None]


def _day(raw: str, name: str, *, required: bool = False) -> date | None:
    """A date as a date field sends it (2026-10-01), or as typed in German (1.10.2026)."""
    if not raw and not required:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValidationFailed({name: gettext("Please give a date, e.g. 1.10.2026.")})


def _changed_count(request: Request) -> int | None:
    """How many projects the sheet just changed, as the import's redirect says."""
    return whole_number(request.query_params.get("changed"), digits=5)


def _to_project(request: Request, project: Project) -> Response:
    path = request.url_for(
        "planning:project", slug=request.path_params["slug"], project_id=project.id
    ).path
    return RedirectResponse(path, status_code=303)


routes: list[Route] = [
    Route(
        "/planning/{slug}/projects",
        project_list,
        methods=["GET", "POST"],
        name="planning:projects",
    ),
    Route(
        "/planning/{slug}/projects/import",
        import_projects,
        methods=["GET", "POST"],
        name="planning:import_projects",
    ),
    Route(
        "/planning/{slug}/projects/template.xlsx",
        projects_template,
        name="planning:projects_template",
    ),
    Route(
        "/planning/{slug}/projects/{project_id:int}",
        project_page,
        methods=["GET", "POST"],
        name="planning:project",
    ),
    Route("/masterplans/{slug}/projects", public_list, name="projects:list"),
    Route("/projects/{project_id:int}", public_detail, name="projects:detail"),
]
