"""Password hashing with argon2id and a strength check with zxcvbn, off the event loop.

argon2-cffi's defaults follow RFC 9106's recommendation. zxcvbn estimates how many guesses a
password takes (dictionaries, keyboard patterns, dates, names) instead of ad-hoc rules that
accept "Passwort1!" and refuse long passphrases.

Both cost tens of milliseconds of CPU by design, so requests run them in a small worker
pool of their own (``PASSWORD_WORKERS`` threads, half the cores unless set; argon2 releases
the GIL while it hashes):
a process that checks forty wrong passwords at once keeps answering every other request,
and the checks queue instead of taking every thread. An unknown address is checked against
a dummy hash, so a sign-in takes as long whether or not the address has an account.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from functools import partial

from anyio import CapacityLimiter, to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from participation.i18n import gettext

MIN_LENGTH = 10
MAX_LENGTH = 256  # hashing is deliberately slow; refuse megabyte "passwords"
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"
# Words that make a password guessable on this platform in particular.
SITE_WORDS = ("dortmund", "masterplan", "digital", "beteiligung", "stadt")

ZXCVBN_MAX = 72
# Half the cores by default: argon2 hashes in four lanes, and the event loop and the
# database need the rest to keep answering while it does.
WORKERS = max(1, int(os.environ.get("PASSWORD_WORKERS") or 0) or (os.cpu_count() or 2) // 2)
_hasher = PasswordHasher()
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)
_dummy: list[str] = []  # the hash an unknown address is checked against, made once


def _limiter() -> CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = CapacityLimiter(WORKERS)
    return limiter


def hash_password_now(password: str) -> str:
    """On the calling thread: for commands and the demo seed, never in a request."""
    return _hasher.hash(password)


def _verify(password_hash: str | None, password: str) -> bool:
    if not password_hash:  # the same work as for an account, and never a match
        if not _dummy:
            _dummy.append(_hasher.hash("the password of nobody at all"))
        _check(_dummy[0], password)
        return False
    return _check(password_hash, password)


def _check(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    return await to_thread.run_sync(hash_password_now, password, limiter=_limiter())


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; without a hash (no such account, or one whose
    password was never set) the same work is done and the answer is no."""
    return await to_thread.run_sync(_verify, password_hash, password, limiter=_limiter())


async def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
    """Why this password is not good enough, or None. ``personal``: e-mail, name, …"""
    if len(password) < MIN_LENGTH:
        return gettext("Use at least %(n)d characters.") % {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return gettext("Use at most %(n)d characters.") % {"n": MAX_LENGTH}
    inputs = list(SITE_WORDS)
    for value in personal:
        value = value.lower()
        inputs += [value, value.split("@")[0]]
        inputs += [p for p in value.replace("@", " ").replace(".", " ").split() if len(p) > 2]
    # zxcvbn refuses more than 72 characters (its guard against slow matching): a longer
    # password is scored by its first 72, which a strong one passes anyway.
    score = partial(zxcvbn, password[:ZXCVBN_MAX], user_inputs=inputs)
    if (await to_thread.run_sync(score, limiter=_limiter()))["score"] < MIN_SCORE:
        return gettext(
            "This password is too easy to guess. A few unrelated words or a longer sentence "
            "work well."
        )
    return None
