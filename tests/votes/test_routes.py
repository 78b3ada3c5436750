from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import Masterplan, Phase
from participation.proposals.models import Proposal, ProposalStatus
from participation.votes.models import Vote, VoteTally
from tests.auth import csrf_token, make_person, post_form, shown, sign_in
from tests.factories import make_field, make_masterplan, make_organization, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _proposal(phase: Phase = Phase.COLLECTION, **overrides: object) -> Proposal:
    masterplan = await make_masterplan(phase=phase)
    return await make_proposal(await make_field(masterplan), **overrides)


async def test_support_then_oppose_then_withdraw_as_plain_forms(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _proposal()
    person = await sign_in(client, await make_person())
    url = f"/proposals/{proposal.id}/vote"
    response = await post_form(client, url, {"vote": "support"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/proposals/{proposal.id}#vote-box"
    assert (await Proposal.get(id=proposal.id)).supports == 1
    await post_form(client, url, {"vote": "oppose"})
    fresh = await Proposal.get(id=proposal.id)
    assert (fresh.supports, fresh.opposes) == (0, 1)
    await post_form(client, url, {"vote": "withdraw"})
    assert not await Vote.exists(proposal=proposal, voter=person)
    assert (await Proposal.get(id=proposal.id)).vote_count == 0


async def test_htmx_vote_returns_the_box_and_the_breakdown_out_of_band(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _proposal()
    await sign_in(client, await make_person(await make_organization()))  # a chamber
    token = await csrf_token(client, f"/proposals/{proposal.id}")
    response = await client.post(
        f"/proposals/{proposal.id}/vote",
        data={"vote": "support"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section id="vote-box"')
    assert 'aria-pressed="true"' in html and shown("Your vote is saved.") in html
    breakdown = 'id="group-breakdown" aria-labelledby="breakdown-heading" data-hx-swap-oob="true"'
    assert breakdown in html
    tally = await VoteTally.get(proposal=proposal, stakeholder_group=StakeholderGroup.CHAMBERS)
    assert tally.supports == 1


async def test_the_detail_page_shows_the_persons_own_vote(client: httpx.AsyncClient) -> None:
    proposal = await _proposal()
    await sign_in(client, await make_person())
    await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "oppose"})
    html = (await client.get(f"/proposals/{proposal.id}")).text
    assert shown("You oppose this proposal. Press “Oppose” again to withdraw your vote.") in html


@pytest.mark.parametrize(
    "phase", [Phase.PREPARATION, Phase.DRAFTING, Phase.CONSULTATION, Phase.ADOPTED]
)
async def test_voting_in_a_closed_phase_is_refused_with_the_reason(
    client: httpx.AsyncClient, phase: Phase
) -> None:
    proposal = await _proposal(phase)
    await sign_in(client, await make_person())
    response = await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"})
    assert response.status_code == 403
    assert shown("Not possible right now") in response.text
    assert not await Vote.exists()
    page = (await client.get(f"/proposals/{proposal.id}")).text
    assert 'name="vote"' not in page  # no buttons, the reason instead


async def test_voting_stays_open_in_evaluation(client: httpx.AsyncClient) -> None:
    proposal = await _proposal(Phase.EVALUATION)
    await sign_in(client, await make_person())
    response = await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"})
    assert response.status_code == 303 and await Vote.exists()


async def test_a_suspended_person_cannot_vote(client: httpx.AsyncClient) -> None:
    from datetime import UTC, datetime, timedelta

    proposal = await _proposal()
    await sign_in(
        client,
        await make_person(
            suspended_until=datetime.now(UTC) + timedelta(days=3), suspension_reason="Spam"
        ),
    )
    response = await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"})
    assert response.status_code == 403 and not await Vote.exists()


async def test_closed_proposals_take_no_votes(client: httpx.AsyncClient) -> None:
    proposal = await _proposal(status=ProposalStatus.MERGED)
    await sign_in(client, await make_person())
    response = await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"})
    assert response.status_code == 403 and not await Vote.exists()


async def test_visitors_are_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    proposal = await _proposal()
    response = await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "support"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login?next=")


async def test_an_htmx_vote_in_a_closed_phase_shows_the_reason_the_counts_and_the_own_vote(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _proposal()
    person = await sign_in(client, await make_person())
    await post_form(client, f"/proposals/{proposal.id}/vote", {"vote": "oppose"})
    masterplan = await Masterplan.get(id=proposal.masterplan_id)  # type: ignore[attr-defined]
    masterplan.phase = Phase.DRAFTING
    await masterplan.save(update_fields=["phase"])
    token = await csrf_token(client, f"/proposals/{proposal.id}")
    response = await client.post(
        f"/proposals/{proposal.id}/vote",
        data={"vote": "support"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200  # htmx swaps the box with the reason
    html = response.text
    assert 'name="vote"' not in html and shown("Votes") in html
    assert ">0</td>" in html and ">1</td>" in html  # the citizens' 0 : 1 in the breakdown
    assert shown("Your vote is saved.") not in html
    assert (await Vote.get(proposal=proposal, voter=person)).value == -1
