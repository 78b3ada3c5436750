"""What voting does: cast, change or withdraw a vote and keep every counter in step."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime
from logging import Logger
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal
from participation.votes import statements
from participation.votes.models import VoteTally
from participation.votes.ranking import GroupCount, Scores, scores
from participation.votes.statements import Seen, literal

GROUPS = [group.value for group in StakeholderGroup]
# Tries of a vote without holding a lock over the network before it takes the lock: each
# that finds the proposal changed (another vote on it came first) reads it again.
ATTEMPTS = 3


class VoteError(Exception):
    """A vote the domain refuses."""


@dataclass(frozen=True)
class Outcome:
    """What a vote leaves: the person's vote and the proposal's group tallies and scores,
    exactly as stored (the vote box shows them without reading them back)."""

    value: int  # +1, -1, or 0: no vote
    counts: tuple[GroupCount, ...]  # the groups with a tally row
    scores: Scores

    @property
    def supports(self) -> int:
        return sum(count.supports for count in self.counts)

    @property
    def opposes(self) -> int:
        return sum(count.opposes for count in self.counts)


@dataclass(frozen=True)
class _Change:
    """A vote worked out from what was seen: what to write, and what results."""

    vote_id: int | None  # the person's vote row, if there is one
    old: int  # the person's vote before: +1, -1, 0
    group: StakeholderGroup  # the group it counts in: the one it was first cast in
    outcome: Outcome

    @property
    def changes(self) -> bool:
        return self.old != self.outcome.value

    @property
    def tally(self) -> GroupCount:
        return next(c for c in self.outcome.counts if c.group == self.group.value)


def _work_out(seen: Seen, value: int, group: StakeholderGroup) -> _Change:
    """The vote's effect on what was seen: the person's vote moves from its old value to
    ``value`` within the group it was first cast in."""
    if seen.old and seen.old_group:
        group = StakeholderGroup(seen.old_group)
    tallies = {name: list(counts) for name, counts in seen.tallies.items()}
    tally = tallies.setdefault(group.value, [0, 0])
    if seen.old:
        tally[0 if seen.old > 0 else 1] -= 1
    if value:
        tally[0 if value > 0 else 1] += 1
    counts = tuple(GroupCount(name, s, o) for name, (s, o) in tallies.items())
    result = scores(counts, GROUPS, seen.weights)
    return _Change(seen.vote_id, seen.old, group, Outcome(value, counts, result))


async def cast_vote(
    *,
    proposal: Proposal,
    voter: User,
    value: int,
    group: StakeholderGroup,
    seen: Seen | None = None,
) -> Outcome:
    """Support (+1), oppose (-1) or withdraw (0) one person's vote on a proposal.

    The vote row, the group tally and the proposal's totals and scores change in one
    transaction that holds the proposal's row lock, so votes on one proposal take turns
    and each builds on what the one before it wrote: nothing is lost or counted twice, two
    first votes of one person (or of one group) cannot both insert, and a changed vote stays
    in the group it was first cast in. The counters are written as the sums of the tallies,
    the scores from them by ``ranking.scores``.

    On PostgreSQL the vote is one statement that writes only if the proposal's row is still
    the version ``seen`` (what the caller read, ``queries.ballot``) or a fresh read found,
    so the lock lasts that statement only; when other votes keep coming first, and on
    SQLite or inside a caller's transaction (which the vote then joins), the lock comes
    first and the state is read under it. ``proposal`` is brought up to date.
    """
    if value not in (-1, 0, 1):
        raise VoteError("A vote is +1, -1 or 0 (withdraw).")
    client = connections.get("default")
    own = not isinstance(client, TransactionalDBClient)
    postgres = client.capabilities.dialect == "postgres"
    change = None
    async with client.acquire_connection() as connection:
        args = (client.log, connection, proposal.id, voter.id, value, group)
        if postgres and own:
            change = await _without_lock(*args, seen)
        if change is None:
            change = await (_on_postgres if postgres else _on_sqlite)(*args, own)
    outcome = change.outcome
    proposal.supports, proposal.opposes = outcome.supports, outcome.opposes
    proposal.vote_count = proposal.supports + proposal.opposes
    proposal.wilson, proposal.balanced = outcome.scores.wilson, outcome.scores.balanced
    proposal.consensus = outcome.scores.consensus
    return outcome


async def _without_lock(
    log: Logger,
    connection: Any,
    proposal_id: int,
    voter_id: int,
    value: int,
    group: StakeholderGroup,
    seen: Seen | None,
) -> _Change | None:
    """Up to ``ATTEMPTS`` votes that write only if the proposal is as last seen; None if
    each found it changed."""
    for _ in range(ATTEMPTS):
        if seen is None:
            seen = Seen.of_state(await _state(log, connection, proposal_id, voter_id))
        change = await _if_unchanged(log, connection, proposal_id, voter_id, value, group, seen)
        if change is not None:
            return change
        seen = None  # another vote came first: read again what it left
    return None


async def _state(log: Logger, connection: Any, proposal_id: int, voter_id: int) -> Any:
    """The rows of ``statements.state`` on PostgreSQL."""
    sql = statements.state("postgres")
    log.debug("%s: %s", sql, [voter_id, proposal_id])
    rows = await connection.fetch(sql, voter_id, proposal_id)
    if not rows:
        raise VoteError("The proposal is gone.")
    return rows


async def _if_unchanged(
    log: Logger,
    connection: Any,
    proposal_id: int,
    voter_id: int,
    value: int,
    group: StakeholderGroup,
    seen: Seen,
) -> _Change | None:
    """The vote as one statement if the proposal is as ``seen``; None if it changed since."""
    change = _work_out(seen, value, group)
    if not change.changes:
        return change  # a repeated click: nothing to write
    outcome, tally = change.outcome, change.tally
    values: list[Any] = [
        outcome.supports,
        outcome.opposes,
        outcome.supports + outcome.opposes,
        outcome.scores.wilson,
        outcome.scores.balanced,
        outcome.scores.consensus,
        proposal_id,
        seen.version,
        change.group.value,
        tally.supports,
        tally.opposes,
    ]
    if change.vote_id is None:
        vote = statements.PG_IF_UNCHANGED_INSERT
        values += [voter_id, value]
    elif value:
        vote = statements.PG_IF_UNCHANGED_UPDATE
        values += [change.vote_id, value]
    else:
        vote = statements.PG_IF_UNCHANGED_DELETE
        values += [change.vote_id]
    sql = statements.PG_IF_UNCHANGED.format(vote=vote)
    log.debug("%s: %s", sql, values)
    return change if await connection.fetchval(sql, *values) else None


async def _on_postgres(
    log: Logger,
    connection: Any,
    proposal_id: int,
    voter_id: int,
    value: int,
    group: StakeholderGroup,
    own: bool,
) -> _Change:
    """Three round trips: BEGIN with the lock, the state, the writes with COMMIT."""
    begin, commit = ("BEGIN;", ";COMMIT") if own else ("", "")
    try:
        lock = begin + statements.LOCK.format(proposal=literal(proposal_id))
        log.debug(lock)
        await connection.execute(lock)
        rows = await _state(log, connection, proposal_id, voter_id)
        change = _work_out(Seen.of_state(rows), value, group)
        write = _postgres_writes(change, proposal_id, voter_id) + commit
        if write:
            log.debug(write)
            await connection.execute(write.lstrip(";"))
    except BaseException:
        if own and not connection.is_closed() and connection.is_in_transaction():
            with contextlib.suppress(Exception):
                await connection.execute("ROLLBACK")
        raise
    return change


def _postgres_writes(change: _Change, proposal_id: int, voter_id: int) -> str:
    if not change.changes:
        return ""
    value = change.outcome.value
    if change.vote_id is None:
        vote = statements.PG_INSERT_VOTE.format(
            proposal=literal(proposal_id),
            voter=literal(voter_id),
            value=literal(value),
            group=literal(change.group),
        )
    elif value:
        vote = statements.PG_UPDATE_VOTE.format(value=literal(value), vote=literal(change.vote_id))
    else:
        vote = statements.PG_DELETE_VOTE.format(vote=literal(change.vote_id))
    tally, outcome = change.tally, change.outcome
    return statements.PG_WRITE.format(
        vote=vote,
        proposal=literal(proposal_id),
        group=literal(change.group),
        supports=literal(tally.supports),
        opposes=literal(tally.opposes),
        total_supports=literal(outcome.supports),
        total_opposes=literal(outcome.opposes),
        votes=literal(outcome.supports + outcome.opposes),
        wilson=literal(outcome.scores.wilson),
        balanced=literal(outcome.scores.balanced),
        consensus=literal(outcome.scores.consensus),
    )


async def _on_sqlite(
    log: Logger,
    connection: Any,
    proposal_id: int,
    voter_id: int,
    value: int,
    group: StakeholderGroup,
    own: bool,
) -> _Change:
    """BEGIN IMMEDIATE (the write lock at once, so two processes never both read and then
    both wait to write), the state, up to three writes, COMMIT."""

    async def run(sql: str, *values: Any) -> Any:
        log.debug("%s: %s", sql, list(values))
        return await connection.execute_fetchall(sql, values)

    if own:
        await connection.execute("BEGIN IMMEDIATE")
    try:
        rows = await run(statements.state("sqlite"), voter_id, proposal_id)
        if not rows:
            raise VoteError("The proposal is gone.")
        change = _work_out(Seen.of_state(rows), value, group)
        if change.changes:
            await _sqlite_writes(run, change, proposal_id, voter_id)
        if own:
            await connection.execute("COMMIT")
    except BaseException:
        if own:
            with contextlib.suppress(Exception):
                await connection.execute("ROLLBACK")
        raise
    return change


async def _sqlite_writes(run: Any, change: _Change, proposal_id: int, voter_id: int) -> None:
    value, now = change.outcome.value, datetime.now(UTC)
    if change.vote_id is None:
        group = change.group.value
        await run(statements.SQLITE_INSERT_VOTE, proposal_id, voter_id, value, group, now, now)
    elif value:
        await run(statements.SQLITE_UPDATE_VOTE, value, now, change.vote_id)
    else:
        await run(statements.SQLITE_DELETE_VOTE, change.vote_id)
    tally, outcome = change.tally, change.outcome
    await run(
        statements.SQLITE_UPSERT_TALLY, proposal_id, tally.group, tally.supports, tally.opposes
    )
    await run(
        statements.SQLITE_UPDATE_PROPOSAL,
        outcome.supports,
        outcome.opposes,
        outcome.supports + outcome.opposes,
        outcome.scores.wilson,
        outcome.scores.balanced,
        outcome.scores.consensus,
        proposal_id,
    )


async def refresh_scores(proposal: Proposal, connection: BaseDBAsyncClient) -> None:
    """Store the proposal's scores from its group tallies, and bring the caller's instance
    up to date.

    Called after the counters changed in the same transaction: the row lock that change
    took on the proposal makes these the tallies every other voter on it waits behind. The
    totals are the sums of the tallies, as the recount tests hold them to be.
    """
    tallies = await VoteTally.filter(proposal_id=proposal.id).using_db(connection)
    result = scores(
        [GroupCount(t.stakeholder_group.value, t.supports, t.opposes) for t in tallies],
        [group.value for group in StakeholderGroup],
        await _weights_of(proposal, connection),
    )
    await (
        Proposal.filter(id=proposal.id)
        .using_db(connection)
        .update(wilson=result.wilson, balanced=result.balanced, consensus=result.consensus)
    )
    proposal.supports = sum(t.supports for t in tallies)
    proposal.opposes = sum(t.opposes for t in tallies)
    proposal.vote_count = proposal.supports + proposal.opposes
    proposal.wilson, proposal.balanced = result.wilson, result.balanced
    proposal.consensus = result.consensus


async def _weights_of(proposal: Proposal, connection: BaseDBAsyncClient) -> dict[str, float] | None:
    """The group weights of the proposal's masterplan as they are now (planners may have
    changed them since the caller loaded the proposal)."""
    weights: dict[str, float] | None = await (  # type: ignore[assignment]
        Masterplan.filter(id=proposal.masterplan_id)  # type: ignore[attr-defined]
        .using_db(connection)
        .first()
        .values_list("ranking_weights", flat=True)
    )
    return weights


async def rescore_masterplan(masterplan: Masterplan, batch: int = 500) -> int:
    """Recompute ``balanced`` for every proposal of a masterplan after its weights changed;
    returns how many proposals were rescored. Reads in id order, a batch at a time."""
    groups = [group.value for group in StakeholderGroup]
    done, after = 0, 0
    while True:
        proposals = await (
            Proposal.filter(masterplan_id=masterplan.id, id__gt=after)
            .order_by("id")
            .limit(batch)
            .only("id", "balanced")
        )
        if not proposals:
            return done
        counts: dict[int, list[GroupCount]] = {p.id: [] for p in proposals}
        for tally in await VoteTally.filter(proposal_id__in=list(counts)):
            counts[tally.proposal_id].append(  # type: ignore[attr-defined]
                GroupCount(tally.stakeholder_group.value, tally.supports, tally.opposes)
            )
        async with in_transaction() as connection:
            for proposal in proposals:
                value = scores(counts[proposal.id], groups, masterplan.ranking_weights).balanced
                if value != proposal.balanced:
                    await (
                        Proposal.filter(id=proposal.id).using_db(connection).update(balanced=value)
                    )
        done += len(proposals)
        after = proposals[-1].id
