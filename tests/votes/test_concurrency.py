"""Fifty people vote on one proposal at the same moment, each twice: nothing is lost and
nobody counts twice (DESIGN §4: counters change in the vote's own transaction)."""

from __future__ import annotations

import asyncio

import pytest

from participation.accounts.models import StakeholderGroup
from participation.votes.models import Vote
from participation.votes.services import cast_vote
from tests.factories import make_proposal, make_user
from tests.votes.test_services import assert_counters_match_votes

pytestmark = pytest.mark.usefixtures("db")
GROUPS = list(StakeholderGroup)


async def test_fifty_simultaneous_voters_voting_twice_leave_exact_counters() -> None:
    proposal = await make_proposal()
    people = [await make_user() for _ in range(50)]

    async def vote_twice(index: int) -> None:
        person, group = people[index], GROUPS[index % len(GROUPS)]
        first, second = (1, -1) if index % 3 else (1, 1)
        await asyncio.gather(
            cast_vote(proposal=proposal, voter=person, value=first, group=group),
            cast_vote(proposal=proposal, voter=person, value=second, group=group),
        )

    await asyncio.gather(*(vote_twice(i) for i in range(50)))
    assert await Vote.filter(proposal=proposal).count() == 50  # one per person
    assert await Vote.filter(proposal=proposal).distinct().values_list("voter_id", flat=True)
    await assert_counters_match_votes(proposal)
