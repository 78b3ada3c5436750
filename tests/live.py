"""A live server on a fresh, migrated demo database, started as an operator would:
`participation migrate`, `participation seed-demo`, then uvicorn; on PostgreSQL when
TEST_DATABASE_URL points there. Shared by the browser tests and the API contract test;
:func:`serve` also starts one on a database that is broken or gone."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from participation.settings import BASE_DIR
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url, run_admin_sql

BIN_DIR = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def empty_database(directory: Path) -> Iterator[str]:
    """A database of its own for a live server: a SQLite file in ``directory``, or on
    PostgreSQL a new database beside TEST_DATABASE_URL's, dropped afterwards."""
    if not ON_POSTGRES:
        yield f"sqlite://{directory / 'live.sqlite3'}"
        return
    name = f"participation_live_{uuid.uuid4().hex[:10]}"
    server = _admin_url(TEST_DATABASE_URL, "postgres")
    run_admin_sql(server, f'CREATE DATABASE "{name}"')
    try:
        yield _admin_url(TEST_DATABASE_URL, name)
    finally:
        run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with empty_database(tmp_path_factory.mktemp("live")) as url:
        yield url


def migrate_and_seed(env: dict[str, str]) -> None:
    """What `make run` does before it starts the server."""
    for command in (["migrate"], ["seed-demo", "--if-empty"]):
        subprocess.run(
            [str(BIN_DIR / "participation"), *command],
            env=env,
            check=True,
            cwd=BASE_DIR,
            capture_output=True,
        )


def live_env(database_url: str, **overrides: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "development",
        "API_RATE": "1000",  # the contract test asks fast; the limit has its own test
        "API_BURST": "100000",
        **overrides,
    }


def _health(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:  # 503: up, but without its database
        return error.code
    except OSError:  # not listening yet
        return None


@contextmanager
def serve(env: dict[str, str], log: Path, *, ready: tuple[int, ...] = (200,)) -> Iterator[str]:
    """uvicorn on the app with ``env``, as an operator starts it (`make run` gives uvicorn and
    the app the same HOST and PORT); its URL once /healthz answers with a status in ``ready``."""
    port = _free_port()
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(BIN_DIR / "uvicorn"), "app:app", "--host", "127.0.0.1", "--port", str(port)],
            env={**env, "HOST": "127.0.0.1", "PORT": str(port)},
            cwd=BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if _health(url) in ready:
            break
        time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("the live server did not start:\n" + log.read_text())
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(live_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = live_env(live_database)
    migrate_and_seed(env)
    with serve(env, tmp_path_factory.mktemp("server") / "uvicorn.log") as url:
        yield url
