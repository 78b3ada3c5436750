"""The committed migrations build the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from tortoise import Tortoise, connections
from tortoise.migrations.autodetector import MigrationAutodetector

from participation.db import APP_LABEL, migrate, open_database, tortoise_config
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, _admin_url, _run_admin_sql


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


@asynccontextmanager
async def database_at(migration: str, rows: list[str], tmp_path: Path) -> AsyncIterator[str]:
    """A database built by the migrations up to ``migration``, with ``rows`` inserted as that
    schema takes them; dropped afterwards."""
    from tortoise.migrations.api.migrate import migrate as migrate_to

    if ON_POSTGRES:
        name = f"participation_migration_{uuid.uuid4().hex[:10]}"
        server = _admin_url(TEST_DATABASE_URL, "postgres")
        await _run_admin_sql(server, f'CREATE DATABASE "{name}"')
        url = _admin_url(TEST_DATABASE_URL, name)
    else:
        url = f"sqlite://{tmp_path / 'old.sqlite3'}"
    try:
        try:
            await migrate_to(config=tortoise_config(url), target=f"participation.{migration}")
        finally:
            await Tortoise.close_connections()
        async with open_database(url):
            client = connections.get("default")
            for statement in rows:
                await client.execute_script(statement)
        yield url
    finally:
        if ON_POSTGRES:
            await Tortoise.close_connections()
            await _run_admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def test_migration_0006_stores_the_scores_of_proposals_voted_on_before(
    tmp_path: Path,
) -> None:
    """A database with votes from before the stored scores gets them when it migrates."""
    from participation.votes.ranking import GroupCount, balanced, consensus

    async with database_at("0005_notification_kind_moderated", OLD_ROWS, tmp_path) as url:
        await migrate(url)
        async with open_database(url):
            rows = await connections.get("default").execute_query_dict(
                "SELECT id, balanced, consensus FROM proposal ORDER BY id"
            )
    voted = [GroupCount("chambers", 4, 0), GroupCount("citizens", 1, 9)]
    every = voted + [GroupCount(g, 0, 0) for g in ("science", "business", "education")]
    every += [GroupCount("administration", 0, 0), GroupCount("civil_society", 0, 0)]
    assert rows[0]["balanced"] == pytest.approx(balanced(voted))
    assert rows[0]["consensus"] == pytest.approx(consensus(every))
    assert rows[1]["balanced"] == 0.0  # no votes: the defaults stand
    assert rows[1]["consensus"] == pytest.approx(0.5**7)


async def test_a_database_in_use_migrates_from_the_last_release_to_the_head(
    tmp_path: Path,
) -> None:
    """Columns added to tables that already hold rows (a merge, phase dates, a council
    report) need a default the database can fill in: without one SQLite and PostgreSQL
    refuse to add a NOT NULL column to a table with rows."""
    landed = [
        *OLD_ROWS,
        "INSERT INTO merge (id, duplicate_id, target_id, previous_status, moved_vote_ids, "
        "dropped_votes, created_at) VALUES (1, 2, 1, 'published', '[]', '[]', "
        "'2026-02-01 00:00:00+00')",
        "INSERT INTO phase_period (id, masterplan_id, phase, starts_on) "
        "VALUES (1, 1, 'collection', '2026-01-01')",
        "INSERT INTO council_report_snapshot (id, scope, issued_at, figures, document) "
        "VALUES (1, 'all', '2026-03-01 00:00:00+00', '{}', '# Ratsbericht')",
    ]
    async with database_at("0008_list_indexes", landed, tmp_path) as url:
        await migrate(url)
        async with open_database(url):
            client = connections.get("default")
            merge = await client.execute_query_dict("SELECT carried FROM merge")
            period = await client.execute_query_dict("SELECT auto_switch FROM phase_period")
            plan = await client.execute_query_dict("SELECT phases, archived_at FROM masterplan")
    assert merge[0]["carried"] in ({}, "{}")
    assert not period[0]["auto_switch"]
    assert (plan[0]["phases"], plan[0]["archived_at"]) == (None, None)


OLD_ROWS = [
    "INSERT INTO masterplan (id, slug, title, summary, lead_department, phase, position, "
    "premoderated_groups, report_threshold, created_at, updated_at) VALUES (1, 'm', 'M', '', "
    "'', 'collection', 1, '[]', 3, '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00')",
    "INSERT INTO field_of_action (id, masterplan_id, slug, title, description, position, "
    "proposal_count) VALUES (1, 1, 'f', 'F', '', 1, 2)",
    *(
        "INSERT INTO proposal (id, masterplan_id, field_of_action_id, stakeholder_group, title, "
        "body, disclosure, status, created_at, updated_at, moderation_reason, official_response, "
        "original_title, supports, opposes, vote_count, wilson, comment_count, cosign_count, "
        f"follower_count) VALUES ({n}, 1, 1, 'citizens', 'T{n}', 'B', '', 'published', "
        "'2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', '', '', '', 0, 0, 0, 0, 0, 0, 0)"
        for n in (1, 2)
    ),
    "INSERT INTO vote_tally (proposal_id, stakeholder_group, supports, opposes) "
    "VALUES (1, 'chambers', 4, 0)",
    "INSERT INTO vote_tally (proposal_id, stakeholder_group, supports, opposes) "
    "VALUES (1, 'citizens', 1, 9)",
]
