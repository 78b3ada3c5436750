"""What pages read about votes: always the counters, never the vote table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from participation.accounts.models import StakeholderGroup, User
from participation.charts import BarChart, stacked_bars
from participation.proposals.models import Proposal
from participation.votes.meaning import Reading, read
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, balanced, consensus, wilson


@dataclass(frozen=True)
class GroupRow:
    group: StakeholderGroup
    supports: int
    opposes: int

    @property
    def votes(self) -> int:
        return self.supports + self.opposes

    @property
    def support_share(self) -> float:
        return self.supports / self.votes if self.votes else 0.0

    @property
    def wilson(self) -> float:
        return wilson(self.supports, self.opposes)


@dataclass(frozen=True)
class Breakdown:
    """A proposal's votes by stakeholder group, every group listed in a fixed order."""

    rows: list[GroupRow]

    @property
    def counts(self) -> list[GroupCount]:
        return [GroupCount(r.group.value, r.supports, r.opposes) for r in self.rows]

    @property
    def balanced(self) -> float:
        return balanced(self.counts)

    @property
    def consensus(self) -> float:
        return consensus(self.counts)

    @property
    def total(self) -> int:
        return sum(row.votes for row in self.rows)

    def reading(self) -> Reading:
        """What the votes mean in words (votes/meaning.py)."""
        return read(self.counts)

    def voting_groups(self) -> Breakdown:
        """Only the groups that voted: the compact breakdown of a list row."""
        return Breakdown([row for row in self.rows if row.votes])

    def chart(self) -> BarChart:
        """Supports and objections per group as bars on one scale (labels in the reader's
        language, so call it while rendering)."""
        return stacked_bars(
            [
                (
                    row.group.label,
                    [("support", row.supports), ("oppose", row.opposes)],
                    f"{row.supports} : {row.opposes}",
                )
                for row in self.rows
            ]
        )


def _breakdown(tallies: dict[StakeholderGroup, VoteTally]) -> Breakdown:
    rows = []
    for group in StakeholderGroup:
        tally = tallies.get(group)
        rows.append(GroupRow(group, tally.supports if tally else 0, tally.opposes if tally else 0))
    return Breakdown(rows)


async def group_breakdown(proposal: Proposal) -> Breakdown:
    tallies = {t.stakeholder_group: t for t in await VoteTally.filter(proposal_id=proposal.id)}
    return _breakdown(tallies)


async def breakdowns(proposals: Sequence[Proposal]) -> dict[int, Breakdown]:
    """The breakdown of each proposal of a list page, keyed by proposal id (one query)."""
    if not proposals:
        return {}
    tallies: dict[int, dict[StakeholderGroup, VoteTally]] = {p.id: {} for p in proposals}
    for tally in await VoteTally.filter(proposal_id__in=list(tallies)):
        tallies[tally.proposal_id][tally.stakeholder_group] = tally  # type: ignore[attr-defined]
    return {proposal_id: _breakdown(by_group) for proposal_id, by_group in tallies.items()}


async def vote_of(user: User | None, proposal: Proposal) -> int:
    """The person's current vote on the proposal: +1, -1, or 0 for none."""
    if user is None:
        return 0
    vote = await Vote.filter(proposal_id=proposal.id, voter_id=user.id).only("value").first()
    return vote.value if vote else 0
