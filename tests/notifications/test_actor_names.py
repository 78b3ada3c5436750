"""Notifications that name a person read the name from the person, not from a copy: a new
name shows at once, and once the account is deleted it is "deleted account" in every other
person's list, export and digest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from tortoise import connections

from participation.accounts.models import NotificationMode, User
from participation.accounts.privacy import erase, personal_data
from participation.db import migrate, open_database
from participation.notifications.models import Notification
from participation.notifications.queries import notification_page
from participation.notifications.services import follow, send_daily_digests
from tests.auth import make_person, post_form, shown, sign_in
from tests.comments.helpers import htmx_post
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_proposal, make_user
from tests.test_migrations import OLD_ROWS, database_at

pytestmark = pytest.mark.usefixtures("db")

PAGE = "/account/notifications"


async def _talked_to(*listeners: User, speaker: User) -> None:
    """``speaker`` answers the first listener's comment on a proposal all of them follow."""
    proposal = await make_proposal(title="WLAN für alle Schulen")
    for user in listeners:
        await follow(user=user, proposal=proposal)
    question = await make_comment(proposal, author=listeners[0])
    await make_comment(proposal, author=speaker, parent=question)


async def test_a_deleted_persons_name_is_gone_from_every_other_persons_notifications(
    client: httpx.AsyncClient,
) -> None:
    asker, follower = await make_person(), await make_person()
    speaker = await make_user(display_name="Hannelore Quast")
    await _talked_to(asker, follower, speaker=speaker)
    await sign_in(client, asker)
    assert "Hannelore Quast" in (await client.get(PAGE)).text

    await erase(speaker)

    for person in (asker, follower):
        await sign_in(client, person)
        page = (await client.get(PAGE)).text
        assert "Hannelore Quast" not in page and shown("deleted account") in page
        assert "Hannelore Quast" not in str(await personal_data(person))
    stored = await Notification.all().values_list("text", flat=True)
    assert stored and not any("Hannelore" in text for text in stored)


async def test_a_renamed_person_is_named_by_the_new_name(client: httpx.AsyncClient) -> None:
    asker = await make_person()
    speaker = await make_user(display_name="Jana Alt")
    await _talked_to(asker, speaker=speaker)
    speaker.display_name = "Jana Neu"
    await speaker.save(update_fields=["display_name"])
    await sign_in(client, asker)
    page = (await client.get(PAGE)).text
    assert "Jana Neu" in page and "Jana Alt" not in page


async def test_the_daily_digest_names_the_current_name() -> None:
    asker = await make_user(notification_mode=NotificationMode.DAILY_DIGEST)
    speaker = await make_user(display_name="Otto Weg")
    await _talked_to(asker, speaker=speaker)
    await erase(speaker)
    from participation.mail.models import OutboxMessage

    assert await send_daily_digests(base_url="https://example.org", now=datetime.now(UTC)) == 1
    [mail] = await OutboxMessage.filter(recipient=asker.email)
    assert "Otto Weg" not in mail.body and shown("deleted account") in mail.body


async def test_the_list_reads_the_names_of_many_people_in_the_same_queries(
    count_queries: QueryCounter,
) -> None:
    async def queries_for(speakers: int) -> int:
        listener = await make_user()
        for _ in range(speakers):
            await _talked_to(listener, speaker=await make_user())
        count_queries.statements.clear()
        page = await notification_page(listener)
        assert len({n.summary for n in page.notifications}) == speakers
        return count_queries.count

    assert await queries_for(2) == await queries_for(12)


async def test_mark_all_read_with_htmx_clears_the_headers_count(client: httpx.AsyncClient) -> None:
    asker = await sign_in(client, await make_person())
    await _talked_to(asker, speaker=await make_user())
    assert 'id="unread-badge"> <span class="kern-badge' in (await client.get(PAGE)).text
    response = await htmx_post(client, f"{PAGE}/read", {}, token_from=PAGE)
    assert '<span id="unread-badge" data-hx-swap-oob="true"></span>' in response.text


async def test_mark_all_read_without_javascript_clears_the_headers_count(
    client: httpx.AsyncClient,
) -> None:
    asker = await sign_in(client, await make_person())
    await _talked_to(asker, speaker=await make_user())
    response = await post_form(client, f"{PAGE}/read", token_from=PAGE)
    assert response.status_code == 303
    page = (await client.get(response.headers["location"])).text
    assert '<span id="unread-badge"></span>' in page


async def test_migration_0018_names_the_actor_and_drops_the_copied_name(tmp_path: Path) -> None:
    people = [
        "INSERT INTO account (id, email, display_name, role, language, is_active, created_at, "
        "notification_mode, suspension_reason) VALUES "
        f"({n}, 'p{n}@example.org', 'Person {n}', 'citizen', 'de', TRUE, "
        "'2026-01-01 00:00:00+00', 'instant', '')"
        for n in (1, 2)
    ]
    rows = [
        *OLD_ROWS,
        *people,
        "INSERT INTO comment (id, body, status, created_at, author_id, proposal_id, depth, "
        "moderation_reason) VALUES (1, 'Frage', 'published', '2026-01-02 00:00:00+00', 1, 1, "
        "0, '')",
        "INSERT INTO comment (id, body, status, created_at, author_id, proposal_id, depth, "
        "moderation_reason) VALUES (2, 'Gone', 'published', '2026-01-02 00:00:00+00', NULL, 1, "
        "0, '')",
        "INSERT INTO notification (id, user_id, kind, proposal_id, comment_id, text, "
        "created_at) VALUES (1, 2, 'reply', 1, 1, 'Person 1 hat geantwortet', "
        "'2026-01-02 00:00:00+00')",
        "INSERT INTO notification (id, user_id, kind, proposal_id, comment_id, text, "
        "created_at) VALUES (2, 2, 'comment', 1, 2, 'Gelöschte Person hat kommentiert', "
        "'2026-01-02 00:00:00+00')",
        "INSERT INTO notification (id, user_id, kind, proposal_id, text, created_at) "
        "VALUES (3, 2, 'status_changed', 1, 'Neuer Status', '2026-01-02 00:00:00+00')",
    ]
    async with database_at("0017_sort_balance", rows, tmp_path) as url:
        await migrate(url)
        async with open_database(url):
            found = await connections.get("default").execute_query_dict(
                "SELECT id, actor_id, text FROM notification ORDER BY id"
            )
    assert [(r["actor_id"], r["text"]) for r in found] == [
        (1, ""),
        (None, ""),
        (None, "Neuer Status"),
    ]
