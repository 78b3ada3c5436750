from tortoise import migrations
from tortoise.migrations import operations as ops

# Likely duplicates are ranked by how alike two titles are. PostgreSQL measures it with
# pg_trgm's similarity() (trigrams), served by a GIN index on the lower-cased title; SQLite
# has no trigrams and computes the ratio in Python over FTS5's candidates instead.
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    'CREATE INDEX IF NOT EXISTS "idx_proposal_title_trgm" ON "proposal" '
    'USING GIN (lower("title") gin_trgm_ops)',
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
