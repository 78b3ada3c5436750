"""State that every app process must share: the API's rate limit, the sign-in throttles and
the page parts that are the same for every reader (the header's masterplans, a masterplan's
fields of action).

Where ``REDIS_URL`` is set it all lives in Redis, so four processes behave as one:

- the API's token bucket per client address is read, refilled and taken from by one Lua
  script, on the Redis server's clock;
- the throttles count with one Lua script per key that reads, decides and counts at once,
  exactly like the database statement they replace (accounts/throttle.py);
- a page part is kept in each process together with the *generation* of what it shows; the
  generation is a random token in Redis, replaced on every write (``invalidate``), and read
  once per use. A process whose copy has another generation reads the database again. A
  write in any process therefore shows in the very next page of every process; no timer
  is involved. The token is bumped after the write's transaction has committed, and read
  before the database is, so a copy read from a state that is already outdated is kept
  under a generation that is already outdated too.

Without ``REDIS_URL`` (the embedded default, meant for one process: SQLite serves only one)
the bucket and the page parts stay in the process and the throttles in the database, which
every process shares already. A write bumps the generation of the process that made it, so
that process shows it at once. Several processes on PostgreSQL without Redis do not hear of
each other's writes: there a copy is trusted for at most ``LOCAL_MAX_AGE`` seconds, so a
renamed masterplan reaches the other processes' headers within that time, at the cost of
one small query per part and process every few seconds. Run Redis for several processes.

Writes reach ``invalidate`` in two ways: the services that change masterplans and fields call
it after their transaction, and ORM signals on both models catch every other save or
delete (the demo loader, the command line, tests), where a running transaction may delay
the commit past the bump: the services' own call after the commit settles that.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Receive, Scope, Send

from participation.settings import ConfigurationError, load_settings

logger = logging.getLogger(__name__)

T = TypeVar("T")
MAX_CLIENTS = 10_000  # API buckets kept in a process; the least recently seen goes first
LOCAL_MAX_AGE = 2.0  # seconds a page part is trusted without Redis (see above)


class StateUnavailable(ConfigurationError):
    """REDIS_URL names a server that is not usable: the app does not start."""


@dataclass
class Bucket:
    tokens: float
    updated: float


@dataclass(frozen=True)
class Part:
    generation: str
    value: Any
    read_at: float


# Generations of the page parts for every in-process store: a write in this process bumps
# them for every app instance in it (a test runs several), whichever made the write.
_local_generations: dict[str, int] = {}


class LocalState:
    """The embedded default: everything in this process, the throttles in the database."""

    redis: aioredis.Redis | None = None
    max_age: float | None = LOCAL_MAX_AGE

    def __init__(self) -> None:
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()
        self.parts: dict[str, Part] = {}

    async def start(self) -> None:
        """Nothing to connect to."""

    async def close(self) -> None:
        """Nothing to let go."""

    async def take(self, client: str, *, rate: float, burst: int) -> float:
        """Seconds ``client`` has to wait before its next API request; 0 if it may go now."""
        now = time.monotonic()
        bucket = self.buckets.pop(client, None) or Bucket(float(burst), now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        self.buckets[client] = bucket
        while len(self.buckets) > MAX_CLIENTS:
            self.buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / rate

    async def generation(self, thing: str) -> str:
        return str(_local_generations.get(thing, 0))

    async def bump(self, things: tuple[str, ...]) -> None:
        for thing in things:
            _local_generations[thing] = _local_generations.get(thing, 0) + 1

    async def part(self, thing: str, load: Callable[[], Awaitable[T]]) -> T:
        """The page part ``thing``: the copy this process keeps while nothing it shows was
        written, else ``load()`` again."""
        generation = await self.generation(thing)
        now = time.monotonic()
        kept = self.parts.get(thing)
        if (
            kept is not None
            and kept.generation == generation
            and (self.max_age is None or now - kept.read_at < self.max_age)
        ):
            return kept.value  # type: ignore[no-any-return]
        value = await load()
        self.parts[thing] = Part(generation, value, now)
        return value


# KEYS[1] the bucket; ARGV rate, burst, ttl. Returns the seconds to wait, as a string (a Lua
# number would come back cut to an integer).
TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = burst
if kept[1] then
  tokens = math.min(burst, tonumber(kept[1]) + math.max(0, now - tonumber(kept[2])) * rate)
end
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens),
           'updated', string.format('%.17g', now))
redis.call('EXPIRE', KEYS[1], ARGV[3])
return string.format('%.17g', wait)
"""

# KEYS[1] the generation; ARGV[1] a fresh token, kept if there is none yet (a Redis that was
# flushed or restarted never hands out a token a process may hold an old copy under).
GENERATION = """
local g = redis.call('GET', KEYS[1])
if g then return g end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
"""

# KEYS[1] the throttle's key; ARGV now, stale (now minus the quiet spell), free, first,
# ceiling, ttl. The same decision as the database statement in accounts/throttle.py: counts
# and returns {attempts, ""}, or, when the attempt has to wait, {0, next_at}.
ATTEMPT = """
local now, stale = tonumber(ARGV[1]), tonumber(ARGV[2])
local free, first, ceiling = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local kept = redis.call('HMGET', KEYS[1], 'attempts', 'next_at', 'last_at')
local count = 1
if kept[1] then
  local next_at, last_at = tonumber(kept[2]), tonumber(kept[3])
  if next_at > now and last_at >= stale then return {0, kept[2]} end
  if last_at >= stale then count = tonumber(kept[1]) + 1 end
end
local wait = 0
if count >= free then wait = math.min(first * 2 ^ (count - free), ceiling) end
-- A free attempt lets the next one in at once: next_at 0, not now (see throttle.py).
local next_at = 0
if wait > 0 then next_at = now + wait end
redis.call('HSET', KEYS[1], 'attempts', count, 'next_at', string.format('%.17g', next_at),
           'last_at', string.format('%.17g', now))
redis.call('EXPIRE', KEYS[1], ARGV[6])
return {count, ''}
"""

REFUND = """
local n = tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0')
if n > 0 then redis.call('HINCRBY', KEYS[1], 'attempts', -1) end
return n
"""


class RedisState(LocalState):
    """Everything in one Redis, shared by every process that names it."""

    max_age = None  # the generation in Redis is the whole truth

    def __init__(self, url: str, *, prefix: str) -> None:
        super().__init__()
        try:
            self.redis = aioredis.Redis.from_url(url)
        except ValueError as error:
            raise StateUnavailable(
                f"REDIS_URL is not a Redis address ({error}); expected redis://HOST:PORT/DB, "
                "rediss://… or unix://PATH"
            ) from None
        self.url, self.prefix = url, prefix
        self._take = self.redis.register_script(TAKE)
        self._generation = self.redis.register_script(GENERATION)
        self._attempt = self.redis.register_script(ATTEMPT)
        self._refund = self.redis.register_script(REFUND)

    async def start(self) -> None:
        """Fail at start-up, with the reason, when the server does not answer."""
        try:
            await self.redis.ping()  # type: ignore[union-attr]
        except RedisError as error:
            raise StateUnavailable(
                f"REDIS_URL {_shown(self.url)} does not answer: {error}"
            ) from None

    async def close(self) -> None:
        await self.redis.aclose()  # type: ignore[union-attr]

    async def take(self, client: str, *, rate: float, burst: int) -> float:
        ttl = math.ceil(burst / rate) + 1  # a full bucket needs no key
        try:
            wait = await self._take(keys=[f"{self.prefix}api:{client}"], args=[rate, burst, ttl])
        except RedisError as error:  # no limit rather than no API
            logger.warning("API rate limit skipped, Redis failed: %s", error)
            return 0.0
        return float(wait)

    async def generation(self, thing: str) -> str:
        token = await self._generation(keys=[f"{self.prefix}gen:{thing}"], args=[_token()])
        return token.decode() if isinstance(token, bytes) else str(token)

    async def bump(self, things: tuple[str, ...]) -> None:
        if things:
            mapping = {f"{self.prefix}gen:{thing}": _token() for thing in things}
            await self.redis.mset(mapping)  # type: ignore[union-attr]

    async def part(self, thing: str, load: Callable[[], Awaitable[T]]) -> T:
        try:
            return await super().part(thing, load)
        except RedisError as error:  # the database still answers
            logger.warning("Page part %s read uncached, Redis failed: %s", thing, error)
            return await load()

    async def attempt(
        self, key: str, *, now: float, quiet: float, free: int, first: float, ceiling: float
    ) -> float | None:
        """Count one attempt for ``key``; None if counted, else the time it may come."""
        ttl = math.ceil(quiet) + 1  # after a quiet spell the count starts afresh anyway
        args: list[str | int] = [
            repr(now),
            repr(now - quiet),
            free,
            repr(first),
            repr(ceiling),
            ttl,
        ]
        counted, next_at = await self._attempt(keys=[f"{self.prefix}throttle:{key}"], args=args)
        return None if int(counted) else float(next_at)

    async def forget(self, *keys: str) -> None:
        await self.redis.delete(*(f"{self.prefix}throttle:{key}" for key in keys))  # type: ignore[union-attr]

    async def refund(self, key: str) -> None:
        await self._refund(keys=[f"{self.prefix}throttle:{key}"])


def _token() -> str:
    return uuid.uuid4().hex


def _shown(url: str) -> str:
    """The address without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def open_state(url: str, *, prefix: str = "participation:") -> LocalState:
    """The store ``REDIS_URL`` asks for: Redis where set, the embedded default where not."""
    return RedisState(url, prefix=prefix) if url else LocalState()


_current: contextvars.ContextVar[LocalState | None] = contextvars.ContextVar(
    "shared_state", default=None
)
_defaults: dict[asyncio.AbstractEventLoop, LocalState] = {}


def current() -> LocalState:
    """The store of the app answering this request; outside a request (the command line,
    tests), the one the environment's settings ask for, one per event loop (a Redis
    connection belongs to the loop that opened it)."""
    state = _current.get()
    if state is not None:
        return state
    loop = asyncio.get_running_loop()
    if loop not in _defaults:
        settings = load_settings()
        _defaults.clear()  # a former loop's store: that loop is over
        _defaults[loop] = open_state(settings.redis_url, prefix=settings.redis_prefix)
    return _defaults[loop]


@contextmanager
def use(state: LocalState) -> Iterator[None]:
    """Make ``state`` the current store inside the block."""
    token = _current.set(state)
    try:
        yield
    finally:
        _current.reset(token)


async def invalidate(*things: str) -> None:
    """Something these page parts show was written: every process reads them afresh.

    Call it after the write's transaction has committed."""
    await LocalState().bump(things)  # this process's copies, for every app in it
    state = current()
    if state.redis is not None:
        try:
            await state.bump(things)
        except RedisError as error:
            # The write stands; copies elsewhere show the old state until the next write.
            logger.error("Page parts %s not invalidated, Redis failed: %s", things, error)


class SharedStateMiddleware:
    """Makes the app's store the current one for everything a request runs, services
    included (the throttles and ``invalidate`` find it there)."""

    def __init__(self, app: ASGIApp, *, state: LocalState) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _current.set(self.state)
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
