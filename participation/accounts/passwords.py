"""Password hashing with argon2id and a strength check with zxcvbn, off the event loop.

argon2-cffi's defaults follow RFC 9106's recommendation. zxcvbn estimates how many guesses a
password takes (dictionaries, keyboard patterns, dates, names) instead of ad-hoc rules that
accept "Passwort1!" and refuse long passphrases.

Both cost tens of milliseconds of CPU by design, so requests run them in a small worker
pool of their own (``PASSWORD_WORKERS`` threads, half the cores unless set; argon2 releases
the GIL while it hashes) at a lower priority than the event loop:
a process that checks forty wrong passwords at once keeps answering every other request,
and the checks queue instead of taking every thread. An unknown address is checked against
a dummy hash, so a sign-in takes as long whether or not the address has an account.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.types import ASGIApp, Receive, Scope, Send
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
# How much the checking threads give way to the event loop (a nice value, 0-19). A check
# still takes its full CPU when the process has nothing else to do; under load the loop
# is scheduled first, so a burst of sign-ins no longer delays every other request.
NICENESS = 10
_hasher = PasswordHasher()
_dummy: list[str] = []  # the hash an unknown address is checked against, made once
T = TypeVar("T")


def _give_way() -> None:
    """Lower the priority of this worker thread only (Linux keeps a nice value per
    thread, and argon2's lane threads inherit it); elsewhere leave it, since there the
    same call would lower the whole process."""
    if sys.platform == "linux":
        # Not permitted here: the checks still run, at normal priority.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


_pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="password", initializer=_give_way)


async def _in_pool(function: Callable[[], T]) -> T:
    """Run ``function`` in the password pool: at most WORKERS at once, the rest queue."""
    return await asyncio.get_running_loop().run_in_executor(_pool, function)


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
    return await _in_pool(partial(hash_password_now, password))


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; without a hash (no such account, or one whose
    password was never set) the same work is done and the answer is no."""
    return await _in_pool(partial(_verify, password_hash, password))


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
    if (await _in_pool(score))["score"] < MIN_SCORE:
        return gettext(
            "This password is too easy to guess. A few unrelated words or a longer sentence "
            "work well."
        )
    return None


# The forms whose POST checks or hashes a password (sign-in, registration, reset, set-up,
# profile with its password change, account deletion).
PASSWORD_FORMS = re.compile(
    r"/account/(?:login|register|profile|delete|password-reset/[^/]+|set-up/[^/]+)"
)


class PasswordFormsMiddleware:
    """Admits at most a few password forms into the app at once; the rest wait at the door.

    The pool lets only WORKERS checks run at a time anyway, so forty forms arriving
    together gain nothing by being read, checked for their token and looked up all at
    once, and doing that would stall every other request of the process for the whole
    burst. Waiting here costs nothing: the body is not read until a form's turn comes."""

    def __init__(self, app: ASGIApp, *, admitted: int = 2 * WORKERS + 1) -> None:
        self.app, self.admitted = app, admitted
        self._doors: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]
        self._doors = weakref.WeakKeyDictionary()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or not PASSWORD_FORMS.fullmatch(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        door = self._doors.get(loop)
        if door is None:
            door = self._doors[loop] = asyncio.Semaphore(self.admitted)
        async with door:
            await self.app(scope, receive, send)
