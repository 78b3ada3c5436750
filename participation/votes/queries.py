"""What pages read about votes: always the counters, never the vote table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tortoise import connections

from participation.accounts.models import (
    GROUP_OF_KIND,
    MembershipStatus,
    OrganizationKind,
    StakeholderGroup,
    User,
)
from participation.accounts.permissions import is_moderator
from participation.charts import BarChart, stacked_bars
from participation.masterplans.models import Masterplan
from participation.proposals.models import PUBLIC_STATUSES, Proposal
from participation.sql import load, numbered
from participation.votes import statements
from participation.votes.meaning import Reading, read
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, balanced, consensus, wilson
from participation.votes.statements import Seen


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

    @property
    def key(self) -> tuple[tuple[str, int, int], ...]:
        """Everything the breakdown shows is worked out from these (templating.kept)."""
        return tuple((row.group.value, row.supports, row.opposes) for row in self.rows)

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


def breakdown_of(counts: Iterable[GroupCount]) -> Breakdown:
    """The breakdown of tallies a vote has just written (``services.Outcome.counts``)."""
    given = {count.group: count for count in counts}
    rows = []
    for group in StakeholderGroup:
        count = given.get(group.value)
        rows.append(GroupRow(group, count.supports if count else 0, count.opposes if count else 0))
    return Breakdown(rows)


async def breakdowns(proposals: Sequence[Proposal]) -> dict[int, Breakdown]:
    """The breakdown of each proposal of a list page, keyed by proposal id (one query)."""
    if not proposals:
        return {}
    tallies: dict[int, dict[StakeholderGroup, VoteTally]] = {p.id: {} for p in proposals}
    for tally in await VoteTally.filter(proposal_id__in=list(tallies)):
        tallies[tally.proposal_id][tally.stakeholder_group] = tally  # type: ignore[attr-defined]
    return {proposal_id: _breakdown(by_group) for proposal_id, by_group in tallies.items()}


@dataclass(frozen=True)
class Ballot:
    """What a vote request reads before it votes, in one statement."""

    proposal: Proposal  # with its masterplan
    group: StakeholderGroup  # the group a first vote of the person counts in
    seen: Seen  # the person's vote on it, the group tallies, the row's version

    @property
    def my_vote(self) -> int:
        return self.seen.old

    def breakdown(self) -> Breakdown:
        return breakdown_of(GroupCount(g, s, o) for g, (s, o) in self.seen.tallies.items())


async def ballot(proposal_id: int, voter: User) -> Ballot | None:
    """The proposal a person votes on, if they may see it (the rule of
    ``proposals.queries.visible_proposal``), with its masterplan, the person's vote, the
    group tallies and the person's group (``accounts.services.stakeholder_group_of``)."""
    connection = connections.get("default")
    dialect = connection.capabilities.dialect
    sql = statements.ballot(dialect)
    if dialect == "postgres":
        sql = numbered(sql)
    values = [voter.id, MembershipStatus.CONFIRMED.value, voter.id, proposal_id]
    rows = await connection.execute_query_dict(sql, values)
    if not rows:
        return None
    row = rows[0]
    proposal: Proposal = load(Proposal, row)
    proposal.masterplan = load(Masterplan, row, "m_")
    visible = (
        proposal.status in PUBLIC_STATUSES
        or proposal.author_id == voter.id  # type: ignore[attr-defined]
        or is_moderator(voter)
    )
    if not visible:
        return None
    kind = row["organization_kind"]
    group = GROUP_OF_KIND[OrganizationKind(kind)] if kind else StakeholderGroup.CITIZENS
    return Ballot(proposal, group, statements.Seen.of_ballot(row))


async def vote_of(user: User | None, proposal: Proposal) -> int:
    """The person's current vote on the proposal: +1, -1, or 0 for none."""
    if user is None:
        return 0
    vote = await Vote.filter(proposal_id=proposal.id, voter_id=user.id).only("value").first()
    return vote.value if vote else 0
