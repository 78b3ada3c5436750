"""The council report as a PDF a city can hand to its council: Fira Sans (the typeface of
KERN) embedded, so umlauts, ß and typographic quotes print as they should, charts drawn as
vector graphics from the same geometry as the page's SVG, and tables as an office would
set them: a shaded header repeated on every page the table runs onto, light alternating
rows, numbers right-aligned.

fpdf2 writes the file: pure Python, Unicode TrueType fonts and vector drawing, and none of
the system libraries an HTML-to-PDF renderer would need. This module has the page, its
text and charts; :mod:`.pdf_tables` the tables; :mod:`.pdf_sections` and :mod:`.pdf_parts`
what the report says.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from participation.charts import BAR_AREA, BarChart
from participation.i18n import gettext
from participation.reports.document import CouncilReport
from participation.reports.pdf_tables import MUTED, RGB, RULE, TEXT, TRACK, TablePDF
from participation.settings import BASE_DIR

FONTS = BASE_DIR / "node_modules" / "@expo-google-fonts" / "fira-sans"
REGULAR = FONTS / "400Regular" / "FiraSans_400Regular.ttf"
ITALIC = FONTS / "400Regular_Italic" / "FiraSans_400Regular_Italic.ttf"
SEMIBOLD = FONTS / "600SemiBold" / "FiraSans_600SemiBold.ttf"
BOLD = FONTS / "700Bold" / "FiraSans_700Bold.ttf"

PANEL: RGB = (239, 241, 245)  # the boxes of the key figures
ACCENT: RGB = (22, 44, 84)  # the cover's rule
# The chart colours of static/css/app.css, for paper. Only charts use them.
COLOURS: dict[str, RGB] = {
    "support": (0, 112, 94),
    "oppose": (198, 26, 37),
    "value": (14, 92, 199),
    "adopted": (0, 112, 94),
    "partially_adopted": (14, 92, 199),
    "considered": (138, 90, 0),
    "not_taken_up": (107, 114, 128),
    "open": (180, 186, 196),
}


class ReportPDF(TablePDF):
    def __init__(self, title: str, footer_note: str) -> None:
        super().__init__(format="A4")
        self.add_font("Fira", "", str(REGULAR))
        self.add_font("Fira", "I", str(ITALIC))
        self.add_font("Fira", "B", str(SEMIBOLD))
        self.add_font("FiraBold", "", str(BOLD))
        self.report_title = title
        self.footer_note = footer_note
        self.set_title(title)
        self.set_creator(gettext("Masterplan Digitales Dortmund"))
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.c_margin = 1.6

    # Page ------------------------------------------------------------------------------------

    def footer(self) -> None:
        if self.page_no() == 1:
            return  # the cover
        self.set_y(-13)
        self.ink(MUTED)
        self.set_font("Fira", size=7.5)
        self.cell(self.epw * 0.75, 5, f"{self.report_title} · {self.footer_note}")
        page = gettext("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(self.epw * 0.25, 5, page, align="R")

    # Text ------------------------------------------------------------------------------------

    def heading(self, text: str, level: int = 2, keep: float = 30) -> None:
        """A heading kept together with at least ``keep`` mm of what follows it."""
        size = {1: 17.0, 2: 12.5, 3: 10.5}[level]
        self.set_font("Fira", "B", size)
        lines = self.lines(self.epw, size * 0.5, text)
        self.room(lines * size * 0.5 + 4 + keep)
        if self.get_y() > self.t_margin + 1:
            self.ln({1: 4, 2: 4, 3: 2}[level])
        if level < 3:
            self.start_section(text, level=level - 1)
        self.ink(TEXT)
        self.multi_cell(self.epw, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if level == 1:
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y() + 1, self.l_margin + self.epw, self.get_y() + 1)
            self.ln(3)
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 9.5, colour: RGB = TEXT) -> None:
        self.set_font("Fira", size=size)
        self.ink(colour)
        self.multi_cell(self.epw, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def bullets(self, lines: Sequence[str]) -> None:
        self.set_font("Fira", size=9.5)
        self.ink(TEXT)
        for line in lines:
            self.set_x(self.l_margin)
            self.cell(5, 4.8, "•")
            self.multi_cell(self.epw - 5, 4.8, line, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(0.6)
        self.ln(1.5)

    # Charts ----------------------------------------------------------------------------------

    ROW, BAR = 6.0, 4.0  # a chart's row and bar height

    def chart_height(self, chart: BarChart, legend: Sequence[tuple[str, str]] = ()) -> float:
        return len(chart.rows) * self.ROW + (11 if legend else 2)

    def chart(self, chart: BarChart, legend: Sequence[tuple[str, str]] = ()) -> None:
        """Horizontal bars from ``charts.stacked_bars``: a label, the bar on its track, the
        figures after it; a legend of the colours below."""
        self.set_font("Fira", size=8)
        widest = max((self.get_string_width(row.label) for row in chart.rows), default=0)
        label = min(max(widest + 2 * self.c_margin + 3, 30.0), 72.0)
        caption = 26.0
        bar = self.epw - label - caption
        row_height, bar_height = self.ROW, self.BAR
        self.room(self.chart_height(chart, legend))
        left, top = self.l_margin, self.get_y()
        for index, row in enumerate(chart.rows):
            y = top + index * row_height
            self.ink(TEXT)
            self.set_xy(left, y)
            self.cell(label - 2, bar_height, self._fit(row.label, label - 2), align="R")
            self.set_fill_color(*TRACK)
            self.rect(left + label, y, bar, bar_height, "F")
            for segment in row.segments:
                self.set_fill_color(*COLOURS.get(segment.kind, COLOURS["value"]))
                x = left + label + (segment.x - chart.label_width) * bar / BAR_AREA
                self.rect(x, y, segment.width * bar / BAR_AREA, bar_height, "F")
            self.set_xy(left + label + bar + 1.5, y)
            self.cell(caption - 1.5, bar_height, row.caption)
        self.set_xy(left, top + len(chart.rows) * row_height)
        if legend:
            self._legend(left + label, legend)
        self.plain()
        self.ln(2)

    def _legend(self, start: float, legend: Sequence[tuple[str, str]]) -> None:
        self.set_font("Fira", size=7.5)
        x, y = start, self.get_y() + 0.5
        for kind, text in legend:
            width = self.get_string_width(text) + 1
            if x + 3.6 + width > self.l_margin + self.epw:  # on to a second line
                x, y = start, y + 4.5
            self.set_fill_color(*COLOURS[kind])
            self.rect(x, y + 0.6, 2.8, 2.8, "F")
            self.ink(MUTED)
            self.set_xy(x + 3.6, y)
            self.cell(width, 4, text)
            x += 3.6 + width + 4
        self.set_xy(self.l_margin, y + 5)

    def _fit(self, text: str, width: float) -> str:
        """The text, shortened with an ellipsis where it would run into the bars."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"


def report_pdf(report: CouncilReport, *, base_url: str = "") -> bytes:
    """The report as a PDF file (pure CPU work: run it off the event loop); with
    ``base_url``, the method says where the site explains the scores with examples."""
    from participation.reports.pdf_sections import draw

    return draw(report, base_url=base_url)


def font_files() -> list[Path]:
    """The fonts the PDF embeds (installed from the npm registry by the setup step)."""
    return [REGULAR, ITALIC, SEMIBOLD, BOLD]
