"""The admins' view of mail that could not be delivered."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from participation.accounts.models import Role
from participation.mail.models import OutboxMessage, OutboxStatus
from tests.auth import post_form, sign_in_as


async def failed_mail(subject: str = "Bitte bestätigen Sie Ihre Adresse") -> OutboxMessage:
    return await OutboxMessage.create(
        recipient="anna@example.org",
        subject=subject,
        body="…",
        status=OutboxStatus.FAILED,
        attempts=5,
        last_error="SMTPConnectError: connection refused",
        next_attempt_at=datetime.now(UTC),
    )


async def test_failed_mails_are_listed_with_their_error(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await failed_mail()
    await OutboxMessage.create(
        recipient="b@example.org",
        subject="Schon gesendet",
        body="…",
        status=OutboxStatus.SENT,
        next_attempt_at=datetime.now(UTC),
    )
    text = (await client.get("/admin/outbox")).text
    assert "anna@example.org" in text
    assert "Bitte bestätigen Sie Ihre Adresse" in text
    assert "SMTPConnectError: connection refused" in text
    assert "Schon gesendet" not in text


async def test_retry_puts_a_failed_mail_back_in_the_queue(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    message = await failed_mail()
    response = await post_form(
        client, "/admin/outbox", {"action": "retry", "message": str(message.id)}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/outbox"
    await message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING and message.attempts == 0
    assert "anna@example.org" not in (await client.get("/admin/outbox")).text


async def test_retrying_twice_does_no_harm(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    message = await failed_mail()
    for _ in range(2):
        response = await post_form(
            client, "/admin/outbox", {"action": "retry", "message": str(message.id)}
        )
        assert response.status_code == 303
    await message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
