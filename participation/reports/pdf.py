"""The council report as a PDF a city can hand to its council: Fira Sans (the typeface of
KERN) embedded, so umlauts, ß and typographic quotes print as they should, and the charts
drawn as vector graphics from the same geometry as the page's SVG.

fpdf2 writes the file: pure Python, Unicode TrueType fonts, tables and vector drawing,
and none of the system libraries an HTML-to-PDF renderer would need.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from participation.charts import BarChart
from participation.i18n import format_day, gettext
from participation.reports.council import CouncilReport
from participation.settings import BASE_DIR

FONTS = BASE_DIR / "node_modules" / "@expo-google-fonts" / "fira-sans"
REGULAR = FONTS / "400Regular" / "FiraSans_400Regular.ttf"
BOLD = FONTS / "700Bold" / "FiraSans_700Bold.ttf"
# The chart colours of static/css/app.css, for paper.
COLOURS = {
    "support": (0, 112, 94),
    "oppose": (198, 26, 37),
    "value": (14, 92, 199),
}
TRACK = (238, 240, 243)
SCALE = 0.3  # chart units (the SVG's) to millimetres


class ReportPDF(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.add_font("Fira", "", str(REGULAR))
        self.add_font("Fira", "B", str(BOLD))
        self.report_title = title
        self.set_title(title)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Fira", size=8)
        self.cell(0, 5, f"{self.report_title} – {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.ln(3)
        self.set_font("Fira", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font("Fira", size=10)

    def paragraph(self, text: str) -> None:
        self.set_font("Fira", size=10)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def chart(self, chart: BarChart) -> None:
        """The bars, labels and figures of a chart, as vector graphics."""
        height = chart.height * SCALE
        if self.get_y() + height > self.h - 20:
            self.add_page()
        left, top = self.l_margin, self.get_y()
        self.set_font("Fira", size=7)
        for row in chart.rows:
            y = top + row.y * SCALE
            self.set_xy(left, y)
            self.cell(
                (chart.label_width - 8) * SCALE, chart.bar_height * SCALE, row.label, align="R"
            )
            self.set_fill_color(*TRACK)
            track = (chart.width - chart.label_width - 70) * SCALE
            self.rect(left + chart.label_width * SCALE, y, track, chart.bar_height * SCALE, "F")
            for segment in row.segments:
                self.set_fill_color(*COLOURS.get(segment.kind, COLOURS["value"]))
                self.rect(
                    left + segment.x * SCALE,
                    y,
                    segment.width * SCALE,
                    chart.bar_height * SCALE,
                    "F",
                )
            self.set_xy(left + (chart.width - 64) * SCALE, y)
            self.cell(20, chart.bar_height * SCALE, row.caption)
        self.set_xy(left, top + height + 2)

    def table(self, header: list[str], rows: list[list[str]], widths: list[int]) -> None:  # type: ignore[override]
        self.set_font("Fira", size=9)
        with super().table(col_widths=widths, text_align="LEFT", line_height=5) as table:
            heading = table.row()
            for cell in header:
                heading.cell(cell)
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(cell)
        self.ln(2)


def report_pdf(report: CouncilReport) -> bytes:
    title = (
        gettext("Council report")
        + ": "
        + (gettext("all masterplans") if report.scope == "all" else report.masterplans[0].title)
    )
    pdf = ReportPDF(title)
    pdf.add_page()
    pdf.heading(title, 18)
    pdf.paragraph(gettext("As of %(date)s.") % {"date": format_day(report.generated_at, "long")})
    _participation(pdf, report)
    _tops(pdf, report)
    _draft_and_projects(pdf, report)
    if report.previous is not None:
        pdf.heading(gettext("Since the previous report"))
        since = format_day(report.previous.issued_at, "long")
        pdf.paragraph(gettext("Previous report issued on %(date)s.") % {"date": since})
        changes = report.changes()
        for label, then, now in changes:
            pdf.paragraph(f"{label}: {then} → {now}")
        if not changes:
            pdf.paragraph(gettext("No figure changed."))
    return bytes(pdf.output())


def _participation(pdf: ReportPDF, report: CouncilReport) -> None:
    pdf.heading(gettext("Participation"))
    pdf.paragraph(
        gettext("%(proposals)s proposals, %(votes)s votes, %(comments)s comments.")
        % {"proposals": report.proposals, "votes": report.votes, "comments": report.comments}
    )
    pdf.heading(gettext("Votes by stakeholder group"), 12)
    pdf.chart(report.group_chart())
    pdf.table(
        [
            gettext("Stakeholder group"),
            gettext("Proposals"),
            gettext("Supports"),
            gettext("Objections"),
        ],
        [
            [g.group.label, str(g.proposals), str(g.supports), str(g.opposes)]
            for g in report.by_group
        ],
        [70, 30, 30, 30],
    )
    if report.by_month:
        pdf.heading(gettext("Votes per month"), 12)
        pdf.chart(report.month_chart())


def _tops(pdf: ReportPDF, report: CouncilReport) -> None:
    pdf.heading(gettext("Top ranked proposals by field of action"))
    for field_of_action, proposals in report.tops:
        pdf.heading(field_of_action.title, 11)
        if not proposals:
            pdf.paragraph(gettext("No proposals."))
            continue
        pdf.table(
            ["#", gettext("Title"), gettext("Status"), gettext("Votes")],
            [
                [str(n), p.title, p.status.label, f"{p.supports} : {p.opposes}"]
                for n, p in enumerate(proposals, start=1)
            ],
            [8, 102, 35, 25],
        )


def _draft_and_projects(pdf: ReportPDF, report: CouncilReport) -> None:
    pdf.heading(gettext("What the draft took up"))
    for draft in report.drafts:
        if draft.version is None:
            pdf.paragraph(f"{draft.masterplan.title}: " + gettext("no published version"))
            continue
        taken = ", ".join(f"{d.label} {n}" for d, n in draft.taken_up.items()) or "–"
        number = gettext("version %(number)s") % {"number": draft.version.number}
        pdf.paragraph(f"{draft.masterplan.title}, {number}: {taken}")
    pdf.heading(gettext("Implementation projects"))
    if not report.projects:
        pdf.paragraph(gettext("No implementation projects yet."))
        return
    pdf.table(
        [gettext("Code"), gettext("Title"), gettext("Status"), gettext("Progress")],
        [[p.code, p.title, p.status.label, f"{p.progress} %"] for p in report.projects],
        [20, 95, 30, 25],
    )


def font_files() -> list[Path]:
    """The fonts the PDF embeds (installed from the npm registry by the setup step)."""
    return [REGULAR, BOLD]
