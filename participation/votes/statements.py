"""The hand-written statements of a vote, for PostgreSQL and SQLite.

A vote is the hottest write of the platform and holds its proposal's row lock while it runs,
so it goes to the database as a few statements written out here rather than a dozen built by
the query builder (issue 18). The column lists come from the ORM models, which stay the one
definition of the schema.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal
from participation.sql import columns, numbered


@dataclass(frozen=True)
class Seen:
    """A proposal's votes as one statement saw them: the person's vote, the group tallies,
    the masterplan's weights and, on PostgreSQL, the version of the proposal's row."""

    vote_id: int | None  # the person's vote row, if there is one
    old: int  # the person's vote: +1, -1, 0
    old_group: str | None  # the group it counts in
    tallies: dict[str, tuple[int, int]]  # supports and opposes by group
    weights: dict[str, float] | None
    version: int | None  # the row's xmin: it changes with every update of the row

    @classmethod
    def of_ballot(cls, row: Any) -> Seen:
        """From the row of :func:`ballot`."""
        tallies = row["tallies"]
        if isinstance(tallies, str):
            tallies = json.loads(tallies)
        return cls(
            row["vote_id"],
            int(row["my_vote"] or 0),
            row["vote_group"],
            {group: (supports, opposes) for group, supports, opposes in tallies or ()},
            _WEIGHTS.to_python_value(row["m_ranking_weights"]),
            row["version"],
        )

    @classmethod
    def of_state(cls, rows: Sequence[Any]) -> Seen:
        """From the rows of :func:`state` (at least one)."""
        first = rows[0]
        return cls(
            first["vote_id"],
            int(first["old"] or 0),
            first["old_group"],
            {row["group"]: (row["supports"], row["opposes"]) for row in rows if row["group"]},
            _WEIGHTS.to_python_value(first["weights"]),
            first["version"],
        )


_WEIGHTS = Masterplan._meta.fields_map["ranking_weights"]
_TALLIES = {
    "postgres": 'json_agg(json_build_array(t."stakeholder_group", t."supports", t."opposes"))',
    "sqlite": 'json_group_array(json_array(t."stakeholder_group", t."supports", t."opposes"))',
}


@functools.cache
def ballot(dialect: str) -> str:
    """The proposal and its masterplan, the person's vote on it, the group tallies, and the
    kind of the organisation a first vote of theirs counts for: the first confirmed
    membership of a verified organisation, the rule of
    ``accounts.services.confirmed_membership``. On PostgreSQL also the row's version.
    Parameters: voter, the membership status 'confirmed', voter, proposal."""
    version = 'p."xmin"' if dialect == "postgres" else "NULL"
    # The column lists come from the models; every value is bound.
    return (
        f"SELECT {columns(Proposal, 'p')},{columns(Masterplan, 'm', 'm_')},"  # noqa: S608
        ' v."id" "vote_id", v."value" "my_vote", v."stakeholder_group" "vote_group",'
        f' (SELECT {_TALLIES[dialect]} FROM "vote_tally" t WHERE t."proposal_id" = p."id")'
        f' "tallies", {version} "version",'
        ' (SELECT o."kind" FROM "membership" s JOIN "organization" o'
        ' ON o."id" = s."organization_id" WHERE s."user_id" = ? AND s."status" = ?'
        ' AND o."verified" ORDER BY s."id" LIMIT 1) "organization_kind"'
        ' FROM "proposal" p JOIN "masterplan" m ON m."id" = p."masterplan_id"'
        ' LEFT JOIN "vote" v ON v."proposal_id" = p."id" AND v."voter_id" = ?'
        ' WHERE p."id" = ?'
    )


# Taken on PostgreSQL before anything of the proposal's votes is read: every vote on the
# proposal queues here, so each reads what the one before it wrote.
# Sent together with the BEGIN in one round trip, the id written in by ``literal``.
LOCK = 'SELECT 1 FROM "proposal" WHERE "id" = {proposal} FOR UPDATE'


@functools.cache
def state(dialect: str) -> str:
    """One row per group tally (one row of NULLs when there is none yet), each with the
    masterplan's weights as they are now, the person's vote and, on PostgreSQL, the version
    of the proposal's row. Parameters: voter, proposal."""
    version = 'p."xmin"' if dialect == "postgres" else "NULL"
    sql = (
        'SELECT m."ranking_weights" "weights", v."id" "vote_id", v."value" "old",'  # noqa: S608
        f' v."stakeholder_group" "old_group", {version} "version",'
        ' t."stakeholder_group" "group", t."supports" "supports", t."opposes" "opposes"'
        ' FROM "proposal" p JOIN "masterplan" m ON m."id" = p."masterplan_id"'
        ' LEFT JOIN "vote" v ON v."proposal_id" = p."id" AND v."voter_id" = ?'
        ' LEFT JOIN "vote_tally" t ON t."proposal_id" = p."id"'
        ' WHERE p."id" = ?'
    )
    return numbered(sql) if dialect == "postgres" else sql


# The writes, on PostgreSQL one statement sent together with the COMMIT in one round trip (so
# the row lock lasts two: the state and this), its values written in by ``literal``.
PG_INSERT_VOTE = (
    'INSERT INTO "vote" ("proposal_id","voter_id","value","stakeholder_group",'
    '"created_at","updated_at") VALUES ({proposal},{voter},{value},{group},now(),now())'
)
PG_UPDATE_VOTE = 'UPDATE "vote" SET "value" = {value}, "updated_at" = now() WHERE "id" = {vote}'
PG_DELETE_VOTE = 'DELETE FROM "vote" WHERE "id" = {vote}'
PG_WRITE = (
    'WITH v AS ({vote}), t AS (INSERT INTO "vote_tally"'
    ' ("proposal_id","stakeholder_group","supports","opposes")'
    " VALUES ({proposal},{group},{supports},{opposes})"
    ' ON CONFLICT ("proposal_id","stakeholder_group")'
    ' DO UPDATE SET "supports" = excluded."supports", "opposes" = excluded."opposes")'
    ' UPDATE "proposal" SET "supports" = {total_supports}, "opposes" = {total_opposes},'
    ' "vote_count" = {votes}, "wilson" = {wilson}, "balanced" = {balanced},'
    ' "consensus" = {consensus} WHERE "id" = {proposal}'
)

# A vote on PostgreSQL in one statement, without a lock held across the network: written
# only if the proposal's row is still the version the ballot read (``xmin``, which every
# vote changes, as it updates the row). The row lock the UPDATE takes comes first; the vote
# and the tally are written only after it, and not at all when the row has changed since.
# Parameters: supports, opposes, votes, wilson, balanced, consensus, proposal, version,
# group, group supports, group opposes, then those of the vote.
PG_IF_UNCHANGED = (
    'WITH p AS (UPDATE "proposal" SET "supports" = $1, "opposes" = $2, "vote_count" = $3,'
    ' "wilson" = $4, "balanced" = $5, "consensus" = $6 WHERE "id" = $7 AND "xmin" = $8'
    ' RETURNING "id"), v AS ({vote}),'
    ' t AS (INSERT INTO "vote_tally" ("proposal_id","stakeholder_group","supports","opposes")'
    " SELECT $7::integer, $9::varchar, $10::integer, $11::integer WHERE EXISTS (SELECT FROM p)"
    ' ON CONFLICT ("proposal_id","stakeholder_group")'
    ' DO UPDATE SET "supports" = excluded."supports", "opposes" = excluded."opposes")'
    " SELECT count(*) FROM p"
)
PG_IF_UNCHANGED_INSERT = (
    'INSERT INTO "vote" ("proposal_id","voter_id","value","stakeholder_group",'
    '"created_at","updated_at") SELECT $7::integer, $12::integer, $13::smallint,'
    " $9::varchar, now(), now() WHERE EXISTS (SELECT FROM p)"
)
PG_IF_UNCHANGED_UPDATE = (
    'UPDATE "vote" SET "value" = $13, "updated_at" = now() WHERE "id" = $12'
    " AND EXISTS (SELECT FROM p)"
)
PG_IF_UNCHANGED_DELETE = 'DELETE FROM "vote" WHERE "id" = $12 AND EXISTS (SELECT FROM p)'

# The same on SQLite, which has no writable WITH: three statements in the transaction that
# BEGIN IMMEDIATE opened (its write lock is the whole database's).
SQLITE_INSERT_VOTE = (
    'INSERT INTO "vote" ("proposal_id","voter_id","value","stakeholder_group",'
    '"created_at","updated_at") VALUES (?,?,?,?,?,?)'
)
SQLITE_UPDATE_VOTE = 'UPDATE "vote" SET "value" = ?, "updated_at" = ? WHERE "id" = ?'
SQLITE_DELETE_VOTE = 'DELETE FROM "vote" WHERE "id" = ?'
SQLITE_UPSERT_TALLY = (
    'INSERT INTO "vote_tally" ("proposal_id","stakeholder_group","supports","opposes")'
    " VALUES (?,?,?,?)"
    ' ON CONFLICT ("proposal_id","stakeholder_group")'
    ' DO UPDATE SET "supports" = excluded."supports", "opposes" = excluded."opposes"'
)
SQLITE_UPDATE_PROPOSAL = (
    'UPDATE "proposal" SET "supports" = ?, "opposes" = ?, "vote_count" = ?, "wilson" = ?,'
    ' "balanced" = ?, "consensus" = ? WHERE "id" = ?'
)


def literal(value: int | float | str | StakeholderGroup) -> str:
    """A value the vote computed, written into a statement: integers and floats as
    numbers, a stakeholder group as its quoted name. Nothing a person typed gets here."""
    if isinstance(value, bool):
        raise TypeError("no booleans in a vote's statements")
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))  # the shortest text that reads back as the same float
    return f"'{StakeholderGroup(value).value}'"  # only the enum's own names pass
