"""The council report's PDF in the order a council member reads it: the cover with the
contents, the summary on one page, the method, then each masterplan and what changed since
the previous report (:mod:`.pdf_parts`)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.outline import OutlineSection

from participation.i18n import gettext
from participation.planning.models import ProjectStatus
from participation.reports import wording
from participation.reports.document import CouncilReport
from participation.reports.method import EXAMPLES, method, weighting_url
from participation.reports.pdf import ACCENT, PANEL, ReportPDF
from participation.reports.pdf_parts import changes, groups_table, masterplan
from participation.reports.pdf_tables import MUTED, TEXT, Column


def draw(report: CouncilReport, *, base_url: str = "") -> bytes:
    pdf = ReportPDF(wording.heading(report), wording.dated(report))
    _cover(pdf, report, weighting_url(base_url) if base_url else "")
    _summary(pdf, report)
    _method(pdf)
    for part in report.masterplans:
        masterplan(pdf, part)
    if report.changes is not None:
        changes(pdf, report.changes, several=len(report.masterplans) > 1)
    return bytes(pdf.output())


def _cover(pdf: ReportPDF, report: CouncilReport, examples: str) -> None:
    """Title, date and scope, where the site explains the scores (``examples``, on the cover:
    the method fills its page), and the contents."""
    pdf.add_page()
    pdf.set_font("Fira", size=11)
    pdf.ink(MUTED)
    pdf.cell(0, 6, gettext("City of Dortmund"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(
        0, 6, gettext("Masterplan Digitales Dortmund"), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin + pdf.c_margin, 52, pdf.l_margin + pdf.c_margin + 40, 52)
    pdf.set_y(62)
    pdf.set_font("FiraBold", size=32)
    pdf.ink(TEXT)
    pdf.cell(0, 14, gettext("Council report"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Fira", "B", 19)
    title = gettext("All masterplans") if report.scope == "all" else report.title
    pdf.multi_cell(0, 9, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Fira", size=12.5)
    pdf.ink(MUTED)
    pdf.multi_cell(
        0,
        7,
        gettext("Participation, results and implementation"),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(pdf.get_y() + 14, 118))
    pdf.ink(TEXT)
    pdf.set_font("Fira", "B", 11)
    pdf.multi_cell(0, 6, wording.dated(report), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Fira", size=10)
    if len(report.masterplans) > 1:
        pdf.multi_cell(
            0,
            5.5,
            gettext("Covers: %(masterplans)s.")
            % {"masterplans": ", ".join(m.title for m in report.masterplans)},
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if report.changes is not None:
        pdf.multi_cell(
            0, 5.5, wording.since(report.changes), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    if examples:
        pdf.set_y(pdf.get_y() + 4)
        pdf.multi_cell(0, 5.5, gettext(EXAMPLES) % {"url": examples}, align="L", link=examples)
    pdf.plain()
    pdf.set_y(max(pdf.get_y() + 16, 178))
    pdf.insert_toc_placeholder(_contents)


def _contents(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font("Fira", "B", 12.5)
    pdf.set_text_color(*TEXT)
    pdf.cell(0, 8, gettext("Contents"), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Fira", size=10.5)
    for section in outline:
        if section.level == 0:  # the chapters; the bookmarks list their sections too
            link = pdf.add_link(page=section.page_number)
            pdf.cell(pdf.epw - 15, 6.5, section.name, link=link)
            pdf.cell(15, 6.5, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _figure_boxes(pdf: ReportPDF, figures: list[tuple[str, str]]) -> None:
    gap = 3.0
    width = (pdf.epw - gap * (len(figures) - 1)) / len(figures)
    y = pdf.get_y()
    for index, (value, label) in enumerate(figures):
        x = pdf.l_margin + index * (width + gap)
        pdf.set_fill_color(*PANEL)
        pdf.rect(x, y, width, 20, "F")
        pdf.set_xy(x + 3, y + 2.5)
        pdf.set_font("FiraBold", size=18)
        pdf.ink(TEXT)
        pdf.cell(width - 6, 9, value)
        pdf.set_xy(x + 3, y + 12)
        pdf.set_font("Fira", size=8.5)
        pdf.ink(MUTED)
        pdf.cell(width - 6, 5, label)
    pdf.plain()
    pdf.set_xy(pdf.l_margin, y + 24)


def _summary(pdf: ReportPDF, report: CouncilReport) -> None:
    # The cover's contents placeholder has begun this page already.
    pdf.heading(gettext("At a glance"), 1)
    n = wording.number
    _figure_boxes(
        pdf,
        [
            (n(report.proposals), gettext("Proposals")),
            (n(report.votes), gettext("Votes")),
            (n(report.comments), gettext("Comments")),
            (n(report.participants), gettext("Participants")),
        ],
    )
    uptake = report.uptake
    _figure_boxes(
        pdf,
        [
            (f"{n(uptake.taken_up)} / {n(uptake.total)}", gettext("Proposals taken up")),
            (n(report.projects(ProjectStatus.RUNNING)), gettext("Projects running")),
            (n(report.projects(ProjectStatus.DONE)), gettext("Projects done")),
            (n(report.projects(ProjectStatus.PLANNED)), gettext("Projects planned")),
        ],
    )
    pdf.paragraph(wording.taken_up(uptake, several=len(report.masterplans) > 1))
    pdf.heading(gettext("Participation by stakeholder group"), 3, keep=40)
    groups_table(pdf, report.groups)
    if len(report.masterplans) > 1:
        pdf.heading(gettext("By masterplan"), 3, keep=25)
        pdf.data_table(
            [
                Column(gettext("Masterplan"), 62),
                Column(gettext("Proposals"), 22, True),
                Column(gettext("Votes"), 22, True),
                Column(gettext("Comments"), 22, True),
                Column(gettext("Taken up"), 22, True),
                Column(gettext("Projects"), 20, True),
            ],
            [
                [
                    m.title,
                    n(m.proposals),
                    n(m.votes),
                    n(m.comments),
                    n(m.uptake.taken_up),
                    n(len(m.projects)),
                ]
                for m in report.masterplans
            ],
        )
    pdf.heading(gettext("Since the previous report"), 3, keep=15)
    if report.changes is not None:
        pdf.paragraph(wording.since(report.changes))
    pdf.bullets(wording.highlights(report))


def _method(pdf: ReportPDF) -> None:
    pdf.add_page()
    pdf.heading(gettext("How to read this report"), 1)
    for heading, paragraphs in method():
        pdf.heading(heading, 3, keep=12)
        for text in paragraphs:
            pdf.paragraph(text, size=9.5)
