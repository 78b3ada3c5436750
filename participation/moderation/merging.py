"""Merging duplicate proposals (DESIGN.md §3): merge one into another, undo a merge.

The duplicate becomes ``merged`` with a link to the proposal that stays. Its votes move
there without counting anyone twice (moderation/merge_votes.py); its comments move there,
its followers and co-signers follow and co-sign it too (moderation/merge_carry.py). The
authors of both, the duplicate's supporters and its followers are told. An undo puts it all
back exactly, as long as no vote on either proposal changed since.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed, whole_number
from participation.i18n import gettext
from participation.moderation import merge_carry, merge_votes
from participation.moderation.audit import record
from participation.moderation.merge_notices import tell_about_merge, tell_about_undo
from participation.moderation.models import AuditEntry, Merge, StatusChange
from participation.moderation.services import MAX_REASON
from participation.notifications.models import Follow
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus


class MergeError(Exception):
    """A merge or an undo the domain refuses; the message says why, in the reader's
    language."""


def refusal(duplicate: Proposal, into: Proposal) -> str | None:
    """Why ``duplicate`` cannot be merged into ``into``, or None if it can."""
    if duplicate.id == into.id:
        return gettext("A proposal cannot be merged into itself.")
    for proposal in (duplicate, into):
        if proposal.status == ProposalStatus.MERGED:
            return gettext(
                "“%(title)s” has already been merged into another proposal (no. %(other)s)."
            ) % {"title": proposal.title, "other": proposal.merged_into_id}  # type: ignore[attr-defined]
        if proposal.status not in LISTED_STATUSES:
            return gettext(
                "“%(title)s” cannot be merged: its status is “%(status)s”. Only proposals "
                "everyone can see in the lists can be merged."
            ) % {"title": proposal.title, "status": proposal.status.label}
    if duplicate.masterplan_id != into.masterplan_id:  # type: ignore[attr-defined]
        return gettext(
            "Only proposals of the same masterplan can be merged: “%(duplicate)s” and "
            "“%(target)s” belong to different masterplans."
        ) % {"duplicate": duplicate.title, "target": into.title}
    return None


async def merge_proposals(
    *,
    duplicate: Proposal,
    into: Proposal,
    moderator: User,
    reason: str = "",
    base_url: str | None = None,
) -> Merge:
    """Merge ``duplicate`` into ``into``; returns the recorded :class:`Merge`. The reason
    is optional and goes to the audit log and the duplicate's status history."""
    reason = _reason(reason)
    async with in_transaction() as connection:
        dup, target = await _locked_pair(connection, duplicate.id, into.id)
        problem = refusal(dup, target)
        if problem:
            raise MergeError(problem)
        now = datetime.now(UTC)
        votes = await merge_votes.move_votes(dup.id, target.id, connection)
        followers = await _followers(dup.id, connection)
        previous_status = dup.status
        await _set_status(dup, ProposalStatus.MERGED, target.id, moderator, reason, connection)
        await merge_votes.count_listed(dup.field_of_action_id, -1, connection)  # type: ignore[attr-defined]
        carried = await merge_carry.carry_over(dup.id, target.id, now, connection)
        for proposal in (dup, target):
            await merge_votes.recount(proposal, connection)
        # Created last: every vote the merge touched predates it, which the undo relies on.
        merge = await Merge.create(
            duplicate_id=dup.id,
            target_id=target.id,
            moderator=moderator,
            previous_status=previous_status.value,
            moved_vote_ids=votes.moved,
            dropped_votes=votes.dropped,
            carried=carried,
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
                "moved_votes": len(votes.moved),
                "dropped_votes": len(votes.dropped),
                **{name: len(ids) for name, ids in carried.items()},
            },
            connection=connection,
        )
        await tell_about_merge(
            dup, target, supporters=votes.supporters, followers=followers, base_url=base_url
        )
    _copy_state(duplicate, dup)
    _copy_state(into, target)
    return merge


async def undo_merge(*, merge: Merge, moderator: User, base_url: str | None = None) -> Merge:
    """Undo ``merge`` exactly, as long as no vote on either proposal changed since."""
    async with in_transaction() as connection:
        current = await Merge.filter(id=merge.id).select_for_update().using_db(connection).first()
        if current is None:
            raise MergeError(gettext("This merge no longer exists."))
        if current.undone_at is not None:
            raise MergeError(gettext("This merge has been undone already."))
        dup, target = await _locked_pair(
            connection,
            current.duplicate_id,  # type: ignore[attr-defined]
            current.target_id,  # type: ignore[attr-defined]
        )
        _check_undoable(dup, target)
        if not await merge_votes.unchanged_since(current, connection):
            raise MergeError(
                gettext(
                    "Votes on these proposals changed since the merge, so it can no longer "
                    "be undone exactly."
                )
            )
        supporters = await merge_votes.put_back(current, connection)
        restored = ProposalStatus(current.previous_status)
        await _set_status(dup, restored, None, moderator, f"Merge {current.id} undone.", connection)
        if restored in LISTED_STATUSES:
            await merge_votes.count_listed(dup.field_of_action_id, +1, connection)  # type: ignore[attr-defined]
        await merge_carry.carry_back(
            current.carried or {}, dup.id, target.id, current.created_at, connection
        )
        for proposal in (dup, target):
            await merge_votes.recount(proposal, connection)
        current.undone_at = datetime.now(UTC)
        await current.save(using_db=connection, update_fields=["undone_at"])
        await record(
            actor=moderator,
            action="proposal.merge_undo",
            target_type="proposal",
            target_id=dup.id,
            details={"merge_id": current.id, "target_id": target.id},
            connection=connection,
        )
        await tell_about_undo(dup, target, supporters=supporters, base_url=base_url)
    merge.undone_at = current.undone_at
    return current


async def undoable_merge_ids(entries: Iterable[AuditEntry]) -> set[int]:
    """The merges named by these audit entries that are not undone yet (one query)."""
    named = {
        number
        for entry in entries
        if entry.action == "proposal.merge"
        and (number := whole_number(str(entry.details.get("merge_id", "")))) is not None
    }
    if not named:
        return set()
    return set(await merge_carry.ids_of(Merge.filter(id__in=named, undone_at__isnull=True), "id"))


def _reason(reason: str) -> str:
    text = reason.replace("\r\n", "\n").strip()
    if len(text) > MAX_REASON:
        raise ValidationFailed(
            {
                "reason": gettext("The reason can be at most %(max)s characters long.")
                % {"max": MAX_REASON}
            }
        )
    return text


def _check_undoable(dup: Proposal, target: Proposal) -> None:
    if dup.status != ProposalStatus.MERGED or dup.merged_into_id != target.id:  # type: ignore[attr-defined]
        raise MergeError(
            gettext("“%(title)s” is no longer merged into “%(target)s”; there is nothing to undo.")
            % {"title": dup.title, "target": target.title}
        )
    if target.status == ProposalStatus.MERGED:
        raise MergeError(
            gettext(
                "“%(target)s” has since been merged into another proposal itself; undo that "
                "merge first."
            )
            % {"target": target.title}
        )


async def _locked_pair(
    connection: BaseDBAsyncClient, duplicate_id: int, target_id: int
) -> tuple[Proposal, Proposal]:
    locked = await merge_votes.lock(connection, duplicate_id, target_id)
    for proposal_id in (duplicate_id, target_id):
        if proposal_id not in locked:
            raise MergeError(gettext("Proposal no. %(id)s does not exist.") % {"id": proposal_id})
    return locked[duplicate_id], locked[target_id]


async def _followers(proposal_id: int, connection: BaseDBAsyncClient) -> set[int]:
    return set(
        await merge_carry.ids_of(Follow.filter(proposal_id=proposal_id), "user_id", connection)
    )


async def _set_status(
    proposal: Proposal,
    status: ProposalStatus,
    merged_into: int | None,
    moderator: User,
    reason: str,
    connection: BaseDBAsyncClient,
) -> None:
    previous = proposal.status
    await (
        Proposal.filter(id=proposal.id)
        .using_db(connection)
        .update(status=status, merged_into_id=merged_into)
    )
    proposal.status, proposal.merged_into_id = status, merged_into
    await StatusChange.create(
        proposal_id=proposal.id,
        from_status=previous.value,
        to_status=status.value,
        changed_by=moderator,
        reason=reason,
        using_db=connection,
    )


def _copy_state(stale: Proposal, fresh: Proposal) -> None:
    """Bring the caller's instance up to date with what the service wrote."""
    stale.status = fresh.status
    stale.merged_into_id = fresh.merged_into_id  # type: ignore[attr-defined]
    stale.supports, stale.opposes = fresh.supports, fresh.opposes
    stale.vote_count, stale.wilson = fresh.vote_count, fresh.wilson
    stale.balanced, stale.consensus = fresh.balanced, fresh.consensus
