"""Database time of a search at scale: the most frequent words, a journey's words and a
compound, each as the search page (/suche) and the proposal list (?q=) ask the database.

    python -m bench.search --database-url URL [--words 5] [--rounds 7]

Run it on a database filled by ``participation generate-load-data`` (100,000 proposals in
BENCHMARKS.md). For each query it prints the matches and, per statement, PostgreSQL's own
execution time (``EXPLAIN (ANALYZE, TIMING OFF)``, planning included; median and worst of the
rounds) and the plan's first index. Statements: the search page's proposal query (the best
ranked matches; those with the words in the title are shown first), the biggest masterplan's
list with its joins, and for comparison the way search ranked before: ``ts_rank`` over every
match. Target: under 10 ms of database time per statement for the most frequent word
(BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

from tortoise import connections

from participation.db import open_database
from participation.masterplans.models import Masterplan
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.queries import PAGE_SIZE, Filters, proposal_page
from participation.search.queries import PROPOSAL_LIMIT, matching_proposals

FIXED_QUERIES = ("WLAN Schulen", "Bürgerbüros", "Büro", "Glasfaser Gewerbegebiete")
# The frequent terms, read once from the index: a full scan, so bench-time only.
FREQUENT = """SELECT word, ndoc FROM ts_stat('SELECT "search_vector" FROM "proposal"')
WHERE word !~ '^0' ORDER BY ndoc DESC LIMIT $1"""
# The word whose number of matching proposals is nearest to a band's.
NEAREST = """SELECT word FROM ts_stat('SELECT "search_vector" FROM "proposal"')
WHERE word !~ '^0' AND word ~ '^[a-z]{4,}$' ORDER BY abs(ndoc - $1), word LIMIT 1"""
# Words of middle frequency cost a search most (it reads the most rows per match shown).
BANDS = (30000, 15000, 8000, 4000, 2000, 1000, 500)
RANK_EVERY_MATCH = """SELECT "id" FROM "proposal"
WHERE "search_vector" @@ to_tsquery('simple', '{q}')
ORDER BY ts_rank("search_vector", to_tsquery('simple', '{q}')) DESC, "id" LIMIT 1000"""


@dataclass
class Timing:
    statement: str
    median_ms: float  # planning and execution
    worst_ms: float
    execution_ms: float  # the median's execution alone
    plan: str


def _first_index(plan: dict[str, Any]) -> str:
    """The first index a plan reads (depth first), or its top node's type."""
    stack = [plan]
    while stack:
        node = stack.pop(0)
        if "Index Name" in node:
            return f"{node['Node Type']} {node['Index Name']}"
        stack = list(node.get("Plans", [])) + stack
    return str(plan["Node Type"])


async def _time(sql: str, rounds: int) -> tuple[list[tuple[float, float]], str]:
    """(planning + execution, execution) of each round, and the plan's first index."""
    connection = connections.get("default")
    times, plan = [], ""
    for _ in range(rounds):
        rows = await connection.execute_query_dict(
            f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql}"
        )
        raw = rows[0]["QUERY PLAN"]
        result = (json.loads(raw) if isinstance(raw, str) else raw)[0]
        execution = result["Execution Time"]
        times.append((result["Planning Time"] + execution, execution))
        plan = _first_index(result["Plan"])
    return times, plan


async def measure(query: str, biggest: Masterplan, rounds: int) -> tuple[int, list[Timing]]:
    terms = search.query_terms(query)
    matches = await search.only_matching(Proposal.filter(status__in=LISTED_STATUSES), query).count()
    statements = {
        "search page: the best ranked matches": matching_proposals(query).limit(PROPOSAL_LIMIT + 1),
    }
    sqls = {name: qs.sql(params_inline=True) for name, qs in statements.items()}
    list_query = (
        search.only_matching(
            Proposal.filter(masterplan_id=biggest.id, status__in=LISTED_STATUSES), query
        )
        .order_by("-wilson", "opposes", "-vote_count", "id")
        .limit(PAGE_SIZE + 1)
        .select_related("field_of_action", "organization", "author")
    )
    sqls["proposal list of the biggest masterplan"] = list_query.sql(params_inline=True)
    sqls["before: ts_rank over every match"] = RANK_EVERY_MATCH.format(
        q=search.postgres_query(terms)
    )
    timings = []
    for name, sql in sqls.items():
        times, plan = await _time(sql, rounds)
        totals = sorted(times)
        median = totals[len(totals) // 2]
        timings.append(Timing(name, median[0], totals[-1][0], median[1], plan))
    return matches, timings


async def run(url: str, words: int, rounds: int, bands: tuple[int, ...] = BANDS) -> int:
    async with open_database(url):
        connection = connections.get("default")
        if connection.capabilities.dialect != "postgres":
            print("bench.search measures PostgreSQL's database time", file=sys.stderr)
            return 2
        frequent = [
            str(row["word"])
            for row in await connection.execute_query_dict(FREQUENT, [words * 3])
            if search.query_terms(str(row["word"])) == [row["word"]]
        ][:words]
        for band in bands:
            rows = await connection.execute_query_dict(NEAREST, [band])
            frequent += [str(row["word"]) for row in rows if str(row["word"]) not in frequent]
        masterplans = await Masterplan.all()
        sizes = {m.id: await Proposal.filter(masterplan_id=m.id).count() for m in masterplans}
        biggest = max(masterplans, key=lambda m: sizes[m.id])
        total = await Proposal.all().count()
        print(f"{total} proposals; the list's masterplan: {biggest.slug}")
        # Warm the caches once, as a running server's are.
        await proposal_page(biggest, filters=Filters(query=frequent[0]))
        for query in [*frequent, *FIXED_QUERIES]:
            matches, timings = await measure(query, biggest, rounds)
            print(f"\n{query!r}: {matches} listed matches")
            for t in timings:
                print(
                    f"  {t.statement:42} median {t.median_ms:7.2f} ms"
                    f" (execution {t.execution_ms:6.2f})  worst {t.worst_ms:7.2f} ms  ({t.plan})"
                )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--words", type=int, default=5, help="how many of the most frequent")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--bands",
        default=",".join(map(str, BANDS)),
        help="also a word matching about this many proposals, for each (comma-separated)",
    )
    args = parser.parse_args()
    bands = tuple(int(b) for b in args.bands.split(",") if b.strip())
    return asyncio.run(run(args.database_url, args.words, args.rounds, bands))


if __name__ == "__main__":
    sys.exit(main())
