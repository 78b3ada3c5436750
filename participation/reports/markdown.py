"""The council report as Markdown, to paste into the council's own documents."""

from __future__ import annotations

from participation.i18n import format_day, gettext
from participation.reports.council import CouncilReport


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def report_markdown(report: CouncilReport) -> str:
    lines = [
        f"# {gettext('Council report')}: {_title(report)}",
        "",
        gettext("As of %(date)s.") % {"date": format_day(report.generated_at, "long")},
        "",
        f"## {gettext('Participation')}",
        "",
        gettext("%(proposals)s proposals, %(votes)s votes, %(comments)s comments.")
        % {"proposals": report.proposals, "votes": report.votes, "comments": report.comments},
        "",
        f"| {gettext('Stakeholder group')} | {gettext('Proposals')} | {gettext('Supports')} "
        f"| {gettext('Objections')} |",
        "|---|---:|---:|---:|",
        *(
            f"| {_cell(g.group.label)} | {g.proposals} | {g.supports} | {g.opposes} |"
            for g in report.by_group
        ),
        "",
        f"| {gettext('Month')} | {gettext('Proposals')} | {gettext('Votes')} |",
        "|---|---:|---:|",
        *(f"| {month} | {p} | {v} |" for month, p, v in report.by_month),
        "",
        f"## {gettext('Top ranked proposals by field of action')}",
    ]
    for field_of_action, proposals in report.tops:
        lines += ["", f"### {_cell(field_of_action.title)}", ""]
        lines += [
            f"{n}. {_cell(p.title)} – {p.status.label} ({p.supports}:{p.opposes})"
            for n, p in enumerate(proposals, start=1)
        ] or [gettext("No proposals.")]
    lines += ["", f"## {gettext('What the draft took up')}", ""]
    for draft in report.drafts:
        if draft.version is None:
            lines.append(f"- {_cell(draft.masterplan.title)}: " + gettext("no published version"))
            continue
        taken = ", ".join(f"{d.label} {n}" for d, n in draft.taken_up.items()) or "–"
        lines.append(
            f"- {_cell(draft.masterplan.title)}, "
            + gettext("version %(number)s") % {"number": draft.version.number}
            + f": {taken}"
        )
    lines += ["", f"## {gettext('Implementation projects')}", ""]
    lines += [
        f"- {_cell(p.code)} {_cell(p.title)}: {p.status.label}, {p.progress} %"
        for p in report.projects
    ] or [gettext("No implementation projects yet.")]
    changes = report.changes()
    if report.previous is not None:
        lines += ["", f"## {gettext('Since the previous report')}", ""]
        since = format_day(report.previous.issued_at, "long")
        lines.append(gettext("Previous report issued on %(date)s.") % {"date": since})
        lines += [f"- {label}: {then} → {now}" for label, then, now in changes] or [
            gettext("No figure changed.")
        ]
    return "\n".join(lines) + "\n"


def _title(report: CouncilReport) -> str:
    if report.scope == "all":
        return gettext("all masterplans")
    return report.masterplans[0].title
