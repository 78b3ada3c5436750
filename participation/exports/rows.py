"""What an export reads: a masterplan's listed proposals in rank order, a batch at a time,
each with its group breakdown, where the draft took it up and who co-signed it.

Every batch costs a fixed number of queries (the proposals, their tallies, their
co-signatures, their links into the latest published draft), and only one batch is held
at a time: memory does not grow with the number of proposals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.drafts import latest_published
from participation.planning.models import DraftVersion, InputLink
from participation.proposals.models import CoSignature, Proposal
from participation.proposals.queries import Filters, Sort, proposal_page
from participation.votes.models import VoteTally

BATCH = 500


@dataclass
class ExportRow:
    rank: int  # 1 for the best ranked proposal of what is exported
    proposal: Proposal  # with field_of_action, organization and author loaded
    url: str
    groups: dict[StakeholderGroup, tuple[int, int]] = field(default_factory=dict)
    cosigners: list[str] = field(default_factory=list)
    link: InputLink | None = None  # the latest published draft's section that took it up
    version: DraftVersion | None = None

    @property
    def submitted_by(self) -> str:
        """The public name: the organisation a partner spoke for, else the display name."""
        if self.proposal.organization is not None:
            return self.proposal.organization.name
        author = self.proposal.author
        return author.display_name if author is not None else ""


async def ranked_rows(
    masterplan: Masterplan,
    *,
    base_url: str,
    field_of_action: FieldOfAction | None = None,
    batch: int = BATCH,
) -> AsyncIterator[ExportRow]:
    """Every listed proposal of the masterplan (or of one field of action), best first, as
    the public list ranks them."""
    version = await latest_published(masterplan)
    filters = Filters(field_of_action=field_of_action)
    cursor, rank = None, 0
    while True:
        page = await proposal_page(
            masterplan, filters=filters, sort=Sort.RANK, cursor=cursor, page_size=batch
        )
        rows = []
        for proposal in page.proposals:
            rank += 1
            rows.append(ExportRow(rank, proposal, f"{base_url}/proposals/{proposal.id}"))
        await _complete(rows, version)
        for row in rows:
            yield row
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


async def _complete(rows: list[ExportRow], version: DraftVersion | None) -> None:
    by_id = {row.proposal.id: row for row in rows}
    if not by_id:
        return
    for tally in await VoteTally.filter(proposal_id__in=list(by_id)):
        by_id[tally.proposal_id].groups[tally.stakeholder_group] = (  # type: ignore[attr-defined]
            tally.supports,
            tally.opposes,
        )
    signatures = (
        await CoSignature.filter(proposal_id__in=list(by_id))
        .select_related("organization")
        .order_by("created_at", "id")
    )
    for signature in signatures:
        by_id[signature.proposal_id].cosigners.append(signature.organization.name)  # type: ignore[attr-defined]
    if version is None:
        return
    links = await InputLink.filter(
        proposal_id__in=list(by_id), section__version_id=version.id
    ).select_related("section")
    for link in sorted(links, key=lambda link: link.section.position):
        row = by_id[link.proposal_id]  # type: ignore[attr-defined]
        if row.link is None:  # a proposal taken up by two sections: the first one counts
            row.link, row.version = link, version
