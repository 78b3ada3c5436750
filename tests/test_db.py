"""Telling a database that cannot answer for now (a 503, retry later) from a query that is
wrong (a 500, a bug), by the errors the drivers really raise."""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise

from participation.db import database_unavailable, tortoise_config
from participation.masterplans.models import Masterplan
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url


async def _error_of(database_url: str) -> Exception:
    """What asking the database at ``database_url`` for the masterplans raises."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        await Masterplan.all()
    except Exception as error:
        return error
    finally:
        await Tortoise.close_connections()
    raise AssertionError("the database answered")


def _unavailable(tmp_path: Path) -> list[str]:
    urls = [
        "postgres://nobody@127.0.0.1:1/none",  # nobody listens on port 1
        "postgres://nobody@host.invalid/none",  # a name no resolver knows
        f"sqlite://{tmp_path / 'gone' / 'gone.sqlite3'}",  # a directory that is not there
    ]
    if ON_POSTGRES:
        urls.append(_admin_url(TEST_DATABASE_URL, "no_such_database"))
    return urls


async def test_a_database_that_cannot_be_reached_or_opened_is_unavailable(tmp_path: Path) -> None:
    for url in _unavailable(tmp_path):
        error = await _error_of(url)
        assert database_unavailable(error), f"{url}: {error!r}"


async def test_a_query_the_database_cannot_run_is_no_outage() -> None:
    # Connected, but to a database without the tables: the migrations were not run.
    urls = ["sqlite://:memory:"]
    if ON_POSTGRES:
        urls.append(_admin_url(TEST_DATABASE_URL, "postgres"))
    for url in urls:
        error = await _error_of(url)
        assert not database_unavailable(error), f"{url}: {error!r}"
