from tortoise import migrations
from tortoise.migrations import operations as ops

from participation.proposals import search

# One search on both databases (proposals/search.py): the app stems every word in Python to
# a term and stores a proposal's terms and their tails (compound ends), which both databases
# match by prefix. PostgreSQL's tsvector was generated with its own German stemmer, which
# keeps the "s" of "Bürgerbüros" as Snowball does: it becomes a tsvector generated from the
# stored terms (``simple`` configuration) with its GIN index, and an index in "Rangfolge"
# order across masterplans for the search page (search.POSTGRES_VECTOR); SQLite's FTS5 table
# gets a column for the title and one for the text. Every proposal is indexed anew.
OLD_POSTGRES = [
    'DROP INDEX IF EXISTS "proposal_rank_everywhere"',
    'DROP INDEX IF EXISTS "idx_proposal_search_vector"',
    'DROP INDEX IF EXISTS "idx_proposal_search_title_vector"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_vector"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_title_vector"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_title"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_body"',
    """ALTER TABLE "proposal" ADD COLUMN "search_vector" tsvector
       GENERATED ALWAYS AS (
         setweight(to_tsvector('german', coalesce("title", '')), 'A') ||
         setweight(to_tsvector('german', coalesce("body", '')), 'B')
       ) STORED""",
    'CREATE INDEX "idx_proposal_search_vector" ON "proposal" USING GIN ("search_vector")',
]
OLD_SQLITE = [
    'DROP TABLE IF EXISTS "proposal_search"',
    """CREATE VIRTUAL TABLE "proposal_search" USING fts5(
         stems, tokenize = 'unicode61 remove_diacritics 2')""",
]


async def index_terms(apps, schema_editor):
    await search.install(schema_editor.client)


async def index_stems(apps, schema_editor):
    connection = schema_editor.client
    postgres = connection.capabilities.dialect == "postgres"
    for statement in OLD_POSTGRES if postgres else OLD_SQLITE:
        await connection.execute_script(statement)
    if postgres:
        return
    for row in await connection.execute_query_dict('SELECT "id", "title", "body" FROM "proposal"'):
        stems = search.stems(row["title"]) * 2 + search.stems(row["body"])
        await connection.execute_query(
            'INSERT INTO "proposal_search" (rowid, stems) VALUES (?, ?)',
            [row["id"], " ".join(stems)],
        )


class Migration(migrations.Migration):
    dependencies = [('participation', '0015_ties_by_opposes')]

    initial = False

    operations = [
        ops.RunPython(index_terms, reverse_code=index_stems),
    ]
