"""Suspending people: for a while they can read but not post, comment, vote or co-sign.

Moderators suspend citizens and partners; only admins suspend moderators and admins, so a
moderator cannot silence the people who oversee them. Nobody suspends themselves. The person
is told by e-mail, in their language, until when and why; the audit log keeps who did it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tortoise.transactions import in_transaction

from participation.accounts.models import Role, User
from participation.forms import ValidationFailed
from participation.i18n import CITY_TIMEZONE, format_day, gettext, language
from participation.mail.services import enqueue_mail
from participation.moderation.audit import record

MAX_REASON_LENGTH = 2000
# Longer bans are an account matter for the city, not a moderation tool.
LONGEST = timedelta(days=2 * 365)
# Suspensions end at midnight in Dortmund, whatever the server's clock zone.
# Only admins act on the accounts of those who moderate.
PROTECTED_ROLES = frozenset({Role.MODERATOR, Role.ADMIN})


def can_suspend(actor: User | None, person: User) -> bool:
    """Moderators suspend (and lift) participants; admins anyone but themselves."""
    if actor is None or actor.id == person.id:
        return False
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.MODERATOR and person.role not in PROTECTED_ROLES


def refusal(actor: User, person: User) -> str:
    """Why ``actor`` may not suspend ``person``; empty when they may."""
    if actor.id == person.id:
        return gettext("You cannot suspend yourself or lift your own suspension.")
    if not can_suspend(actor, person):
        return gettext("Only administrators can suspend moderators and administrators.")
    return ""


def ends_on(person: User) -> date | None:
    """The day the person may take part again, in Dortmund."""
    if person.suspended_until is None:
        return None
    return person.suspended_until.astimezone(CITY_TIMEZONE).date()


def _checked(until: date | None, reason: str, today: date) -> str:
    errors: dict[str, str] = {}
    if until is None:
        errors["suspended_until"] = gettext("Enter the date the suspension ends.")
    elif until <= today:
        errors["suspended_until"] = gettext("The date must lie in the future.")
    elif until > today + LONGEST:
        errors["suspended_until"] = gettext("A suspension can last at most two years.")
    text = reason.replace("\r\n", "\n").strip()
    if not text:
        errors["suspension_reason"] = gettext("Give the reason; the person is told it.")
    elif len(text) > MAX_REASON_LENGTH:
        errors["suspension_reason"] = gettext("Keep the reason under 2000 characters.")
    if errors:
        raise ValidationFailed(errors)
    return text


def _check_allowed(person: User, by: User) -> None:
    reason = refusal(by, person)
    if reason:
        raise ValidationFailed({"form": reason})


async def suspend_person(
    *, person: User, by: User, until: date | None, reason: str, now: datetime | None = None
) -> User:
    """Suspend ``person`` until the start of the day ``until``. Suspending someone already
    suspended replaces the end and the reason."""
    _check_allowed(person, by)
    today = (now or datetime.now(UTC)).astimezone(CITY_TIMEZONE).date()
    text = _checked(until, reason, today)
    assert until is not None
    async with in_transaction() as connection:
        person.suspended_until = datetime.combine(until, time.min, tzinfo=CITY_TIMEZONE)
        person.suspension_reason = text
        await person.save(
            update_fields=["suspended_until", "suspension_reason"], using_db=connection
        )
        await record(
            actor=by,
            action="user.suspend",
            target_type="user",
            target_id=person.id,
            reason=text,
            details={"until": until.isoformat()},
            connection=connection,
        )
        await _tell_suspended(person, until, text)
    return person


async def lift_suspension(*, person: User, by: User, reason: str = "") -> User:
    """End a suspension now; the person is told they can take part again."""
    _check_allowed(person, by)
    text = reason.replace("\r\n", "\n").strip()[:MAX_REASON_LENGTH]
    async with in_transaction() as connection:
        was_until = ends_on(person)
        person.suspended_until, person.suspension_reason = None, ""
        await person.save(
            update_fields=["suspended_until", "suspension_reason"], using_db=connection
        )
        await record(
            actor=by,
            action="user.lift_suspension",
            target_type="user",
            target_id=person.id,
            reason=text,
            details={"was_until": was_until.isoformat() if was_until else None},
            connection=connection,
        )
        if was_until is not None:
            await _tell_lifted(person)
    return person


# The mails go into the outbox inside the transaction: sent only if the change committed.


async def _tell_suspended(person: User, until: date, reason: str) -> None:
    if person.email is None:  # a deleted account has nobody to tell
        return
    with language(person.language):
        subject = gettext("Your account has been suspended")
        body = gettext(
            "Hello %(name)s,\n\nyour account on the participation platform Masterplan Digitales "
            "Dortmund has been suspended. You can take part again from %(date)s. Until then you "
            "can read everything, but not submit proposals, comment, vote or co-sign.\n\n"
            "The reason:\n%(reason)s\n"
        ) % {
            "name": person.display_name,
            "date": format_day(until, "long"),
            "reason": reason,
        }
    await enqueue_mail(recipient=person.email, subject=subject, body=body, user=person)


async def _tell_lifted(person: User) -> None:
    if person.email is None:
        return
    with language(person.language):
        subject = gettext("Your suspension has been lifted")
        body = gettext(
            "Hello %(name)s,\n\nthe suspension of your account on the participation platform "
            "Masterplan Digitales Dortmund has been lifted. You can take part again from now "
            "on.\n"
        ) % {"name": person.display_name}
    await enqueue_mail(recipient=person.email, subject=subject, body=body, user=person)
