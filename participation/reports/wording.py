"""The sentences of a council report, in the reader's language: the page, the PDF and the
Markdown say the same thing in the same words."""

from __future__ import annotations

from babel.numbers import format_decimal

from participation.i18n import current_language, format_day, gettext, ngettext
from participation.planning.models import ProjectStatus
from participation.reports.document import (
    Changes,
    CouncilReport,
    DraftUptake,
    MasterplanPart,
    TopProposal,
    moment,
)


def number(value: int | float, digits: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=current_language()))


def heading(report: CouncilReport) -> str:
    return gettext("Council report") + ": " + report.scope_title


def dated(report: CouncilReport) -> str:
    if report.issued_at is not None:
        return gettext("Issued on %(moment)s.") % {"moment": moment(report.issued_at)}
    return gettext("As of %(moment)s (not issued).") % {"moment": moment(report.produced_at)}


def totals(figures: CouncilReport | MasterplanPart) -> str:
    return gettext(
        "%(proposals)s proposals, %(votes)s votes, %(comments)s comments, "
        "%(participants)s participants."
    ) % {
        "proposals": number(figures.proposals),
        "votes": number(figures.votes),
        "comments": number(figures.comments),
        "participants": number(figures.participants),
    }


def taken_up(uptake: DraftUptake, several: bool = False) -> str:
    """How many proposals the draft (of each masterplan) took up, wholly or in part."""
    if several:
        sentence = gettext(
            "The drafts took up %(taken)s of %(total)s proposals: %(adopted)s adopted, "
            "%(partially)s partially adopted."
        )
    else:
        sentence = gettext(
            "The draft took up %(taken)s of %(total)s proposals: %(adopted)s adopted, "
            "%(partially)s partially adopted."
        )
    return sentence % {
        "taken": number(uptake.taken_up),
        "total": number(uptake.total),
        "adopted": number(uptake.adopted),
        "partially": number(uptake.partially_adopted),
    }


def draft_version(uptake: DraftUptake) -> str:
    if uptake.version is None or uptake.published_at is None:
        return gettext("No version of the draft is published yet: every proposal is still open.")
    return gettext("Draft version %(number)s, published on %(date)s.") % {
        "number": uptake.version,
        "date": format_day(uptake.published_at, "long"),
    }


def projects(report: CouncilReport) -> str:
    return gettext(
        "Implementation projects: %(running)s running, %(done)s done, %(planned)s planned."
    ) % {
        "running": number(report.projects(ProjectStatus.RUNNING)),
        "done": number(report.projects(ProjectStatus.DONE)),
        "planned": number(report.projects(ProjectStatus.PLANNED)),
    }


def breakdown(top: TopProposal) -> str:
    """Supports and objections per group that voted, compactly: "Kammern 3:1, Bildung 2:0"
    (a line breaks between groups, never inside one)."""
    return ", ".join(f"{g.short}\u00a0{g.supports}:{g.opposes}" for g in top.groups) or "–"


def since(changes: Changes) -> str:
    return gettext("Compared with the report issued on %(moment)s.") % {
        "moment": moment(changes.since)
    }


def compared(before: int | None, now: int) -> str:
    """ "120 → 135 (+15)", or the figure alone where the previous report did not keep it."""
    if before is None:
        return number(now)
    return f"{number(before)} → {number(now)} ({signed(now - before)})"


def highlights(report: CouncilReport) -> list[str]:
    """The main changes since the previous report, in a few lines for the summary."""
    changes = report.changes
    if changes is None:
        return [gettext("This is the first report of its kind: there is nothing to compare.")]
    lines = []
    if n := changes.status_count:
        lines.append(
            ngettext(
                "%(num)s proposal changed its status.", "%(num)s proposals changed their status.", n
            )
            % {"num": number(n)}
        )
    if n := changes.taken_up_count:
        lines.append(
            ngettext(
                "%(num)s proposal newly taken up by the draft.",
                "%(num)s proposals newly taken up by the draft.",
                n,
            )
            % {"num": number(n)}
        )
    if n := len(changes.new_projects):
        lines.append(
            ngettext(
                "%(num)s new implementation project.", "%(num)s new implementation projects.", n
            )
            % {"num": number(n)}
        )
    if n := len(changes.completed_projects):
        lines.append(
            ngettext("%(num)s project completed.", "%(num)s projects completed.", n)
            % {"num": number(n)}
        )
    kept = [d for d in changes.by_masterplan if d.votes_before is not None]
    if kept and all(d.comments_before is not None for d in kept):
        votes = sum(d.votes_now - (d.votes_before or 0) for d in kept)
        comments = sum(d.comments_now - (d.comments_before or 0) for d in kept)
        lines.append(
            gettext("Votes since then: %(votes)s; comments: %(comments)s.")
            % {"votes": signed(votes), "comments": signed(comments)}
        )
    return lines or [gettext("Nothing has changed since then.")]


def signed(value: int) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + number(abs(value))
