"""Property (DESIGN.md §3, §4): after any sequence of votes, withdrawals, comments, follows,
merges and undos, every counter equals a recount of its rows, no person counts twice on a
proposal, and comments and followers are where the merges and undos put them.

Hypothesis drives a state machine; each example gets a fresh database and an event loop of
its own, on which every step runs the real (async) services. A model of who voted what on
which proposal runs alongside, so a lost or invented vote fails as surely as a wrong counter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from participation.accounts.models import StakeholderGroup, User
from participation.comments.models import Comment
from participation.comments.services import MAX_DEPTH, post_comment
from participation.masterplans.models import FieldOfAction
from participation.moderation.merging import MergeError, merge_proposals, undo_merge
from participation.moderation.models import Merge
from participation.notifications.models import Follow
from participation.notifications.services import follow
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import wilson
from participation.votes.services import cast_vote
from tests.conftest import fresh_database
from tests.factories import make_field, make_proposal, make_user

T = TypeVar("T")


@dataclass(frozen=True)
class Ballot:
    """One person's vote in the model: its value, its group and the step that last cast or
    changed it (a moved vote keeps its step: the row is the same)."""

    value: int
    group: StakeholderGroup
    step: int


STATUSES = (
    ProposalStatus.PUBLISHED,
    ProposalStatus.PUBLISHED,
    ProposalStatus.PUBLISHED,
    ProposalStatus.IN_REVIEW,
    ProposalStatus.HIDDEN,  # never votable: merging it in or into it is refused
)
VOTERS = 6
picks = st.integers(min_value=0, max_value=len(STATUSES) * VOTERS)
values = st.sampled_from((1, -1))
groups = st.sampled_from(list(StakeholderGroup))


@dataclass
class MergeRecord:
    merge: Merge
    step: int
    duplicate_id: int
    target_id: int
    previous_status: ProposalStatus
    moved: dict[int, Ballot]  # voted only on the duplicate: the row moves to the target
    dropped: dict[int, Ballot]  # voted on both: the target vote counts, this one is kept aside
    comments: set[int]  # the duplicate's comments, moved to the target
    followers: set[int]  # who followed the duplicate only, and now follows the target too
    undone: bool = False


@dataclass
class Model:
    """What the database should hold: statuses, and who voted what on which proposal."""

    status: dict[int, ProposalStatus] = field(default_factory=dict)
    ballots: dict[int, dict[int, Ballot]] = field(default_factory=dict)  # proposal -> voter
    merges: list[MergeRecord] = field(default_factory=list)
    step: int = 0
    comments: dict[int, int] = field(default_factory=dict)  # comment -> proposal
    parents: dict[int, int | None] = field(default_factory=dict)  # comment -> parent
    follows: dict[int, set[int]] = field(default_factory=dict)  # proposal -> people

    def listed(self) -> list[int]:
        return [pid for pid, status in self.status.items() if status in LISTED_STATUSES]

    def may_undo(self, record: MergeRecord) -> bool:
        """Undo restores the merge exactly, so only while no vote on either proposal was cast
        or changed since and every vote the merge moved or kept counting is still there."""
        target = self.ballots[record.target_id]
        current = [*target.values(), *self.ballots[record.duplicate_id].values()]
        return (
            not record.undone
            and self.status[record.target_id] != ProposalStatus.MERGED
            and all(ballot.step < record.step for ballot in current)
            and all(target.get(voter) == ballot for voter, ballot in record.moved.items())
            and set(record.dropped) <= set(target)
        )

    def thread_of(self, roots: set[int], proposal_id: int) -> set[int]:
        """``roots`` and every comment on ``proposal_id`` answering one of them."""
        found = set(roots)
        grew = True
        while grew:
            more = {
                c
                for c, parent in self.parents.items()
                if parent in found and self.comments[c] == proposal_id and c not in found
            }
            found |= more
            grew = bool(more)
        return found


class VotesMergesAndUndos(RuleBasedStateMachine):
    # Set by the test that runs the machine: where the migrated template database is.
    database_url = ""
    directory = Path()

    def __init__(self) -> None:
        super().__init__()
        self.runner = asyncio.Runner()
        self.exit_stack = AsyncExitStack()
        self.model = Model()
        self.run(self._set_up())

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.runner.run(coroutine)

    async def _set_up(self) -> None:
        await self.exit_stack.enter_async_context(fresh_database(self.database_url, self.directory))
        self.field = await make_field()
        for status in STATUSES:
            proposal = await make_proposal(self.field, status=status)
            self.model.status[proposal.id] = status
            self.model.ballots[proposal.id] = {}
            self.model.follows[proposal.id] = set()
        self.proposal_ids = list(self.model.status)
        self.voters = [await make_user() for _ in range(VOTERS)]
        self.moderator = await make_user(display_name="Moderatorin")

    def teardown(self) -> None:
        try:
            self.run(self.exit_stack.aclose())
        finally:
            self.runner.close()

    # Steps --------------------------------------------------------------------------------

    @initialize(votes=st.lists(st.tuples(picks, picks, values, groups), max_size=3 * VOTERS))
    def votes_already_cast(self, votes: list[tuple[int, int, int, StakeholderGroup]]) -> None:
        for proposal, voter, value, group in votes:
            self.vote(proposal, voter, value, group)

    @rule(proposal=picks, voter=picks, value=values, group=groups)
    def vote(self, proposal: int, voter: int, value: int, group: StakeholderGroup) -> None:
        listed = self.model.listed()
        self._cast(listed[proposal % len(listed)], self.voters[voter % VOTERS], value, group)

    @precondition(lambda self: any(self.model.ballots[pid] for pid in self.model.listed()))
    @rule(pick=picks)
    def withdraw(self, pick: int) -> None:
        cast = [
            (proposal_id, voter)
            for proposal_id in self.model.listed()
            for voter in self.voters
            if voter.id in self.model.ballots[proposal_id]
        ]
        proposal_id, voter = cast[pick % len(cast)]
        self._cast(proposal_id, voter, 0, StakeholderGroup.CITIZENS)

    @rule(proposal=picks, voter=picks, reply=st.booleans())
    def comment(self, proposal: int, voter: int, reply: bool) -> None:
        """A comment on a listed proposal, or a reply to one of its comments."""
        listed = self.model.listed()
        proposal_id = listed[proposal % len(listed)]
        here = sorted(c for c, p in self.model.comments.items() if p == proposal_id)
        parent = here[voter % len(here)] if reply and here else None
        if parent is not None and self._depth(parent) >= MAX_DEPTH:
            parent = None
        comment = self.run(self._comment(proposal_id, self.voters[voter % VOTERS], parent))
        self.model.comments[comment] = proposal_id
        self.model.parents[comment] = parent

    @rule(proposal=picks, voter=picks)
    def follow(self, proposal: int, voter: int) -> None:
        listed = self.model.listed()
        proposal_id, person = listed[proposal % len(listed)], self.voters[voter % VOTERS]
        self.run(self._follow(proposal_id, person))
        self.model.follows[proposal_id].add(person.id)

    @precondition(lambda self: len(self.model.listed()) > 1)
    @rule(duplicate=picks, into=picks)
    def merge(self, duplicate: int, into: int) -> None:
        model = self.model
        listed = model.listed()
        duplicate_id = listed[duplicate % len(listed)]
        others = [pid for pid in listed if pid != duplicate_id]
        target_id = others[into % len(others)]
        merge = self.run(self._merge(duplicate_id, target_id))
        own, target = model.ballots[duplicate_id], model.ballots[target_id]
        record = MergeRecord(
            merge,
            self._tick(),
            duplicate_id,
            target_id,
            model.status[duplicate_id],
            moved={voter: ballot for voter, ballot in own.items() if voter not in target},
            dropped={voter: ballot for voter, ballot in own.items() if voter in target},
            comments={c for c, p in model.comments.items() if p == duplicate_id},
            followers=model.follows[duplicate_id] - model.follows[target_id],
        )
        model.merges.append(record)
        for comment in record.comments:
            model.comments[comment] = target_id
        model.follows[target_id] |= record.followers
        target.update(record.moved)
        model.ballots[duplicate_id] = {}
        model.status[duplicate_id] = ProposalStatus.MERGED

    @rule(pick=picks)
    def merge_is_refused(self, pick: int) -> None:
        """Into itself, or with a proposal that is not listed (hidden, merged already)."""
        listed = self.model.listed()
        pairs = [
            (a, b)
            for a in self.proposal_ids
            for b in self.proposal_ids
            if a == b or a not in listed or b not in listed
        ]
        with pytest.raises(MergeError):
            self.run(self._merge(*pairs[pick % len(pairs)]))

    @precondition(lambda self: self.model.merges)
    @rule(back=st.integers(min_value=0, max_value=3))
    def undo(self, back: int) -> None:
        """Undo the last merge, or one a few merges back (undone ones included)."""
        model = self.model
        record = model.merges[-1 - back % len(model.merges)]
        allowed = model.may_undo(record)
        try:
            self.run(undo_merge(merge=record.merge, moderator=self.moderator))
        except MergeError:
            assert not allowed, "an undo of an unchanged merge was refused"
            return
        assert allowed, "a merge was undone twice, or after its votes changed"
        record.undone = True
        target = model.ballots[record.target_id]
        step = self._tick()  # the kept-aside votes come back as new rows
        model.ballots[record.duplicate_id] = {
            **{voter: target.pop(voter) for voter in record.moved},
            **{voter: replace(ballot, step=step) for voter, ballot in record.dropped.items()},
        }
        model.status[record.duplicate_id] = record.previous_status
        for comment in model.thread_of(record.comments, record.target_id):
            model.comments[comment] = record.duplicate_id
        model.follows[record.target_id] -= record.followers

    def _cast(self, proposal_id: int, voter: User, value: int, group: StakeholderGroup) -> None:
        self.run(self._vote(proposal_id, voter, value, group))
        ballots = self.model.ballots[proposal_id]
        before = ballots.get(voter.id)
        if value == 0:
            ballots.pop(voter.id, None)
        elif before is None or before.value != value:
            # A changed vote stays in the group it was first cast in.
            ballots[voter.id] = Ballot(value, before.group if before else group, self._tick())

    def _tick(self) -> int:
        self.model.step += 1
        return self.model.step

    async def _vote(
        self, proposal_id: int, voter: User, value: int, group: StakeholderGroup
    ) -> None:
        proposal = await Proposal.get(id=proposal_id)
        await cast_vote(proposal=proposal, voter=voter, value=value, group=group)

    def _depth(self, comment: int) -> int:
        parent = self.model.parents[comment]
        return 1 if parent is None else 1 + self._depth(parent)

    async def _comment(self, proposal_id: int, author: User, parent: int | None) -> int:
        proposal = await Proposal.get(id=proposal_id)
        answered = await Comment.get(id=parent) if parent is not None else None
        made = await post_comment(proposal=proposal, author=author, body="Ja.", parent=answered)
        return made.id

    async def _follow(self, proposal_id: int, person: User) -> None:
        await follow(user=person, proposal=await Proposal.get(id=proposal_id))

    async def _merge(self, duplicate_id: int, target_id: int) -> Merge:
        duplicate, into = await Proposal.get(id=duplicate_id), await Proposal.get(id=target_id)
        return await merge_proposals(duplicate=duplicate, into=into, moderator=self.moderator)

    # Invariants ---------------------------------------------------------------------------

    @invariant()
    def counters_equal_a_recount_and_nobody_counts_twice(self) -> None:
        self.run(self._check())

    async def _check(self) -> None:
        ids = self.proposal_ids
        votes = await Vote.filter(proposal_id__in=ids).order_by("id")
        pairs = [(v.proposal_id, v.voter_id) for v in votes if v.voter_id is not None]  # type: ignore[attr-defined]
        assert len(pairs) == len(set(pairs)), "a person counts twice on a proposal"
        found: dict[int, dict[int, tuple[int, StakeholderGroup]]] = {pid: {} for pid in ids}
        recount: dict[int, dict[StakeholderGroup, list[int]]] = {pid: {} for pid in ids}
        for v in votes:
            found[v.proposal_id][v.voter_id] = (v.value, v.stakeholder_group)  # type: ignore[attr-defined]
            counts = recount[v.proposal_id].setdefault(v.stakeholder_group, [0, 0])  # type: ignore[attr-defined]
            counts[0 if v.value > 0 else 1] += 1
        expected = {
            pid: {voter: (b.value, b.group) for voter, b in ballots.items()}
            for pid, ballots in self.model.ballots.items()
        }
        assert found == expected, "a vote was lost, invented or changed"

        tallies: dict[int, dict[StakeholderGroup, list[int]]] = {pid: {} for pid in ids}
        for tally in await VoteTally.filter(proposal_id__in=ids):
            if tally.supports or tally.opposes:
                tallies[tally.proposal_id][tally.stakeholder_group] = [  # type: ignore[attr-defined]
                    tally.supports,
                    tally.opposes,
                ]
        proposals = await Proposal.filter(id__in=ids)
        for proposal in proposals:
            assert proposal.status == self.model.status[proposal.id]
            by_group = recount[proposal.id]
            supports = sum(counts[0] for counts in by_group.values())
            opposes = sum(counts[1] for counts in by_group.values())
            assert (proposal.supports, proposal.opposes, proposal.vote_count) == (
                supports,
                opposes,
                supports + opposes,
            )
            assert proposal.wilson == pytest.approx(wilson(supports, opposes))
            assert tallies[proposal.id] == by_group, "a group counter differs from a recount"
            if proposal.status == ProposalStatus.MERGED:
                assert not by_group, "a merged proposal kept votes of its own"
        listed = sum(1 for p in proposals if p.status in LISTED_STATUSES)
        assert (await FieldOfAction.get(id=self.field.id)).proposal_count == listed
        await self._check_comments_and_followers(proposals)

    async def _check_comments_and_followers(self, proposals: list[Proposal]) -> None:
        comments = await Comment.filter(proposal_id__in=self.proposal_ids)
        homes = {c.id: c.proposal_id for c in comments}  # type: ignore[attr-defined]
        assert homes == self.model.comments, "a comment is on the wrong proposal"
        follows: dict[int, set[int]] = {pid: set() for pid in self.proposal_ids}
        for entry in await Follow.filter(proposal_id__in=self.proposal_ids):
            follows[entry.proposal_id].add(entry.user_id)  # type: ignore[attr-defined]
        assert follows == self.model.follows, "a follower was lost or invented"
        for proposal in proposals:
            here = sum(1 for home in homes.values() if home == proposal.id)
            assert proposal.comment_count == here, "a comment counter differs from a recount"
            assert proposal.follower_count == len(follows[proposal.id])


def test_any_sequence_of_votes_merges_and_undos_keeps_every_counter_exact(
    database_url: str, tmp_path: Path
) -> None:
    machine = type(
        "Machine",
        (VotesMergesAndUndos,),
        {"database_url": database_url, "directory": tmp_path},
    )
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=30,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
