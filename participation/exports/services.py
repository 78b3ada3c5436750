"""One export of a masterplan's ranked input, as the planner chose it: what to stream, as
what media type and under which file name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from participation.exports import writers
from participation.exports.cells import Flavour
from participation.exports.guide import guide, scope_facts
from participation.exports.options import ExportOptions, ExportSort, Format, OptionError
from participation.exports.rows import ExportRow, Scope, ranked_rows
from participation.exports.xlsx import xlsx_chunks
from participation.i18n import current_language, gettext, local_date
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals.models import LISTED_STATUSES, ProposalStatus

__all__ = ["Export", "Format", "export_ranked_input", "export_with_options", "resolve_scope"]

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
    scope: Scope,
    on_row: Callable[[], None] | None,
) -> AsyncIterator[tuple[FieldOfAction, AsyncIterator[ExportRow]]]:
    for field_of_action in fields:
        within = Scope(field_of_action, scope.statuses, scope.sort)
        rows = ranked_rows(masterplan, base_url=base_url, scope=within)
        yield field_of_action, _counted(rows, on_row)


async def resolve_scope(masterplan: Masterplan, options: ExportOptions) -> Scope:
    """The options' scope with its field of action loaded; OptionError for a slug that names
    no field of action of this masterplan."""
    field = None
    if options.field:
        field = await FieldOfAction.get_or_none(masterplan_id=masterplan.id, slug=options.field)
        if field is None:
            raise OptionError("field", gettext("This masterplan has no such field of action."))
    return Scope(field, options.statuses, options.sort)


def filename(
    masterplan: Masterplan,
    field_of_action: FieldOfAction | None,
    format: Format,
    flavour: Flavour = Flavour.INTERNATIONAL,
) -> str:
    """E.g. ``digitale-wirtschaft-glasfaser-2026-12-02-excel-deutsch.csv``: what, when, and
    for CSV which flavour it is."""
    stem = masterplan.slug + (f"-{field_of_action.slug}" if field_of_action else "")
    day = local_date(datetime.now(UTC)).isoformat()
    flavoured = f"-{flavour.file_suffix}" if format == Format.CSV else ""
    return f"{stem}-{day}{flavoured}.{format.value}"


async def export_ranked_input(
    *,
    masterplan: Masterplan,
    format: Format,
    base_url: str,
    field_of_action: FieldOfAction | None = None,
    statuses: tuple[ProposalStatus, ...] = LISTED_STATUSES,
    sort: ExportSort = ExportSort.WILSON,
    flavour: Flavour = Flavour.INTERNATIONAL,
    on_row: Callable[[], None] | None = None,
) -> Export:
    """The ranked input of a masterplan, or of one of its fields of action, of the given
    statuses in the given order; ``on_row`` is called for every proposal written (a
    progress bar)."""
    scope = Scope(field_of_action, statuses, sort)
    fields = (
        [field_of_action]
        if field_of_action is not None
        else await FieldOfAction.filter(masterplan_id=masterplan.id)
    )
    rows = _counted(ranked_rows(masterplan, base_url=base_url, scope=scope), on_row)
    body: AsyncIterator[str] | AsyncIterator[bytes]
    if format == Format.CSV:
        body = writers.csv_chunks(rows, flavour=flavour)
    elif format == Format.JSON:
        head = writers.json_head(
            masterplan, field_of_action, [s.value for s in statuses], sort.value
        )
        body = writers.json_chunks(rows, head=head)
    elif format == Format.MD:
        sections = _per_field(fields, masterplan, base_url, scope, on_row)
        facts = scope_facts(masterplan, scope)[2:]  # title and headings name the rest
        body = writers.markdown_chunks(sections, masterplan=masterplan, facts=facts)
    else:
        every: list[tuple[int | None, str]] = (
            [] if field_of_action else [(None, gettext("All proposals"))]
        )
        sheets = every + [(field.id, field.title) for field in fields]
        explained = await guide(masterplan, scope, base_url=base_url)
        body = xlsx_chunks(rows, guide=explained, sheets=sheets, language=current_language())
    name = filename(masterplan, field_of_action, format, flavour)
    return Export(MEDIA_TYPES[format], name, body)


async def export_with_options(
    *,
    masterplan: Masterplan,
    options: ExportOptions,
    base_url: str,
    on_row: Callable[[], None] | None = None,
) -> Export:
    """The export the options ask for (the panel, the download link and the command)."""
    scope = await resolve_scope(masterplan, options)
    return await export_ranked_input(
        masterplan=masterplan,
        format=options.format,
        base_url=base_url,
        field_of_action=scope.field_of_action,
        statuses=scope.statuses,
        sort=scope.sort,
        flavour=options.flavour,
        on_row=on_row,
    )
