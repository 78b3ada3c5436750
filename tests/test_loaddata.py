"""The load data generator: its rows keep every counter the services keep, on SQLite and
PostgreSQL, and the app goes on working with them."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from tortoise import connections

from participation.accounts.models import StakeholderGroup, User
from participation.accounts.sessions import load_session
from participation.comments.services import post_comment
from participation.db import open_database
from participation.loaddata import LoadPlan, apportion, generate_load_data
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.progress import Progress
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, scores
from participation.votes.services import cast_vote
from tests.conftest import ON_POSTGRES
from tests.factories import make_field, make_masterplan, make_proposal, make_user

ROOT = Path(__file__).resolve().parents[1]
PARTICIPATION = str(Path(sys.executable).parent / "participation")
PLAN = LoadPlan(proposals=40, votes=2_500, comments=300, users=400)
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
GROUPS = [group.value for group in StakeholderGroup]


async def _rows(query: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await connections.get("default").execute_query_dict(query)
    return rows


async def assert_every_counter_matches_a_recount() -> None:
    """Totals, tallies, scores, comment and field counts against the vote, comment and
    proposal tables themselves."""
    votes: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for row in await _rows(
        "SELECT proposal_id, stakeholder_group, value, COUNT(*) AS n FROM vote "
        "GROUP BY proposal_id, stakeholder_group, value"
    ):
        counts = votes[int(row["proposal_id"])].setdefault(str(row["stakeholder_group"]), [0, 0])
        counts[0 if row["value"] == 1 else 1] = int(row["n"])
    comments = {
        int(row["proposal_id"]): int(row["n"])
        for row in await _rows(
            "SELECT proposal_id, COUNT(*) AS n FROM comment "
            "WHERE status IN ('published', 'deleted') GROUP BY proposal_id"
        )
    }
    weights = dict(await Masterplan.all().values_list("id", "ranking_weights"))
    for proposal in await Proposal.all():
        by_group = votes.get(proposal.id, {})
        supports = sum(s for s, _ in by_group.values())
        opposes = sum(o for _, o in by_group.values())
        assert (proposal.supports, proposal.opposes, proposal.vote_count) == (
            supports,
            opposes,
            supports + opposes,
        )
        expected = scores(
            [GroupCount(g, s, o) for g, (s, o) in by_group.items()],
            GROUPS,
            weights[proposal.masterplan_id],  # type: ignore[attr-defined]
        )
        assert proposal.wilson == pytest.approx(expected.wilson, abs=1e-9)
        assert proposal.balanced == pytest.approx(expected.balanced, abs=1e-9)
        assert proposal.consensus == pytest.approx(expected.consensus, abs=1e-9)
        assert proposal.comment_count == comments.get(proposal.id, 0)
        tallies = {
            t.stakeholder_group.value: [t.supports, t.opposes]
            for t in await VoteTally.filter(proposal_id=proposal.id)
        }
        assert {g: c for g, c in tallies.items() if c != [0, 0]} == by_group
    listed: dict[int, int] = defaultdict(int)
    for row in await Proposal.filter(status__in=LISTED_STATUSES).values("field_of_action_id"):
        listed[row["field_of_action_id"]] += 1
    for field in await FieldOfAction.all():
        assert field.proposal_count == listed[field.id]


@pytest.mark.usefixtures("db")
async def test_generated_data_keeps_every_counter_the_services_keep() -> None:
    report = await generate_load_data(PLAN, now=NOW)
    assert (report.users, report.proposals, report.votes, report.comments) == (400, 40, 2500, 300)
    assert await Masterplan.all().count() == 3  # the demo's, made for an empty database
    await assert_every_counter_matches_a_recount()
    assert not await _rows(
        "SELECT proposal_id, voter_id FROM vote GROUP BY proposal_id, voter_id HAVING COUNT(*) > 1"
    )
    voted = {row["stakeholder_group"] for row in await _rows("SELECT stakeholder_group FROM vote")}
    assert voted == set(GROUPS)
    vote_counts = sorted(await Proposal.all().values_list("vote_count", flat=True))
    assert vote_counts[-1] > 5 * vote_counts[len(vote_counts) // 2]  # a long tail
    replies = await _rows(
        "SELECT reply.depth, parent.depth AS parent_depth, reply.proposal_id, "
        "parent.proposal_id AS parent_proposal FROM comment reply "
        "JOIN comment parent ON reply.parent_id = parent.id"
    )
    assert replies
    assert all(r["depth"] == 2 and r["parent_depth"] == 1 for r in replies)
    assert all(r["proposal_id"] == r["parent_proposal"] for r in replies)


@pytest.mark.usefixtures("db")
async def test_the_generated_data_is_on_top_of_what_is_there_and_honours_group_weights() -> None:
    masterplan = await make_masterplan(ranking_weights={"citizens": 0.2, "chambers": 3.0})
    field = await make_field(masterplan)
    existing = await make_proposal(field)
    await cast_vote(
        proposal=existing, voter=await make_user(), value=1, group=StakeholderGroup.CITIZENS
    )
    await generate_load_data(PLAN, now=NOW)
    await generate_load_data(PLAN, now=NOW)  # a second run adds as much again
    assert await Masterplan.all().count() == 1
    assert await Proposal.filter(field_of_action_id=field.id).count() == 1 + 2 * PLAN.proposals
    assert await Vote.all().count() == 1 + 2 * PLAN.votes
    assert await User.filter(email__startswith="load-").count() == 2 * PLAN.users
    await assert_every_counter_matches_a_recount()


@pytest.mark.usefixtures("db")
async def test_search_finds_generated_proposals_as_the_app_indexes_them() -> None:
    await generate_load_data(PLAN, now=NOW)
    proposal = await Proposal.all().order_by("-id").first()
    assert proposal is not None
    for word in search.words_of(proposal.title):
        assert proposal.id in (await search.matching_ids(word) or [])
    # The stored terms are the ones the proposal services would write.
    query = (
        f'SELECT "search_title", "search_body" FROM "proposal" WHERE "id" = {proposal.id}'
        if ON_POSTGRES
        else f"SELECT title, body FROM proposal_search WHERE rowid = {proposal.id}"
    )
    generated = await _rows(query)
    await search.index(proposal.id, proposal.title, proposal.body)
    assert generated == await _rows(query)


@pytest.mark.usefixtures("db")
async def test_the_app_goes_on_writing_after_generation_without_id_collisions() -> None:
    await generate_load_data(PLAN, now=NOW)
    proposal = await Proposal.filter(vote_count__gt=0).order_by("-vote_count").first()
    assert proposal is not None
    voter = await make_user()  # a new account
    await cast_vote(proposal=proposal, voter=voter, value=-1, group=StakeholderGroup.SCIENCE)
    generated_voter = await Vote.filter(proposal_id=proposal.id).first()
    assert generated_voter is not None
    await cast_vote(
        proposal=proposal,
        voter=await User.get(id=generated_voter.voter_id),  # type: ignore[attr-defined]
        value=-generated_voter.value,  # changes their generated vote
        group=generated_voter.stakeholder_group,
    )
    field = await FieldOfAction.all().first()
    assert field is not None
    fresh = await make_proposal(field, voter)  # a new proposal, search entry and comment
    await post_comment(proposal=fresh, author=voter, body="Ein neuer Kommentar.")
    await cast_vote(proposal=fresh, voter=voter, value=1, group=StakeholderGroup.CITIZENS)
    assert fresh.id > proposal.id
    await assert_every_counter_matches_a_recount()


@pytest.mark.usefixtures("db")
async def test_sessions_are_made_for_generated_citizens() -> None:
    report = await generate_load_data(
        LoadPlan(proposals=5, votes=50, comments=5, users=30, sessions=4), now=NOW
    )
    assert len(set(report.session_tokens)) == 4
    for token in report.session_tokens:
        session = await load_session(token, days=14, now=NOW)
        assert session is not None
        assert session.user.email.startswith("load-")  # type: ignore[union-attr]
        assert session.user.role == "citizen"


def test_apportion_keeps_the_total_and_the_cap() -> None:
    counts = apportion(1_000, [0.0, 1.0, 1.0, 50.0, 2.0], cap=300)
    assert sum(counts) == 1_000
    assert counts[0] == 0 and counts[3] == 300
    assert apportion(10, [1.0, 1.0], cap=3) == [3, 3]  # more than everyone can give


def test_progress_bar_redraws_one_line_and_advances_by_batches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    progress = Progress(100, enabled=True)
    progress.advance(40)
    progress.done()
    drawn = capsys.readouterr().err
    assert drawn.startswith("\r[############------------------] 40/100")
    assert drawn.endswith("\r[" + "#" * 30 + "] 100/100\n")


def test_the_command_writes_the_session_file_and_a_summary(
    database_url: str, tmp_path: Path
) -> None:
    url = database_url  # PostgreSQL: the tests' database, emptied by the next test
    if not ON_POSTGRES:
        url = f"sqlite://{shutil.copyfile(database_url, tmp_path / 'load.sqlite3')}"
    sessions = tmp_path / "sessions.txt"
    result = subprocess.run(
        [
            *(PARTICIPATION, "generate-load-data", "--proposals", "20", "--votes", "300"),
            *("--comments", "30", "--users", "40", "--sessions", "3"),
            *("--session-file", str(sessions)),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "40 people" in result.stdout and "300 votes" in result.stdout
    assert "3 sessions" in result.stdout
    assert result.stderr == ""  # no progress bar where standard error is not a terminal
    tokens = sessions.read_text().split()
    assert len(tokens) == 3
    asyncio.run(_assert_signed_in(url, tokens))


async def _assert_signed_in(url: str, tokens: list[str]) -> None:
    async with open_database(url):
        for token in tokens:
            assert await load_session(token, days=14) is not None
