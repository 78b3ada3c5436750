"""Fixtures: a clean database per test (SQLite, or PostgreSQL when TEST_DATABASE_URL says so),
an HTTP client on the app, and a counter of database queries."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import Tortoise, connections

from participation.db import migrate, tortoise_config
from participation.settings import load_settings

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite")
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


def _in_thread(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a coroutine outside any event loop the caller may be in (Playwright runs one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def run_admin_sql(url: str, statement: str) -> None:
    _in_thread(_run_admin_sql(url, statement))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The database every test starts from, built by the committed migrations.

    SQLite: a migrated template file, copied for each test. PostgreSQL: one fresh, migrated
    database for the session, emptied before every test."""
    if not ON_POSTGRES:
        template = tmp_path_factory.mktemp("template") / "migrated.sqlite3"
        _in_thread(migrate(f"sqlite://{template}"))
        yield str(template)
        return
    name = f"participation_test_{uuid.uuid4().hex[:10]}"
    server = _admin_url(TEST_DATABASE_URL, "postgres")
    run_admin_sql(server, f'CREATE DATABASE "{name}"')
    url = _admin_url(TEST_DATABASE_URL, name)
    _in_thread(migrate(url))
    yield url
    run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def db(database_url: str, tmp_path: Path) -> AsyncIterator[None]:
    if ON_POSTGRES:
        url = database_url
    else:
        copy = tmp_path / "test.sqlite3"
        shutil.copyfile(database_url, copy)
        url = f"sqlite://{copy}"
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    if ON_POSTGRES:
        tables = ", ".join(
            f'"{model._meta.db_table}"' for model in Tortoise.apps["participation"].values()
        )
        await connections.get("default").execute_script(
            f"TRUNCATE {tables} RESTART IDENTITY CASCADE"
        )
    yield
    await Tortoise.close_connections()


@asynccontextmanager
async def open_client() -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own (own cookies) on the app; for tests with several people."""
    from app import create_app

    app = create_app(load_settings(env_file=None), connect_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
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


@asynccontextmanager
async def fresh_database(database_url: str, directory: Path) -> AsyncIterator[None]:
    """A clean database with the ORM connected, as the ``db`` fixture gives each test; for a
    test that needs one per hypothesis example (a fixture runs once per test, not per
    example). Enter and leave it on the same event loop."""
    copy: Path | None = None
    url = database_url
    if not ON_POSTGRES:
        copy = directory / f"example-{uuid.uuid4().hex[:10]}.sqlite3"
        shutil.copyfile(database_url, copy)
        url = f"sqlite://{copy}"
    await Tortoise.init(config=tortoise_config(url), _enable_global_fallback=True)
    try:
        if ON_POSTGRES:
            tables = ", ".join(
                f'"{model._meta.db_table}"' for model in Tortoise.apps["participation"].values()
            )
            await connections.get("default").execute_script(
                f"TRUNCATE {tables} RESTART IDENTITY CASCADE"
            )
        yield
    finally:
        await Tortoise.close_connections()
        if copy is not None:
            copy.unlink()
