"""Bulk update of project status and progress from an uploaded CSV or XLSX sheet.

Nothing is applied on upload: the sheet is read into a preview that lists, row by row, what
would change and every error. Only a sheet without errors can be applied, and it is applied
in one transaction after checking it again against the database as it is then.

The sheet needs a header row. Columns are found by name, German or English, in any order:
``Code``/``Kennung`` (required: which project), and any of ``Status``, ``Fortschritt``/
``Progress`` (percent) and ``Titel``/``Title``. Other columns are ignored, so a planner can
upload the project export with notes of their own beside it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed, plain_text
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.moderation.audit import record
from participation.planning.models import Project, ProjectStatus
from participation.planning.projects import MAX_TITLE, progress_value

MAX_ROWS = 2_000
MAX_BYTES = 5 * 1024 * 1024

HEADERS = {
    "code": "code",
    "kennung": "code",
    "status": "status",
    "fortschritt": "progress",
    "progress": "progress",
    "fortschritt (%)": "progress",
    "progress (%)": "progress",
    "titel": "title",
    "title": "title",
}
# Status as planners write it: the stored value or its label in either language.
STATUS_WORDS = {
    "planned": ProjectStatus.PLANNED,
    "geplant": ProjectStatus.PLANNED,
    "running": ProjectStatus.RUNNING,
    "laufend": ProjectStatus.RUNNING,
    "in umsetzung": ProjectStatus.RUNNING,
    "done": ProjectStatus.DONE,
    "abgeschlossen": ProjectStatus.DONE,
    "erledigt": ProjectStatus.DONE,
}


class SheetUnreadable(ValidationFailed):
    def __init__(self, message: str) -> None:
        super().__init__({"sheet": message})


@dataclass
class RowPreview:
    """One data row: the project it names, what would change, and what is wrong."""

    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, str]  # as read from the sheet
    project: Project | None = None
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.values.get("code", "")


@dataclass
class Preview:
    rows: list[RowPreview]
    columns: list[str]  # the recognised columns, e.g. ["code", "status", "progress"]

    @property
    def errors(self) -> int:
        return sum(len(row.errors) for row in self.rows)

    @property
    def changed(self) -> list[RowPreview]:
        return [row for row in self.rows if row.changes and not row.errors]

    def as_rows(self) -> list[dict[str, str]]:
        """The sheet's values as read, for the form that applies the preview."""
        return [row.values for row in self.rows]


def read_sheet(filename: str, content: bytes) -> list[dict[str, str]]:
    """The data rows of a CSV or XLSX file as column → text, by recognised header."""
    if len(content) > MAX_BYTES:
        raise SheetUnreadable(gettext("The file is larger than 5 MB."))
    table: Sequence[Sequence[object]]
    if content[:4] == b"PK\x03\x04":
        table = _xlsx_rows(content)
    elif filename.lower().endswith((".csv", ".txt")) or not filename:
        table = _csv_rows(content)
    else:
        raise SheetUnreadable(gettext("Please upload a CSV or an Excel (.xlsx) file."))
    if not table:
        raise SheetUnreadable(gettext("The sheet is empty."))
    header = [HEADERS.get(str(cell or "").strip().lower(), "") for cell in table[0]]
    if "code" not in header:
        raise SheetUnreadable(gettext("The sheet needs a column “Code” naming each project."))
    rows = []
    for values in table[1 : MAX_ROWS + 2]:
        row = {name: _text(value) for name, value in zip(header, values, strict=False) if name}
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise SheetUnreadable(gettext("A sheet can have at most %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return plain_text(str(value)).strip()  # no NUL (PostgreSQL stores none), no bidi controls


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on German Windows saves CSV in Windows-1252 (unknown bytes become U+FFFD).
        text = content.decode("cp1252", errors="replace")
    text = text.replace("\x00", "")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]


def _xlsx_rows(content: bytes) -> list[list[object]]:
    from openpyxl import load_workbook  # only needed for this, and it takes a while to import

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SheetUnreadable(gettext("The Excel file cannot be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            list(row)
            for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
            if any(cell not in (None, "") for cell in row)
        ]
    finally:
        workbook.close()


async def preview(masterplan: Masterplan, rows: list[dict[str, str]]) -> Preview:
    """What applying ``rows`` would change, with every row's errors (one query)."""
    codes = [row.get("code", "") for row in rows]
    projects = {
        project.code: project
        for project in await Project.filter(masterplan_id=masterplan.id, code__in=codes)
    }
    seen: set[str] = set()
    result = []
    for number, row in enumerate(rows, start=2):
        result.append(_check_row(number, row, projects, seen))
    columns = sorted({name for row in rows for name in row}, key=list(HEADERS.values()).index)
    return Preview(result, columns)


def _check_row(
    number: int, row: dict[str, str], projects: dict[str, Project], seen: set[str]
) -> RowPreview:
    code = row.get("code", "")
    entry = RowPreview(number, row, projects.get(code))
    if not code:
        entry.errors.append(gettext("The code is missing."))
        return entry
    if code in seen:
        entry.errors.append(gettext("The project appears twice in the sheet."))
    seen.add(code)
    if entry.project is None:
        entry.errors.append(
            gettext("No project of this masterplan has the code “%(code)s”.") % {"code": code}
        )
        return entry
    project = entry.project
    if row.get("status"):
        status = STATUS_WORDS.get(row["status"].strip().lower())
        if status is None:
            entry.errors.append(
                gettext("Unknown status “%(value)s”: use geplant, laufend or abgeschlossen.")
                % {"value": row["status"]}
            )
        elif status != project.status:
            entry.changes["status"] = (project.status, status)
    if row.get("progress"):
        try:
            progress = progress_value(row["progress"])
        except ValidationFailed as failed:
            entry.errors.append(failed.errors["progress"])
        else:
            if progress != project.progress:
                entry.changes["progress"] = (project.progress, progress)
    title = row.get("title", "")
    if title and len(title) > MAX_TITLE:
        entry.errors.append(
            gettext("The title can be at most %(max)s characters long.") % {"max": MAX_TITLE}
        )
    elif title and title != project.title:
        entry.changes["title"] = (project.title, title)
    return entry


async def apply(*, masterplan: Masterplan, rows: list[dict[str, str]], by: User) -> Preview:
    """Apply a sheet: all its changes, or none when any row has an error."""
    async with in_transaction() as connection:
        # Lock the projects first so the check and the changes see the same rows.
        await (
            Project.filter(masterplan_id=masterplan.id)
            .select_for_update()
            .using_db(connection)
            .values_list("id", flat=True)
        )
        checked = await preview(masterplan, rows)
        if checked.errors:
            raise ValidationFailed({"sheet": gettext("The sheet has errors: nothing was changed.")})
        for row in checked.changed:
            assert row.project is not None
            updates = {name: new for name, (_, new) in row.changes.items()}
            await Project.filter(id=row.project.id).using_db(connection).update(**updates)
        await record(
            actor=by,
            action="project.import",
            target_type="masterplan",
            target_id=masterplan.id,
            details={
                "rows": len(rows),
                "changed": {
                    row.code: {k: str(v[1]) for k, v in row.changes.items()}
                    for row in checked.changed
                },
            },
            connection=connection,
        )
    return checked
