"""A live server on a fresh, migrated demo database, and Debian's Chromium driven by Playwright.

The server is started exactly as an operator would: `participation migrate`,
`participation seed-demo`, then uvicorn; on PostgreSQL when TEST_DATABASE_URL points there.
"""

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
from typing import Any

import pytest

from participation.settings import BASE_DIR
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url, run_admin_sql

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if missing and not os.environ.get("REQUIRE_BROWSER"):
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
                    )
                )


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
    env = {**os.environ, "DATABASE_URL": live_database, "ENVIRONMENT": "development"}
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


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(live_server: str, browser: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.foreign_requests = []  # type: ignore[attr-defined]

    def record(request: Any) -> None:
        if not request.url.startswith((live_server, "data:")):
            page.foreign_requests.append(request.url)  # type: ignore[attr-defined]

    page.on("request", record)
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (from the npm registry, installed by the build) on the current page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
