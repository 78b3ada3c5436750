"""One export of a masterplan's ranked input, in the format asked: what to stream, as what
media type and under which file name."""

from __future__ import annotations

from collections.abc import AsyncIterator
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


async def _per_field(
    fields: list[FieldOfAction], masterplan: Masterplan, base_url: str
) -> AsyncIterator[tuple[FieldOfAction, AsyncIterator[ExportRow]]]:
    for field_of_action in fields:
        yield (
            field_of_action,
            ranked_rows(masterplan, base_url=base_url, field_of_action=field_of_action),
        )


async def export_ranked_input(
    *,
    masterplan: Masterplan,
    format: Format,
    base_url: str,
    field_of_action: FieldOfAction | None = None,
    delimiter: str = ",",
) -> Export:
    """The ranked input of a masterplan, or of one of its fields of action."""
    fields = (
        [field_of_action]
        if field_of_action is not None
        else await FieldOfAction.filter(masterplan_id=masterplan.id)
    )
    rows = ranked_rows(masterplan, base_url=base_url, field_of_action=field_of_action)
    body: AsyncIterator[str] | AsyncIterator[bytes]
    if format == Format.CSV:
        body = writers.csv_chunks(rows, delimiter=delimiter)
    elif format == Format.JSON:
        body = writers.json_chunks(rows, masterplan=masterplan, field_of_action=field_of_action)
    elif format == Format.MD:
        body = writers.markdown_chunks(
            _per_field(fields, masterplan, base_url), masterplan=masterplan
        )
    else:
        body = writers.xlsx_chunks(
            rows, fields_of_action=fields, overview_title=gettext("All proposals")
        )
    suffix = format.value
    return Export(MEDIA_TYPES[format], writers.filename(masterplan, field_of_action, suffix), body)
