"""Expired sign-ins and stale sign-in/mail counts are deleted, as the privacy page promises;
what is still in use stays."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from participation.accounts.models import Session, Throttle
from participation.accounts.throttle import FORGET_AFTER
from participation.housekeeping import tidy
from tests.auth import make_person, sign_in

pytestmark = pytest.mark.usefixtures("db")


async def test_ended_sign_ins_and_quiet_counts_go_and_the_rest_stays(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person(display_name="Noch Angemeldet")
    await sign_in(client, person)
    now = datetime.now(UTC)
    for days_ago in (1, 40):
        await Session.create(
            user=person, token_hash=f"{days_ago:064d}", expires_at=now - timedelta(days=days_ago)
        )
    quiet, recent = time.time() - FORGET_AFTER - 60, time.time() - 60
    await Throttle.create(key="account:quiet", attempts=3, next_at=quiet, last_at=quiet)
    await Throttle.create(key="account:recent", attempts=3, next_at=recent, last_at=recent)

    tidied = await tidy()

    assert (tidied.sessions, tidied.throttle_counts) == (2, 1)
    assert await Session.filter(user=person).count() == 1  # the browser's own sign-in
    assert await Throttle.filter(key="account:recent").exists()
    assert not await Throttle.filter(key="account:quiet").exists()
    # The person is still signed in, and a second round finds nothing more.
    page = await client.get("/account/profile")
    assert page.status_code == 200 and "Noch Angemeldet" in page.text
    assert await tidy() == type(tidied)(sessions=0, throttle_counts=0)


# A database with one person and a sign-in that ran out yesterday.
SETUP = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from participation.accounts.models import Session, User
from participation.db import migrate, open_database

async def main(url):
    await migrate(url)
    async with open_database(url):
        person = await User.create(email="a@example.org", display_name="A", password_hash="x")
        await Session.create(
            user=person, token_hash="0" * 64, expires_at=datetime.now(UTC) - timedelta(days=1)
        )

asyncio.run(main(sys.argv[1]))
"""

# Starts the app as uvicorn would (its lifespan) and says whether housekeeping runs in the
# background; if it does, waits until the expired sign-in is gone.
SERVE = """
import asyncio, sqlite3, sys
from app import create_app

async def main(path):
    app = create_app()
    async with app.router.lifespan_context(app):
        running = any(
            task.get_coro().__qualname__ == "tidy_forever" for task in asyncio.all_tasks()
        )
        for _ in range(200 if running else 0):
            with sqlite3.connect(path) as db:
                if not db.execute("SELECT count(*) FROM session").fetchone()[0]:
                    break
            await asyncio.sleep(0.05)
    with sqlite3.connect(path) as db:
        left = db.execute("SELECT count(*) FROM session").fetchone()[0]
    print("running" if running else "off", left)

asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.parametrize(("setting", "expected"), [("true", "running 0"), ("false", "off 1")])
def test_every_app_process_tidies_unless_it_is_turned_off(
    tmp_path: Path, setting: str, expected: str
) -> None:
    path = tmp_path / "tidy.sqlite3"
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", SETUP, f"sqlite://{path}"], cwd=root, check=True)
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{path}",
        "MAIL_WORKER": "false",
        "PHASE_SWITCH": "false",
        "HOUSEKEEPING": setting,
    }
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(path)],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected
