"""Full-text search over proposals, with German stemming, behind one interface.

PostgreSQL: a generated ``tsvector`` column (German snowball stemmer, title weighted above
text) with a GIN index. SQLite: an FTS5 table of the same words stemmed in Python by the
same Snowball algorithm, kept in step by the proposal services. Callers see neither: they
ask :func:`matching_ids` or :func:`similar` and get proposal ids, best match first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import snowballstemmer
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12
# Words too common to say anything about a proposal ("und", "für", "die", ...).
STOPWORDS = frozenset(
    [
        "und",
        "oder",
        "aber",
        "auch",
        "als",
        "an",
        "auf",
        "aus",
        "bei",
        "bis",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "es",
        "für",
        "im",
        "in",
        "ist",
        "mit",
        "nach",
        "nicht",
        "noch",
        "nur",
        "sich",
        "sie",
        "so",
        "über",
        "um",
        "und",
        "von",
        "vor",
        "wie",
        "wir",
        "zu",
        "zum",
        "zur",
        "sind",
        "werden",
        "wird",
        "alle",
        "allen",
        "mehr",
        "sowie",
        "damit",
        "durch",
    ]
)

POSTGRES_DDL = [
    """ALTER TABLE "proposal" ADD COLUMN IF NOT EXISTS "search_vector" tsvector
       GENERATED ALWAYS AS (
         setweight(to_tsvector('german', coalesce("title", '')), 'A') ||
         setweight(to_tsvector('german', coalesce("body", '')), 'B')
       ) STORED""",
    """CREATE INDEX IF NOT EXISTS "idx_proposal_search_vector" ON "proposal"
       USING GIN ("search_vector")""",
]
SQLITE_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS "proposal_search" USING fts5(
         stems, tokenize = 'unicode61 remove_diacritics 2')""",
]


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("german")


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text`` that say something, in order, each once."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def stems(text: str) -> list[str]:
    """Lower-case German stems of the words in ``text``, stop words left out."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return [str(s) for s in _stemmer().stemWords(words)]


def _is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


async def install(connection: BaseDBAsyncClient) -> None:
    """Create the search structures and index what is there (run by a migration)."""
    if _is_postgres(connection):
        for statement in POSTGRES_DDL:
            await connection.execute_script(statement)
        return
    for statement in SQLITE_DDL:
        await connection.execute_script(statement)
    rows = await connection.execute_query_dict('SELECT "id", "title", "body" FROM "proposal"')
    for row in rows:
        await _write_sqlite(connection, row["id"], row["title"], row["body"])


async def _write_sqlite(
    connection: BaseDBAsyncClient, proposal_id: int, title: str, body: str
) -> None:
    # The title twice: a word in the title says more than the same word in the text.
    text = " ".join(stems(title) * 2 + stems(body))
    await connection.execute_query('DELETE FROM "proposal_search" WHERE rowid = ?', [proposal_id])
    await connection.execute_query(
        'INSERT INTO "proposal_search" (rowid, stems) VALUES (?, ?)', [proposal_id, text]
    )


async def index(
    proposal_id: int, title: str, body: str, connection: BaseDBAsyncClient | None = None
) -> None:
    """Keep the index in step after a proposal is written (PostgreSQL does it by itself)."""
    connection = connection or connections.get("default")
    if not _is_postgres(connection):
        await _write_sqlite(connection, proposal_id, title, body)


def _fts5_query(words: list[str], operator: str) -> str:
    # Each stem quoted as a prefix phrase: "glasfas"* matches Glasfaser, Glasfasernetz.
    return f" {operator} ".join(f'"{w}"*' for w in words)


async def matching_ids(query: str, *, limit: int = 500) -> list[int] | None:
    """Ids of proposals matching every word of ``query``, best first; None for no query."""
    words = words_of(query)
    if not words:
        return None
    return await _search(words, "AND", limit)


async def similar(text: str, *, limit: int = 5, exclude: int | None = None) -> list[int]:
    """Ids of proposals sharing words with ``text`` (any of them), most similar first."""
    words = words_of(text)
    if not words:
        return []
    ids = await _search(words, "OR", limit + 1)
    return [i for i in ids if i != exclude][:limit]


async def _search(words: list[str], operator: str, limit: int) -> list[int]:
    """``words`` are plain \\w+ words (no query syntax can get through); each database
    stems them with the German Snowball stemmer and matches prefixes."""
    connection = connections.get("default")
    if _is_postgres(connection):
        joined = f" {'&' if operator == 'AND' else '|'} ".join(f"{w}:*" for w in words)
        rows = await connection.execute_query_dict(
            """SELECT "id" FROM "proposal"
               WHERE "search_vector" @@ to_tsquery('german', $1)
               ORDER BY ts_rank("search_vector", to_tsquery('german', $1)) DESC, "id"
               LIMIT $2""",
            [joined, limit],
        )
    else:
        rows = await connection.execute_query_dict(
            """SELECT rowid AS "id" FROM "proposal_search"
               WHERE "proposal_search" MATCH ? ORDER BY bm25("proposal_search"), rowid
               LIMIT ?""",
            [_fts5_query(list(dict.fromkeys(stems(" ".join(words)))), operator), limit],
        )
    return [int(row["id"]) for row in rows]


# Likely duplicates: pairs of proposals whose titles look alike -----------------------------

PairCandidate = tuple[int, int, float | None]

# Each of the newest proposals of a masterplan with the listed proposals of the same
# masterplan whose title is alike by trigrams (pg_trgm's ``%``, served by the GIN index of
# migration 0009) or that share words of its title (full text), best first; in one query.
POSTGRES_PAIRS = """
WITH "recent" AS (
  SELECT "id", lower("title") AS "t",
         replace(plainto_tsquery('german', "title")::text, ' & ', ' | ') AS "q"
  FROM "proposal"
  WHERE "masterplan_id" = $1 AND "status" = ANY($2::varchar[])
  ORDER BY "id" DESC LIMIT $3
)
SELECT "r"."id" AS "a", "c"."id" AS "b", "c"."title_similarity"
FROM "recent" AS "r"
CROSS JOIN LATERAL (
  SELECT "p"."id", similarity(lower("p"."title"), "r"."t") AS "title_similarity"
  FROM "proposal" AS "p"
  WHERE "p"."masterplan_id" = $1 AND "p"."status" = ANY($2::varchar[]) AND "p"."id" <> "r"."id"
    AND (lower("p"."title") % "r"."t"
         OR ("r"."q" <> '' AND "p"."search_vector" @@ "r"."q"::tsquery))
  ORDER BY similarity(lower("p"."title"), "r"."t")
           + ts_rank("p"."search_vector", "r"."q"::tsquery) DESC, "p"."id"
  LIMIT $4
) AS "c"
"""

# The same on SQLite: FTS5 finds, for each of the newest proposals, the proposals sharing
# stems of its title (a query per row of the VALUES list, inside one statement).
SQLITE_PAIRS = """
WITH "recent"("id", "q") AS (VALUES {rows})
SELECT "a", "b" FROM (
  SELECT "a", "b", row_number() OVER (PARTITION BY "a" ORDER BY "rank", "b") AS "n"
  FROM (
    SELECT "r"."id" AS "a", "proposal_search"."rowid" AS "b", "proposal_search"."rank" AS "rank"
    FROM "recent" AS "r", "proposal_search"
    WHERE "proposal_search" MATCH "r"."q"
  ) AS "found"
  JOIN "proposal" AS "p" ON "p"."id" = "found"."b"
  WHERE "p"."masterplan_id" = ? AND "p"."status" IN ({statuses}) AND "p"."id" <> "found"."a"
) WHERE "n" <= ?
"""


async def similar_pairs(
    masterplan_id: int, statuses: Sequence[str], *, recent: int, per_proposal: int
) -> list[PairCandidate]:
    """Candidate duplicate pairs ``(newer proposal, other, title similarity)`` among the
    ``statuses`` of one masterplan: the ``recent`` newest proposals each with up to
    ``per_proposal`` alike ones. PostgreSQL says how alike the titles are (pg_trgm); on
    SQLite the third value is None and the caller measures it."""
    connection = connections.get("default")
    if _is_postgres(connection):
        rows = await connection.execute_query_dict(
            POSTGRES_PAIRS, [masterplan_id, list(statuses), recent, per_proposal]
        )
        return [(int(r["a"]), int(r["b"]), float(r["title_similarity"])) for r in rows]
    marks = ", ".join("?" for _ in statuses)
    newest = await connection.execute_query_dict(
        f'SELECT "id", "title" FROM "proposal" WHERE "masterplan_id" = ? '  # noqa: S608 - only "?" marks are put in
        f'AND "status" IN ({marks}) ORDER BY "id" DESC LIMIT ?',
        [masterplan_id, *statuses, recent],
    )
    queries = [
        (int(row["id"]), _fts5_query(list(dict.fromkeys(stems(row["title"]))), "OR"))
        for row in newest
    ]
    queries = [(key, query) for key, query in queries if query]
    if not queries:
        return []
    sql = SQLITE_PAIRS.format(rows=", ".join("(?, ?)" for _ in queries), statuses=marks)
    values = [value for pair in queries for value in pair]
    rows = await connection.execute_query_dict(
        sql, [*values, masterplan_id, *statuses, per_proposal]
    )
    return [(int(row["a"]), int(row["b"]), None) for row in rows]
