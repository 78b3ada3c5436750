"""The council report as Markdown, to paste into the council's own documents.

Everything people wrote (titles, organisation names, section and project titles) passes
through :func:`text`, which escapes what Markdown or HTML would read as markup: the file
never carries raw HTML, links, images or emphasis that a participant put into a title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from participation.i18n import format_percent, gettext
from participation.planning.uptake import ORDER
from participation.reports import wording
from participation.reports.document import (
    Changes,
    CouncilReport,
    GroupRow,
    MasterplanPart,
    NewlyTaken,
    StatusMove,
    TopProposal,
)
from participation.reports.method import method, weighting_url

_MARKUP = re.compile(r"([\\`*_\[\]|~<>])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def text(value: object) -> str:
    """Text as written, safe inside a Markdown line or table cell."""
    flat = " ".join(str(value).split())  # line breaks would end the line or the table row
    return _ENTITY.sub(r"\\&", _MARKUP.sub(r"\\\1", flat))


def _title(item: TopProposal | StatusMove | NewlyTaken) -> str:
    """A proposal's title as written, or the note that it was taken out (our own words)."""
    return item.shown_title if item.removed else text(item.title)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: int = 0) -> list[str]:
    """A table whose last ``numeric`` columns are right-aligned."""
    align = ["---"] * (len(header) - numeric) + ["---:"] * numeric
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def report_markdown(report: CouncilReport, *, base_url: str = "") -> str:
    """The report as Markdown; with ``base_url``, the method says where the site explains
    the scores with examples."""
    lines = [
        f"# {gettext('Council report')}: {text(report.scope_title)}",
        "",
        f"{gettext('City of Dortmund')} · {gettext('Masterplan Digitales Dortmund')}",
        "",
        wording.dated(report),
        "",
        *_summary(report),
        *_method(weighting_url(base_url) if base_url else ""),
    ]
    for part in report.masterplans:
        lines += _masterplan(part)
    if report.changes is not None:
        lines += _changes(report.changes, several=len(report.masterplans) > 1)
    return "\n".join(lines).rstrip() + "\n"


def _groups(groups: list[GroupRow]) -> list[str]:
    header = [
        gettext("Stakeholder group"),
        gettext("Participants"),
        gettext("Proposals"),
        gettext("Supports"),
        gettext("Objections"),
        gettext("Comments"),
    ]
    n = wording.number
    rows = [
        [g.label, n(g.participants), n(g.proposals), n(g.supports), n(g.opposes), n(g.comments)]
        for g in groups
    ]
    return _table(header, rows, numeric=5)


def _summary(report: CouncilReport) -> list[str]:
    return [
        f"## {gettext('At a glance')}",
        "",
        f"- {wording.totals(report)}",
        f"- {wording.taken_up(report.uptake, several=len(report.masterplans) > 1)}",
        f"- {wording.projects(report)}",
        "",
        f"### {gettext('Participation by stakeholder group')}",
        "",
        *_groups(report.groups),
        f"### {gettext('Since the previous report')}",
        "",
        *([wording.since(report.changes), ""] if report.changes else []),
        *(f"- {line}" for line in wording.highlights(report)),
        "",
    ]


def _method(examples: str) -> list[str]:
    lines = [f"## {gettext('How to read this report')}", ""]
    for heading, paragraphs in method(examples):
        lines += [f"### {heading}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return lines


def _masterplan(part: MasterplanPart) -> list[str]:
    n = wording.number
    lines = [f"## {text(part.title)}", "", wording.totals(part), ""]
    lines += [f"### {gettext('Participation by stakeholder group')}", "", *_groups(part.groups)]
    lines += [f"### {gettext('Participation over time')}", ""]
    month_rows = [[m.label, n(m.proposals), n(m.votes), n(m.comments)] for m in part.months]
    header = [gettext("Month"), gettext("Proposals"), gettext("Votes"), gettext("Comments")]
    lines += (
        _table(header, month_rows, numeric=3) if month_rows else [gettext("No activity yet."), ""]
    )
    lines += [f"### {gettext('Top ranked proposals by field of action')}", ""]
    for tops in part.fields:
        lines += [f"#### {text(tops.title)}", ""]
        if not tops.proposals:
            lines += [gettext("No proposals."), ""]
            continue
        header = [
            "#",
            gettext("Proposal"),
            gettext("Votes by group"),
            gettext("Score"),
            gettext("Outcome"),
        ]
        rows = [
            [
                str(rank),
                _title(top) + (f" ({text(top.organization)})" if top.organization else ""),
                wording.breakdown(top),
                n(top.wilson, 2),
                top.outcome,
            ]
            for rank, top in enumerate(tops.proposals, start=1)
        ]
        lines += _table(header, rows)
    lines += [
        f"### {gettext('What the draft took up')}",
        "",
        wording.draft_version(part.uptake),
        "",
    ]
    header = [
        gettext("Field of action"),
        *(u.label for u in ORDER),
        gettext("Still open"),
        gettext("Total"),
    ]
    rows = [
        [text(f.title), *(n(f.uptake.of(u)) for u in ORDER), n(f.uptake.open), n(f.uptake.total)]
        for f in part.uptake_by_field
    ]
    total = part.uptake
    rows.append(
        [f"**{gettext('Total')}**", *(n(total.of(u)) for u in ORDER), n(total.open), n(total.total)]
    )
    lines += _table(header, rows, numeric=6)
    lines += [f"### {gettext('Implementation projects')}", ""]
    header = [
        gettext("Code"),
        gettext("Project"),
        gettext("Field of action"),
        gettext("Status"),
        gettext("Progress"),
    ]
    rows = [
        [
            text(p.code),
            text(p.title),
            text(p.field),
            p.status_label,
            format_percent(p.progress / 100),
        ]
        for p in part.projects
    ]
    lines += (
        _table(header, rows, numeric=1)
        if rows
        else [gettext("No implementation projects yet."), ""]
    )
    return lines


def _changes(changes: Changes, several: bool) -> list[str]:
    lines = [f"## {gettext('Changes since the previous report')}", "", wording.since(changes), ""]
    lines += [f"### {gettext('Proposals with a new status')}", ""]
    header = [
        gettext("Proposal"),
        *([gettext("Masterplan")] if several else []),
        gettext("Before"),
        gettext("Now"),
    ]
    rows = [
        [
            _title(m),
            *([text(m.masterplan)] if several else []),
            m.before_label,
            m.after_label,
        ]
        for m in changes.status_moves
    ]
    lines += _table(header, rows) if rows else [gettext("No proposal changed its status."), ""]
    if changes.more_status_moves:
        lines += [
            gettext("… and %(num)s more.") % {"num": wording.number(changes.more_status_moves)},
            "",
        ]
    if changes.detailed:
        lines += _taken_and_projects(changes)
    lines += [f"### {gettext('Votes and comments')}", ""]
    header = [gettext("Masterplan"), gettext("Proposals"), gettext("Votes"), gettext("Comments")]
    c = wording.compared
    rows = [
        [
            text(d.label),
            c(d.proposals_before, d.proposals_now),
            c(d.votes_before, d.votes_now),
            c(d.comments_before, d.comments_now),
        ]
        for d in changes.by_masterplan
    ]
    lines += _table(header, rows, numeric=3)
    header[0] = gettext("Stakeholder group")
    rows = [
        [
            d.label,
            c(d.proposals_before, d.proposals_now),
            c(d.votes_before, d.votes_now),
            c(d.comments_before, d.comments_now),
        ]
        for d in changes.by_group
    ]
    return lines + _table(header, rows, numeric=3)


def _taken_and_projects(changes: Changes) -> list[str]:
    lines = [f"### {gettext('Newly taken up by the draft')}", ""]
    rows = [
        [_title(t), t.label, text(", ".join(t.sections)) or gettext("official decision")]
        for t in changes.taken_up
    ]
    header = [gettext("Proposal"), gettext("Outcome"), gettext("Sections of the draft")]
    lines += _table(header, rows) if rows else [gettext("No proposal newly taken up."), ""]
    if changes.more_taken_up:
        lines += [
            gettext("… and %(num)s more.") % {"num": wording.number(changes.more_taken_up)},
            "",
        ]
    lines += [f"### {gettext('Implementation projects')}", ""]
    for label, projects in (
        (gettext("New"), changes.new_projects),
        (gettext("Completed"), changes.completed_projects),
    ):
        named = ", ".join(f"{text(p.code)} {text(p.title)}" for p in projects) or "–"
        lines += [f"- {label}: {named}"]
    lines.append("")
    header = [gettext("Project"), gettext("Status"), gettext("Progress")]
    rows = [
        [
            f"{text(m.project.code)} {text(m.project.title)}",
            f"{m.status_before_label} → {m.project.status_label}",
            format_percent(m.progress_before / 100)
            + " → "
            + format_percent(m.project.progress / 100),
        ]
        for m in changes.project_moves
    ]
    lines += (
        _table(header, rows)
        if rows
        else [gettext("No project changed its status or progress."), ""]
    )
    return lines
