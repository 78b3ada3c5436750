"""A live server on a fresh, migrated demo database, started as an operator would:
`participation migrate`, `participation seed-demo`, then uvicorn; on PostgreSQL when
TEST_DATABASE_URL points there. Shared by the browser tests and the API contract test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from participation.settings import BASE_DIR
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url, run_admin_sql


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not ON_POSTGRES:
        yield f"sqlite://{tmp_path_factory.mktemp('live') / 'live.sqlite3'}"
        return
    name = f"participation_live_{uuid.uuid4().hex[:10]}"
    server = _admin_url(TEST_DATABASE_URL, "postgres")
    run_admin_sql(server, f'CREATE DATABASE "{name}"')
    yield _admin_url(TEST_DATABASE_URL, name)
    run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def live_server(live_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {
        **os.environ,
        "DATABASE_URL": live_database,
        "ENVIRONMENT": "development",
        "API_RATE": "1000",  # the contract test asks fast; the limit has its own test
        "API_BURST": "100000",
    }
    bin_dir = Path(sys.executable).parent
    for command in (["migrate"], ["seed-demo", "--if-empty"]):
        subprocess.run(
            [str(bin_dir / "participation"), *command],
            env=env,
            check=True,
            cwd=BASE_DIR,
            capture_output=True,
        )
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "uvicorn.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(bin_dir / "uvicorn"), "app:app", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=BASE_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("the live server did not start:\n" + log.read_text())
    yield url
    process.terminate()
    process.wait(timeout=10)
