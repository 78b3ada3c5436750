"""How many statements a vote sends (issue 18), and that the short way stays exact: a vote
holds its proposal's row lock, and every statement under it is one more that each other
voter on the proposal waits for."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.proposals.models import Proposal
from participation.votes.models import Vote
from participation.votes.queries import ballot
from participation.votes.services import cast_vote
from tests.auth import csrf_token, make_person, sign_in
from tests.conftest import ON_POSTGRES, QueryCounter
from tests.factories import make_organization, make_proposal, make_user
from tests.votes.test_services import assert_counters_match_votes

pytestmark = pytest.mark.usefixtures("db")


async def test_a_vote_after_its_ballot_sends_one_statement_on_postgres(
    count_queries: QueryCounter,
) -> None:
    proposal, voter = await make_proposal(), await make_user()
    for value in (1, -1, 0):
        read = await ballot(proposal.id, voter)
        assert read is not None
        count_queries.statements.clear()
        await cast_vote(
            proposal=proposal, voter=voter, value=value, group=read.group, seen=read.seen
        )
        # PostgreSQL: one statement; SQLite: the state and three writes in one transaction.
        assert count_queries.count == (1 if ON_POSTGRES else 4), count_queries.statements
        await assert_counters_match_votes(proposal)


async def test_a_vote_on_what_changed_since_its_ballot_is_worked_out_again(
    count_queries: QueryCounter,
) -> None:
    proposal = await make_proposal()
    first, second = await make_user(), await make_user()
    stale = await ballot(proposal.id, second)
    assert stale is not None
    await cast_vote(proposal=proposal, voter=first, value=1, group=StakeholderGroup.CHAMBERS)
    count_queries.statements.clear()
    await cast_vote(proposal=proposal, voter=second, value=-1, group=stale.group, seen=stale.seen)
    if ON_POSTGRES:  # the write that found the row changed, a fresh read, the write again
        assert count_queries.count == 3, count_queries.statements
    fresh = await Proposal.get(id=proposal.id)
    assert (fresh.supports, fresh.opposes) == (1, 1)
    await assert_counters_match_votes(proposal)


async def test_a_persons_two_votes_from_the_same_ballot_leave_one_vote() -> None:
    proposal, voter = await make_proposal(), await make_user()
    read = await ballot(proposal.id, voter)
    assert read is not None
    for value in (1, -1):  # a second click answered from the same page
        await cast_vote(
            proposal=proposal, voter=voter, value=value, group=read.group, seen=read.seen
        )
    assert [v.value for v in await Vote.filter(proposal_id=proposal.id)] == [-1]
    await assert_counters_match_votes(proposal)


async def test_a_vote_is_answered_without_reading_the_votes_again(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    proposal = await make_proposal()
    await sign_in(client, await make_person(await make_organization()))
    token = await csrf_token(client, f"/proposals/{proposal.id}")
    for value in ("support", "oppose", "withdraw"):
        count_queries.statements.clear()
        response = await client.post(
            f"/proposals/{proposal.id}/vote",
            data={"vote": value},
            headers={"HX-Request": "true", "X-CSRF-Token": token},
        )
        assert response.status_code == 200
        after_the_vote = count_queries.statements[-1]
        assert after_the_vote.startswith(("WITH", "UPDATE")), count_queries.statements
    assert 'id="group-breakdown"' in response.text
