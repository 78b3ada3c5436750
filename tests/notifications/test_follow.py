from __future__ import annotations

import httpx

from participation.notifications.models import Follow
from participation.notifications.services import follow, set_following, toggle_follow, unfollow
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in
from tests.comments.helpers import fragment_root, htmx_post
from tests.factories import make_proposal, make_user


async def _followers(proposal: Proposal) -> int:
    await proposal.refresh_from_db(fields=["follower_count"])
    assert proposal.follower_count == await Follow.filter(proposal_id=proposal.id).count()
    return proposal.follower_count


async def test_follow_and_unfollow_as_forms_toggle_the_follow_and_its_counter(
    client: httpx.AsyncClient,
) -> None:
    user = await sign_in(client, await make_person())
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    assert 'aria-pressed="false"' in (await client.get(page)).text
    response = await post_form(client, f"{page}/follow", token_from=page)
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}#follow-box"
    assert await Follow.exists(user_id=user.id, proposal_id=proposal.id)
    assert await _followers(proposal) == 1
    box = (await client.get(page)).text.split('id="follow-box"', 1)[1]
    assert 'aria-pressed="true"' in box.split("</button>", 1)[0]
    await post_form(client, f"{page}/follow", token_from=page)
    assert await _followers(proposal) == 0


async def test_follow_with_htmx_returns_just_the_follow_box(client: httpx.AsyncClient) -> None:
    await sign_in(client, await make_person())
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    response = await htmx_post(client, f"{page}/follow", {"following": "true"}, token_from=page)
    assert response.status_code == 200
    assert fragment_root(response.text).startswith('<div id="follow-box"')
    assert "<html" not in response.text and 'id="comments"' not in response.text
    assert 'aria-pressed="true"' in response.text
    assert shown("You follow this proposal.") in response.text
    again = await htmx_post(client, f"{page}/follow", {"following": "true"}, token_from=page)
    assert 'aria-pressed="true"' in again.text  # asking for the same state changes nothing
    assert await _followers(proposal) == 1
    off = await htmx_post(client, f"{page}/follow", {"following": "false"}, token_from=page)
    assert 'aria-pressed="false"' in off.text
    assert await _followers(proposal) == 0


async def test_anonymous_follow_is_sent_to_sign_in(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    page = f"/proposals/{proposal.id}"
    assert shown("Sign in to follow this proposal") in (await client.get(page)).text
    response = await post_form(client, f"{page}/follow")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login")
    assert await _followers(proposal) == 0


async def test_following_a_withdrawn_proposal_is_refused_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    author = await sign_in(client, await make_person())
    proposal = await make_proposal(author=author, status=ProposalStatus.WITHDRAWN)
    page = f"/proposals/{proposal.id}"
    response = await post_form(client, f"{page}/follow", token_from=page)
    assert response.status_code == 403
    assert shown("This proposal is closed.") in response.text
    assert await _followers(proposal) == 0


async def test_following_twice_counts_once_and_unfollowing_twice_never_goes_below_zero(
    db: None,
) -> None:
    user = await make_user()
    proposal = await make_proposal()
    assert await follow(user=user, proposal=proposal) is True
    assert await follow(user=user, proposal=proposal) is False
    assert await _followers(proposal) == 1
    assert await unfollow(user=user, proposal=proposal) is True
    assert await unfollow(user=user, proposal=proposal) is False
    assert await _followers(proposal) == 0


async def test_toggle_and_set_following_report_the_new_state(db: None) -> None:
    user = await make_user()
    proposal = await make_proposal()
    assert await toggle_follow(user=user, proposal=proposal) is True
    assert await toggle_follow(user=user, proposal=proposal) is False
    assert await set_following(user=user, proposal=proposal, following=True) is True
    assert await set_following(user=user, proposal=proposal, following=True) is True
    assert await _followers(proposal) == 1
