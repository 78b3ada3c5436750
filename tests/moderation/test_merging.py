from __future__ import annotations

import pytest

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction
from participation.moderation.merging import MergeError, merge_proposals, undo_merge
from participation.moderation.models import AuditEntry, Merge, StatusChange
from participation.notifications.models import Notification, NotificationKind
from participation.proposals.models import Proposal, ProposalStatus
from participation.votes.models import Vote
from participation.votes.services import cast_vote
from tests.factories import make_field, make_proposal, make_user, make_vote
from tests.votes.test_services import assert_counters_match_votes

pytestmark = pytest.mark.usefixtures("db")

VoteRow = tuple[int | None, int, str]


async def votes_of(proposal: Proposal) -> set[VoteRow]:
    return {
        (vote.voter_id, vote.value, vote.stakeholder_group.value)  # type: ignore[attr-defined]
        for vote in await Vote.filter(proposal_id=proposal.id)
    }


async def vote_ids_of(proposal: Proposal) -> set[int]:
    return {vote.id for vote in await Vote.filter(proposal_id=proposal.id)}


async def listed_count(field: FieldOfAction) -> int:
    return (await FieldOfAction.get(id=field.id)).proposal_count


async def test_a_voter_on_both_proposals_keeps_one_vote_and_counters_match_a_recount() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    both, only_duplicate, only_target = await make_user(), await make_user(), await make_user()
    await make_vote(duplicate, both, 1, StakeholderGroup.CHAMBERS)
    await make_vote(target, both, -1, StakeholderGroup.CITIZENS)
    await make_vote(duplicate, only_duplicate, -1, StakeholderGroup.SCIENCE)
    await make_vote(target, only_target, 1)
    moderator = await make_user(display_name="Moderatorin")
    before = await listed_count(field)

    merge = await merge_proposals(
        duplicate=duplicate, into=target, moderator=moderator, reason="Gleiches Anliegen"
    )

    assert await Vote.filter(voter_id=both.id).count() == 1
    assert await votes_of(target) == {
        (both.id, -1, "citizens"),
        (only_duplicate.id, -1, "science"),
        (only_target.id, 1, "citizens"),
    }
    assert await Vote.filter(proposal_id=duplicate.id).count() == 0
    for proposal in (duplicate, target):
        await assert_counters_match_votes(proposal)
    fresh = await Proposal.get(id=duplicate.id)
    assert fresh.status == ProposalStatus.MERGED
    assert fresh.merged_into_id == target.id  # type: ignore[attr-defined]
    assert duplicate.status == ProposalStatus.MERGED  # the caller's instance is up to date
    assert await listed_count(field) == before - 1
    assert merge.dropped_votes == [[both.id, 1, "chambers"]]
    assert len(merge.moved_vote_ids) == 1
    change = await StatusChange.get(proposal_id=duplicate.id, to_status="merged")
    assert (change.from_status, change.reason) == ("published", "Gleiches Anliegen")
    audit = await AuditEntry.get(action="proposal.merge")
    assert (audit.actor_name, audit.target_id) == ("Moderatorin", duplicate.id)


async def test_votes_of_deleted_accounts_move_to_the_target() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    leaving = await make_user()
    await make_vote(duplicate, leaving, 1)
    await make_vote(target, await make_user(), 1)
    await leaving.delete()

    await merge_proposals(duplicate=duplicate, into=target, moderator=await make_user())

    assert (None, 1, "citizens") in await votes_of(target)
    assert (await Proposal.get(id=target.id)).supports == 2
    await assert_counters_match_votes(target)


async def test_supporters_of_the_duplicate_are_told_where_their_support_went() -> None:
    field = await make_field()
    duplicate = await make_proposal(field, title="Radwege am Phoenix-See")
    target = await make_proposal(field, title="Mehr Radwege im Süden")
    moved_supporter, dropped_supporter, opponent = (
        await make_user(),
        await make_user(),
        await make_user(),
    )
    await make_vote(duplicate, moved_supporter, 1)
    await make_vote(duplicate, dropped_supporter, 1)
    await make_vote(target, dropped_supporter, 1)
    await make_vote(duplicate, opponent, -1)

    await merge_proposals(duplicate=duplicate, into=target, moderator=await make_user())

    notified = await Notification.filter(kind=NotificationKind.MERGED)
    authors = {duplicate.author_id, target.author_id}  # type: ignore[attr-defined]
    supporters = {n.user_id for n in notified} - authors  # type: ignore[attr-defined]
    assert supporters == {moved_supporter.id, dropped_supporter.id}
    assert all("Mehr Radwege im Süden" in n.text for n in notified)
    assert all(n.proposal_id == target.id for n in notified)  # type: ignore[attr-defined]


async def test_undo_restores_the_exact_votes_and_counters() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    both, only_duplicate = await make_user(), await make_user()
    await make_vote(duplicate, both, 1, StakeholderGroup.CHAMBERS)
    await make_vote(target, both, -1)
    await make_vote(duplicate, only_duplicate, -1, StakeholderGroup.SCIENCE)
    await make_vote(target, await make_user(), 1)
    duplicate_votes, target_votes = await votes_of(duplicate), await votes_of(target)
    moved_id = (await Vote.get(proposal_id=duplicate.id, voter_id=only_duplicate.id)).id
    before = await listed_count(field)
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)

    await undo_merge(merge=merge, moderator=moderator)

    assert await votes_of(duplicate) == duplicate_votes
    assert await votes_of(target) == target_votes
    assert moved_id in await vote_ids_of(duplicate)  # the very same row moved back
    for proposal in (duplicate, target):
        await assert_counters_match_votes(proposal)
    fresh = await Proposal.get(id=duplicate.id)
    assert (fresh.status, fresh.merged_into_id) == (ProposalStatus.PUBLISHED, None)  # type: ignore[attr-defined]
    assert (fresh.supports, fresh.opposes) == (1, 1)
    assert await listed_count(field) == before
    assert (await Merge.get(id=merge.id)).undone_at is not None
    assert await AuditEntry.filter(action="proposal.merge_undo").count() == 1
    with pytest.raises(MergeError):
        await undo_merge(merge=merge, moderator=moderator)


async def test_undo_is_refused_after_a_vote_changed() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    voter = await make_user()
    await make_vote(duplicate, voter, 1)
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await cast_vote(proposal=target, voter=voter, value=-1, group=StakeholderGroup.CITIZENS)

    with pytest.raises(MergeError):
        await undo_merge(merge=merge, moderator=moderator)

    assert (await Proposal.get(id=duplicate.id)).status == ProposalStatus.MERGED
    await assert_counters_match_votes(target)


async def test_undo_is_refused_after_a_moved_vote_was_withdrawn() -> None:
    field = await make_field()
    duplicate, target = await make_proposal(field), await make_proposal(field)
    voter = await make_user()
    await make_vote(duplicate, voter, 1)
    moderator = await make_user()
    merge = await merge_proposals(duplicate=duplicate, into=target, moderator=moderator)
    await cast_vote(proposal=target, voter=voter, value=0, group=StakeholderGroup.CITIZENS)

    with pytest.raises(MergeError):
        await undo_merge(merge=merge, moderator=moderator)


async def test_merging_across_masterplans_is_refused() -> None:
    duplicate, target = await make_proposal(), await make_proposal()
    await make_vote(duplicate)

    with pytest.raises(MergeError):
        await merge_proposals(duplicate=duplicate, into=target, moderator=await make_user())

    assert (await Proposal.get(id=duplicate.id)).status == ProposalStatus.PUBLISHED
    assert await Vote.filter(proposal_id=duplicate.id).count() == 1


async def test_merging_an_unlisted_or_the_same_proposal_is_refused() -> None:
    field = await make_field()
    hidden = await make_proposal(field, status=ProposalStatus.HIDDEN)
    target = await make_proposal(field)
    moderator = await make_user()

    with pytest.raises(MergeError):
        await merge_proposals(duplicate=hidden, into=target, moderator=moderator)
    with pytest.raises(MergeError):
        await merge_proposals(duplicate=target, into=target, moderator=moderator)
