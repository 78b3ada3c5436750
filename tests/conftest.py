"""Fixtures: a clean database per test (SQLite, or PostgreSQL when TEST_DATABASE_URL says so),
an HTTP client on the app, and a counter of database queries."""

from __future__ import annotations

import asyncio
import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
from tortoise import Tortoise, connections

from participation.db import migrate, tortoise_config
from participation.settings import load_settings

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://:memory:")
ON_POSTGRES = TEST_DATABASE_URL.startswith(("postgres://", "postgresql://"))


def _admin_url(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


async def _run_admin_sql(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def run_admin_sql(url: str, statement: str) -> None:
    """Run one statement outside any event loop the caller may be in (Playwright runs one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _run_admin_sql(url, statement)).result()


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """SQLite: a new in-memory database per test. PostgreSQL: one fresh, migrated database
    for the session, emptied before every test."""
    if not ON_POSTGRES:
        yield TEST_DATABASE_URL
        return
    name = f"participation_test_{uuid.uuid4().hex[:10]}"
    server = _admin_url(TEST_DATABASE_URL, "postgres")
    run_admin_sql(server, f'CREATE DATABASE "{name}"')
    url = _admin_url(TEST_DATABASE_URL, name)
    asyncio.run(migrate(url))
    yield url
    run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[None]:
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    if ON_POSTGRES:
        tables = ", ".join(
            f'"{model._meta.db_table}"' for model in Tortoise.apps["participation"].values()
        )
        await connections.get("default").execute_script(
            f"TRUNCATE {tables} RESTART IDENTITY CASCADE"
        )
    else:
        await Tortoise.generate_schemas()
    yield
    await Tortoise.close_connections()


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    from app import create_app

    app = create_app(load_settings(env_file=None), connect_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class QueryCounter(logging.Handler):
    """Counts the statements the ORM sends while active."""

    statements: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, level=logging.DEBUG)

    def __hash__(self) -> int:
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.split(" ", 1)[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
            self.statements.append(message)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries() -> Iterator[QueryCounter]:
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main
    thread for as long as the browser is open, and async tests cannot run beside it."""
    items.sort(key=lambda item: "tests/browser/" in str(item.path))
