"""Merging duplicate proposals (DESIGN.md §3): merge, undo a merge, find likely duplicates.

A merge carries the duplicate's votes over to the target without counting anyone twice: a
voter who voted only on the duplicate has the vote moved, a voter who voted on both keeps the
target vote and the duplicate vote is dropped (and recorded, so an undo can put it back).
Both proposals' counters and group tallies are then recounted from the vote table inside the
same transaction: a merge is a rare moderator action, and a recount cannot drift.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.moderation.models import Merge, StatusChange
from participation.notifications.models import NotificationKind
from participation.notifications.services import notify
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
from participation.votes.models import Vote, VoteTally
from participation.votes.services import refresh_scores

# How many listed proposals of the same masterplan each proposal is paired with.
DUPLICATE_CANDIDATES_PER_PROPOSAL = 5
# search.similar ranks across all masterplans and statuses: ask for enough ids that the
# listed ones of this masterplan remain after filtering.
SIMILAR_SEARCH_LIMIT = 50


class MergeError(Exception):
    """A merge or an undo the domain refuses; the message says why."""


# Merging -----------------------------------------------------------------------------------


async def merge_proposals(
    *, duplicate: Proposal, into: Proposal, moderator: User, reason: str = ""
) -> Merge:
    """Merge ``duplicate`` into ``into``; returns the recorded :class:`Merge`."""
    if duplicate.id == into.id:
        raise MergeError("A proposal cannot be merged into itself.")
    async with in_transaction() as connection:
        locked = await _lock(connection, duplicate.id, into.id)
        dup, target = locked[duplicate.id], locked[into.id]
        if dup.masterplan_id != target.masterplan_id:  # type: ignore[attr-defined]
            raise MergeError("Only proposals of the same masterplan can be merged.")
        for proposal in (dup, target):
            if proposal.status not in LISTED_STATUSES:
                raise MergeError(
                    f"Proposal {proposal.id} has status {proposal.status.value} "
                    "and cannot be merged."
                )

        target_voters: set[int] = {
            int(row["voter_id"])
            for row in await Vote.filter(proposal_id=target.id, voter_id__isnull=False)
            .using_db(connection)
            .values("voter_id")
        }
        moved: list[int] = []
        dropped: list[list[object]] = []
        dropped_ids: list[int] = []
        supporter_ids: set[int] = set()
        for vote in await Vote.filter(proposal_id=dup.id).using_db(connection).order_by("id"):
            voter_id: int | None = vote.voter_id  # type: ignore[attr-defined]
            if voter_id is not None and voter_id in target_voters:
                dropped.append([voter_id, vote.value, vote.stakeholder_group.value])
                dropped_ids.append(vote.id)
            else:
                moved.append(vote.id)
            if voter_id is not None and vote.value > 0:
                supporter_ids.add(voter_id)
        if dropped_ids:
            await Vote.filter(id__in=dropped_ids).using_db(connection).delete()
        if moved:
            await Vote.filter(id__in=moved).using_db(connection).update(proposal_id=target.id)

        previous_status = dup.status
        await (
            Proposal.filter(id=dup.id)
            .using_db(connection)
            .update(status=ProposalStatus.MERGED, merged_into_id=target.id)
        )
        dup.status, dup.merged_into_id = ProposalStatus.MERGED, target.id
        await StatusChange.create(
            proposal_id=dup.id,
            from_status=previous_status.value,
            to_status=ProposalStatus.MERGED.value,
            changed_by=moderator,
            reason=reason,
            using_db=connection,
        )
        await _count_listed(dup.field_of_action_id, -1, connection)  # type: ignore[attr-defined]
        for proposal in (dup, target):
            await _recount(proposal, connection)

        # Created last: every vote the merge touched predates it, which the undo relies on.
        merge = await Merge.create(
            duplicate_id=dup.id,
            target_id=target.id,
            moderator=moderator,
            previous_status=previous_status.value,
            moved_vote_ids=moved,
            dropped_votes=dropped,
            using_db=connection,
        )
        await record(
            actor=moderator,
            action="proposal.merge",
            target_type="proposal",
            target_id=dup.id,
            reason=reason,
            details={
                "merge_id": merge.id,
                "target_id": target.id,
                "moved_votes": len(moved),
                "dropped_votes": len(dropped),
            },
            connection=connection,
        )
        supporters = await User.filter(id__in=supporter_ids).using_db(connection)
        duplicate_title, target_title = dup.title, target.title
        await notify(
            users=supporters,
            kind=NotificationKind.MERGED,
            proposal=target,
            text=lambda: (
                gettext(
                    "“%(duplicate)s”, which you support, was merged into “%(target)s”. "
                    "Your support now counts there once; you may withdraw it there."
                )
                % {"duplicate": duplicate_title, "target": target_title}
            ),
        )
    _copy_state(duplicate, dup)
    _copy_state(into, target)
    return merge


async def undo_merge(*, merge: Merge, moderator: User) -> Merge:
    """Undo ``merge`` exactly, as long as no vote on either proposal changed since."""
    async with in_transaction() as connection:
        current = await Merge.filter(id=merge.id).select_for_update().using_db(connection).first()
        if current is None:
            raise MergeError("This merge no longer exists.")
        if current.undone_at is not None:
            raise MergeError("This merge has been undone already.")
        duplicate_id: int = current.duplicate_id  # type: ignore[attr-defined]
        target_id: int = current.target_id  # type: ignore[attr-defined]
        locked = await _lock(connection, duplicate_id, target_id)
        dup, target = locked[duplicate_id], locked[target_id]
        if dup.status != ProposalStatus.MERGED or dup.merged_into_id != target_id:  # type: ignore[attr-defined]
            raise MergeError("The duplicate is no longer merged into this target.")

        both = (duplicate_id, target_id)
        changed = (
            await Vote.filter(proposal_id__in=both, updated_at__gt=current.created_at)
            .using_db(connection)
            .exists()
        ) or (
            await Vote.filter(proposal_id__in=both, created_at__gt=current.created_at)
            .using_db(connection)
            .exists()
        )
        moved = list(current.moved_vote_ids)
        still_moved = (
            await Vote.filter(id__in=moved, proposal_id=target_id).using_db(connection).count()
            if moved
            else 0
        )
        dropped_voters = [int(str(entry[0])) for entry in current.dropped_votes]
        still_on_target = (
            await Vote.filter(proposal_id=target_id, voter_id__in=dropped_voters)
            .using_db(connection)
            .count()
            if dropped_voters
            else 0
        )
        if changed or still_moved != len(moved) or still_on_target != len(dropped_voters):
            raise MergeError(
                "Votes on these proposals changed since the merge; it can no longer be undone."
            )

        if moved:
            await Vote.filter(id__in=moved).using_db(connection).update(proposal_id=duplicate_id)
        if current.dropped_votes:
            await Vote.bulk_create(
                [
                    Vote(
                        proposal_id=duplicate_id,
                        voter_id=int(str(voter_id)),
                        value=int(str(value)),
                        stakeholder_group=StakeholderGroup(str(group)),
                    )
                    for voter_id, value, group in current.dropped_votes
                ],
                using_db=connection,
            )

        restored = ProposalStatus(current.previous_status)
        await (
            Proposal.filter(id=duplicate_id)
            .using_db(connection)
            .update(status=restored, merged_into_id=None)
        )
        dup.status, dup.merged_into_id = restored, None
        await StatusChange.create(
            proposal_id=duplicate_id,
            from_status=ProposalStatus.MERGED.value,
            to_status=restored.value,
            changed_by=moderator,
            reason=f"Merge {current.id} undone.",
            using_db=connection,
        )
        if restored in LISTED_STATUSES:
            await _count_listed(dup.field_of_action_id, +1, connection)  # type: ignore[attr-defined]
        for proposal in (dup, target):
            await _recount(proposal, connection)
        current.undone_at = datetime.now(UTC)
        await current.save(using_db=connection, update_fields=["undone_at"])
        await record(
            actor=moderator,
            action="proposal.merge_undo",
            target_type="proposal",
            target_id=duplicate_id,
            details={"merge_id": current.id, "target_id": target_id},
            connection=connection,
        )
    merge.undone_at = current.undone_at
    return current


# Likely duplicates -------------------------------------------------------------------------


RECENT_PROPOSALS_CHECKED = 300


async def likely_duplicates(
    masterplan: Masterplan, *, limit: int = 20
) -> list[tuple[Proposal, Proposal, int]]:
    """Pairs of listed proposals of ``masterplan`` with similar titles, best first.

    Each listed proposal's title is searched for (:func:`search.similar`); the rank of the
    other proposal among its listed matches (0 = most similar) is the pair's ``score_rank``,
    the better of the two directions when both find each other. Ties: older pairs first.
    """
    # One search per proposal: bounded to the newest ones, where duplicates arrive.
    recent = await (
        Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .order_by("-id")
        .limit(RECENT_PROPOSALS_CHECKED)
    )
    listed = {proposal.id: proposal for proposal in sorted(recent, key=lambda p: p.id)}
    best: dict[tuple[int, int], int] = {}
    for proposal in listed.values():
        ids = await search.similar(proposal.title, limit=SIMILAR_SEARCH_LIMIT, exclude=proposal.id)
        matches = [i for i in ids if i in listed][:DUPLICATE_CANDIDATES_PER_PROPOSAL]
        for rank, other in enumerate(matches):
            pair = (min(proposal.id, other), max(proposal.id, other))
            best[pair] = min(rank, best.get(pair, rank))
    ordered = sorted(best.items(), key=lambda item: (item[1], item[0]))
    return [(listed[a], listed[b], rank) for (a, b), rank in ordered[:limit]]


# Helpers -----------------------------------------------------------------------------------


async def _lock(connection: BaseDBAsyncClient, *ids: int) -> dict[int, Proposal]:
    """The proposals, locked in id order (two merges of the same pair never deadlock)."""
    rows = await Proposal.filter(id__in=ids).order_by("id").select_for_update().using_db(connection)
    found = {row.id: row for row in rows}
    missing = [i for i in ids if i not in found]
    if missing:
        raise MergeError(f"Proposal {missing[0]} does not exist.")
    return found


async def _count_listed(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )


async def _recount(proposal: Proposal, connection: BaseDBAsyncClient) -> None:
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


def _copy_state(stale: Proposal, fresh: Proposal) -> None:
    """Bring the caller's instance up to date with what the service wrote."""
    stale.status = fresh.status
    stale.merged_into_id = fresh.merged_into_id  # type: ignore[attr-defined]
    stale.supports, stale.opposes = fresh.supports, fresh.opposes
    stale.vote_count, stale.wilson = fresh.vote_count, fresh.wilson
    stale.balanced, stale.consensus = fresh.balanced, fresh.consensus
