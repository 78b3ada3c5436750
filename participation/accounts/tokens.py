"""Signed, expiring tokens for links sent by e-mail and random tokens for cookies."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 - a salt name, not a password


class InvalidToken(Exception):
    """The link is broken, tampered with or expired."""


def sign(secret: str, purpose: str, payload: dict[str, Any]) -> str:
    return URLSafeTimedSerializer(secret, salt=purpose).dumps(payload)


def unsign(secret: str, purpose: str, token: str, max_age_seconds: int) -> dict[str, Any]:
    try:
        payload = URLSafeTimedSerializer(secret, salt=purpose).loads(token, max_age=max_age_seconds)
    except BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidToken(str(error)) from error
    if not isinstance(payload, dict):
        raise InvalidToken("unexpected payload")
    return payload


def random_token() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    """SHA-256 hex: what the database keeps of a token, never the token itself."""
    return hashlib.sha256(value.encode()).hexdigest()
