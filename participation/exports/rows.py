"""What an export reads: a masterplan's listed proposals in rank order, a batch at a time,
each with its group breakdown, where the draft took it up and who co-signed it.

Every batch costs a fixed number of queries (the proposals, their tallies, their
co-signatures, their links into the latest published draft), and only one batch is held
at a time: memory does not grow with the number of proposals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from participation.accounts.models import Organization, StakeholderGroup, User
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.drafts import latest_published
from participation.planning.models import DraftVersion, InputLink
from participation.proposals.models import CoSignature, Proposal
from participation.proposals.queries import Filters, Sort, proposal_page
from participation.votes.models import VoteTally

BATCH = 1000


@dataclass
class ExportRow:
    rank: int  # 1 for the best ranked proposal of what is exported
    proposal: Proposal  # with field_of_action and organization loaded
    url: str
    author_name: str = ""  # the author's display name (none once the account is deleted)
    groups: dict[StakeholderGroup, tuple[int, int]] = field(default_factory=dict)
    cosigners: list[str] = field(default_factory=list)
    link: InputLink | None = None  # the latest published draft's section that took it up
    version: DraftVersion | None = None

    @property
    def submitted_by(self) -> str:
        """The public name: the organisation a partner spoke for, else the display name."""
        if self.proposal.organization is not None:
            return self.proposal.organization.name
        return self.author_name


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
    fields = {f.id: f for f in await FieldOfAction.filter(masterplan_id=masterplan.id)}
    cursor, rank = None, 0
    while True:
        # The related rows come from a few lookups per batch instead of a join that makes
        # four model objects per proposal: two fifths of an export's time went there.
        page = await proposal_page(
            masterplan, filters=filters, sort=Sort.RANK, cursor=cursor, page_size=batch, related=()
        )
        names = await _attach(page.proposals, fields)
        rows = []
        for proposal in page.proposals:
            rank += 1
            url = f"{base_url}/proposals/{proposal.id}"
            rows.append(ExportRow(rank, proposal, url, names.get(proposal.author_id, "")))  # type: ignore[attr-defined]
        await _complete(rows, version)
        for row in rows:
            yield row
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


async def _attach(proposals: list[Proposal], fields: dict[int, FieldOfAction]) -> dict[int, str]:
    """Each proposal's field of action and organisation; returns the authors' names."""
    author_ids = {p.author_id for p in proposals if p.author_id}  # type: ignore[attr-defined]
    organization_ids = {p.organization_id for p in proposals if p.organization_id}  # type: ignore[attr-defined]
    names = await User.filter(id__in=author_ids).values_list("id", "display_name")
    organizations = {o.id: o for o in await Organization.filter(id__in=organization_ids)}
    for proposal in proposals:
        proposal.field_of_action = fields[proposal.field_of_action_id]  # type: ignore[attr-defined]
        proposal.organization = organizations.get(proposal.organization_id)  # type: ignore[attr-defined]
    return {int(user_id): str(name) for user_id, name in names}


async def _complete(rows: list[ExportRow], version: DraftVersion | None) -> None:
    by_id = {row.proposal.id: row for row in rows}
    if not by_id:
        return
    tallies = await VoteTally.filter(proposal_id__in=list(by_id)).values_list(
        "proposal_id", "stakeholder_group", "supports", "opposes"
    )  # plain tuples: a model object per tally was a seventh of an export's time
    for proposal_id, group, supports, opposes in tallies:
        by_id[proposal_id].groups[StakeholderGroup(group)] = (supports, opposes)
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
