"""The admins' view of the mail queue: queued, sent and failed mail, and sending again."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import Role
from participation.admin.mail_queue import PAGE_SIZE, masked
from participation.mail.models import OutboxMessage, OutboxStatus
from tests.admin.mails import LINK
from tests.auth import PASSWORD, make_person, post_form, shown, sign_in_as
from tests.conftest import QueryCounter, open_client
from tests.factories import make_organization


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
    text = (await client.get("/admin/outbox", params={"status": "failed"})).text
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
    failed = await client.get("/admin/outbox", params={"status": "failed"})
    assert "anna@example.org" not in failed.text


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


async def queued(n: int, **values: object) -> list[OutboxMessage]:
    return [
        await OutboxMessage.create(
            recipient=f"person{i}@example.org",
            subject=f"Nachricht {i}",
            body="Hallo",
            next_attempt_at=datetime.now(UTC),
            **values,
        )
        for i in range(n)
    ]


def subjects_on(text: str) -> list[str]:
    return re.findall(r'id="message-\d+-subject">([^<]+)<', text)


async def test_queued_sent_and_failed_mails_are_listed_newest_first_with_their_times(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await OutboxMessage.create(
        recipient="a@example.org",
        subject="Gesendet",
        body="…",
        status=OutboxStatus.SENT,
        attempts=1,
        sent_at=datetime(2026, 11, 3, 9, 15, tzinfo=UTC),
        next_attempt_at=datetime.now(UTC),
    )
    await failed_mail("Gescheitert")
    await OutboxMessage.create(
        recipient="c@example.org",
        subject="Wartet",
        body="…",
        next_attempt_at=datetime(2026, 12, 24, 17, 0, tzinfo=UTC),
    )
    page = await client.get("/admin/outbox")
    assert page.status_code == 200
    assert subjects_on(page.text) == ["Wartet", "Gescheitert", "Gesendet"]
    assert "03.11.26, 10:15" in page.text  # sent, in Dortmund time
    assert "24.12.26, 18:00" in page.text  # the next attempt of the queued one
    assert page.text.count(shown("Send again")) == 1  # only the failed one
    assert ">E-Mails</a>" in page.text and shown("Failed e-mails") not in page.text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "sent"}, ["Gesendet"]),
        ({"status": "failed"}, ["Gescheitert"]),
        ({"status": "pending"}, ["Wartet"]),
        ({"q": "GESCHEI"}, ["Gescheitert"]),
        ({"q": "anna@"}, ["Gescheitert"]),
        ({"q": "example", "status": "sent"}, ["Gesendet"]),
        ({"status": "kaputt", "q": "x" * 500}, []),
    ],
)
async def test_the_queue_is_filtered_by_status_and_searched_by_recipient_or_subject(
    client: httpx.AsyncClient, params: dict[str, str], expected: list[str]
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await OutboxMessage.create(
        recipient="b@example.org",
        subject="Gesendet",
        body="…",
        status=OutboxStatus.SENT,
        next_attempt_at=datetime.now(UTC),
    )
    await failed_mail("Gescheitert")
    await OutboxMessage.create(
        recipient="c@example.org", subject="Wartet", body="…", next_attempt_at=datetime.now(UTC)
    )
    page = await client.get("/admin/outbox", params=params)
    assert page.status_code == 200
    assert subjects_on(page.text) == expected


NEXT = re.compile(r'rel="next" href="([^"]+)"')


async def test_walking_the_pages_shows_every_mail_once_without_an_offset(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.ADMIN)
    mails = await queued(2 * PAGE_SIZE + 3, status=OutboxStatus.SENT)
    seen: list[str] = []
    path: str | None = "/admin/outbox?status=sent"
    while path is not None:
        page = await client.get(path.replace("&amp;", "&"))
        seen += subjects_on(page.text)
        found = NEXT.search(page.text)
        path = found.group(1) if found else None
        assert path is None or "status=sent" in path
    assert seen == [m.subject for m in reversed(mails)]
    assert not [s for s in count_queries.statements if "OFFSET" in s.upper()]


async def test_the_queue_needs_the_same_queries_for_few_and_many_mails(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await queued(3)
    before = count_queries.count
    assert (await client.get("/admin/outbox")).status_code == 200
    few = count_queries.count - before
    await queued(PAGE_SIZE + 10, status=OutboxStatus.FAILED)
    before = count_queries.count
    assert (await client.get("/admin/outbox")).status_code == 200
    assert count_queries.count - before == few <= 6  # session, notifications, the page: 2


async def test_a_retry_returns_to_the_filtered_page(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    message = await failed_mail()
    page = await client.get("/admin/outbox", params={"status": "failed", "q": "anna"})
    assert 'action="/admin/outbox?status=failed&amp;q=anna"' in page.text
    response = await post_form(
        client,
        "/admin/outbox?status=failed&q=anna",
        {"action": "retry", "message": str(message.id)},
    )
    assert response.headers["location"] == "/admin/outbox?status=failed&q=anna"


async def test_no_token_of_any_mailed_link_is_shown_and_other_links_stay_whole(
    client: httpx.AsyncClient,
) -> None:
    """Whoever reads a reset, verification, set-up or invitation link holds the account."""
    await sign_in_as(client, Role.ADMIN)
    async with open_client() as visitor:
        await post_form(
            visitor,
            "/account/register",
            {
                "email": "neu@example.org",
                "display_name": "Neu",
                "password": PASSWORD,
                "password_repeat": PASSWORD,
                "privacy_consent": "on",
                "language": "de",
            },
            token_from="/account/register",
        )
        person = await make_person(email="vergessen@example.org")
        await post_form(visitor, "/account/password-reset", {"email": "vergessen@example.org"})
    await post_form(
        client,
        "/admin/users/new",
        {"display_name": "Jana", "email": "jana@example.org", "role": "citizen", "language": "de"},
    )
    organization = await make_organization(slug="ihk")
    await post_form(
        client, "/admin/organizations/ihk", {"action": "invite", "email": "kollege@example.org"}
    )
    await post_form(
        client,
        f"/admin/users/{person.id}",
        {"action": "details", "display_name": person.display_name, "email": "neu2@example.org"},
    )
    await OutboxMessage.create(
        recipient="x@example.org",
        subject="Neues zu Ihrem Vorschlag",
        body="Siehe https://beteiligung.dortmund.de/masterplans/digitale-stadtverwaltung/proposals"
        " und http://127.0.0.1:8000/proposals/4711?comment=12",
        next_attempt_at=datetime.now(UTC),
    )
    tokens = [
        path.rsplit("/", 1)[1]
        for mail in await OutboxMessage.all()
        for path in LINK.findall(mail.body)
        if path.startswith("/account/")
    ]
    assert len(tokens) == 5 and organization.id
    page = (await client.get("/admin/outbox")).text
    assert [token for token in tokens if token in page] == []
    assert page.count("/[…]") == 5
    assert "https://beteiligung.dortmund.de/masterplans/digitale-stadtverwaltung/proposals" in page
    assert "http://127.0.0.1:8000/proposals/4711?comment=12" in page


def test_masking_keeps_words_and_slugs_and_hides_token_like_pieces() -> None:
    body = (
        "Hallo,\nhttp://x.example/account/verify/eyJ1IjoxfQ.Zx9Q1w.abcDEF123-_xyz\n"
        "https://x.example/masterplans/digitale-stadtverwaltung-und-mehr?token=Ab3" + "c" * 30
    )
    assert masked(body) == (
        "Hallo,\nhttp://x.example/account/verify/[…]\n"
        "https://x.example/masterplans/digitale-stadtverwaltung-und-mehr?token=[…]"
    )
