"""Taking out of a report what is no longer public: a proposal hidden by moderation or
withdrawn by its author after the report was issued keeps its place and its figures in
every copy of that report, but not its title or organisation.

Reports issued before their contents were kept (migration 0010) exist only as Markdown:
there the titles of every proposal of the scope that is no longer public are replaced in
the text, so that no issued report, old or new, keeps a hidden title public."""

from __future__ import annotations

from participation.proposals.models import PUBLIC_STATUSES, Proposal, ProposalStatus
from participation.reports.document import (
    ALL,
    HIDDEN,
    WITHDRAWN,
    CouncilReport,
    NewlyTaken,
    StatusMove,
    TopProposal,
    removed_note,
)
from participation.reports.markdown import text

Entry = TopProposal | StatusMove | NewlyTaken


def _named(report: CouncilReport) -> list[tuple[int, Entry]]:
    """Every place the report names a proposal, with the proposal's id."""
    named: list[tuple[int, Entry]] = [
        (top.id, top) for part in report.masterplans for f in part.fields for top in f.proposals
    ]
    if report.changes is not None:
        named += [(move.proposal_id, move) for move in report.changes.status_moves]
        named += [(item.proposal_id, item) for item in report.changes.taken_up]
    return named


async def redact(report: CouncilReport) -> CouncilReport:
    """The report with every proposal that is no longer public taken out (one query)."""
    named = _named(report)
    if not named:
        return report
    ids = list({proposal_id for proposal_id, _ in named})
    statuses = dict(await Proposal.filter(id__in=ids).values_list("id", "status"))
    for proposal_id, entry in named:
        status = statuses.get(proposal_id)  # None: deleted for good
        if status in PUBLIC_STATUSES:
            continue
        entry.removed = WITHDRAWN if status == ProposalStatus.WITHDRAWN else HIDDEN
        entry.title = ""
        if isinstance(entry, TopProposal):
            entry.organization = ""
    return report


async def redact_markdown(document: str, scope: str) -> str:
    """An old report's Markdown with the title of every proposal of its scope that is no
    longer public replaced by the note why (one query). A title is looked for as the
    report wrote it (Markdown-escaped) and as typed; the longest first, so that a title
    inside another one cannot leave part of the longer one behind."""
    gone = Proposal.exclude(status__in=PUBLIC_STATUSES)
    if scope != ALL:
        gone = gone.filter(masterplan__slug=scope)
    rows = await gone.values_list("title", "status")
    for title, status in sorted(rows, key=lambda row: -len(row[0])):
        note = removed_note(WITHDRAWN if status == ProposalStatus.WITHDRAWN else HIDDEN)
        for written in {text(title), " ".join(title.split())}:
            if written.strip():
                document = document.replace(written, note)
    return document
