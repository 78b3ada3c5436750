"""One export of a masterplan's ranked input, in the format asked: what to stream, as what
media type and under which file name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from enum import StrEnum

from participation.exports import writers
from participation.exports.rows import ExportRow, ranked_rows
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    MD = "md"


MEDIA_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.JSON: "application/json",
    Format.MD: "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class Export:
    media_type: str
    filename: str
    body: AsyncIterator[str] | AsyncIterator[bytes]


async def _counted(
    rows: AsyncIterator[ExportRow], on_row: Callable[[], None] | None
) -> AsyncIterator[ExportRow]:
    async for row in rows:
        if on_row is not None:
            on_row()
        yield row


async def _per_field(
    fields: list[FieldOfAction],
    masterplan: Masterplan,
    base_url: str,
    on_row: Callable[[], None] | None,
) -> AsyncIterator[tuple[FieldOfAction, AsyncIterator[ExportRow]]]:
    for field_of_action in fields:
        rows = ranked_rows(masterplan, base_url=base_url, field_of_action=field_of_action)
        yield field_of_action, _counted(rows, on_row)


async def export_ranked_input(
    *,
    masterplan: Masterplan,
    format: Format,
    base_url: str,
    field_of_action: FieldOfAction | None = None,
    delimiter: str = ",",
    on_row: Callable[[], None] | None = None,
) -> Export:
    """The ranked input of a masterplan, or of one of its fields of action; ``on_row`` is
    called for every proposal written (a progress bar)."""
    fields = (
        [field_of_action]
        if field_of_action is not None
        else await FieldOfAction.filter(masterplan_id=masterplan.id)
    )
    rows = _counted(
        ranked_rows(masterplan, base_url=base_url, field_of_action=field_of_action), on_row
    )
    body: AsyncIterator[str] | AsyncIterator[bytes]
    if format == Format.CSV:
        body = writers.csv_chunks(rows, delimiter=delimiter)
    elif format == Format.JSON:
        body = writers.json_chunks(rows, masterplan=masterplan, field_of_action=field_of_action)
    elif format == Format.MD:
        body = writers.markdown_chunks(
            _per_field(fields, masterplan, base_url, on_row), masterplan=masterplan
        )
    else:
        body = writers.xlsx_chunks(
            rows, fields_of_action=fields, overview_title=gettext("All proposals")
        )
    suffix = format.value
    return Export(MEDIA_TYPES[format], writers.filename(masterplan, field_of_action, suffix), body)
