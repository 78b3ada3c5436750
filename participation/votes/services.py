"""What voting does: cast, change or withdraw a vote and keep every counter in step."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, scores


class VoteError(Exception):
    """A vote the domain refuses."""


async def cast_vote(
    *, proposal: Proposal, voter: User, value: int, group: StakeholderGroup
) -> Vote | None:
    """Support (+1), oppose (-1) or withdraw (0) one person's vote on a proposal.

    The vote row, the proposal's totals and the group tally change in one transaction, with
    increments computed by the database, so concurrent votes never lose an update. A
    changed vote stays in the group it was first cast in. The unique constraints settle
    races: two simultaneous first votes of one person on (proposal, voter), two first votes
    of a group on (proposal, group) of its tally. The loser's transaction is rolled back and
    retried once, and then finds the winner's row to change.
    """
    if value not in (-1, 0, 1):
        raise VoteError("A vote is +1, -1 or 0 (withdraw).")
    try:
        return await _cast(proposal, voter, value, group)
    except IntegrityError:  # another first vote made the row ours, or the group's tally
        return await _cast(proposal, voter, value, group)


async def _cast(
    proposal: Proposal, voter: User, value: int, group: StakeholderGroup
) -> Vote | None:
    async with in_transaction() as connection:
        existing = (
            await Vote.filter(proposal_id=proposal.id, voter_id=voter.id)
            .select_for_update()
            .using_db(connection)
            .first()
        )
        vote: Vote | None
        if existing is not None:
            if existing.value == value:
                return existing  # a repeated click changes nothing
            await _count(proposal.id, existing.stakeholder_group, existing.value, -1, connection)
            if value == 0:
                await existing.delete(using_db=connection)
                vote = None
            else:
                existing.value = value
                await existing.save(using_db=connection, update_fields=["value", "updated_at"])
                vote = existing
        elif value == 0:
            return None
        else:
            vote = await Vote.create(
                proposal_id=proposal.id,
                voter_id=voter.id,
                value=value,
                stakeholder_group=group,
                using_db=connection,
            )
        if vote is not None:
            await _count(proposal.id, vote.stakeholder_group, vote.value, +1, connection)
        await refresh_scores(proposal, connection)
    return vote


async def _count(
    proposal_id: int, group: StakeholderGroup, value: int, delta: int, connection: BaseDBAsyncClient
) -> None:
    column = "supports" if value > 0 else "opposes"
    await (
        Proposal.filter(id=proposal_id)
        .using_db(connection)
        .update(**{column: F(column) + delta, "vote_count": F("vote_count") + delta})
    )
    updated = (
        await VoteTally.filter(proposal_id=proposal_id, stakeholder_group=group)
        .using_db(connection)
        .update(**{column: F(column) + delta})
    )
    if not updated:  # the group's first vote on this proposal: its tally row starts here
        await VoteTally.create(
            proposal_id=proposal_id,
            stakeholder_group=group,
            **{column: max(delta, 0)},
            using_db=connection,
        )


async def refresh_scores(proposal: Proposal, connection: BaseDBAsyncClient) -> None:
    """Store the proposal's scores from its group tallies, and bring the caller's instance
    up to date.

    Called after the counters changed in the same transaction: the row lock that change
    took on the proposal makes these the tallies every other voter on it waits behind. The
    totals are the sums of the tallies, as the recount tests hold them to be.
    """
    tallies = await VoteTally.filter(proposal_id=proposal.id).using_db(connection)
    result = scores(
        [GroupCount(t.stakeholder_group.value, t.supports, t.opposes) for t in tallies],
        [group.value for group in StakeholderGroup],
        await _weights_of(proposal, connection),
    )
    await (
        Proposal.filter(id=proposal.id)
        .using_db(connection)
        .update(wilson=result.wilson, balanced=result.balanced, consensus=result.consensus)
    )
    proposal.supports = sum(t.supports for t in tallies)
    proposal.opposes = sum(t.opposes for t in tallies)
    proposal.vote_count = proposal.supports + proposal.opposes
    proposal.wilson, proposal.balanced = result.wilson, result.balanced
    proposal.consensus = result.consensus


async def _weights_of(proposal: Proposal, connection: BaseDBAsyncClient) -> dict[str, float] | None:
    """The group weights of the proposal's masterplan as they are now (planners may have
    changed them since the caller loaded the proposal)."""
    weights: dict[str, float] | None = await (  # type: ignore[assignment]
        Masterplan.filter(id=proposal.masterplan_id)  # type: ignore[attr-defined]
        .using_db(connection)
        .first()
        .values_list("ranking_weights", flat=True)
    )
    return weights


async def rescore_masterplan(masterplan: Masterplan, batch: int = 500) -> int:
    """Recompute ``balanced`` for every proposal of a masterplan after its weights changed;
    returns how many proposals were rescored. Reads in id order, a batch at a time."""
    groups = [group.value for group in StakeholderGroup]
    done, after = 0, 0
    while True:
        proposals = await (
            Proposal.filter(masterplan_id=masterplan.id, id__gt=after)
            .order_by("id")
            .limit(batch)
            .only("id", "balanced")
        )
        if not proposals:
            return done
        counts: dict[int, list[GroupCount]] = {p.id: [] for p in proposals}
        for tally in await VoteTally.filter(proposal_id__in=list(counts)):
            counts[tally.proposal_id].append(  # type: ignore[attr-defined]
                GroupCount(tally.stakeholder_group.value, tally.supports, tally.opposes)
            )
        async with in_transaction() as connection:
            for proposal in proposals:
                value = scores(counts[proposal.id], groups, masterplan.ranking_weights).balanced
                if value != proposal.balanced:
                    await (
                        Proposal.filter(id=proposal.id).using_db(connection).update(balanced=value)
                    )
        done += len(proposals)
        after = proposals[-1].id
