"""Growing delays for everything that checks a password or sends a mail on request.

Each attempt is counted against keys (the address it is for, the client it comes from) by
one statement per key that reads, decides and counts at once, so forty parallel attempts
cannot all pass a check that none of them has counted yet. The count lives where every app
process shares it: in Redis where ``REDIS_URL`` is set (one Lua script per key, the same
decision: participation/shared_state.py), else in the database.

Nothing locks an account: after a few free attempts each further one has to wait twice as
long as the one before, up to a ceiling. For an address the ceiling is a minute (a stranger
who knows it can slow its owner down, not shut them out); for a client it is a quarter of
an hour. A quiet spell forgets the count, a successful sign-in forgets the address's, and a
new password lifts every restriction on the account.

Only hashes of addresses are stored (``tokens.digest``), and rows (keys) go once they are
quiet. Where Redis stops answering while the app runs, the counts go to the database until
it answers again: signing in keeps working, and keeps being slowed down.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from redis.exceptions import RedisError
from tortoise import connections
from tortoise.expressions import F

from participation.accounts.models import Throttle
from participation.accounts.tokens import digest
from participation.shared_state import RedisState, current

logger = logging.getLogger(__name__)


def _redis_failed(error: RedisError) -> None:
    logger.warning("Throttle counted in the database, Redis failed: %s", error)


STEPS = 24  # delays spelled out in the statement; later attempts wait the ceiling


@dataclass(frozen=True)
class Rule:
    name: str
    free: int  # attempts in a row without any delay
    first: float  # seconds of the first delay; each one after doubles it
    ceiling: float  # the longest delay
    quiet: float  # seconds without an attempt after which the count starts afresh

    def delay(self, attempt: int) -> float:
        """Seconds the next attempt waits after attempt number ``attempt``."""
        if attempt < self.free:
            return 0.0
        return float(min(self.first * 2 ** (attempt - self.free), self.ceiling))


# Password checks for one address: five free, then 1, 2, 4 … seconds, at most a minute.
ACCOUNT = Rule("account", free=5, first=1, ceiling=60, quiet=15 * 60)
# Password checks from one client: twenty free, then 1, 2, 4 … seconds, at most 15 minutes.
CLIENT = Rule("client", free=20, first=1, ceiling=15 * 60, quiet=60 * 60)
# Mails anybody can ask for (a new password, the confirmation again), per address and client.
MAIL_ADDRESS = Rule("mail", free=3, first=5 * 60, ceiling=60 * 60, quiet=6 * 60 * 60)
MAIL_CLIENT = Rule("mail-client", free=10, first=60, ceiling=60 * 60, quiet=6 * 60 * 60)
FORGET_AFTER = 24 * 60 * 60  # no rule remembers longer than this


class Slowed(Exception):
    """Not now: the next attempt is allowed in ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(1, int(seconds + 0.999))
        super().__init__(f"wait {self.seconds} s")


def key(rule: Rule, value: str) -> str:
    return f"{rule.name}:{digest(value.strip().lower())}"


def _statement(rule: Rule, postgres: bool) -> str:
    def mark(n: int) -> str:  # ?1 … in SQLite, $1 … in PostgreSQL
        return f"${n}" if postgres else f"?{n}"

    def seconds(n: int) -> str:
        return f"CAST({mark(n)} AS DOUBLE PRECISION)" if postgres else mark(n)

    now, stale = seconds(2), seconds(3)  # stale: now minus the quiet spell
    count = f"(CASE WHEN t.last_at < {stale} THEN 1 ELSE t.attempts + 1 END)"
    delays = " ".join(f"WHEN {n} THEN {rule.delay(n)!r}" for n in range(1, STEPS + 1))
    wait = f"(CASE {count} {delays} ELSE {float(rule.ceiling)!r} END)"
    # A free attempt lets the next one in at once: "next_at" 0, not "now". Parallel attempts
    # read the clock before their statements run, not always in the order these run, and a
    # free attempt stamped a microsecond later must not make an earlier-stamped one wait.
    first = f"{now} + {rule.delay(1)!r}" if rule.delay(1) else "0"
    following = f"(CASE WHEN {wait} = 0 THEN 0 ELSE {now} + {wait} END)"
    # Only placeholders and the rule's own numbers are spelled into the statement.
    return (
        f'INSERT INTO "throttle" AS t ("key", "attempts", "next_at", "last_at") '  # noqa: S608
        f"VALUES ({mark(1)}, 1, {first}, {now}) "
        f'ON CONFLICT ("key") DO UPDATE SET "attempts" = {count}, '
        f'"next_at" = {following}, "last_at" = {now} '
        f"WHERE t.next_at <= {now} OR t.last_at < {stale} "
        'RETURNING "attempts"'
    )


async def attempt(*checks: tuple[Rule, str], now: float | None = None) -> None:
    """Count one attempt for each (rule, value), in order; raise ``Slowed`` at the first
    that has to wait (the later ones are then not counted)."""
    now = time.time() if now is None else now
    shared = current()
    if isinstance(shared, RedisState):
        try:
            for rule, value in checks:
                next_at = await shared.attempt(
                    key(rule, value),
                    now=now,
                    quiet=rule.quiet,
                    free=rule.free,
                    first=rule.first,
                    ceiling=rule.ceiling,
                )
                if next_at is not None:
                    raise Slowed(next_at - now)
            return
        except RedisError as error:
            _redis_failed(error)
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    for rule, value in checks:
        name = key(rule, value)
        counted = await connection.execute_query_dict(
            _statement(rule, postgres), [name, now, now - rule.quiet]
        )
        if not counted:
            found = await Throttle.get_or_none(key=name)
            raise Slowed(found.next_at - now if found else 1)


async def forget(rule: Rule, value: str, *, now: float | None = None) -> None:
    """The count for this value starts afresh; rows quiet for a day go too."""
    now = time.time() if now is None else now
    shared = current()
    if isinstance(shared, RedisState):  # quiet keys expire by themselves
        try:
            await shared.forget(key(rule, value))
            return
        except RedisError as error:
            _redis_failed(error)
    await Throttle.filter(key=key(rule, value)).delete()
    await Throttle.filter(last_at__lt=now - FORGET_AFTER).delete()


async def erase(value: str) -> None:
    """Forget everything counted for an address whose account is erased."""
    keys = [key(ACCOUNT, value), key(MAIL_ADDRESS, value)]
    shared = current()
    if isinstance(shared, RedisState):
        try:
            await shared.forget(*keys)
        except RedisError as error:
            _redis_failed(error)
    await Throttle.filter(key__in=keys).delete()


async def refund(rule: Rule, value: str) -> None:
    """Take back one counted attempt (a right password from a shared client address)."""
    shared = current()
    if isinstance(shared, RedisState):
        try:
            await shared.refund(key(rule, value))
            return
        except RedisError as error:
            _redis_failed(error)
    await Throttle.filter(key=key(rule, value), attempts__gt=0).update(attempts=F("attempts") - 1)
