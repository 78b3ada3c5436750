from tortoise import migrations
from tortoise.migrations import operations as ops

# Likely duplicates are ranked by how alike two titles are. PostgreSQL measures it with
# pg_trgm (trigrams); a GiST index on the lower-cased title hands out the nearest titles in
# order (``ORDER BY lower(title) <-> $1 LIMIT n``), which a GIN index cannot: 10 s for the
# duplicates of a masterplan with 20,000 load-test proposals with GIN, 1.5 s with GiST.
# SQLite has no trigrams and computes the ratio in Python over FTS5's candidates instead.
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    'CREATE INDEX IF NOT EXISTS "idx_proposal_title_trgm" ON "proposal" '
    'USING GIST (lower("title") gist_trgm_ops)',
]


async def install_trigrams(apps, schema_editor):
    connection = schema_editor.client
    if connection.capabilities.dialect != "postgres":
        return
    for statement in POSTGRES:
        await connection.execute_script(statement)


async def remove_trigrams(apps, schema_editor):
    connection = schema_editor.client
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script('DROP INDEX IF EXISTS "idx_proposal_title_trgm"')


class Migration(migrations.Migration):
    dependencies = [('participation', '0008_list_indexes')]

    initial = False

    operations = [
        ops.RunPython(install_trigrams, reverse_code=remove_trigrams),
    ]
