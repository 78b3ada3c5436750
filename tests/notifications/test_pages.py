from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from participation.accounts.models import User
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.queries import unread_count
from participation.proposals.models import Proposal
from tests.auth import make_person, post_form, shown, sign_in
from tests.comments.helpers import fragment_root, htmx_post
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_proposal

PAGE = "/account/notifications"


async def _notifications(user: User, proposal: Proposal, count: int) -> None:
    await Notification.bulk_create(
        [
            Notification(
                user=user,
                kind=NotificationKind.STATUS_CHANGED,
                proposal=proposal,
                text=f"Nummer {n:02d}",
            )
            for n in range(count)
        ]
    )


def _texts(html: str) -> list[str]:
    return re.findall(r">(Nummer \d+)</a>", html)


async def test_notifications_page_lists_newest_first_thirty_at_a_time(
    client: httpx.AsyncClient,
) -> None:
    user = await sign_in(client, await make_person())
    await _notifications(user, await make_proposal(), 65)
    seen: list[str] = []
    url: str | None = PAGE
    pages = 0
    while url:
        response = await client.get(url)
        assert response.status_code == 200
        seen += _texts(response.text)
        match = re.search(r'rel="next" href="([^"]+)"', response.text)
        url = match.group(1) if match else None
        pages += 1
    assert pages == 3
    assert seen == [f"Nummer {n:02d}" for n in reversed(range(65))]


async def test_notification_links_to_the_comment_and_unread_ones_stand_out(
    client: httpx.AsyncClient,
) -> None:
    user = await sign_in(client, await make_person())
    proposal = await make_proposal()
    comment = await make_comment(proposal)
    await Notification.create(
        user=user,
        kind=NotificationKind.STATUS_CHANGED,
        proposal=proposal,
        text="Gelesen",
        read_at=datetime.now(UTC),
    )
    await Notification.create(
        user=user, kind=NotificationKind.MODERATED, proposal=proposal, comment=comment, text="Neu"
    )
    html = (await client.get(PAGE)).text
    assert (
        f'href="/proposals/{proposal.id}?comment={comment.id}#comment-{comment.id}">Neu</a>' in html
    )
    unread = html[html.index("notification--unread") : html.index(">Neu</a>")]
    assert shown("Unread") in unread
    read = html[html.index(">Neu</a>") :]
    assert "Gelesen" in read and shown("Unread") not in read


async def test_mark_all_read_as_a_form_redirects_back(client: httpx.AsyncClient) -> None:
    user = await sign_in(client, await make_person())
    await _notifications(user, await make_proposal(), 3)
    assert await unread_count(user) == 3
    response = await post_form(client, f"{PAGE}/read", token_from=PAGE)
    assert response.status_code == 303 and response.headers["location"] == PAGE
    assert await unread_count(user) == 0
    assert "notification--unread" not in (await client.get(PAGE)).text


async def test_mark_all_read_with_htmx_returns_just_the_list(client: httpx.AsyncClient) -> None:
    user = await sign_in(client, await make_person())
    await _notifications(user, await make_proposal(), 2)
    response = await htmx_post(client, f"{PAGE}/read", {}, token_from=PAGE)
    assert response.status_code == 200
    assert fragment_root(response.text).startswith('<div id="notifications"')
    assert "<html" not in response.text and "notification--unread" not in response.text
    assert shown("All notifications are marked as read.") in response.text
    assert await unread_count(user) == 0


async def test_unread_count_counts_only_ones_own_unread_notifications(db: None) -> None:
    me, other = await make_person(), await make_person()
    proposal = await make_proposal()
    await _notifications(me, proposal, 2)
    await _notifications(other, proposal, 5)
    first = await Notification.filter(user_id=me.id).first()
    assert first is not None
    await Notification.filter(id=first.id).update(read_at=datetime.now(UTC))
    assert await unread_count(me) == 1
    assert await unread_count(other) == 5


async def test_notifications_page_needs_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get(PAGE)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login")


async def test_notifications_page_queries_do_not_grow_with_the_number_of_notifications(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    user = await sign_in(client, await make_person())
    proposal = await make_proposal()
    await _notifications(user, proposal, 2)
    await client.get("/")  # the header's masterplans: read once, then kept
    count_queries.statements.clear()
    await client.get(PAGE)
    few = count_queries.count
    await _notifications(user, proposal, 40)
    count_queries.statements.clear()
    await client.get(PAGE)
    assert count_queries.count == few
