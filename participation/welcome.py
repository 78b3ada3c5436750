"""What `make run` tells whoever starts the app, before uvicorn's own lines: where the app
is, how to sign in to the demo, and where the mails it sends (verification links included)
appear. For the operator's terminal, so in English like the other commands' output."""

from __future__ import annotations

from participation.accounts.models import User
from participation.demo.data import DEMO_PASSWORD
from participation.settings import Settings, local_base_url

RULE = "-" * 72
DEMO_ACCOUNTS = ("admin@demo.invalid", "buergerin@demo.invalid")  # the two to start with


async def welcome(settings: Settings) -> str:
    """The notice for the database the app is about to serve; the demo password only where
    the demo accounts are there."""
    listening = local_base_url(settings.host, settings.port)
    lines = [RULE, f"{settings.site_name} starts at {listening}/"]
    if listening != settings.base_url:  # BASE_URL names another address, e.g. a proxy's
        lines.append(f"  (links in its mails point to {settings.base_url}/)")
    if await User.filter(email__in=DEMO_ACCOUNTS).exists():
        lines += [
            f"Demo accounts: {' and '.join(DEMO_ACCOUNTS)}, the others in README.md;",
            f"  each signs in with the password {DEMO_PASSWORD}",
        ]
    lines += [*_mail_lines(settings), RULE]
    return "\n".join(lines)


def _mail_lines(settings: Settings) -> list[str]:
    mail = settings.mail
    if mail.backend == "smtp":
        where = f"Mails go to the SMTP server {mail.smtp_host}:{mail.smtp_port}"
    else:
        where = "Mails (verification links included) are printed in this terminal"
    if not mail.worker:
        return [f"{where} when `participation send-mail` runs (MAIL_WORKER is off)."]
    if mail.backend == "smtp":
        return [f"{where} within ten seconds;", "  failed ones show under Administration → Mail."]
    return [
        f"{where} within ten seconds",
        "  (MAIL_BACKEND=console; MAIL_BACKEND=smtp sends them).",
    ]
