"""Password hashing with argon2id and a strength check with zxcvbn.

argon2-cffi's defaults follow RFC 9106's recommendation. zxcvbn estimates how many guesses a
password takes (dictionaries, keyboard patterns, dates, names) instead of ad-hoc rules that
accept "Passwort1!" and refuse long passphrases.
"""

from __future__ import annotations

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
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
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
    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=inputs)["score"] < MIN_SCORE:
        return gettext(
            "This password is too easy to guess. A few unrelated words or a longer sentence "
            "work well."
        )
    return None
