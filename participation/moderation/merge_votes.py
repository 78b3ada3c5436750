"""The votes of a merge: carried over without counting anyone twice, and put back exactly.

A voter who voted only on the duplicate has the vote moved; a voter who voted on both keeps
the vote on the kept proposal and the duplicate vote is dropped (and recorded, so an undo
can put it back). Both proposals' counters and group tallies are then recounted from the
vote table in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.functions import Count

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction
from participation.moderation.merge_carry import ids_of
from participation.moderation.models import Merge
from participation.proposals.models import Proposal
from participation.votes.models import Vote, VoteTally
from participation.votes.services import refresh_scores


@dataclass
class MovedVotes:
    moved: list[int] = field(default_factory=list)  # vote ids now on the target
    dropped: list[list[object]] = field(default_factory=list)  # [voter, value, group]
    supporters: set[int] = field(default_factory=set)  # who supported the duplicate


async def lock(connection: BaseDBAsyncClient, *ids: int) -> dict[int, Proposal]:
    """The proposals, locked in id order (two merges of the same pair never deadlock);
    missing ones are left out."""
    rows = await Proposal.filter(id__in=ids).order_by("id").select_for_update().using_db(connection)
    return {row.id: row for row in rows}


async def move_votes(
    duplicate_id: int, target_id: int, connection: BaseDBAsyncClient
) -> MovedVotes:
    target_voters = set(await ids_of(Vote.filter(proposal_id=target_id), "voter_id", connection))
    result = MovedVotes()
    dropped_ids: list[int] = []
    for vote in await Vote.filter(proposal_id=duplicate_id).using_db(connection).order_by("id"):
        voter_id: int | None = vote.voter_id  # type: ignore[attr-defined]
        if voter_id is not None and voter_id in target_voters:
            result.dropped.append([voter_id, vote.value, vote.stakeholder_group.value])
            dropped_ids.append(vote.id)
        else:
            result.moved.append(vote.id)
        if voter_id is not None and vote.value > 0:
            result.supporters.add(voter_id)
    if dropped_ids:
        await Vote.filter(id__in=dropped_ids).using_db(connection).delete()
    if result.moved:
        await Vote.filter(id__in=result.moved).using_db(connection).update(proposal_id=target_id)
    return result


async def unchanged_since(merge: Merge, connection: BaseDBAsyncClient) -> bool:
    """Whether the votes of both proposals are as the merge left them."""
    both = (merge.duplicate_id, merge.target_id)  # type: ignore[attr-defined]
    for moment in ("updated_at__gt", "created_at__gt"):
        later = Vote.filter(proposal_id__in=both, **{moment: merge.created_at})
        if await later.using_db(connection).exists():
            return False
    moved = list(merge.moved_vote_ids)
    if moved:
        still = Vote.filter(id__in=moved, proposal_id=merge.target_id)  # type: ignore[attr-defined]
        if await still.using_db(connection).count() != len(moved):
            return False
    voters = [int(str(entry[0])) for entry in merge.dropped_votes]
    if voters:
        kept = Vote.filter(proposal_id=merge.target_id, voter_id__in=voters)  # type: ignore[attr-defined]
        if await kept.using_db(connection).count() != len(voters):
            return False
    return True


async def put_back(merge: Merge, connection: BaseDBAsyncClient) -> set[int]:
    """Move the votes back and restore the dropped ones; returns the supporters concerned."""
    duplicate_id: int = merge.duplicate_id  # type: ignore[attr-defined]
    moved = list(merge.moved_vote_ids)
    supporters: set[int] = set()
    if moved:
        await Vote.filter(id__in=moved).using_db(connection).update(proposal_id=duplicate_id)
        supporters.update(
            await ids_of(Vote.filter(id__in=moved, value__gt=0), "voter_id", connection)
        )
    restored = [
        Vote(
            proposal_id=duplicate_id,
            voter_id=int(str(voter_id)),
            value=int(str(value)),
            stakeholder_group=StakeholderGroup(str(group)),
        )
        for voter_id, value, group in merge.dropped_votes
    ]
    if restored:
        await Vote.bulk_create(restored, using_db=connection)
    supporters.update(vote.voter_id for vote in restored if vote.value > 0)  # type: ignore[attr-defined]
    return supporters


async def count_listed(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )


async def recount(proposal: Proposal, connection: BaseDBAsyncClient) -> None:
    """Set the proposal's totals, score and group tallies from its votes."""
    rows = await (
        Vote.filter(proposal_id=proposal.id)
        .using_db(connection)
        .annotate(n=Count("id"))
        .group_by("stakeholder_group", "value")
        .values("stakeholder_group", "value", "n")
    )
    per_group: dict[StakeholderGroup, list[int]] = {}
    for row in rows:
        counts = per_group.setdefault(StakeholderGroup(row["stakeholder_group"]), [0, 0])
        counts[0 if row["value"] > 0 else 1] += int(row["n"])
    tallies = {
        tally.stakeholder_group: tally
        for tally in await VoteTally.filter(proposal_id=proposal.id).using_db(connection)
    }
    for group in set(tallies) | set(per_group):
        supports, opposes = per_group.get(group, [0, 0])
        tally = tallies.get(group)
        if tally is None:
            await VoteTally.create(
                proposal_id=proposal.id,
                stakeholder_group=group,
                supports=supports,
                opposes=opposes,
                using_db=connection,
            )
        elif (tally.supports, tally.opposes) != (supports, opposes):
            await (
                VoteTally.filter(id=tally.id)
                .using_db(connection)
                .update(supports=supports, opposes=opposes)
            )
    supports = sum(counts[0] for counts in per_group.values())
    opposes = sum(counts[1] for counts in per_group.values())
    await (
        Proposal.filter(id=proposal.id)
        .using_db(connection)
        .update(supports=supports, opposes=opposes, vote_count=supports + opposes)
    )
    await refresh_scores(proposal, connection)
