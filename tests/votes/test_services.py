from __future__ import annotations

import pytest
from tortoise.functions import Count

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, balanced, consensus, wilson
from participation.votes.services import VoteError, cast_vote, rescore_masterplan
from tests.factories import add_votes, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def recount(proposal: Proposal) -> dict[tuple[str, int], int]:
    rows = await (
        Vote.filter(proposal_id=proposal.id)
        .annotate(n=Count("id"))
        .group_by("stakeholder_group", "value")
        .values("stakeholder_group", "value", "n")
    )
    return {(str(r["stakeholder_group"]), r["value"]): r["n"] for r in rows}


async def assert_counters_match_votes(proposal: Proposal) -> None:
    fresh = await Proposal.get(id=proposal.id)
    recounted = await recount(proposal)
    supports = sum(n for (_, value), n in recounted.items() if value == 1)
    opposes = sum(n for (_, value), n in recounted.items() if value == -1)
    assert (fresh.supports, fresh.opposes, fresh.vote_count) == (
        supports,
        opposes,
        supports + opposes,
    )
    assert fresh.wilson == pytest.approx(wilson(supports, opposes))
    weights = (await Masterplan.get(id=fresh.masterplan_id)).ranking_weights  # type: ignore[attr-defined]
    counts = [
        GroupCount(g.value, recounted.get((g.value, 1), 0), recounted.get((g.value, -1), 0))
        for g in StakeholderGroup
    ]
    assert fresh.balanced == pytest.approx(balanced(counts, weights))
    assert fresh.consensus == pytest.approx(consensus(counts))
    for tally in await VoteTally.filter(proposal_id=proposal.id):
        group = tally.stakeholder_group.value
        assert tally.supports == recounted.get((group, 1), 0)
        assert tally.opposes == recounted.get((group, -1), 0)


async def test_support_counts_in_the_voters_group() -> None:
    proposal = await make_proposal()
    await cast_vote(
        proposal=proposal, voter=await make_user(), value=1, group=StakeholderGroup.CHAMBERS
    )
    tally = await VoteTally.get(proposal_id=proposal.id)
    assert (tally.stakeholder_group, tally.supports, tally.opposes) == (
        StakeholderGroup.CHAMBERS,
        1,
        0,
    )
    await assert_counters_match_votes(proposal)


async def test_changing_a_vote_moves_it_instead_of_adding_one() -> None:
    proposal, voter = await make_proposal(), await make_user()
    await cast_vote(proposal=proposal, voter=voter, value=1, group=StakeholderGroup.CITIZENS)
    await cast_vote(proposal=proposal, voter=voter, value=-1, group=StakeholderGroup.CITIZENS)
    fresh = await Proposal.get(id=proposal.id)
    assert (fresh.supports, fresh.opposes) == (0, 1)
    assert await Vote.filter(proposal_id=proposal.id).count() == 1
    await assert_counters_match_votes(proposal)


async def test_withdrawing_a_vote_removes_it_from_every_counter() -> None:
    proposal, voter = await make_proposal(), await make_user()
    await cast_vote(proposal=proposal, voter=voter, value=1, group=StakeholderGroup.SCIENCE)
    withdrawn = await cast_vote(
        proposal=proposal, voter=voter, value=0, group=StakeholderGroup.SCIENCE
    )
    assert withdrawn.value == 0
    fresh = await Proposal.get(id=proposal.id)
    assert (fresh.supports, fresh.opposes, fresh.vote_count, fresh.wilson) == (0, 0, 0, 0.0)
    await assert_counters_match_votes(proposal)


async def test_a_sequence_of_votes_keeps_counters_equal_to_a_recount() -> None:
    proposal = await make_proposal()
    people = [await make_user() for _ in range(6)]
    groups = list(StakeholderGroup)
    for step, value in enumerate([1, -1, 1, 0, 1, -1, -1, 1, 0, 1, 1, -1]):
        person = people[step % len(people)]
        await cast_vote(
            proposal=proposal,
            voter=person,
            value=value,
            group=groups[people.index(person) % len(groups)],
        )
        await assert_counters_match_votes(proposal)


async def test_a_vote_other_than_plus_or_minus_one_is_refused() -> None:
    with pytest.raises(VoteError):
        await cast_vote(
            proposal=await make_proposal(),
            voter=await make_user(),
            value=2,
            group=StakeholderGroup.CITIZENS,
        )


async def test_the_database_refuses_a_second_vote_row_for_the_same_person() -> None:
    from tortoise.exceptions import IntegrityError

    proposal, voter = await make_proposal(), await make_user()
    await cast_vote(proposal=proposal, voter=voter, value=1, group=StakeholderGroup.CITIZENS)
    with pytest.raises(IntegrityError):
        await Vote.create(
            proposal=proposal, voter=voter, value=1, stakeholder_group=StakeholderGroup.CITIZENS
        )


async def test_balanced_follows_the_masterplans_weights_after_a_rescore() -> None:
    proposal = await make_proposal()
    await add_votes(proposal, StakeholderGroup.CHAMBERS, supports=5, opposes=0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, supports=0, opposes=40)
    masterplan = await Masterplan.get(id=proposal.masterplan_id)  # type: ignore[attr-defined]
    equal = (await Proposal.get(id=proposal.id)).balanced
    masterplan.ranking_weights = {"citizens": 0.0}
    await masterplan.save(update_fields=["ranking_weights"])
    assert await rescore_masterplan(masterplan) == 1
    chambers_only = (await Proposal.get(id=proposal.id)).balanced
    assert chambers_only == pytest.approx(wilson(5, 0))
    assert chambers_only > equal
    await assert_counters_match_votes(proposal)


async def test_a_proposal_without_votes_stores_the_neutral_consensus() -> None:
    proposal = await make_proposal()
    voter = await make_user()
    await cast_vote(proposal=proposal, voter=voter, value=1, group=StakeholderGroup.CITIZENS)
    await cast_vote(proposal=proposal, voter=voter, value=0, group=StakeholderGroup.CITIZENS)
    fresh = await Proposal.get(id=proposal.id)
    untouched = await Proposal.get(id=(await make_proposal()).id)
    assert fresh.consensus == pytest.approx(untouched.consensus)
    assert (fresh.balanced, fresh.wilson) == (0.0, 0.0)
