"""What an export reads: a masterplan's listed proposals (or those of one field of action, of
chosen statuses) in the chosen order, a batch at a time, each with its group breakdown, the
draft's verdict on it and who co-signed it.

Every batch costs a fixed number of queries (the proposals, their authors, organisations,
tallies and co-signatures, and the draft's verdicts from planning/uptake.py), and only one
batch is held at a time: memory does not grow with the number of proposals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tortoise.expressions import F, Q

from participation.accounts.models import Organization, StakeholderGroup, User
from participation.exports.options import ExportSort
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.uptake import Verdict, uptakes
from participation.proposals.models import LISTED_STATUSES, CoSignature, Proposal, ProposalStatus
from participation.proposals.queries import ORDERS, Sort
from participation.votes.models import VoteTally

BATCH = 1000

# Each order as (column, descending) pairs ending in the id, so that every order is total:
# the public list's orders, ties included (ExportSort.ties says them in words). "net" is the
# list's "Saldo" ("balance" there), annotated under the export's column name.
EXPORT_ORDERS: dict[ExportSort, tuple[tuple[str, bool], ...]] = {
    ExportSort.WILSON: ORDERS[Sort.RANK],
    ExportSort.BALANCED: ORDERS[Sort.BALANCED],
    ExportSort.CONSENSUS: ORDERS[Sort.CONSENSUS],
    ExportSort.SUPPORTED: ORDERS[Sort.SUPPORTED],
    ExportSort.NET: tuple(
        ("net" if column == "balance" else column, desc) for column, desc in ORDERS[Sort.BALANCE]
    ),
}


def proposal_url(base_url: str, proposal_id: int) -> str:
    return f"{base_url}/proposals/{proposal_id}"


@dataclass
class ExportRow:
    rank: int  # 1 for the first proposal of what is exported, in the chosen order
    proposal: Proposal  # with field_of_action and organization loaded
    url: str
    author_name: str = ""  # the author's display name (none once the account is deleted)
    groups: dict[StakeholderGroup, tuple[int, int]] = field(default_factory=dict)
    cosigners: list[str] = field(default_factory=list)
    verdict: Verdict | None = None  # what the latest published draft made of it; None: open

    @property
    def submitted_by(self) -> str:
        """The public name: the organisation a partner spoke for, else the display name."""
        if self.proposal.organization is not None:
            return self.proposal.organization.name
        return self.author_name

    @property
    def net(self) -> int:
        return self.proposal.supports - self.proposal.opposes


@dataclass(frozen=True)
class Scope:
    """Which proposals an export holds and in which order."""

    field_of_action: FieldOfAction | None = None
    statuses: tuple[ProposalStatus, ...] = LISTED_STATUSES
    sort: ExportSort = ExportSort.WILSON


def _after(order: Sequence[tuple[str, bool]], values: Sequence[Any]) -> Q:
    """The rows past (values) in the order: (a, b, c) after (x, y, z) is a past x, or a = x
    and b past y, or a = x and b = y and c past z."""
    clauses = []
    for position, (column, descending) in enumerate(order):
        equal = {c: v for (c, _), v in zip(order[:position], values, strict=False)}
        past = {f"{column}__{'lt' if descending else 'gt'}": values[position]}
        clauses.append(Q(**equal, **past))
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    # Implied by the clauses, but a plain range the database can seek its index to.
    column, descending = order[0]
    return Q(**{f"{column}__{'lte' if descending else 'gte'}": values[0]}) & combined


async def _batches(
    masterplan: Masterplan, scope: Scope, batch: int
) -> AsyncIterator[list[Proposal]]:
    """The scope's proposals in order, seeking by key from one batch to the next."""
    order = EXPORT_ORDERS[scope.sort]
    statuses = [s for s in scope.statuses if s in LISTED_STATUSES] or list(LISTED_STATUSES)
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=statuses)
    if scope.field_of_action is not None:
        query = query.filter(field_of_action_id=scope.field_of_action.id)
    if scope.sort == ExportSort.NET:
        query = query.annotate(net=F("supports") - F("opposes"))
    ordering = [("-" if descending else "") + column for column, descending in order]
    last: list[Any] | None = None
    while True:
        page = query.filter(_after(order, last)) if last is not None else query
        proposals = await page.order_by(*ordering).limit(batch)
        if proposals:
            yield proposals
        if len(proposals) < batch:
            return
        last = [getattr(proposals[-1], column) for column, _ in order]


async def ranked_rows(
    masterplan: Masterplan,
    *,
    base_url: str,
    scope: Scope | None = None,
    batch: int = BATCH,
) -> AsyncIterator[ExportRow]:
    """Every proposal in the scope (by default: all listed ones, best ranked first)."""
    scope = scope or Scope()
    fields = {f.id: f for f in await FieldOfAction.filter(masterplan_id=masterplan.id)}
    rank = 0
    async for proposals in _batches(masterplan, scope, batch):
        # The related rows come from a few lookups per batch instead of a join that makes
        # four model objects per proposal: two fifths of an export's time went there.
        names = await _attach(proposals, fields)
        rows = []
        for proposal in proposals:
            rank += 1
            url = proposal_url(base_url, proposal.id)
            rows.append(ExportRow(rank, proposal, url, names.get(proposal.author_id, "")))  # type: ignore[attr-defined]
        await _complete(masterplan, rows)
        for row in rows:
            yield row


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


async def _complete(masterplan: Masterplan, rows: list[ExportRow]) -> None:
    by_id = {row.proposal.id: row for row in rows}
    tallies = await VoteTally.filter(proposal_id__in=list(by_id)).values_list(
        "proposal_id", "stakeholder_group", "supports", "opposes"
    )  # plain tuples: a model object per tally was a seventh of an export's time
    for proposal_id, group, supports, opposes in tallies:
        by_id[proposal_id].groups[StakeholderGroup(group)] = (supports, opposes)
    signatures = await (
        CoSignature.filter(proposal_id__in=list(by_id))
        .order_by("created_at", "id")
        .values_list("proposal_id", "organization__name")
    )
    for proposal_id, name in signatures:
        by_id[proposal_id].cosigners.append(str(name))
    # The one definition of "taken up": every section of the published draft that links a
    # proposal, and the verdict they make together (planning/uptake.py).
    found = await uptakes(masterplan.id, list(by_id))
    for row in rows:
        row.verdict = found.of(row.proposal)
