"""Full-text search over proposals, with German stemming, behind one interface.

PostgreSQL: a generated ``tsvector`` column (German snowball stemmer, title weighted above
text) with a GIN index. SQLite: an FTS5 table of the same words stemmed in Python by the
same Snowball algorithm, kept in step by the proposal services. Callers see neither: they
ask :func:`matching_ids` or :func:`similar` and get proposal ids, best match first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache

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


_local = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """The stem of one word. Cached: the pure-Python stemmer is slow (about 0.1 ms a word,
    most of the duplicate finder's time) and a platform's vocabulary is small."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    return str(stemmer.stemWord(word))


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text`` that say something, in order, each once."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def stems(text: str) -> list[str]:
    """Lower-case German stems of the words in ``text``, stop words left out."""
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return [_stem(word) for word in words]


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
# masterplan whose titles are nearest by trigrams (pg_trgm's ``<->`` distance, read in order
# from the GiST index of migration 0009: no proposal is compared with every other) and those
# sharing every word of its title by full text, best first; in one query.
POSTGRES_PAIRS = """
WITH "recent" AS (
  SELECT "id", lower("title") AS "t", plainto_tsquery('german', "title") AS "q"
  FROM "proposal"
  WHERE "masterplan_id" = $1 AND "status" = ANY($2::varchar[])
  ORDER BY "id" DESC LIMIT $3
)
SELECT DISTINCT "r"."id" AS "a", "c"."id" AS "b", similarity("c"."t", "r"."t") AS "title_similarity"
FROM "recent" AS "r"
CROSS JOIN LATERAL (
  (SELECT "p"."id", lower("p"."title") AS "t"
   FROM "proposal" AS "p"
   WHERE "p"."masterplan_id" = $1 AND "p"."status" = ANY($2::varchar[]) AND "p"."id" <> "r"."id"
   ORDER BY lower("p"."title") <-> "r"."t"
   LIMIT $4)
  UNION ALL
  (SELECT "p"."id", lower("p"."title") AS "t"
   FROM "proposal" AS "p"
   WHERE "p"."masterplan_id" = $1 AND "p"."status" = ANY($2::varchar[]) AND "p"."id" <> "r"."id"
     AND "p"."search_vector" @@ "r"."q"
   ORDER BY ts_rank("p"."search_vector", "r"."q") DESC, "p"."id"
   LIMIT $4)
) AS "c"
"""

# The same on SQLite: for each of the newest proposals, FTS5's best matches of the stems of
# its title, as one UNION ALL of constant MATCH queries (each served by the full-text index
# with its own LIMIT: a MATCH against a joined column made SQLite scan the whole index for
# every row, 336 s for 20,000 proposals), kept to the masterplan's listed proposals.
SQLITE_MATCH = (
    'SELECT ? AS "a", "rowid" AS "b", "rank" FROM (SELECT "rowid", "rank" FROM "proposal_search" '
    'WHERE "proposal_search" MATCH ? ORDER BY "rank" LIMIT ?)'
)
SQLITE_PAIRS = """
SELECT "a", "b" FROM ({matches}) AS "found"
JOIN "proposal" AS "p" ON "p"."id" = "found"."b"
WHERE "p"."masterplan_id" = ? AND "p"."status" IN ({statuses}) AND "p"."id" <> "found"."a"
ORDER BY "a", "rank", "b"
"""
# FTS5 searches every masterplan: ask for more, so that enough of this one remain.
SQLITE_HEADROOM = 4


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
    matches = " UNION ALL ".join(SQLITE_MATCH for _ in queries)
    sql = SQLITE_PAIRS.format(matches=matches, statuses=marks)
    limit = per_proposal * SQLITE_HEADROOM
    values = [value for key, query in queries for value in (key, query, limit)]
    rows = await connection.execute_query_dict(sql, [*values, masterplan_id, *statuses])
    kept: dict[int, int] = {}
    pairs: list[PairCandidate] = []
    for row in rows:  # in rank order per proposal: its best ``per_proposal``
        a = int(row["a"])
        kept[a] = kept.get(a, 0) + 1
        if kept[a] <= per_proposal:
            pairs.append((a, int(row["b"]), None))
    return pairs
