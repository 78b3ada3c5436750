"""Where drained mail goes: the console in development, an SMTP server in production."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Protocol

import aiosmtplib

from participation.mail.models import OutboxMessage
from participation.settings import ConfigurationError, MailSettings

SMTP_TIMEOUT = 30.0  # seconds for connecting and for each command; a hung server is a failure


class Sender(Protocol):
    async def send(self, message: OutboxMessage, sender_address: str) -> None:
        """Hand one message on, or raise: any exception counts as a failed attempt."""


class ConsoleSender:
    """Prints each mail, so a developer can follow the links in it without a mail server."""

    async def send(self, message: OutboxMessage, sender_address: str) -> None:
        opening = f" mail {message.id} ".center(72, "-")
        print(
            f"{opening}\n"
            f"From: {sender_address}\n"
            f"To: {message.recipient}\n"
            f"Subject: {message.subject}\n\n"
            f"{message.body}\n{'-' * 72}",
            flush=True,
        )


class SmtpSender:
    def __init__(self, settings: MailSettings, timeout: float = SMTP_TIMEOUT) -> None:
        self.settings = settings
        self.timeout = timeout

    async def send(self, message: OutboxMessage, sender_address: str) -> None:
        settings = self.settings
        await aiosmtplib.send(
            build_email(message, sender_address),
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=str(settings.smtp_password) if settings.smtp_username else None,
            # False means never: aiosmtplib would otherwise upgrade whenever the server offers.
            start_tls=settings.smtp_starttls,
            timeout=self.timeout,
        )


def build_email(message: OutboxMessage, sender_address: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender_address
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(datetime.now(UTC))
    email["Message-ID"] = message_id(message, sender_address)
    # Quoted-printable keeps umlauts intact even through servers without 8BITMIME.
    email.set_content(message.body, charset="utf-8", cte="quoted-printable")
    return email


def message_id(message: OutboxMessage, sender_address: str) -> str:
    """The same on every attempt, so a mail sent twice (see services) is recognisably one."""
    domain = parseaddr(sender_address)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{message.id}.{message.created_at:%Y%m%d%H%M%S%f}@{domain}>"


def sender_for(settings: MailSettings) -> Sender:
    if settings.backend == "console":
        return ConsoleSender()
    if settings.backend == "smtp":
        return SmtpSender(settings)
    raise ConfigurationError(f"MAIL_BACKEND must be 'console' or 'smtp', not {settings.backend!r}")
