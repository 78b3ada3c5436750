"""The export formats. Each writer takes the rows as they come and yields the file in
pieces, so a response can stream it: CSV, JSON and Markdown line by line; XLSX through
openpyxl's write-only mode into a temporary file, read back in chunks.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from babel.numbers import format_decimal

from participation.accounts.models import StakeholderGroup
from participation.exports.columns import COLUMNS, Column, Value, header
from participation.exports.rows import ExportRow
from participation.i18n import current_language, gettext
from participation.masterplans.models import FieldOfAction, Masterplan

CHUNK = 64 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Value) -> str:
    """A CSV cell a spreadsheet shows as text: never read as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


async def csv_chunks(
    rows: AsyncIterator[ExportRow], *, delimiter: str = ",", columns: list[Column] = COLUMNS
) -> AsyncIterator[str]:
    """UTF-8 with a byte-order mark, so that Excel reads umlauts right; ``;`` for a German
    Excel that splits at semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([header(column) for column in columns])
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    async for row in rows:  # handed on in chunks of about 64 kB, not a write per row
        writer.writerow([_cell(column.value(row)) for column in columns])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


async def json_chunks(
    rows: AsyncIterator[ExportRow],
    *,
    masterplan: Masterplan,
    field_of_action: FieldOfAction | None = None,
    now: datetime | None = None,
    columns: list[Column] = COLUMNS,
) -> AsyncIterator[str]:
    """One JSON document: what was exported, when, and the proposals in rank order."""
    head: dict[str, Any] = {
        "masterplan": {"slug": masterplan.slug, "title": masterplan.title},
        "field_of_action": (
            {"slug": field_of_action.slug, "title": field_of_action.title}
            if field_of_action
            else None
        ),
        "generated_at": (now or datetime.now(UTC)).isoformat(),
    }
    opening = json.dumps(head, ensure_ascii=False)[:-1]
    yield opening + ', "proposals": ['
    first = True
    async for row in rows:
        item = {column.key: column.value(row) for column in columns}
        yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def _md(text: str) -> str:
    """Plain text safe inside a Markdown list item: no markup starts by accident."""
    escaped = text.replace("\\", "\\\\")
    for mark in ("*", "_", "[", "]", "`", "#", "<", ">", "|"):
        escaped = escaped.replace(mark, "\\" + mark)
    return " ".join(escaped.split())


def _score(value: float) -> str:
    return format_decimal(value, format="0.00", locale=current_language())


async def markdown_chunks(
    sections: AsyncIterator[tuple[FieldOfAction, AsyncIterator[ExportRow]]],
    *,
    masterplan: Masterplan,
) -> AsyncIterator[str]:
    """Ready to paste into the draft: per field of action, the ranked proposals with their
    scores, group breakdown, status, where the draft took them up and a link."""
    yield f"# {_md(masterplan.title)}: " + gettext("ranked input") + "\n"
    async for field_of_action, rows in sections:
        yield f"\n## {_md(field_of_action.title)}\n\n"
        empty = True
        async for row in rows:
            empty = False
            yield _markdown_item(row)
        if empty:
            yield gettext("No proposals.") + "\n"


def _markdown_item(row: ExportRow) -> str:
    proposal = row.proposal
    groups = ", ".join(
        f"{group.label} {row.groups[group][0]}:{row.groups[group][1]}"
        for group in StakeholderGroup
        if any(row.groups.get(group, (0, 0)))
    )
    parts = [
        gettext("Rank score %(score)s") % {"score": _score(proposal.wilson)},
        gettext("%(supports)s supports, %(opposes)s objections")
        % {"supports": proposal.supports, "opposes": proposal.opposes},
    ]
    if groups:
        parts.append(groups)
    parts.append(proposal.status.label)
    if row.link is not None:
        parts.append(
            gettext("in the draft: “%(section)s” (%(disposition)s)")
            % {"section": row.link.section.title, "disposition": row.link.disposition.label}
        )
    if row.cosigners:
        parts.append(gettext("co-signed by %(names)s") % {"names": ", ".join(row.cosigners)})
    by = _md(row.submitted_by)
    return (
        f"{row.rank}. **{_md(proposal.title)}** ({by}) – "
        + "; ".join(_md(p) for p in parts)
        + f" – <{row.url}>\n"
    )


# XLSX


WIDTHS = {"title": 60, "field_of_action": 30, "submitted_by": 30, "cosigned_by": 40, "url": 40}


def _sheet_title(text: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text).strip() or "?"
    name, n = cleaned[:31], 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _prepare(sheet: Any, columns: list[Column]) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "C2"  # the header row and rank and number stay in view
    for index, column in enumerate(columns, start=1):
        width = WIDTHS.get(column.key, max(10, min(24, len(header(column)) + 2)))
        sheet.column_dimensions[get_column_letter(index)].width = width


async def xlsx_chunks(
    rows: AsyncIterator[ExportRow],
    *,
    fields_of_action: list[FieldOfAction],
    overview_title: str,
    columns: list[Column] = COLUMNS,
    chunk: int = CHUNK,
) -> AsyncIterator[bytes]:
    """An overview sheet with every proposal, then one sheet per field of action; each with a
    bold header row, frozen panes and column widths. openpyxl's write-only mode keeps rows
    on disk, not in memory; the finished file is streamed from a temporary file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    overview = workbook.create_sheet(_sheet_title(overview_title, taken))
    sheets = {
        field.id: workbook.create_sheet(_sheet_title(field.title, taken))
        for field in fields_of_action
    }
    bold = Font(bold=True)
    for sheet in (overview, *sheets.values()):
        _prepare(sheet, columns)
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=header(column))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    async for row in rows:
        values = [column.value(row) for column in columns]
        overview.append(values)
        target = sheets.get(row.proposal.field_of_action_id)  # type: ignore[attr-defined]
        if target is not None:
            target.append(values)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while piece := file.read(chunk):
            yield piece


def filename(masterplan: Masterplan, field_of_action: FieldOfAction | None, suffix: str) -> str:
    stem = masterplan.slug + (f"-{field_of_action.slug}" if field_of_action else "")
    return f"{stem}-{datetime.now(UTC).date().isoformat()}.{suffix}"
