"""The automatic phase switch as an operator runs it: `participation switch-phases` from cron,
and the background task every app process starts unless PHASE_SWITCH is off."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARTICIPATION = str(Path(sys.executable).parent / "participation")

# A masterplan collecting proposals whose evaluation starts today, switching by itself.
SETUP = """
import asyncio, sys
from datetime import UTC, datetime
from participation.db import migrate, open_database
from participation.i18n import local_date
from participation.masterplans.models import Masterplan, Phase, PhasePeriod

async def main(url):
    await migrate(url)
    async with open_database(url):
        masterplan = await Masterplan.create(
            slug="digitale-gesundheit", title="Masterplan Digitale Gesundheit", summary="",
            lead_department="Gesundheitsamt", phase=Phase.COLLECTION,
        )
        await PhasePeriod.create(
            masterplan=masterplan, phase=Phase.EVALUATION,
            starts_on=local_date(datetime.now(UTC)), auto_switch=True,
        )

asyncio.run(main(sys.argv[1]))
"""

# Starts the app as uvicorn would (its lifespan): says whether a switcher runs in the
# background and, if one does, waits until the phase has changed.
SERVE = """
import asyncio, sqlite3, sys
from app import create_app

async def main(path):
    app = create_app()
    async with app.router.lifespan_context(app):
        running = any(
            task.get_coro().__qualname__ == "switch_forever" for task in asyncio.all_tasks()
        )
        for _ in range(200 if running else 0):
            with sqlite3.connect(path) as db:
                if db.execute("SELECT phase FROM masterplan").fetchone()[0] != "collection":
                    break
            await asyncio.sleep(0.05)
    print("running" if running else "off")

asyncio.run(main(sys.argv[1]))
"""


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "switch.sqlite3"
    subprocess.run([sys.executable, "-c", SETUP, f"sqlite://{path}"], cwd=ROOT, check=True)
    return path


def _env(path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"sqlite://{path}", "MAIL_WORKER": "false", **extra}


def _phase(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("SELECT phase FROM masterplan").fetchone()[0])


def test_the_command_switches_what_is_due_once(database: Path) -> None:
    def run() -> str:
        result = subprocess.run(
            [PARTICIPATION, "switch-phases"],
            cwd=ROOT,
            env=_env(database),
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    first = run()
    assert "Switched digitale-gesundheit: collection → evaluation" in first
    assert "Phases: 1 switched, 0 skipped." in first
    assert _phase(database) == "evaluation"
    assert "Phases: 0 switched, 0 skipped." in run()


@pytest.mark.parametrize(
    ("setting", "switcher", "phase"),
    [("true", "running", "evaluation"), ("false", "off", "collection")],
)
def test_the_app_switches_in_the_background_unless_it_is_turned_off(
    database: Path, setting: str, switcher: str, phase: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(database)],
        cwd=ROOT,
        env=_env(database, PHASE_SWITCH=setting),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == switcher
    assert _phase(database) == phase
