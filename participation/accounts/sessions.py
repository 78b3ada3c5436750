"""Server-side sessions: a random token in the cookie, its hash in the database.

Stored sessions let a person sign out everywhere, let deletion end every session at once, and
keep app processes stateless: any process behind the proxy finds the session in the database.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from participation.accounts.models import Session, User
from participation.accounts.tokens import digest, random_token

TOUCH_EVERY = timedelta(hours=1)  # sliding expiry without a write on every request


async def start_session(*, user: User, days: int, now: datetime | None = None) -> str:
    """A new session (and so a new token: no session fixation). Returns the cookie value."""
    now = now or datetime.now(UTC)
    token = random_token()
    await Session.create(user=user, token_hash=digest(token), expires_at=now + timedelta(days=days))
    user.last_login_at = now
    await user.save(update_fields=["last_login_at"])
    return token


async def load_session(
    token: str | None, *, days: int, now: datetime | None = None
) -> Session | None:
    """The live session for a cookie value, with its user, in one query. Each hour of use
    extends it to ``days`` from now (its ``last_seen_at`` is then ``now``, and the caller
    sends the cookie again with the same lifetime, so browser and server agree)."""
    if not token or len(token) > 100:
        return None
    now = now or datetime.now(UTC)
    session = await (
        Session.filter(token_hash=digest(token), expires_at__gt=now).select_related("user").first()
    )
    if session is None or not session.user.is_active:
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        session.last_seen_at, session.expires_at = now, now + timedelta(days=days)
        await Session.filter(id=session.id).update(last_seen_at=now, expires_at=session.expires_at)
    return session


async def end_session(token: str | None) -> None:
    if token:
        await Session.filter(token_hash=digest(token)).delete()


async def end_all_sessions(user: User) -> None:
    await Session.filter(user_id=user.id).delete()


async def end_other_sessions(user: User, *, keep: str | None) -> None:
    """Every session of the account but the one with cookie value ``keep``."""
    others = Session.filter(user_id=user.id)
    if keep:
        others = others.exclude(token_hash=digest(keep))
    await others.delete()
