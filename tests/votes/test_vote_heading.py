"""The vote box says "Your vote" only to people who can cast one on the proposal
(proposals.permissions.can_vote); everyone else reads the counts under "Votes"."""

from __future__ import annotations

import httpx
import pytest

from participation.masterplans.models import Phase
from tests.auth import make_person, shown, sign_in
from tests.factories import make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")


def _heading(html: str) -> str:
    box = html.split('id="vote-heading">', 1)[1]
    return box.split("</h2>", 1)[0]


async def test_an_anonymous_visitor_reads_votes_not_your_vote(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    html = (await client.get(f"/proposals/{proposal.id}")).text
    assert _heading(html) == shown("Votes")
    assert shown("Your vote") not in html


async def test_a_participant_who_can_vote_reads_your_vote(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    await sign_in(client, await make_person())
    assert _heading((await client.get(f"/proposals/{proposal.id}")).text) == shown("Your vote")


async def test_a_participant_reads_votes_where_voting_is_closed(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(await make_masterplan(phase=Phase.DRAFTING))
    proposal = await make_proposal(field)
    await sign_in(client, await make_person())
    assert _heading((await client.get(f"/proposals/{proposal.id}")).text) == shown("Votes")
