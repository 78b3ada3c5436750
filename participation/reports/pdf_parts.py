"""The council report's PDF, per masterplan (participation by group and over time, the top
proposals, what the draft took up, the projects) and what changed since the previous report.
"""

from __future__ import annotations

from participation.i18n import format_percent, gettext
from participation.planning.uptake import ORDER
from participation.reports import graphics, wording
from participation.reports.document import Changes, GroupRow, MasterplanPart
from participation.reports.pdf import ReportPDF
from participation.reports.pdf_tables import MUTED, Bold, Cell, Column, Note, Progress


def groups_table(pdf: ReportPDF, groups: list[GroupRow]) -> None:
    n = wording.number
    pdf.data_table(
        [
            Column(gettext("Stakeholder group"), 50),
            Column(gettext("Participants"), 23, True),
            Column(gettext("Proposals"), 23, True),
            Column(gettext("Supports"), 26, True),
            Column(gettext("Objections"), 24, True),
            Column(gettext("Comments"), 24, True),
        ],
        [
            [g.label, n(g.participants), n(g.proposals), n(g.supports), n(g.opposes), n(g.comments)]
            for g in groups
        ],
    )


def masterplan(pdf: ReportPDF, part: MasterplanPart) -> None:
    pdf.add_page()
    pdf.heading(part.title, 1)
    pdf.paragraph(wording.totals(part), size=10.5)
    chart, legend = graphics.groups(part.groups), graphics.vote_legend()
    pdf.heading(gettext("Participation by stakeholder group"), 2, pdf.chart_height(chart, legend))
    pdf.chart(chart, legend)
    groups_table(pdf, part.groups)
    chart, legend = graphics.months(part.months), graphics.month_legend()
    keep = pdf.chart_height(chart, legend) if part.months else 10
    pdf.heading(gettext("Participation over time"), 2, min(keep, 120))
    if part.months:
        pdf.chart(chart, legend)
        n = wording.number
        pdf.data_table(
            [
                Column(gettext("Month"), 62),
                Column(gettext("Proposals"), 36, True),
                Column(gettext("Votes"), 36, True),
                Column(gettext("Comments"), 36, True),
            ],
            [[m.label, n(m.proposals), n(m.votes), n(m.comments)] for m in part.months],
        )
    else:
        pdf.paragraph(gettext("No activity yet."))
    _tops(pdf, part)
    _uptake(pdf, part)
    _projects(pdf, part)


def _tops(pdf: ReportPDF, part: MasterplanPart) -> None:
    pdf.heading(gettext("Top ranked proposals by field of action"), 2, keep=45)
    columns = [
        Column("#", 7),
        Column(gettext("Proposal"), 62),
        Column(gettext("Votes by group"), 51),
        Column(gettext("Score"), 16, True),
        Column(gettext("Outcome"), 34),
    ]
    for tops in part.fields:
        rows: list[list[Cell]] = [
            [
                str(rank),
                Note(top.shown_title, top.organization),
                wording.breakdown(top),
                wording.number(top.wilson, 2),
                top.outcome,
            ]
            for rank, top in enumerate(tops.proposals, start=1)
        ]
        _titled_table(pdf, tops.title, columns, rows, gettext("No proposals."), level=3)


def _uptake(pdf: ReportPDF, part: MasterplanPart) -> None:
    rows = [(f.title, f.uptake) for f in part.uptake_by_field]
    chart, legend = graphics.uptake(part.uptake_by_field), graphics.uptake_legend()
    pdf.heading(gettext("What the draft took up"), 2, 10 + pdf.chart_height(chart, legend))
    pdf.paragraph(wording.draft_version(part.uptake))
    if rows:
        pdf.chart(chart, legend)
    n, total = wording.number, part.uptake
    pdf.data_table(
        [
            Column(gettext("Field of action"), 45.8),
            *(Column(u.label, 20.7, True) for u in ORDER),
            Column(gettext("Still open"), 20.7, True),
            Column(gettext("Total"), 20.7, True),
        ],
        [
            *([title, *(n(t.of(u)) for u in ORDER), n(t.open), n(t.total)] for title, t in rows),
            [Bold(gettext("Total"))]
            + [Bold(n(total.of(u))) for u in ORDER]
            + [Bold(n(total.open)), Bold(n(total.total))],
        ],
    )


def _projects(pdf: ReportPDF, part: MasterplanPart) -> None:
    _titled_table(
        pdf,
        gettext("Implementation projects"),
        [
            Column(gettext("Code"), 17),
            Column(gettext("Project"), 58),
            Column(gettext("Field of action"), 40),
            Column(gettext("Status"), 24),
            Column(gettext("Progress"), 31),
        ],
        [[p.code, p.title, p.field, p.status_label, Progress(p.progress)] for p in part.projects],
        gettext("No implementation projects yet."),
    )


def _titled_table(
    pdf: ReportPDF,
    title: str,
    columns: list[Column],
    rows: list[list[Cell]],
    empty: str,
    level: int = 2,
) -> None:
    """A heading kept with the table's start, or with the note that there is nothing."""
    pdf.heading(title, level, keep=pdf.opening(columns, rows) if rows else 10)
    if rows:
        pdf.data_table(columns, rows)
    else:
        pdf.paragraph(empty, colour=MUTED)


def _more(pdf: ReportPDF, count: int) -> None:
    if count:
        pdf.paragraph(gettext("… and %(num)s more.") % {"num": wording.number(count)})


def changes(pdf: ReportPDF, changes: Changes, several: bool) -> None:
    pdf.add_page()
    pdf.heading(gettext("Changes since the previous report"), 1)
    pdf.paragraph(wording.since(changes))
    _titled_table(
        pdf,
        gettext("Proposals with a new status"),
        [
            Column(gettext("Proposal"), 80 if several else 110),
            *([Column(gettext("Masterplan"), 30)] if several else []),
            Column(gettext("Before"), 30),
            Column(gettext("Now"), 30),
        ],
        [
            [m.shown_title, *([m.masterplan] if several else []), m.before_label, m.after_label]
            for m in changes.status_moves
        ],
        gettext("No proposal changed its status."),
    )
    _more(pdf, changes.more_status_moves)
    if changes.detailed:
        _taken_and_projects(pdf, changes)
    c = wording.compared
    for first, deltas, title in (
        (gettext("Masterplan"), changes.by_masterplan, gettext("Votes and comments")),
        (gettext("Stakeholder group"), changes.by_group, gettext("By stakeholder group")),
    ):
        _titled_table(
            pdf,
            title,
            [
                Column(first, 56),
                Column(gettext("Proposals"), 38, True),
                Column(gettext("Votes"), 38, True),
                Column(gettext("Comments"), 38, True),
            ],
            [
                [
                    d.label,
                    c(d.proposals_before, d.proposals_now),
                    c(d.votes_before, d.votes_now),
                    c(d.comments_before, d.comments_now),
                ]
                for d in deltas
            ],
            "",
        )


def _taken_and_projects(pdf: ReportPDF, changes: Changes) -> None:
    _titled_table(
        pdf,
        gettext("Newly taken up by the draft"),
        [
            Column(gettext("Proposal"), 80),
            Column(gettext("Outcome"), 34),
            Column(gettext("Sections of the draft"), 56),
        ],
        [
            [t.shown_title, t.label, ", ".join(t.sections) or gettext("official decision")]
            for t in changes.taken_up
        ],
        gettext("No proposal newly taken up."),
    )
    _more(pdf, changes.more_taken_up)
    pdf.heading(gettext("Implementation projects"), 2, keep=20)
    for label, projects in (
        (gettext("New"), changes.new_projects),
        (gettext("Completed"), changes.completed_projects),
    ):
        named = ", ".join(f"{p.code} {p.title}" for p in projects) or "–"
        pdf.bullets([f"{label}: {named}"])
    rows: list[list[Cell]] = [
        [
            f"{m.project.code} {m.project.title}",
            f"{m.status_before_label} → {m.project.status_label}",
            format_percent(m.progress_before / 100)
            + " → "
            + format_percent(m.project.progress / 100),
        ]
        for m in changes.project_moves
    ]
    if rows:
        columns = [
            Column(gettext("Project"), 90),
            Column(gettext("Status"), 45),
            Column(gettext("Progress"), 35, True),
        ]
        pdf.room(pdf.opening(columns, rows))
        pdf.data_table(columns, rows)
    else:
        pdf.paragraph(gettext("No project changed its status or progress."), colour=MUTED)
