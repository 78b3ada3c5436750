"""The committed migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tortoise.migrations.autodetector import MigrationAutodetector

from participation.db import APP_LABEL, migrate, tortoise_config
from tests.conftest import ON_POSTGRES


async def test_models_have_no_changes_without_a_migration() -> None:
    from tortoise.context import TortoiseContext

    config = tortoise_config("sqlite://:memory:")
    apps = {APP_LABEL: dict(config["apps"][APP_LABEL])}
    async with TortoiseContext() as context:
        await context.init(config=config)
        writers = await MigrationAutodetector(context.apps, apps).changes()
    assert [w.name for w in writers] == [], (
        "the models changed: run `tortoise -c participation.db.TORTOISE_ORM makemigrations` "
        "and commit the migration"
    )


async def test_migrations_create_every_model_table_on_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "migrated.sqlite3"
    await migrate(f"sqlite://{path}")
    await migrate(f"sqlite://{path}")  # a second run finds nothing to do
    with sqlite3.connect(path) as connection:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    from tortoise import Tortoise

    await Tortoise.init(config=tortoise_config("sqlite://:memory:"), init_connections=False)
    expected = {model._meta.db_table for model in Tortoise.apps["participation"].values()}
    assert expected <= tables  # every model's table, whatever module it lives in
    assert {"vote_tally", "outbox_message", "session"} <= expected


async def test_migrated_postgres_database_answers_the_pages(client: object) -> None:
    """On PostgreSQL the test database itself was built by the migrations (see conftest)."""
    import httpx

    assert isinstance(client, httpx.AsyncClient)
    response = await client.get("/healthz")
    assert response.status_code == 200
    if ON_POSTGRES:
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(
            "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'vote_tally'"
        )
        assert rows[0]["n"] == 1
