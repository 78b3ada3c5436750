"""Tortoise ORM configuration, the app's lifespan wiring and the migration entry point.

All models live in one Tortoise app, ``participation``, so that relations across feature
packages are plain ``"participation.Model"`` references and one migration history covers them.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import BaseORMException, DBConnectionError
from tortoise.migrations.api.migrate import migrate as tortoise_migrate

from participation.settings import load_settings

APP_LABEL = "participation"
MODEL_MODULES = [
    "participation.masterplans.models",
    "participation.accounts.models",
    "participation.proposals.models",
    "participation.comments.models",
    "participation.votes.models",
    "participation.mail.models",
    "participation.notifications.models",
    "participation.moderation.models",
    "participation.planning.models",
    "participation.reports.models",
    "participation.site.models",
]


# Connections each app process keeps to PostgreSQL unless DATABASE_URL says otherwise
# (``?minsize=..&maxsize=..``): a request holds one only for a query or a transaction.
POOL_MIN, POOL_MAX = 1, 10


async def _keep_session(connection: object) -> None:
    """Nothing to reset when a pooled connection goes back to the pool.

    asyncpg's default runs ``RESET ALL, UNLISTEN *, CLOSE ALL, pg_advisory_unlock_all()``, a
    round trip after every query outside a transaction. The app sets no session state, listens
    to nothing and takes no advisory locks, and asyncpg still rolls back a transaction left
    open before this is called."""


def connection_config(database_url: str) -> dict[str, Any]:
    """Tortoise's connection settings for a database URL, with the pool tuned on PostgreSQL."""
    config = expand_db_url(database_url)
    if config["engine"] == "tortoise.backends.asyncpg":
        credentials = config["credentials"]
        credentials.setdefault("minsize", POOL_MIN)
        credentials.setdefault("maxsize", POOL_MAX)
        credentials["reset"] = _keep_session
    return config


# What a database that cannot answer for now raises, as opposed to a query that is wrong:
# no way to the server (refused, reset, unresolvable, timed out, no such database);
NETWORK_ERRORS = (ConnectionError, TimeoutError, socket.gaierror, DBConnectionError)
# a server that refuses, by SQLSTATE: a connection failed or lost, resources exhausted
# (connections, disk, memory), shutting down or starting up;
UNAVAILABLE_SQLSTATES = ("08", "53", "57P01", "57P02", "57P03")
# an SQLite file that stays locked, cannot be opened, read or written, or has no room.
UNAVAILABLE_SQLITE = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
    }
)


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the database cannot answer for now (down, restarting, out of
    connections or room), which asking again later may mend."""
    if isinstance(error, NETWORK_ERRORS):
        return True
    cause = error.args[0] if isinstance(error, BaseORMException) and error.args else None
    if isinstance(cause, BaseException):  # Tortoise wraps the driver's error
        return database_unavailable(cause)
    if isinstance(error, sqlite3.Error):
        return error.sqlite_errorcode & 0xFF in UNAVAILABLE_SQLITE  # the primary code
    sqlstate = getattr(error, "sqlstate", None)  # asyncpg's PostgresError
    return isinstance(sqlstate, str) and sqlstate.startswith(UNAVAILABLE_SQLSTATES)


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            APP_LABEL: {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "participation.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# Read by the `tortoise` command (`tortoise -c participation.db.TORTOISE_ORM makemigrations`).
TORTOISE_ORM = tortoise_config(load_settings().database_url)


async def migrate(database_url: str) -> None:
    """Apply every migration that the database has not seen yet."""
    try:
        await tortoise_migrate(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[None]:
    """Connect the ORM for a command or a test; the connection is the global fallback."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()
