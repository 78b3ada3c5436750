from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from starlette.datastructures import Secret
from tortoise.transactions import in_transaction

from participation.mail.models import OutboxMessage, OutboxStatus
from participation.mail.senders import ConsoleSender, SmtpSender, build_email, sender_for
from participation.mail.services import (
    OutboxError,
    deliver_due,
    enqueue_mail,
    failed_messages,
    retry_delay,
    retry_message,
)
from participation.mail.worker import drain_forever, drain_once
from participation.settings import ConfigurationError, MailSettings
from tests.conftest import ON_POSTGRES
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CONSOLE = MailSettings(
    backend="console",
    sender="Masterplan Digitales Dortmund <beteiligung@dortmund.invalid>",
    smtp_host="127.0.0.1",
    smtp_port=25,
    smtp_username="",
    smtp_password=Secret(""),
    smtp_starttls=False,
    max_attempts=3,
    worker=False,
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def smtp_settings(port: int, **overrides: Any) -> MailSettings:
    return replace(CONSOLE, backend="smtp", smtp_port=port, **overrides)


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[EmailMessage]:
        return [
            email.message_from_bytes(e.original_content or b"", policy=email.policy.default)
            for e in self.envelopes
        ]


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@dataclass
class RecordingSender:
    sent: list[int] = field(default_factory=list)

    async def send(self, message: OutboxMessage, sender_address: str) -> None:
        await asyncio.sleep(0)  # lets concurrent drains interleave
        self.sent.append(message.id)


async def eventually(condition: Callable[[], Awaitable[bool]]) -> None:
    """Wait up to five seconds for something a background task does."""
    for _ in range(500):
        if await condition():
            return
        await asyncio.sleep(0.01)
    pytest.fail("it never happened")


async def queue(subject: str = "Bitte bestätigen Sie Ihre Adresse", **kwargs: Any) -> OutboxMessage:
    values = {"recipient": "anna@example.org", "body": "Hallo Anna", "now": NOW, **kwargs}
    return await enqueue_mail(subject=subject, **values)


async def test_console_sender_prints_the_mail_and_marks_it_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    message = await queue(body="https://beteiligung.example/verify/abc")
    report = await deliver_due(settings=CONSOLE, now=NOW)
    printed = capsys.readouterr().out
    assert "From: Masterplan Digitales Dortmund <beteiligung@dortmund.invalid>" in printed
    assert "To: anna@example.org" in printed
    assert "Subject: Bitte bestätigen Sie Ihre Adresse" in printed
    assert "https://beteiligung.example/verify/abc" in printed
    assert printed.startswith("-") and printed.rstrip().endswith("-" * 72)
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.attempts, stored.sent_at) == (OutboxStatus.SENT, 1, NOW)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)


async def test_smtp_server_receives_the_mail_with_umlauts_intact(
    smtp_server: tuple[Inbox, int],
) -> None:
    inbox, port = smtp_server
    message = await queue(subject="Ihre Stimme zählt", body="Bürgerbeteiligung – Straße")
    report = await deliver_due(settings=smtp_settings(port), now=NOW)
    assert report.sent == 1
    [envelope] = inbox.envelopes
    assert envelope.mail_from == "beteiligung@dortmund.invalid"
    assert envelope.rcpt_tos == ["anna@example.org"]
    [received] = inbox.messages()
    assert received["To"] == "anna@example.org"
    assert received["Subject"] == "Ihre Stimme zählt"
    assert received["From"] == CONSOLE.sender
    assert received["Message-ID"].endswith("@dortmund.invalid>")
    assert received["Date"]
    assert received.get_content_charset() == "utf-8"
    assert received.get_content().strip() == "Bürgerbeteiligung – Straße"
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.sent_at) == (OutboxStatus.SENT, NOW)


async def test_the_message_id_stays_the_same_on_every_attempt() -> None:
    message = await OutboxMessage.get(id=(await queue()).id)
    first, second = (build_email(message, CONSOLE.sender) for _ in range(2))
    assert first["Message-ID"] == second["Message-ID"]
    other = await queue()
    assert build_email(other, CONSOLE.sender)["Message-ID"] != first["Message-ID"]


async def test_unreachable_server_leaves_the_mail_pending_for_a_retry_a_minute_later() -> None:
    message = await queue()
    report = await deliver_due(settings=smtp_settings(free_port()), now=NOW)
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.attempts) == (OutboxStatus.PENDING, 1)
    assert stored.last_error.startswith("SMTPConnectError")
    assert stored.next_attempt_at == NOW + timedelta(minutes=1)
    assert (report.sent, report.retried, report.failed) == (0, 1, 0)


async def test_mail_that_keeps_failing_is_marked_failed_and_kept_for_the_admins() -> None:
    message = await queue()
    dead_server = smtp_settings(free_port())
    for _ in range(CONSOLE.max_attempts):
        due = (await OutboxMessage.get(id=message.id)).next_attempt_at
        report = await deliver_due(settings=dead_server, now=due)
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.attempts) == (OutboxStatus.FAILED, CONSOLE.max_attempts)
    assert stored.last_error
    assert report.failed == 1
    assert [m.id for m in await failed_messages()] == [message.id]
    later = await deliver_due(settings=CONSOLE, now=NOW + timedelta(days=30))
    assert later.sent == 0


async def test_an_admin_can_put_a_failed_mail_back_in_the_queue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    message = await queue()
    await OutboxMessage.filter(id=message.id).update(status=OutboxStatus.FAILED, attempts=3)
    await retry_message(message.id, now=NOW)
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.attempts) == (OutboxStatus.PENDING, 0)
    assert await failed_messages() == []
    assert (await deliver_due(settings=CONSOLE, now=NOW)).sent == 1


async def test_retrying_a_mail_that_has_not_failed_is_refused() -> None:
    message = await queue()
    with pytest.raises(OutboxError):
        await retry_message(message.id, now=NOW)


def test_retries_back_off_exponentially_up_to_six_hours() -> None:
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == retry_delay(1000) == timedelta(hours=6)


async def test_mail_due_later_is_not_sent_yet() -> None:
    message = await queue(now=NOW + timedelta(hours=1))
    sender = RecordingSender()
    report = await deliver_due(settings=CONSOLE, sender=sender, now=NOW)
    assert (sender.sent, report.sent) == ([], 0)
    stored = await OutboxMessage.get(id=message.id)
    assert (stored.status, stored.attempts) == (OutboxStatus.PENDING, 0)


async def test_oldest_mail_goes_first_and_a_drain_stops_at_its_limit() -> None:
    newest = await queue(now=NOW - timedelta(minutes=1))
    oldest = await queue(now=NOW - timedelta(minutes=3))
    middle = await queue(now=NOW - timedelta(minutes=2))
    sender = RecordingSender()
    await deliver_due(settings=CONSOLE, sender=sender, now=NOW, limit=2)
    assert sender.sent == [oldest.id, middle.id]
    assert (await OutboxMessage.get(id=newest.id)).status == OutboxStatus.PENDING


async def test_a_mail_being_sent_is_not_picked_up_by_a_second_drain() -> None:
    await queue()
    second_drain = RecordingSender()

    class SlowSender:
        async def send(self, message: OutboxMessage, sender_address: str) -> None:
            # Another process drains while this one is still talking to the server.
            await deliver_due(settings=CONSOLE, sender=second_drain, now=NOW)

    assert (await deliver_due(settings=CONSOLE, sender=SlowSender(), now=NOW)).sent == 1
    assert second_drain.sent == []


async def test_concurrent_drains_send_every_mail_exactly_once() -> None:
    ids = [(await queue(recipient=f"person{n}@example.org")).id for n in range(10)]
    sender = RecordingSender()
    reports = await asyncio.gather(
        *(deliver_due(settings=CONSOLE, sender=sender, now=NOW) for _ in range(3))
    )
    assert sorted(sender.sent) == ids
    assert sum(report.sent for report in reports) == 10


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL")
async def test_a_drain_skips_mail_that_another_process_has_locked() -> None:
    locked_message = await queue(now=NOW - timedelta(minutes=1))
    other = await queue()
    locked, release = asyncio.Event(), asyncio.Event()

    async def hold_lock() -> None:
        async with in_transaction() as connection:
            query = OutboxMessage.filter(id=locked_message.id).select_for_update()
            await query.using_db(connection).first()
            locked.set()
            await release.wait()

    holder = asyncio.create_task(hold_lock())
    await locked.wait()
    sender = RecordingSender()
    try:
        async with asyncio.timeout(5):  # waiting for the lock instead would hang here
            await deliver_due(settings=CONSOLE, sender=sender, now=NOW)
    finally:
        release.set()
        await holder
    assert sender.sent == [other.id]


async def test_deleting_the_account_deletes_its_queued_mail() -> None:
    user = await make_user()
    await queue(recipient=user.email, user=user)
    kept = await queue(recipient="someone@example.org")
    await user.delete()
    assert [m.id for m in await OutboxMessage.all()] == [kept.id]


async def test_mail_queued_in_a_transaction_that_rolls_back_is_never_sent() -> None:
    with pytest.raises(RuntimeError):
        async with in_transaction():
            await queue()
            raise RuntimeError("the sign-up failed")
    assert await OutboxMessage.all().count() == 0


async def test_a_subject_with_a_line_break_is_refused() -> None:
    with pytest.raises(OutboxError):
        await queue(subject="Hallo\r\nBcc: everyone@example.org")
    assert await OutboxMessage.all().count() == 0


def test_the_backend_setting_picks_the_sender() -> None:
    assert isinstance(sender_for(CONSOLE), ConsoleSender)
    assert isinstance(sender_for(smtp_settings(25)), SmtpSender)
    with pytest.raises(ConfigurationError):
        sender_for(replace(CONSOLE, backend="pigeon"))


async def test_drain_once_delivers_what_is_due(capsys: pytest.CaptureFixture[str]) -> None:
    await enqueue_mail(recipient="anna@example.org", subject="Hallo", body="Text")
    assert (await drain_once(CONSOLE)).sent == 1


async def test_drain_forever_delivers_and_stops_when_cancelled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    message = await enqueue_mail(recipient="anna@example.org", subject="Hallo", body="Text")
    worker = asyncio.create_task(drain_forever(CONSOLE, interval=0.01))

    async def sent() -> bool:
        return (await OutboxMessage.get(id=message.id)).status == OutboxStatus.SENT

    await eventually(sent)
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker


async def test_drain_forever_logs_errors_and_keeps_going(caplog: pytest.LogCaptureFixture) -> None:
    worker = asyncio.create_task(drain_forever(replace(CONSOLE, backend="pigeon"), interval=0))

    async def failed_twice() -> bool:
        errors = [r for r in caplog.records if r.name == "participation.mail.worker"]
        return len(errors) >= 2 and all(r.levelno == logging.ERROR for r in errors)

    await eventually(failed_twice)
    assert not worker.done()
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker
