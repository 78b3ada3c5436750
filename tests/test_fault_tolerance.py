"""The short form of the fault-tolerance harness (bench/fault.py), as CI runs it: app
processes on a database of their own (four on PostgreSQL, one on SQLite), voters voting,
one process killed with SIGKILL halfway and started again. No vote a voter was told is
saved may be missing, and every counter must equal a recount."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import fault
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url, run_admin_sql


@pytest.fixture
def fault_database(tmp_path: Path) -> Iterator[str]:
    """An empty database the harness prepares itself, as an operator would."""
    if not ON_POSTGRES:
        yield f"sqlite://{tmp_path / 'fault.sqlite3'}"
        return
    name = f"participation_fault_{uuid.uuid4().hex[:10]}"
    server = _admin_url(TEST_DATABASE_URL, "postgres")
    run_admin_sql(server, f'CREATE DATABASE "{name}"')
    yield _admin_url(TEST_DATABASE_URL, name)
    run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_no_acknowledged_vote_is_lost_when_an_app_process_is_killed(
    fault_database: str, tmp_path: Path
) -> None:
    plan = fault.Plan(
        database_url=fault_database,
        processes=fault.default_processes(fault_database),
        voters=40,
        duration=6.0,
        proposals=8,
        log_dir=tmp_path / "logs",
        demo=False,  # a masterplan and its proposals, not the whole demo: the test stays short
    )
    result = await fault.run(plan)
    print(result.report())

    assert result.violations == [], result.report()
    assert result.kills == 1
    assert result.in_flight_at_kill > 0, result.report()  # it struck requests on their way
    assert result.acknowledged > 0 and result.acknowledged_after_restart > 0, result.report()
    assert result.checks["voter-proposal pairs"] > 0 and result.checks["group tallies"] > 0
