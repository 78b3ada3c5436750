from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTICIPATION = str(Path(sys.executable).parent / "participation")


def _run(*args: str, database: Path) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite://{database}"}
    result = subprocess.run(
        [PARTICIPATION, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_migrate_then_seed_demo_if_empty_loads_the_demo_once(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "demo.sqlite3"
    assert "Migrations applied" in _run("migrate", database=database)
    first = _run("seed-demo", "--if-empty", database=database)
    assert "3 masterplans" in first and "24 proposals" in first
    assert "not loaded" in _run("seed-demo", "--if-empty", database=database)
    assert "0 proposals" in _run("seed-demo", database=database)
