"""Tables as an office sets them, for the council report's PDF: only the header shaded and
repeated on every page the table runs onto, body rows white and light grey in turn, numbers
right-aligned, a row never split across pages and a short table never split at all. Every
colour is set for every row: nothing a chart drew before can fill a cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from fpdf import FPDF

from participation.i18n import format_percent

RGB = tuple[int, int, int]
TEXT: RGB = (23, 26, 43)
MUTED: RGB = (84, 90, 110)
RULE: RGB = (200, 204, 212)
HEADER: RGB = (222, 226, 233)  # a table's header row
STRIPE: RGB = (245, 246, 248)  # every second body row
WHITE: RGB = (255, 255, 255)
TRACK: RGB = (232, 235, 240)  # behind a bar
PROGRESS: RGB = (14, 92, 199)  # a project's progress


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # millimetres
    numeric: bool = False  # right-aligned


@dataclass(frozen=True)
class Note:
    """A cell's text with a second, smaller line under it (e.g. the organisation)."""

    text: str
    note: str


@dataclass(frozen=True)
class Progress:
    percent: int


@dataclass(frozen=True)
class Bold:
    """A cell set in the bold face, e.g. of a total."""

    text: str


Cell = str | Note | Progress | Bold


class TablePDF(FPDF):
    """A page that draws :class:`Cell` tables; the report's fonts are called "Fira"."""

    def ink(self, colour: RGB = TEXT) -> None:
        self.set_text_color(*colour)

    def plain(self) -> None:
        """Back to the body's colours after drawing: no fill, line or text colour of a chart
        may carry over into what follows (fpdf2 keeps them as state)."""
        self.set_fill_color(*WHITE)
        self.set_draw_color(*RULE)
        self.ink(TEXT)
        self.set_line_width(0.2)

    def lines(self, width: float, height: float, text: str) -> int:
        """How many lines ``text`` takes in a cell ``width`` wide, in the current font."""
        found = self.multi_cell(width, height, text, dry_run=True, output="LINES")
        return len(cast(list[str], found))

    def room(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # Tables ----------------------------------------------------------------------------------

    def data_table(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
        """Only the header shaded (and repeated on a new page), body rows white and light grey
        in turn, numbers right-aligned; a row never splits across pages, and a table that
        does leaves at least two rows on either page."""
        self.plain()
        size = self._header_size(columns)
        header = max(self._height(c.width, c.title, size, "B") for c in columns)
        heights = [self._row_height(columns, row) for row in rows]
        self.room(self.opening(columns, rows))
        self._header(columns, header, size)
        for index, (row, height) in enumerate(zip(rows, heights, strict=True)):
            if self._breaks_before(index, heights):
                self.add_page()
                self._header(columns, header, size)
            self._row(columns, row, height, STRIPE if index % 2 else WHITE)
        self.plain()
        self.ln(3)

    def _breaks_before(self, index: int, heights: list[float]) -> bool:
        """Whether row ``index`` starts a new page: it does not fit, or it is the last but
        one and the last row would otherwise stand alone on the next page."""
        bottom = self.page_break_trigger
        if self.get_y() + heights[index] > bottom:
            return True
        widow = 2 <= index == len(heights) - 2
        return widow and self.get_y() + heights[index] + heights[index + 1] > bottom

    KEEP_WHOLE = 4  # a table of up to this many rows is never split across pages
    KEEP_FIRST = 2  # rows a longer table starts with on a page

    def opening(self, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> float:
        """What must fit on the page where the table starts (and with a heading above it):
        the whole of a short table, or the header and first rows of a long one."""
        size = self._header_size(columns)
        header = max(self._height(c.width, c.title, size, "B") for c in columns) + 2 * self.PAD
        kept = rows if len(rows) <= self.KEEP_WHOLE else rows[: self.KEEP_FIRST]
        return header + sum(self._row_height(columns, row) for row in kept) + 2

    LINE = 4.1  # a table line at 8.5 pt
    PAD = 1.4  # above and below a cell's text

    def _height(self, width: float, text: str, size: float, style: str = "") -> float:
        self.set_font("Fira", style, size)
        return max(self.lines(width, self.LINE, text), 1) * self.LINE

    def _cell_height(self, column: Column, cell: Cell) -> float:
        if isinstance(cell, Progress):
            return self.LINE
        if isinstance(cell, Bold):
            return self._height(column.width, cell.text, 8.5, "B")
        if isinstance(cell, Note):
            main = self._height(column.width, cell.text, 8.5)
            return main + (self._height(column.width, cell.note, 7.5) * 0.9 if cell.note else 0)
        return self._height(column.width, cell, 8.5)

    def _row_height(self, columns: Sequence[Column], row: Sequence[Cell]) -> float:
        return (
            max(self._cell_height(c, cell) for c, cell in zip(columns, row, strict=True))
            + 2 * self.PAD
        )

    def _header_size(self, columns: Sequence[Column]) -> float:
        """The header's font size: 8.5 pt, less where a word would not fit its column."""
        size = 8.5
        for column in columns:
            for word in column.title.split():
                self.set_font("Fira", "B", size)
                while size > 6.5 and self.get_string_width(word) > column.width - 2 * self.c_margin:
                    size -= 0.5
                    self.set_font("Fira", "B", size)
        return size

    def _header(self, columns: Sequence[Column], height: float, size: float) -> None:
        y, x = self.get_y(), self.l_margin
        self.set_fill_color(*HEADER)
        self.rect(x, y, sum(c.width for c in columns), height + 2 * self.PAD, "F")
        self.ink(TEXT)
        for column in columns:
            self._text(x, y + self.PAD, column.width, column.title, column.numeric, size, "B")
            x += column.width
        self.set_xy(self.l_margin, y + height + 2 * self.PAD)

    def _row(
        self, columns: Sequence[Column], row: Sequence[Cell], height: float, fill: RGB
    ) -> None:
        y, x = self.get_y(), self.l_margin
        width = sum(c.width for c in columns)
        self.set_fill_color(*fill)
        self.rect(x, y, width, height, "F")
        for column, cell in zip(columns, row, strict=True):
            top = y + self.PAD
            if isinstance(cell, Progress):
                self._progress(x, top, column.width, cell.percent)
            elif isinstance(cell, Bold):
                self.ink(TEXT)
                self._text(x, top, column.width, cell.text, column.numeric, 8.5, "B")
            elif isinstance(cell, Note):
                self.ink(TEXT)
                bottom = self._text(x, top, column.width, cell.text, column.numeric, 8.5)
                if cell.note:
                    self.ink(MUTED)
                    self._text(
                        x,
                        bottom,
                        column.width,
                        cell.note,
                        column.numeric,
                        7.5,
                        line=self.LINE * 0.9,
                    )
            else:
                self.ink(TEXT)
                self._text(x, top, column.width, cell, column.numeric, 8.5)
            x += column.width
        self.set_draw_color(*RULE)
        self.line(self.l_margin, y + height, self.l_margin + width, y + height)
        self.set_xy(self.l_margin, y + height)

    def _text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        numeric: bool,
        size: float,
        style: str = "",
        line: float | None = None,
    ) -> float:
        """Text in a cell, without fpdf2's own page breaks (rows break as a whole)."""
        self.set_font("Fira", style, size)
        self.set_xy(x, y)
        self.set_auto_page_break(False)
        self.multi_cell(
            width,
            line or self.LINE,
            text,
            align="R" if numeric else "L",
            new_x="LEFT",
            new_y="NEXT",
        )
        self.set_auto_page_break(True, margin=20)
        return self.get_y()

    def _progress(self, x: float, y: float, width: float, percent: int) -> None:
        bar = min(width - 14, 22.0)
        left = x + self.c_margin
        self.set_fill_color(*TRACK)
        self.rect(left, y + 0.9, bar, 2.4, "F")
        if percent > 0:
            self.set_fill_color(*PROGRESS)
            self.rect(left, y + 0.9, bar * min(percent, 100) / 100, 2.4, "F")
        self.set_fill_color(*WHITE)
        self.ink(TEXT)
        self._text(
            left + bar, y, width - bar - self.c_margin, format_percent(percent / 100), True, 8.5
        )
