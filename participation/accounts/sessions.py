"""Server-side sessions: a random token in the cookie, its hash in the database.

Stored sessions let a person sign out everywhere, let deletion end every session at once, and
keep app processes stateless: any process behind the proxy finds the session in the database.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from participation import sql
from participation.accounts.models import Role, Session, User
from participation.accounts.tokens import digest, random_token

TOUCH_EVERY = timedelta(hours=1)  # sliding expiry without a write on every request
HIDDEN = "hidden"  # the status moderation gives proposals and comments alike


async def start_session(*, user: User, days: int, now: datetime | None = None) -> str:
    """A new session (and so a new token: no session fixation). Returns the cookie value."""
    now = now or datetime.now(UTC)
    token = random_token()
    await Session.create(user=user, token_hash=digest(token), expires_at=now + timedelta(days=days))
    user.last_login_at = now
    await user.save(update_fields=["last_login_at"])
    return token


# The live session of a cookie with its person, and (for pages) the person's unread
# notifications the header shows: one statement per request instead of two. The unread
# count leaves out notifications about what moderation hid, unless the person wrote it or
# moderates (notifications/queries._shown_to says the same with the query builder).
_SESSION = (
    'SELECT s."id" "s_id",s."last_seen_at" "s_last_seen_at",{user}{unread}'
    ' FROM "session" s JOIN "account" u ON u."id"=s."user_id"'
    ' WHERE s."token_hash"=? AND s."expires_at">? LIMIT 1'
)
_UNREAD = (
    ',(SELECT COUNT(*) FROM "notification" n'
    ' LEFT JOIN "proposal" np ON np."id"=n."proposal_id"'
    ' LEFT JOIN "comment" nc ON nc."id"=n."comment_id"'
    ' WHERE n."user_id"=u."id" AND n."read_at" IS NULL AND (u."role" IN (?,?) OR ('
    '(np."id" IS NULL OR np."status"<>? OR np."author_id"=u."id") AND'
    ' (nc."id" IS NULL OR nc."status"<>? OR nc."author_id"=u."id")))) "unread"'
)


@functools.cache
def _statement(unread: bool) -> str:
    return _SESSION.format(user=sql.columns(User, "u", "u_"), unread=_UNREAD if unread else "")


_LAST_SEEN_AT = Session._meta.fields_map["last_seen_at"]  # SQLite answers with text


@dataclass(frozen=True)
class SignedIn:
    user: User
    unread: int  # 0 unless asked for
    extended: bool  # this request extended the session: send its cookie again


async def load_session(
    token: str | None, *, days: int, now: datetime | None = None, unread: bool = False
) -> SignedIn | None:
    """The live session for a cookie value, with its user (and with ``unread`` the count of
    unread notifications), in one statement. Each hour of use extends it to ``days`` from
    now (``extended``: the caller sends the cookie again with the same lifetime, so browser
    and server agree)."""
    if not token or len(token) > 100:
        return None
    now = now or datetime.now(UTC)
    values: list[object] = [
        digest(token),
        sql.db_value(Session, "expires_at", now),
    ]
    if unread:
        values[:0] = [Role.MODERATOR.value, Role.ADMIN.value, HIDDEN, HIDDEN]
    rows = await sql.fetch(_statement(unread), values)
    if not rows or not rows[0]["u_is_active"]:
        return None
    row = rows[0]
    user: User = sql.load(User, row, "u_")
    # The session's own row is not built as a model: only its last use decides anything.
    extended = now - _LAST_SEEN_AT.to_python_value(row["s_last_seen_at"]) > TOUCH_EVERY
    if extended:
        await Session.filter(id=row["s_id"]).update(
            last_seen_at=now, expires_at=now + timedelta(days=days)
        )
    return SignedIn(user, int(row["unread"]) if unread else 0, extended)


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
