from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from participation.accounts.models import Role, User
from participation.forms import ValidationFailed
from participation.masterplans.models import FieldOfAction
from participation.moderation.models import AuditEntry
from participation.planning import projects, sheets
from participation.planning.models import Project, ProjectStatus
from participation.proposals.models import ProposalStatus
from tests.factories import make_field, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def planner() -> User:
    return await make_user(role=Role.PLANNER)


async def two_projects() -> tuple[FieldOfAction, Project, Project, User]:
    field, by = await make_field(), await planner()
    masterplan = await field.masterplan
    one = await projects.create_project(
        masterplan=masterplan, field_of_action_id=field.id, code="DW-01", title="Glasfaser", by=by
    )
    two = await projects.create_project(
        masterplan=masterplan,
        field_of_action_id=field.id,
        code="DW-02",
        title="Gründerzentrum",
        status="running",
        progress="20",
        by=by,
    )
    return field, one, two, by


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def test_a_project_code_is_unique_per_masterplan() -> None:
    field, one, _, by = await two_projects()
    with pytest.raises(ValidationFailed) as failed:
        await projects.create_project(
            masterplan=await field.masterplan,
            field_of_action_id=field.id,
            code=one.code,
            title="Noch eins",
            by=by,
        )
    assert "code" in failed.value.errors
    other = await make_field()
    again = await projects.create_project(
        masterplan=await other.masterplan,
        field_of_action_id=other.id,
        code=one.code,
        title="Anderswo",
        by=by,
    )
    assert again.code == one.code


@pytest.mark.parametrize("raw", ["101", "-1", "viel", "4.5"])
async def test_progress_outside_0_to_100_is_refused(raw: str) -> None:
    with pytest.raises(ValidationFailed):
        projects.progress_value(raw)


async def test_milestones_and_linked_proposals_are_kept_with_an_audit_entry() -> None:
    field, one, _, by = await two_projects()
    milestone = await projects.add_milestone(project=one, title="Ausschreibung", due_on=None, by=by)
    await projects.mark_milestone(milestone=milestone, done_on=date(2026, 10, 1), by=by)
    proposal = await make_proposal(field)
    assert await projects.set_linked_proposals(project=one, proposal_ids=[proposal.id], by=by) == 1
    assert [p.id for p in await one.proposals.all()] == [proposal.id]
    pending = await make_proposal(field, status=ProposalStatus.PENDING)
    with pytest.raises(ValidationFailed):
        await projects.set_linked_proposals(project=one, proposal_ids=[pending.id], by=by)
    actions = {str(a) for a in await AuditEntry.all().values_list("action", flat=True)}
    assert {"project.create", "project.add_milestone", "project.mark_milestone"} <= actions
    assert "project.link_proposals" in actions


async def test_an_xlsx_sheet_written_with_openpyxl_updates_status_and_progress() -> None:
    field, one, _, by = await two_projects()
    masterplan = await field.masterplan
    content = xlsx(
        [
            ["Kennung", "Titel", "Status", "Fortschritt (%)", "Bemerkung"],
            ["DW-01", "Glasfaser", "laufend", 35, "Bagger rollen"],
            ["DW-02", "Gründerzentrum", "abgeschlossen", "100 %", None],
        ]
    )
    rows = sheets.read_sheet("projekte.xlsx", content)
    preview = await sheets.preview(masterplan, rows)
    assert preview.errors == 0
    assert {row.code: row.changes for row in preview.changed} == {
        "DW-01": {"status": (ProjectStatus.PLANNED, ProjectStatus.RUNNING), "progress": (0, 35)},
        "DW-02": {"status": (ProjectStatus.RUNNING, ProjectStatus.DONE), "progress": (20, 100)},
    }
    # The preview changed nothing yet.
    assert (await Project.get(id=one.id)).progress == 0
    await sheets.apply(masterplan=masterplan, rows=preview.as_rows(), by=by)
    stored = {p.code: (p.status, p.progress) for p in await Project.all()}
    assert stored == {"DW-01": (ProjectStatus.RUNNING, 35), "DW-02": (ProjectStatus.DONE, 100)}
    entry = await AuditEntry.get(action="project.import")
    assert entry.details["rows"] == 2


async def test_a_sheet_with_two_bad_rows_shows_both_errors_and_applies_nothing() -> None:
    field, _, _, by = await two_projects()
    masterplan = await field.masterplan
    content = xlsx(
        [
            ["Code", "Status", "Fortschritt"],
            ["DW-01", "laufend", 50],
            ["DW-99", "laufend", 10],
            ["DW-02", "vielleicht", 150],
        ]
    )
    preview = await sheets.preview(masterplan, sheets.read_sheet("p.xlsx", content))
    errors = {row.number: row.errors for row in preview.rows if row.errors}
    assert sorted(errors) == [3, 4]
    assert "DW-99" in errors[3][0]
    assert len(errors[4]) == 2  # the status and the progress
    with pytest.raises(ValidationFailed):
        await sheets.apply(masterplan=masterplan, rows=preview.as_rows(), by=by)
    stored = {p.code: (p.status, p.progress) for p in await Project.all()}
    assert stored == {"DW-01": (ProjectStatus.PLANNED, 0), "DW-02": (ProjectStatus.RUNNING, 20)}
    assert not await AuditEntry.filter(action="project.import").exists()


async def test_a_german_excel_csv_with_semicolons_and_windows_1252_is_read() -> None:
    field, *_ = await two_projects()
    content = "Code;Status;Fortschritt;Titel\r\nDW-01;geplant;5;Glasfaser für Schulen\r\n"
    rows = sheets.read_sheet("export.csv", content.encode("cp1252"))
    assert rows == [
        {"code": "DW-01", "status": "geplant", "progress": "5", "title": "Glasfaser für Schulen"}
    ]
    preview = await sheets.preview(await field.masterplan, rows)
    assert preview.changed[0].changes["title"] == ("Glasfaser", "Glasfaser für Schulen")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("p.csv", b""),
        ("p.csv", b"Titel;Status\nA;geplant\n"),  # no code column
        ("p.xlsx", b"PK\x03\x04 not really a workbook"),
        ("p.pdf", b"%PDF-1.7"),
    ],
)
def test_unreadable_sheets_are_refused_with_a_reason(name: str, content: bytes) -> None:
    with pytest.raises(sheets.SheetUnreadable) as failed:
        sheets.read_sheet(name, content)
    assert failed.value.errors["sheet"]


async def test_a_project_named_twice_in_one_sheet_is_an_error() -> None:
    field, *_ = await two_projects()
    rows = [{"code": "DW-01", "progress": "10"}, {"code": "DW-01", "progress": "20"}]
    preview = await sheets.preview(await field.masterplan, rows)
    assert [row.number for row in preview.rows if row.errors] == [3]
