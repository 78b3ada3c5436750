"""What the runner reads from the database: the data the scenarios ask for (URLs, ids, the
signed-in voters and their current votes) and, around the vote scenario, whether every
counter still equals a recount of the vote rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from tortoise import connections
from tortoise.expressions import Q

from participation.accounts.models import Session, User
from participation.accounts.tokens import digest
from participation.db import open_database
from participation.masterplans.models import Masterplan
from participation.masterplans.permissions import Activity, phase_allows
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.queries import ORDERS, PAGE_SIZE, Cursor, Sort
from participation.proposals.search import words_of
from participation.votes.models import Vote

T = TypeVar("T")
CHUNK = 500  # ids per IN (...): well below SQLite's limit on bound variables
DETAIL_SAMPLE = 200
VOTE_SAMPLE = 5000
JOURNEY_QUERY = "WLAN Schulen"  # the citizen's search in DESIGN.md's journeys


def spread(items: list[T], count: int) -> list[T]:
    """``count`` items taken at even steps over the list (all of them if it is shorter)."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


@dataclass
class Survey:
    database: str  # the server's version string
    totals: dict[str, int]
    listed: dict[str, int]  # masterplan slug -> listed proposals
    biggest: str  # the slug with the most listed proposals
    deep_after: str | None  # the list's cursor at the deep page
    deep_row: int  # the first row that page shows (1-based)
    detail_ids: list[int] = field(default_factory=list)
    search_queries: list[str] = field(default_factory=list)


async def survey(database_url: str, deep_page: int) -> Survey:
    async with open_database(database_url):
        connection = connections.get("default")
        is_postgres = connection.capabilities.dialect == "postgres"
        version = await connection.execute_query_dict(
            "SELECT version() AS v" if is_postgres else "SELECT sqlite_version() AS v"
        )
        totals = {
            table: (await connection.execute_query_dict(f'SELECT COUNT(*) AS n FROM "{table}"'))[0][
                "n"
            ]
            for table in ("proposal", "vote", "comment", "account")
        }
        listed = {
            m.slug: await Proposal.filter(masterplan_id=m.id, status__in=LISTED_STATUSES).count()
            for m in await Masterplan.all().order_by("id")
        }
        biggest = max(listed, key=lambda slug: listed[slug])
        deep_after, deep_row = await _deep_cursor(biggest, listed[biggest], deep_page)
        return Survey(
            database=("PostgreSQL " if is_postgres else "SQLite ") + str(version[0]["v"]),
            totals=totals,
            listed=listed,
            biggest=biggest,
            deep_after=deep_after,
            deep_row=deep_row,
            detail_ids=await _detail_ids(),
            search_queries=await _search_queries(),
        )


async def _deep_cursor(slug: str, total: int, page: int) -> tuple[str | None, int]:
    """The cursor the list's "next" links carry at ``page`` (1-based), as deep as the data
    goes: with fewer rows it starts at the last row, so the page is never empty."""
    first_row = min((page - 1) * PAGE_SIZE, max(total - 1, 0))
    if first_row == 0:
        return None, 1
    masterplan = await Masterplan.get(slug=slug)
    order = [("-" if descending else "") + column for column, descending in ORDERS[Sort.RANK]]
    before = await (
        Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .order_by(*order)
        .offset(first_row - 1)
        .first()
    )
    assert before is not None
    return Cursor.after(before, Sort.RANK).encode(), first_row + 1


async def _detail_ids() -> list[int]:
    """The most voted and most discussed proposals, and the rest spread over all ids."""
    listed = Proposal.filter(status__in=LISTED_STATUSES)
    most_voted = await listed.order_by("-vote_count", "id").limit(20).values_list("id", flat=True)
    most_discussed = await (
        listed.order_by("-comment_count", "id").limit(20).values_list("id", flat=True)
    )
    every = await listed.order_by("id").values_list("id", flat=True)
    chosen = [*most_voted, *most_discussed, *spread(list(every), DETAIL_SAMPLE)]
    return [int(i) for i in dict.fromkeys(chosen)]  # type: ignore[call-overload]


async def _search_queries() -> list[str]:
    """The journey's query and the words that occur most in titles: each finds something."""
    titles = (
        await Proposal.filter(status__in=LISTED_STATUSES)
        .order_by("id")
        .limit(5000)
        .values_list("title", flat=True)
    )
    counts = Counter(w for title in titles for w in words_of(str(title)) if len(w) >= 5)
    return [JOURNEY_QUERY, *(word for word, _ in counts.most_common(7))]


@dataclass(frozen=True)
class Voter:
    token: str
    proposals: list[tuple[int, int]]  # proposal id, the person's vote on it now (0: none)


async def voters(database_url: str, tokens: list[str], per_voter: int) -> list[Voter]:
    """One entry per distinct person who may vote, with the proposals they will vote on
    (each a different stretch of the open proposals) and their votes on them now."""
    now = datetime.now(UTC)
    async with open_database(database_url):
        by_hash = {digest(token): token for token in tokens}
        user_of: dict[int, str] = {}
        for hashes in _chunks(list(by_hash)):
            for token_hash, user_id in await Session.filter(
                token_hash__in=hashes, expires_at__gt=now
            ).values_list("token_hash", "user_id"):
                user_of.setdefault(int(user_id), by_hash[str(token_hash)])
        eligible: list[int] = []
        for users in _chunks(list(user_of)):
            eligible += await User.filter(
                Q(suspended_until__isnull=True) | Q(suspended_until__lt=now),
                id__in=users,
                is_active=True,
                email_verified_at__isnull=False,
            ).values_list("id", flat=True)  # type: ignore[arg-type]
        open_ids = await _votable_ids()
        if not open_ids:
            return []
        current: dict[tuple[int, int], int] = {}
        for users in _chunks(sorted(eligible)):
            for voter_id, proposal_id, value in await Vote.filter(
                voter_id__in=users, proposal_id__in=open_ids
            ).values_list("voter_id", "proposal_id", "value"):
                current[int(voter_id), int(proposal_id)] = int(value)
    count = min(per_voter, len(open_ids))
    result = []
    for number, user_id in enumerate(sorted(eligible)):
        chosen = [open_ids[(number * count + j) % len(open_ids)] for j in range(count)]
        result.append(Voter(user_of[user_id], [(p, current.get((user_id, p), 0)) for p in chosen]))
    return result


async def _votable_ids() -> list[int]:
    """Listed proposals of the masterplans whose phase lets people vote, spread over all."""
    open_plans = [m.id for m in await Masterplan.all() if phase_allows(m, Activity.VOTE)]
    ids = await (
        Proposal.filter(masterplan_id__in=open_plans or [0], status__in=LISTED_STATUSES)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return spread([int(i) for i in ids], VOTE_SAMPLE)  # type: ignore[call-overload]


def _chunks(items: list[T]) -> list[list[T]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


async def backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving this database (none for SQLite, which runs
    inside the app's processes), so their CPU time can be told apart from the rest."""
    if not database_url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        return []
    try:
        async with open_database(database_url):
            rows = await connections.get("default").execute_query_dict(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    except Exception:  # only a figure on the side: a full server must not end the run
        return []
    return [int(row["pid"]) for row in rows]


RECOUNT = """
    SELECT proposal_id,
           SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END) AS supports,
           SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END) AS opposes,
           COUNT(*) AS votes
    FROM vote GROUP BY proposal_id"""
GROUP_RECOUNT = """
    SELECT proposal_id, stakeholder_group,
           SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END) AS supports,
           SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END) AS opposes
    FROM vote GROUP BY proposal_id, stakeholder_group"""
PROPOSALS_OFF = f"""
    SELECT p.id FROM proposal p LEFT JOIN ({RECOUNT}) v ON v.proposal_id = p.id
    WHERE p.supports <> COALESCE(v.supports, 0) OR p.opposes <> COALESCE(v.opposes, 0)
       OR p.vote_count <> COALESCE(v.votes, 0)
    ORDER BY p.id"""
TALLIES_OFF = f"""
    SELECT t.proposal_id FROM vote_tally t LEFT JOIN ({GROUP_RECOUNT}) v
      ON v.proposal_id = t.proposal_id AND v.stakeholder_group = t.stakeholder_group
    WHERE t.supports <> COALESCE(v.supports, 0) OR t.opposes <> COALESCE(v.opposes, 0)
    ORDER BY t.proposal_id"""
TALLIES_MISSING = """
    SELECT v.proposal_id FROM (SELECT DISTINCT proposal_id, stakeholder_group FROM vote) v
    LEFT JOIN vote_tally t
      ON t.proposal_id = v.proposal_id AND t.stakeholder_group = v.stakeholder_group
    WHERE t.id IS NULL"""


async def vote_counters(database_url: str) -> dict[str, Any]:
    """The vote rows, and every counter that differs from a recount of them."""
    async with open_database(database_url):
        connection = connections.get("default")
        rows = await connection.execute_query_dict("SELECT COUNT(*) AS n FROM vote")
        proposals_off = await connection.execute_query_dict(PROPOSALS_OFF)
        tallies_off = await connection.execute_query_dict(TALLIES_OFF)
        missing = await connection.execute_query_dict(TALLIES_MISSING)
    return {
        "vote_rows": int(rows[0]["n"]),
        "proposals_off": len(proposals_off),
        "tallies_off": len(tallies_off) + len(missing),
        "examples": sorted({int(r["id"]) for r in proposals_off[:5]})
        + sorted({int(r["proposal_id"]) for r in [*tallies_off, *missing][:5]}),
    }
