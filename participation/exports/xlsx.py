"""The XLSX export as a planner expects it: a first sheet that explains the file, every
column and the ranking methods; then the proposals (all of them, and one sheet per field of
action), each sheet with a frozen header, an autofilter, widths that fit, numbers and dates
as numbers and dates with formats, and the proposal's link clickable.

XlsxWriter's ``constant_memory`` mode streams the rows to disk. Writing is CPU work, so the
rows are handed to a worker thread in batches (:func:`xlsx_chunks`): the event loop only
reads the database and passes values on. Text goes in with ``write_string``: a title
starting with "=" stays text, never a formula.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import anyio
import xlsxwriter
from anyio import to_thread
from xlsxwriter.utility import xl_rowcol_to_cell

from participation.exports.cells import clean
from participation.exports.columns import COLUMNS, Column, Value, header
from participation.exports.guide import Guide
from participation.exports.rows import ExportRow
from participation.exports.sheet_names import sheet_name
from participation.exports.xlsx_links import LinkSpool, add_hyperlinks

CHUNK = 64 * 1024
HANDOVER = 500  # rows handed to the writer thread at a time
WIDEST = {
    "title": 60,
    "text": 80,
    "url": 48,
    "field_of_action": 56,
    "draft_sections": 60,
    "submitted_by": 50,
}  # others: 40
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
GUIDE_WIDTHS = (44, 96)
LINE_HEIGHT = 15  # points, of one line of 11-point text


def _lines(text: str, width: int) -> int:
    """How many lines a wrapped cell needs (spreadsheets do not grow rows of an imported
    file to fit, so the height is set)."""
    return sum(max(1, -(-len(part) // width)) for part in text.split("\n"))


def _explained_row(worksheet: Any, row: int, name: str, text: str, f: dict[str, Any]) -> None:
    if name:
        worksheet.write_string(row, 0, name, f["key"])
    worksheet.write_string(row, 1, text, f["wrap"])
    lines = max(_lines(name, GUIDE_WIDTHS[0] - 2), _lines(text, GUIDE_WIDTHS[1] - 4))
    if lines > 1:
        worksheet.set_row(row, LINE_HEIGHT * lines)


@dataclass(frozen=True)
class Spec:
    """A column as the writer thread needs it: plain values, already translated."""

    key: str
    header: str
    kind: str
    decimals: int

    @classmethod
    def of(cls, column: Column) -> Spec:
        return cls(column.key, header(column), column.kind, column.decimals)


class _Sheet:
    def __init__(self, worksheet: Any, specs: Sequence[Spec], spool: LinkSpool) -> None:
        self.worksheet, self.spool, self.rows = worksheet, spool, 0
        # Fit the header's longest word, so a heading wraps between words.
        self.widths = [max(6, *(len(word) + 2 for word in spec.header.split())) for spec in specs]


class Book:
    """One workbook being written; used from one worker thread at a time."""

    def __init__(self, folder: Path, guide: Guide, titles: list[str], specs: list[Spec], lang: str):
        self.folder, self.specs = folder, specs
        self.workbook = xlsxwriter.Workbook(
            str(folder / "plain.xlsx"),
            {"constant_memory": True, "tmpdir": str(folder), "strings_to_numbers": False},
        )
        self.formats = self._formats(lang)
        taken: set[str] = set()
        self._explain(self.workbook.add_worksheet(sheet_name(guide.sheet_name, taken)), guide)
        self.sheets: list[_Sheet] = []
        for index, title in enumerate(titles, start=2):
            worksheet = self.workbook.add_worksheet(sheet_name(title, taken))
            sheet = _Sheet(worksheet, specs, LinkSpool(folder / f"links{index}.txt"))
            self._head(sheet)
            self.sheets.append(sheet)

    def _formats(self, lang: str) -> dict[str, Any]:
        add = self.workbook.add_format
        return {
            "header": add(
                {
                    "bold": True,
                    "text_wrap": True,
                    "valign": "top",
                    "bg_color": "#E7ECF2",
                    "bottom": 1,
                }
            ),
            "integer": add({"num_format": "0"}),
            "date": add({"num_format": DATE_FORMATS.get(lang, "YYYY-MM-DD")}),
            "url": add({"font_color": "#0B5CAD", "underline": 1}),
            "title": add({"bold": True, "font_size": 14}),
            "heading": add({"bold": True, "font_size": 12}),
            "key": add({"bold": True, "valign": "top", "text_wrap": True}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
            **{f"number{d}": add({"num_format": "0." + "0" * d}) for d in (2, 4, 6)},
        }

    def _explain(self, worksheet: Any, guide: Guide) -> None:
        """The first sheet: the file's facts, every column and every ranking method."""
        f = self.formats
        worksheet.set_column(0, 0, GUIDE_WIDTHS[0])
        worksheet.set_column(1, 1, GUIDE_WIDTHS[1])
        worksheet.set_landscape()
        worksheet.fit_to_pages(1, 0)  # printed: one page wide, as many long as it takes
        worksheet.write_string(0, 0, clean(guide.title), f["title"])
        row = 2
        sections = [
            ("", guide.facts),
            (guide.columns_heading, guide.columns),
            (guide.methods_heading, guide.methods),
        ]
        for heading, pairs in sections:
            if heading:
                row += 1
                worksheet.write_string(row, 0, heading, f["heading"])
                row += 1
            for name, text in pairs:
                _explained_row(worksheet, row, name, clean(text), f)
                row += 1

    def _head(self, sheet: _Sheet) -> None:
        worksheet = sheet.worksheet
        lines = 1
        for index, spec in enumerate(self.specs):
            worksheet.write_string(0, index, spec.header, self.formats["header"])
            lines = max(lines, -(-len(spec.header) // max(sheet.widths[index], 1)))
        worksheet.set_row(0, LINE_HEIGHT * min(lines + 1, 5))
        worksheet.freeze_panes(1, 3)  # the header, rank, number and title stay in view
        worksheet.set_landscape()
        worksheet.repeat_rows(0)  # printed: the header on every page

    def append(self, batch: list[tuple[int, list[Value]]]) -> None:
        """Rows for the sheets at these positions (0: the first data sheet)."""
        for position, values in batch:
            sheet = self.sheets[position]
            sheet.rows += 1
            for index, (spec, value) in enumerate(zip(self.specs, values, strict=True)):
                self._cell(sheet, sheet.rows, index, spec, value)

    def _cell(self, sheet: _Sheet, row: int, col: int, spec: Spec, value: Value) -> None:
        worksheet, f = sheet.worksheet, self.formats
        if value is None or value == "":
            return
        if isinstance(value, int | float) and not isinstance(value, bool):
            number_format = f[f"number{spec.decimals}"] if spec.decimals else f["integer"]
            worksheet.write_number(row, col, value, number_format)
            text = str(value)
        elif isinstance(value, date):
            worksheet.write_datetime(row, col, value, f["date"])
            text = "00.00.0000"
        else:
            text = clean(str(value))
            linked = spec.kind == "url" and sheet.spool.add(xl_rowcol_to_cell(row, col), text)
            worksheet.write_string(row, col, text, f["url"] if linked else None)
        widest = WIDEST.get(spec.key, 40)
        if sheet.widths[col] < widest:
            longest = max(len(line) for line in text[: widest * 4].split("\n"))
            sheet.widths[col] = min(widest, max(sheet.widths[col], longest + 2))

    def discard(self) -> None:
        """An export abandoned half-way (the client went away): close the files still open;
        the temporary folder that holds them goes with the export."""
        for sheet in self.sheets:
            sheet.spool.close()
        for worksheet in self.workbook.worksheets():
            handle = getattr(worksheet, "row_data_fh", None)  # constant_memory's row file
            if handle is not None and not handle.closed:
                handle.close()

    def finish(self) -> Path:
        """Close the workbook (widths and filters are known now) and add the links."""
        for sheet in self.sheets:
            sheet.spool.close()
        for sheet in self.sheets:
            for index, width in enumerate(sheet.widths):
                sheet.worksheet.set_column(index, index, width)
            sheet.worksheet.autofilter(0, 0, max(sheet.rows, 1), len(self.specs) - 1)
        self.workbook.close()
        target = self.folder / "export.xlsx"
        spools = {index: sheet.spool for index, sheet in enumerate(self.sheets, start=2)}
        add_hyperlinks(self.folder / "plain.xlsx", target, spools)
        return target


async def xlsx_chunks(
    rows: AsyncIterator[ExportRow],
    *,
    guide: Guide,
    sheets: list[tuple[int | None, str]],
    language: str,
    columns: list[Column] = COLUMNS,
    chunk: int = CHUNK,
) -> AsyncIterator[bytes]:
    """The workbook, streamed from a temporary file once written. ``sheets`` are the data
    sheets as (field of action id, title): None takes every row, an id the rows of that
    field of action."""
    specs = [Spec.of(column) for column in columns]
    titles = [title for _, title in sheets]
    every = [position for position, (key, _) in enumerate(sheets) if key is None]
    by_field = {key: position for position, (key, _) in enumerate(sheets) if key is not None}
    with tempfile.TemporaryDirectory(prefix="export-") as name:
        folder = Path(name)
        book = await to_thread.run_sync(Book, folder, guide, titles, specs, language)
        try:
            batch: list[tuple[int, list[Value]]] = []
            async for row in rows:
                values = [column.value(row) for column in columns]
                field_id = row.proposal.field_of_action_id  # type: ignore[attr-defined]
                for position in (*every, by_field.get(field_id)):
                    if position is not None:
                        batch.append((position, values))
                if len(batch) >= HANDOVER:
                    await to_thread.run_sync(book.append, batch)
                    batch = []
            await to_thread.run_sync(book.append, batch)
            path = await to_thread.run_sync(book.finish)
        except BaseException:
            book.discard()
            raise
        async with await anyio.open_file(path, "rb") as file:
            while piece := await file.read(chunk):
                yield piece
