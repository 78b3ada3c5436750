"""The text formats. Each writer takes the rows as they come and yields the file in pieces,
so a response can stream it: CSV in chunks of about 64 kB, JSON and Markdown a proposal at
a time. (The XLSX is written in xlsx.py.)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

from babel.numbers import format_decimal

from participation.accounts.models import StakeholderGroup
from participation.exports.cells import Flavour, clean, inert
from participation.exports.columns import COLUMNS, Column, Value, header
from participation.exports.rows import ExportRow
from participation.i18n import current_language, gettext
from participation.masterplans.models import FieldOfAction, Masterplan

CHUNK = 64 * 1024
BOM = "\ufeff"


async def csv_chunks(
    rows: AsyncIterator[ExportRow],
    *,
    flavour: Flavour = Flavour.INTERNATIONAL,
    columns: list[Column] = COLUMNS,
) -> AsyncIterator[str]:
    """Lines ending in CRLF (RFC 4180), UTF-8 with a byte-order mark in both flavours:
    without it Excel reads UTF-8 as Windows-1252 and breaks every umlaut, while the programs
    that read CSV (pandas, R's readr, LibreOffice, Python's utf-8-sig) skip it. Machines that
    want no BOM have the JSON export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=flavour.delimiter, lineterminator="\r\n")
    writer.writerow([inert(header(column)) for column in columns])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    async for row in rows:  # handed on in chunks of about 64 kB, not a write per row
        writer.writerow([csv_cell(column, column.value(row), flavour) for column in columns])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_cell(column: Column, value: Value, flavour: Flavour) -> str:
    """The cell as the flavour spells it: numbers in fixed notation with its decimal mark
    (never "1e-05", never a point a German spreadsheet reads as a thousands separator),
    dates as TT.MM.JJJJ or ISO 8601, text inert."""
    if value is None:
        return ""
    if isinstance(value, bool):  # not expected; a bool is an int to Python
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{column.decimals}f}".replace(".", flavour.decimal)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y") if flavour == Flavour.GERMAN else value.isoformat()
    return inert(clean(value))


def _json_value(column: Column, row: ExportRow) -> Any:
    if column.structured is not None:
        return column.structured(row)
    value = column.value(row)
    return value.isoformat() if isinstance(value, date) else value


async def json_chunks(
    rows: AsyncIterator[ExportRow],
    *,
    head: dict[str, Any],
    now: datetime | None = None,
    columns: list[Column] = COLUMNS,
) -> AsyncIterator[str]:
    """One JSON document: what was exported, when, and the proposals in order."""
    described = {**head, "generated_at": (now or datetime.now(UTC)).isoformat()}
    opening = json.dumps(described, ensure_ascii=False)[:-1]
    yield opening + ', "proposals": ['
    first = True
    async for row in rows:
        item = {column.key: _json_value(column, row) for column in columns}
        yield ("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def json_head(
    masterplan: Masterplan, field_of_action: FieldOfAction | None, statuses: list[str], sort: str
) -> dict[str, Any]:
    return {
        "masterplan": {"slug": masterplan.slug, "title": masterplan.title},
        "field_of_action": (
            {"slug": field_of_action.slug, "title": field_of_action.title}
            if field_of_action
            else None
        ),
        "statuses": statuses,
        "sort": sort,
    }


def _md(text: str) -> str:
    """Plain text safe inside a Markdown list item: no markup starts by accident."""
    escaped = clean(text).replace("\\", "\\\\")
    for mark in ("*", "_", "[", "]", "`", "#", "<", ">", "|"):
        escaped = escaped.replace(mark, "\\" + mark)
    return " ".join(escaped.split())


def _score(value: float) -> str:
    return format_decimal(value, format="0.00", locale=current_language())


async def markdown_chunks(
    sections: AsyncIterator[tuple[FieldOfAction, AsyncIterator[ExportRow]]],
    *,
    masterplan: Masterplan,
    facts: list[tuple[str, str]],
) -> AsyncIterator[str]:
    """Ready to paste into the draft: per field of action, the proposals with their scores,
    group breakdown, status, where the draft took them up and a link."""
    yield f"# {_md(masterplan.title)}: " + gettext("ranked input") + "\n\n"
    yield "".join(f"- {_md(name)}: {_md(value)}\n" for name, value in facts)
    async for field_of_action, rows in sections:
        yield f"\n## {_md(field_of_action.title)}\n\n"
        empty = True
        async for row in rows:
            empty = False
            yield _markdown_item(row)
        if empty:
            yield gettext("No proposals.") + "\n"


def _in_the_draft(row: ExportRow) -> str | None:
    if row.verdict is None:
        return None
    if not row.verdict.sections:
        return gettext("result in the draft: %(result)s") % {"result": row.verdict.uptake.label}
    return ", ".join(
        gettext("in the draft: “%(section)s” (%(disposition)s)")
        % {"section": taken.section_title, "disposition": taken.disposition.label}
        for taken in row.verdict.sections
    )


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
    if (draft := _in_the_draft(row)) is not None:
        parts.append(draft)
    if row.cosigners:
        parts.append(gettext("co-signed by %(names)s") % {"names": ", ".join(row.cosigners)})
    by = _md(row.submitted_by)
    return (
        f"{row.rank}. **{_md(proposal.title)}** ({by}) – "
        + "; ".join(_md(p) for p in parts)
        + f" – <{row.url}>\n"
    )
