"""What moderation hides stays hidden (DESIGN.md §3): a hidden proposal or comment appears
nowhere a visitor or another participant looks, and nothing can be done with it; its author
and the moderators still see it, with the reason."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from participation.accounts.models import Role, User
from participation.comments.models import Comment
from participation.i18n import language, ngettext
from participation.masterplans.models import Masterplan
from participation.moderation import services
from participation.proposals.models import CoSignature, Proposal
from participation.proposals.queries import Sort
from participation.votes.models import Vote
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import open_client
from tests.factories import (
    make_comment,
    make_field,
    make_organization,
    make_proposal,
    make_user,
    make_vote,
)

HIDDEN_TITLE = "Glasfaser für alle Schulen in Hörde"
SHOWN_TITLE = "Glasfaser für alle Schulen in Aplerbeck"
HIDDEN_COMMENT = "Kaufen Sie Glasfaser bei uns im Laden"
PROPOSAL_REASON = "Werbung für ein Unternehmen"
COMMENT_REASON = "Werbung im Kommentar"
VIEWERS = ["visitor", "citizen"]


@dataclass(frozen=True)
class Scene:
    masterplan: Masterplan
    shown: Proposal
    hidden: Proposal  # newest, most supported, most discussed: first in every sort if listed
    author: User  # wrote the hidden proposal and the hidden comment


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


@pytest.fixture
async def scene(db: None) -> Scene:
    field = await make_field()
    author = await make_person()
    shown_proposal = await make_proposal(field, title=SHOWN_TITLE)
    await make_comment(shown_proposal, body="Gute Idee für die Schulen")
    hidden = await make_proposal(field, author, title=HIDDEN_TITLE)
    for _ in range(3):
        await make_vote(hidden)
        await make_comment(hidden)
    comment = await make_comment(shown_proposal, author, body=HIDDEN_COMMENT)
    moderator = await make_user()
    await services.hide_proposal(proposal=hidden, moderator=moderator, reason=PROPOSAL_REASON)
    await services.hide_comment(comment=comment, moderator=moderator, reason=COMMENT_REASON)
    return Scene(await field.masterplan, shown_proposal, hidden, author)


async def _look_as(client: httpx.AsyncClient, viewer: str) -> None:
    if viewer == "citizen":
        await sign_in(client, await make_person())


def _counted(singular: str, plural: str, n: int) -> str:
    with language("de"):
        return ngettext(singular, plural, n) % {"num": n}


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_hidden_proposal_is_in_no_sort_of_the_list(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    for sort in Sort:
        for headers in ({}, {"HX-Request": "true"}):
            page = await client.get(
                f"/masterplans/{scene.masterplan.slug}/proposals?sort={sort.value}",
                headers=headers,
            )
            assert SHOWN_TITLE in page.text, sort
            assert HIDDEN_TITLE not in page.text, sort


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_search_does_not_find_a_hidden_proposal(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    path = f"/masterplans/{scene.masterplan.slug}/proposals"
    found = await client.get(path, params={"q": "Glasfaser Schulen"})
    assert SHOWN_TITLE in found.text
    assert HIDDEN_TITLE not in found.text
    only_hidden = await client.get(path, params={"q": "Hörde"})
    assert HIDDEN_TITLE not in only_hidden.text
    assert SHOWN_TITLE not in only_hidden.text


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_the_masterplan_and_home_pages_leave_a_hidden_proposal_out_of_tops_and_counts(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    one, two = (_counted("%(num)s proposal", "%(num)s proposals", n) for n in (1, 2))
    for path in (f"/masterplans/{scene.masterplan.slug}", "/"):
        page = await client.get(path)
        assert SHOWN_TITLE in page.text, path
        assert HIDDEN_TITLE not in page.text, path
        assert one in page.text and two not in page.text, path


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_hidden_proposal_is_not_suggested_as_a_duplicate_while_typing(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    suggestions = await client.get(
        f"/masterplans/{scene.masterplan.slug}/proposals/similar",
        params={"title": "Glasfaser für Schulen in Hörde"},
        headers={"HX-Request": "true"},
    )
    assert SHOWN_TITLE in suggestions.text
    assert HIDDEN_TITLE not in suggestions.text


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_hidden_proposals_page_is_not_found(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    page = await client.get(f"/proposals/{scene.hidden.id}")
    assert page.status_code == 404
    assert HIDDEN_TITLE not in page.text


async def test_another_participant_can_neither_vote_on_cosign_nor_comment_a_hidden_proposal(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    partner = await sign_in(client, await make_person(await make_organization()))
    path = f"/proposals/{scene.hidden.id}"
    token_from = f"/proposals/{scene.shown.id}"
    votes = await Vote.filter(proposal_id=scene.hidden.id).count()

    vote = await post_form(client, f"{path}/vote", {"vote": "support"}, token_from=token_from)
    cosign = await post_form(client, f"{path}/cosign", token_from=token_from)
    comment = await post_form(
        client, f"{path}/comments", {"body": "Ich bin dafür."}, token_from=token_from
    )

    assert (vote.status_code, cosign.status_code, comment.status_code) == (404, 404, 404)
    assert await Vote.filter(proposal_id=scene.hidden.id).count() == votes
    assert not await Vote.exists(voter_id=partner.id)
    assert not await CoSignature.exists(proposal_id=scene.hidden.id)
    assert not await Comment.exists(author_id=partner.id)


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_hidden_comment_is_not_in_the_thread_nor_in_the_count(
    client: httpx.AsyncClient, scene: Scene, viewer: str
) -> None:
    await _look_as(client, viewer)
    page = await client.get(f"/proposals/{scene.shown.id}")
    assert page.status_code == 200
    assert "Gute Idee für die Schulen" in page.text
    assert HIDDEN_COMMENT not in page.text
    assert COMMENT_REASON not in page.text
    listed = await client.get(f"/masterplans/{scene.masterplan.slug}/proposals")
    assert _counted("%(num)s comment", "%(num)s comments", 1) in listed.text


async def test_the_author_still_sees_the_hidden_proposal_and_comment_with_the_reason(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    await sign_in(client, scene.author)
    proposal_page = await client.get(f"/proposals/{scene.hidden.id}")
    assert proposal_page.status_code == 200
    assert shown("Moderation has hidden your proposal: only you can see it.") in proposal_page.text
    assert PROPOSAL_REASON in proposal_page.text
    thread = await client.get(f"/proposals/{scene.shown.id}")
    assert HIDDEN_COMMENT in thread.text
    assert shown("Moderation has hidden your comment: only you can see it.") in thread.text
    assert COMMENT_REASON in thread.text


async def test_moderators_see_what_is_hidden_with_the_reason(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    queue = await client.get("/moderation")
    assert queue.status_code == 200
    for text in (HIDDEN_TITLE, PROPOSAL_REASON, HIDDEN_COMMENT, COMMENT_REASON):
        assert text in queue.text


async def test_moderators_open_a_hidden_proposal_from_the_queue_but_cannot_vote_on_it(
    client: httpx.AsyncClient, scene: Scene
) -> None:
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get(f"/proposals/{scene.hidden.id}")
    assert page.status_code == 200
    assert PROPOSAL_REASON in page.text
    assert (
        shown("Moderation has hidden this proposal: only its author and the moderation can see it.")
        in page.text
    )
    vote = await post_form(client, f"/proposals/{scene.hidden.id}/vote", {"vote": "support"})
    assert vote.status_code == 403
    assert await Vote.filter(proposal_id=scene.hidden.id).count() == 3
