"""Full-text search over proposals, with German stemming, the same on both databases.

Every word is reduced in Python to a *term*: its German Snowball stem, less a plural or
genitive "s" the stemmer keeps after a vowel ("Bürgerbüros" and "Bürgerbüro" both give
``burgerburo``). A proposal's title and text are stored as their terms, each followed by
its *tail*: the term read backwards behind the marker ``0`` (``0orubregrub``). A query term
matches a stored term it begins (prefix: "Bürger" finds "Bürgerbüro") or, read backwards, a
tail it begins: the stored term ends with it, so "Büro" finds the compound "Bürgerbüro",
whose last part names what it is. Both are prefix searches, which both databases answer
from their full-text index: FTS5 on SQLite, a GIN-indexed ``tsvector`` (``simple``
configuration: the words are stemmed already) on PostgreSQL. A word inside a compound
("netz" in "Glasfasernetzausbau") is not found: that needs a substring index.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import snowballstemmer
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import RawSQL

if TYPE_CHECKING:
    from tortoise.models import Model
    from tortoise.queryset import QuerySet

    M = TypeVar("M", bound=Model)

WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits; "_" parts words like "-"
TERM = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12
TAIL = "0"  # marks a term read backwards; no stem of a word begins with "0" and a letter
MIN_TAIL = 4  # shorter query terms match the ends of too many words ("amt", "ort")
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

# PostgreSQL: the terms as text columns of their own (written by the app, which stems), a
# tsvector generated from them (the title's terms weighted A for ts_rank, the text's B) with
# its GIN index, and an index in "Rangfolge" order over every masterplan, which the search
# page reads until it has enough matches when a word is frequent. SQLite: an FTS5 table
# with a title and a text column, kept by the app.
POSTGRES_DROP = [
    'DROP INDEX IF EXISTS "idx_proposal_search_vector"',
    'DROP INDEX IF EXISTS "idx_proposal_search_title_vector"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_vector"',
    'ALTER TABLE "proposal" DROP COLUMN IF EXISTS "search_title_vector"',
]
POSTGRES_COLUMNS = [
    """ALTER TABLE "proposal" ADD COLUMN IF NOT EXISTS "search_title" TEXT NOT NULL DEFAULT ''""",
    """ALTER TABLE "proposal" ADD COLUMN IF NOT EXISTS "search_body" TEXT NOT NULL DEFAULT ''""",
]
POSTGRES_VECTOR = [
    """ALTER TABLE "proposal" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple', "search_title"), 'A') ||
         setweight(to_tsvector('simple', "search_body"), 'B')
       ) STORED""",
    """CREATE INDEX IF NOT EXISTS "idx_proposal_search_vector" ON "proposal"
       USING GIN ("search_vector")""",
    """CREATE INDEX IF NOT EXISTS "proposal_rank_everywhere" ON "proposal"
       ("wilson" DESC, "opposes", "vote_count" DESC, "id")""",
]
SQLITE_DDL = [
    'DROP TABLE IF EXISTS "proposal_search"',
    """CREATE VIRTUAL TABLE "proposal_search" USING fts5(
         title, body, tokenize = 'unicode61 remove_diacritics 2')""",
]
BACKFILL_BATCH = 1000
WRITE_POSTGRES = 'UPDATE "proposal" SET "search_title" = $1, "search_body" = $2 WHERE "id" = $3'
BACKFILL_POSTGRES = (
    'SELECT "id", "title", "body" FROM "proposal" WHERE "id" > $1 ORDER BY "id" LIMIT $2'
)
BACKFILL_SQLITE = (
    'SELECT "id", "title", "body" FROM "proposal" WHERE "id" > ? ORDER BY "id" LIMIT ?'
)


_local = threading.local()  # a Snowball stemmer keeps state while it stems: one per thread


@lru_cache(maxsize=100_000)
def _term(word: str) -> str:
    """The term of one lower-case word. Cached: the pure-Python stemmer is slow (about
    0.1 ms a word) and a platform's vocabulary is small."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("german")
    stem = str(stemmer.stemWord(word))
    # Snowball strips an "s" only after b, d, f, g, h, k, l, m, n, r, t: not the plural of
    # loan words and the genitive after a vowel (Büros, Kitas, des Bürgerbüros).
    return stem[:-1] if len(stem) > 4 and stem.endswith("s") else stem


def _saying(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text`` that say something, in order, each once."""
    return list(dict.fromkeys(_saying(text)))[:MAX_QUERY_WORDS]


def stems(text: str) -> list[str]:
    """The terms of the words in ``text`` (stems, see the module), stop words left out."""
    return [_term(word) for word in _saying(text)]


def document(text: str) -> str:
    """What is stored for ``text``: its terms once each, then the tails of the longer ones."""
    terms = list(dict.fromkeys(stems(text)))
    return " ".join(terms + [TAIL + t[::-1] for t in terms if len(t) >= MIN_TAIL])


def query_terms(text: str) -> list[str]:
    """The terms a query asks for, each once; [] when it asks for nothing."""
    return list(dict.fromkeys(_term(word) for word in words_of(text)))


def _is_postgres(connection: BaseDBAsyncClient) -> bool:
    return connection.capabilities.dialect == "postgres"


async def install(connection: BaseDBAsyncClient) -> None:
    """(Re)build the search structures and index every proposal (run by the migrations)."""
    postgres = _is_postgres(connection)
    for statement in POSTGRES_DROP + POSTGRES_COLUMNS if postgres else SQLITE_DDL:
        await connection.execute_script(statement)
    batch = BACKFILL_POSTGRES if postgres else BACKFILL_SQLITE
    last = 0
    while rows := await connection.execute_query_dict(batch, [last, BACKFILL_BATCH]):
        documents = [[document(r["title"]), document(r["body"]), r["id"]] for r in rows]
        if postgres:
            await connection.execute_many(WRITE_POSTGRES, documents)
        else:
            await connection.execute_many(
                'INSERT INTO "proposal_search" (title, body, rowid) VALUES (?, ?, ?)', documents
            )
        last = rows[-1]["id"]
    if postgres:  # generated once over the filled columns, then kept by PostgreSQL
        for statement in POSTGRES_VECTOR:
            await connection.execute_script(statement)


async def _write(connection: BaseDBAsyncClient, proposal_id: int, title: str, body: str) -> None:
    title_terms, body_terms = document(title), document(body)
    if _is_postgres(connection):
        await connection.execute_query(
            WRITE_POSTGRES,
            [title_terms, body_terms, proposal_id],
        )
        return
    await connection.execute_query('DELETE FROM "proposal_search" WHERE rowid = ?', [proposal_id])
    await connection.execute_query(
        'INSERT INTO "proposal_search" (rowid, title, body) VALUES (?, ?, ?)',
        [proposal_id, title_terms, body_terms],
    )


async def index(
    proposal_id: int, title: str, body: str, connection: BaseDBAsyncClient | None = None
) -> None:
    """Keep the index in step after a proposal's title or text is written."""
    await _write(connection or connections.get("default"), proposal_id, title, body)


def _alternatives(term: str) -> list[str]:
    """A term as a prefix, and read backwards as the prefix of a tail (a compound's end)."""
    return [term] + ([TAIL + term[::-1]] if len(term) >= MIN_TAIL else [])


def postgres_query(terms: Sequence[str]) -> str:
    """A tsquery: every term, each as prefix or as end of a stored term."""
    return " & ".join("(" + " | ".join(f"{a}:*" for a in _alternatives(t)) + ")" for t in terms)


def fts5_query(terms: Sequence[str]) -> str:
    """The same for FTS5: each alternative a quoted prefix phrase."""
    return " AND ".join("(" + " OR ".join(f'"{a}"*' for a in _alternatives(t)) + ")" for t in terms)


def _condition(terms: Sequence[str]) -> str:
    """SQL that holds for the proposals matching ``terms``. Inlined, not bound (Tortoise's
    RawSQL takes no parameters): the terms are letters and digits only, checked here."""
    if not all(TERM.fullmatch(t) for t in terms):
        raise ValueError("a search term that is not letters and digits")
    if _is_postgres(connections.get("default")):
        return f"\"proposal\".\"search_vector\" @@ to_tsquery('simple', '{postgres_query(terms)}')"
    return (
        '"proposal"."id" IN (SELECT rowid FROM "proposal_search" WHERE "proposal_search" '  # noqa: S608 - terms checked above
        f"MATCH '{fts5_query(terms)}')"
    )


def only_matching(query: QuerySet[M], text: str) -> QuerySet[M]:
    """``query`` (of proposals) kept to those matching every word of ``text``; as it is when
    ``text`` asks for nothing. A filter, so the list keeps its order and its index."""
    terms = query_terms(text)
    if not terms:
        return query
    condition = RawSQL(_condition(terms))
    return query.annotate(search_match=condition).filter(search_match=True)


async def matching_ids(query: str, *, limit: int = 500) -> list[int] | None:
    """Ids of proposals matching every word of ``query``, best first; None for no query."""
    terms = query_terms(query)
    if not terms:
        return None
    return await _search(terms, "AND", limit)


async def similar(text: str, *, limit: int = 5, exclude: int | None = None) -> list[int]:
    """Ids of proposals sharing words with ``text`` (any of them), most similar first."""
    terms = query_terms(text)
    if not terms:
        return []
    ids = await _search(terms, "OR", limit + 1)
    return [i for i in ids if i != exclude][:limit]


async def _search(terms: list[str], operator: str, limit: int) -> list[int]:
    """``terms`` are letters and digits (no query syntax can get through). AND: every term,
    as prefix or compound end; OR (similar proposals): any term as a prefix."""
    connection = connections.get("default")
    if _is_postgres(connection):
        if operator == "AND":
            tsquery = postgres_query(terms)
        else:
            tsquery = " | ".join(f"{t}:*" for t in terms)
        rows = await connection.execute_query_dict(
            """SELECT "id" FROM "proposal"
               WHERE "search_vector" @@ to_tsquery('simple', $1)
               ORDER BY ts_rank("search_vector", to_tsquery('simple', $1)) DESC, "id"
               LIMIT $2""",
            [tsquery, limit],
        )
    else:
        match = fts5_query(terms) if operator == "AND" else _fts5_any(terms)
        rows = await connection.execute_query_dict(
            """SELECT rowid AS "id" FROM "proposal_search"
               WHERE "proposal_search" MATCH ? ORDER BY bm25("proposal_search", 2.0, 1.0), rowid
               LIMIT ?""",
            [match, limit],
        )
    return [int(row["id"]) for row in rows]


def _fts5_any(terms: Sequence[str]) -> str:
    # Each term quoted as a prefix phrase: "glasfas"* matches Glasfaser, Glasfasernetz.
    return " OR ".join(f'"{t}"*' for t in terms)


# Likely duplicates: pairs of proposals whose titles look alike -----------------------------

PairCandidate = tuple[int, int, float | None]

# Each of the newest proposals of a masterplan with the listed proposals of the same
# masterplan whose titles are nearest by trigrams (pg_trgm's ``<->`` distance, read in order
# from the GiST index of migration 0009: no proposal is compared with every other) and those
# sharing every word of its title by full text, best first; in one query.
POSTGRES_PAIRS = """
WITH "recent" AS (
  SELECT "id", lower("title") AS "t", plainto_tsquery('simple', "search_title") AS "q"
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
        (int(row["id"]), _fts5_any(list(dict.fromkeys(stems(row["title"]))))) for row in newest
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
