"""The fault-tolerance harness: app processes on one database, concurrent voters, one process
killed with SIGKILL in the middle and started again; afterwards every vote that was answered
with success must be stored, and every counter, group tally and score must equal a recount.

    python -m bench.fault --database-url postgres://postgres@127.0.0.1:5432/scratch
    python -m bench.fault --database-url sqlite:///tmp/fault.sqlite3 --voters 200

Give it a scratch database: it is migrated, gets the demo data when it has none (or, with
--no-demo, one masterplan of its own), and keeps the voters and proposals the harness adds.

What the final vote of one voter on one proposal may be: a request answered with the vote
box fixes it to what was asked; a request without an answer (the process died, a 5xx) may
or may not have happened, so the vote is one of the values asked since the last answer. A
request a live process never answered (timed out) may still land later, so its value stays
possible for good.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import enum
import itertools
import math
import os
import random
import re
import signal
import socket
import ssl
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx

from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Role,
    Session,
    StakeholderGroup,
    User,
)
from participation.accounts.tokens import digest, random_token
from participation.db import open_database
from participation.masterplans.models import FieldOfAction, Masterplan, Phase
from participation.masterplans.permissions import OPEN_IN, Activity
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.permissions import can_vote
from participation.proposals.services import submit_proposal
from participation.security import CSRF_COOKIE, SESSION_COOKIE
from participation.votes.models import Vote, VoteTally
from participation.votes.ranking import GroupCount, scores

ROOT = Path(__file__).resolve().parent.parent  # where `uvicorn app:app` finds app.py
BIN = Path(sys.executable).parent
ABSENT = 0  # "no vote row": what withdrawing leaves
ASKED = {1: "support", -1: "oppose", ABSENT: "withdraw"}  # the form's values
STATE = {1: "support", -1: "oppose", ABSENT: "no vote"}
REQUEST_TIMEOUT = 30.0
RETRY_PAUSE = 0.05  # the first pause after a failed request; doubled after each failure
TOLERANCE = 1e-9
# Without the demo data: organisations of three groups, and unequal weights for them.
HARNESS_ORGANIZATIONS = (
    OrganizationKind.CHAMBER,
    OrganizationKind.UNIVERSITY,
    OrganizationKind.COMPANY,
)
HARNESS_WEIGHTS = {"citizens": 1.0, "chambers": 2.0, "science": 0.5}
COUNTERS = ("supports", "opposes", "vote_count")
SCORES = ("wilson", "balanced", "consensus")
TOKEN_IN_PAGE = re.compile(r'"X-CSRF-Token": "([^"]+)"')
VOTE_BUTTON = re.compile(r'name="vote" value="(support|oppose|withdraw)"')


def default_processes(database_url: str) -> int:
    """Four processes share PostgreSQL; SQLite is served by one (it has one writer)."""
    return 1 if database_url.startswith("sqlite") else 4


@dataclass(frozen=True)
class Plan:
    database_url: str
    processes: int
    voters: int = 200
    duration: float = 20.0  # seconds of voting; the kill comes after half of it
    proposals: int = 40  # a small set, so that voters contend for the same rows
    seed: int = 0
    restart_after: float = 1.0  # seconds the killed process stays down
    settle: float = 1.0  # keep voting at least this long once the restarted process answers
    log_dir: Path | None = None  # the app processes' output; a temporary directory if None
    demo: bool = True  # load the demo data into an empty database; else make just enough


class Outcome(enum.Enum):
    ACKNOWLEDGED = "acknowledged"  # 200 with the vote box: the vote is what was asked
    REFUSED = "refused"  # an answer without the box (403, redirect): nothing was cast
    UNREACHABLE = "unreachable"  # no connection: the request never reached a process
    UNKNOWN = "unknown"  # a 5xx, or the process died with it: it may or may not have happened
    LINGERING = "lingering"  # no answer from a live process (timeout): it may still happen


@dataclass
class Pair:
    """What the stored vote of one voter on one proposal may legitimately be."""

    allowed: set[int] = field(default_factory=lambda: {ABSENT})
    lingering: set[int] = field(default_factory=set)  # asked by requests that may still land

    def answered(self, value: int) -> None:
        self.allowed = {value} | self.lingering

    def in_doubt(self, value: int, *, may_linger: bool) -> None:
        self.allowed.add(value)
        if may_linger:
            self.lingering.add(value)

    def settled(self) -> int | None:
        return next(iter(self.allowed)) if len(self.allowed) == 1 else None


@dataclass(frozen=True)
class Voter:
    index: int
    user_id: int
    token: str  # the session cookie
    group: StakeholderGroup


@dataclass
class Result:
    database: str
    processes: int
    voters: int
    proposals: int
    seconds: float = 0.0
    outcomes: Counter[Outcome] = field(default_factory=Counter)
    server_errors: int = 0  # 5xx answers, counted among the unknown ones
    kills: int = 0
    down_seconds: float = 0.0  # from the kill until the process answered again
    in_flight_at_kill: int = 0  # requests on the victim when it was killed
    at_kill: Counter[Outcome] = field(default_factory=Counter)  # how those requests ended
    acknowledged_after_restart: int = 0
    acknowledged_by_restarted: int = 0  # by the process that was killed and started again
    checks: Counter[str] = field(default_factory=Counter)
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def requests(self) -> int:
        """Vote requests that reached a process (or may have)."""
        return sum(self.outcomes.values()) - self.outcomes[Outcome.UNREACHABLE]

    @property
    def acknowledged(self) -> int:
        return self.outcomes[Outcome.ACKNOWLEDGED]

    @property
    def unknown(self) -> int:
        return self.outcomes[Outcome.UNKNOWN] + self.outcomes[Outcome.LINGERING]

    @property
    def votes_per_second(self) -> float:
        return self.acknowledged / self.seconds if self.seconds else 0.0

    @property
    def unknown_at_kill(self) -> int:
        """Requests in flight on the victim when it was killed that got no answer."""
        return self.at_kill[Outcome.UNKNOWN] + self.at_kill[Outcome.LINGERING]

    @staticmethod
    def _outcomes(counts: Counter[Outcome]) -> str:
        return ", ".join(f"{n} {outcome.value}" for outcome, n in counts.items()) or "-"

    def report(self) -> str:
        lines = [
            f"database: {self.database}, {self.processes} process(es), {self.voters} voters, "
            f"{self.proposals} proposals, {self.seconds:.1f} s",
            f"requests: {self.requests}; acknowledged {self.acknowledged} "
            f"({self.votes_per_second:.0f} votes/s), unknown {self.unknown} "
            f"(5xx {self.server_errors}, lingering {self.outcomes[Outcome.LINGERING]}), "
            f"refused {self.outcomes[Outcome.REFUSED]}; "
            f"{self.outcomes[Outcome.UNREACHABLE]} more found no process listening",
            f"kills: {self.kills} (down {self.down_seconds:.1f} s); "
            f"in flight on the victim {self.in_flight_at_kill}, "
            f"ending {self._outcomes(self.at_kill)}; acknowledged after the restart "
            f"{self.acknowledged_after_restart} ({self.acknowledged_by_restarted} by the "
            "restarted process)",
            "checks: "
            + ", ".join(f"{name} {count}" for name, count in sorted(self.checks.items())),
        ]
        shown = self.violations[:20]
        lines += [f"VIOLATION: {message}" for message in shown]
        if len(self.violations) > len(shown):
            lines.append(f"... and {len(self.violations) - len(shown)} more violations")
        lines.append("OK" if self.ok else f"FAILED: {len(self.violations)} violation(s)")
        return "\n".join(lines)


# --- The database: prepared before the run, checked after it ------------------------------


def app_environment(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "ENVIRONMENT": "development"}


async def prepare(database_url: str, *, demo: bool) -> None:
    """Migrate, and load the demo data into an empty database, as an operator would."""
    for command in (["migrate"], ["seed-demo", "--if-empty"])[: 2 if demo else 1]:
        process = await asyncio.create_subprocess_exec(
            str(BIN / "participation"),
            *command,
            env=app_environment(database_url),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        if process.returncode:
            raise RuntimeError(f"participation {' '.join(command)} failed:\n{output.decode()}")


async def enlist(count: int, rng: random.Random) -> list[Voter]:
    """Verified people with a session each; one in four speaks for a verified organisation,
    so that the tallies of several stakeholder groups change side by side."""
    tag, now = uuid.uuid4().hex[:8], datetime.now(UTC)
    emails = [f"fault-{tag}-{index}@harness.invalid" for index in range(count)]
    await User.bulk_create(
        [
            User(
                email=email,
                display_name=f"Voter {index}",
                role=Role.CITIZEN,
                email_verified_at=now,
                privacy_consent_at=now,
            )
            for index, email in enumerate(emails)
        ]
    )
    ids = dict(await User.filter(email__in=emails).values_list("email", "id"))
    organizations = await Organization.filter(verified=True).order_by("id")
    if not organizations:
        organizations = [
            await Organization.create(
                slug=f"fault-{tag}-{kind.value}",
                name=f"Harness {kind.value}",
                kind=kind,
                verified=True,
            )
            for kind in HARNESS_ORGANIZATIONS
        ]
    voters, sessions, memberships = [], [], []
    for index, email in enumerate(emails):
        group = StakeholderGroup.CITIZENS
        if organizations and index % 4 == 1:
            organization = rng.choice(organizations)
            group = organization.stakeholder_group
            memberships.append(
                Membership(
                    user_id=ids[email],
                    organization_id=organization.id,
                    status=MembershipStatus.CONFIRMED,
                    confirmed_at=now,
                )
            )
        token = random_token()
        expires = now + timedelta(days=1)
        sessions.append(Session(user_id=ids[email], token_hash=digest(token), expires_at=expires))
        voters.append(Voter(index, ids[email], token, group))
    await Session.bulk_create(sessions)
    await Membership.bulk_create(memberships)
    return voters


async def open_proposals(count: int, rng: random.Random, voter_id: int) -> list[int]:
    """`count` proposals the voters may vote on; filed in an open masterplan if too few."""
    voter = await User.get(id=voter_id)
    listed = await Proposal.filter(status__in=LISTED_STATUSES).select_related("masterplan")
    found = [p.id for p in listed if can_vote(voter, p, p.masterplan)]
    if len(found) < count:
        field_of_action = (
            await FieldOfAction.filter(masterplan__phase__in=list(OPEN_IN[Activity.VOTE])).first()
            or await _open_masterplan()
        )
        for number in range(len(found), count):
            proposal = await submit_proposal(
                field_of_action=field_of_action,
                author=voter,
                title=f"Fault harness proposal {number}",
                body="Filed by bench/fault.py to be voted on.",
                group=StakeholderGroup.CITIZENS,
            )
            found.append(proposal.id)
    return sorted(rng.sample(found, count))


async def _open_masterplan() -> FieldOfAction:
    """A masterplan collecting proposals, with weights for the balanced score to use."""
    masterplan = await Masterplan.create(
        slug=f"fault-{uuid.uuid4().hex[:8]}",
        title="Fault harness",
        summary="Made by bench/fault.py.",
        lead_department="Harness",
        phase=Phase.COLLECTION,
        ranking_weights=HARNESS_WEIGHTS,
    )
    return await FieldOfAction.create(masterplan=masterplan, slug="votes", title="Votes")


def _group(value: Any) -> str:
    return StakeholderGroup(value).value


async def verify(voters: list[Voter], ledger: dict[tuple[int, int], Pair], result: Result) -> None:
    """Compare what is stored with what the voters were told and with a recount."""
    votes = await Vote.all().values("proposal_id", "voter_id", "value", "stakeholder_group")
    by_user = {voter.user_id: voter for voter in voters}
    _check_votes(votes, by_user, ledger, result)
    counts: dict[tuple[int, str], list[int]] = {}
    for vote in votes:
        count = counts.setdefault((vote["proposal_id"], _group(vote["stakeholder_group"])), [0, 0])
        count[0 if vote["value"] > 0 else 1] += 1
    await _check_tallies(counts, result)
    await _check_proposals(counts, result)


def _check_votes(
    votes: list[dict[str, Any]],
    by_user: dict[int, Voter],
    ledger: dict[tuple[int, int], Pair],
    result: Result,
) -> None:
    stored: dict[tuple[int, int], int] = {}
    people = Counter((v["proposal_id"], v["voter_id"]) for v in votes if v["voter_id"] is not None)
    for (proposal_id, user_id), times in people.items():
        result.checks["one vote per person"] += 1
        if times > 1:
            result.violations.append(f"user {user_id} has {times} votes on proposal {proposal_id}")
    for vote in votes:
        result.checks["vote rows"] += 1
        if vote["value"] not in (1, -1):
            result.violations.append(f"a vote on proposal {vote['proposal_id']} is {vote['value']}")
        voter = by_user.get(vote["voter_id"])
        if voter is None:
            continue  # the demo's own votes: only counted below
        key = (voter.index, vote["proposal_id"])
        stored[key] = vote["value"]
        if _group(vote["stakeholder_group"]) != voter.group.value:
            result.violations.append(f"voter {voter.index}'s vote on {key[1]} is in another group")
        if key not in ledger:
            result.violations.append(f"voter {voter.index} never voted on {key[1]}: phantom vote")
    for (index, proposal_id), pair in ledger.items():
        result.checks["voter-proposal pairs"] += 1
        value = stored.get((index, proposal_id), ABSENT)
        if value not in pair.allowed:
            expected = " or ".join(sorted(STATE[v] for v in pair.allowed))
            result.violations.append(
                f"voter {index} on proposal {proposal_id}: stored {STATE[value]}, "
                f"but the answers allow only {expected}"
            )


async def _check_tallies(counts: dict[tuple[int, str], list[int]], result: Result) -> None:
    seen = set()
    for tally in await VoteTally.all().values(
        "proposal_id", "stakeholder_group", "supports", "opposes"
    ):
        key = (tally["proposal_id"], _group(tally["stakeholder_group"]))
        seen.add(key)
        result.checks["group tallies"] += 1
        recount = counts.get(key, [0, 0])
        if [tally["supports"], tally["opposes"]] != recount:
            result.violations.append(
                f"tally of {key[1]} on proposal {key[0]}: {tally['supports']}/{tally['opposes']}, "
                f"recount {recount[0]}/{recount[1]}"
            )
    for key in counts.keys() - seen:
        result.violations.append(f"proposal {key[0]} has votes of {key[1]} but no tally row")


async def _check_proposals(counts: dict[tuple[int, str], list[int]], result: Result) -> None:
    weights = dict(await Masterplan.all().values_list("id", "ranking_weights"))
    groups = [group.value for group in StakeholderGroup]
    by_proposal: dict[int, list[GroupCount]] = {}
    for (proposal_id, group), (supports, opposes) in counts.items():
        by_proposal.setdefault(proposal_id, []).append(GroupCount(group, supports, opposes))
    for row in await Proposal.all().values("id", "masterplan_id", *COUNTERS, *SCORES):
        result.checks["proposals"] += 1
        recount = by_proposal.get(row["id"], [])
        supports, opposes = sum(c.supports for c in recount), sum(c.opposes for c in recount)
        expected = {"supports": supports, "opposes": opposes, "vote_count": supports + opposes}
        for name, value in expected.items():
            if row[name] != value:
                result.violations.append(
                    f"proposal {row['id']}: {name} {row[name]}, recount {value}"
                )
        score = scores(recount, groups, weights[row["masterplan_id"]])
        for name in SCORES:
            if not math.isclose(row[name], getattr(score, name), rel_tol=0, abs_tol=TOLERANCE):
                result.violations.append(
                    f"proposal {row['id']}: {name} {row[name]!r}, recount {getattr(score, name)!r}"
                )


# --- The app processes ------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _append_to(path: Path) -> IO[bytes]:
    return path.open("ab")


class AppProcess:
    """One `uvicorn app:app` on its own port; started again on the same port after a kill."""

    def __init__(self, index: int, database_url: str, log: Path) -> None:
        self.index = index
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = app_environment(database_url)
        self.log = log
        self.process: asyncio.subprocess.Process | None = None
        self.killed: set[int] = set()  # process ids: nothing they had can still happen

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    async def start(self) -> None:
        command = [str(BIN / "uvicorn"), "app:app", "--host", "127.0.0.1"]
        with _append_to(self.log) as output:
            self.process = await asyncio.create_subprocess_exec(
                *command,
                "--port",
                str(self.port),
                "--no-access-log",
                env=self.env,
                cwd=ROOT,
                stdout=output,
                stderr=asyncio.subprocess.STDOUT,
            )

    async def wait_until_healthy(self, http: httpx.AsyncClient, within: float = 90.0) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process is None or self.process.returncode is not None:
                break
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(self.url + "/healthz", timeout=2)).status_code == 200:
                    return
            await asyncio.sleep(0.1)
        raise RuntimeError(f"app process {self.index} did not start:\n{self.log.read_text()}")

    async def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup, open transactions cut off mid-way."""
        assert self.process is not None
        self.killed.add(self.process.pid)
        os.kill(self.process.pid, signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.terminate()
        try:
            await asyncio.wait_for(self.process.wait(), timeout=15)
        except TimeoutError:
            await self.kill()


# --- The voters ------------------------------------------------------------------------------


@dataclass
class Run:
    """What the voters and the killer share while the harness drives the processes."""

    plan: Plan
    servers: list[AppProcess]
    proposal_ids: list[int]
    result: Result
    deadline: float
    ledger: dict[tuple[int, int], Pair] = field(default_factory=dict)
    in_flight: list[dict[int, float]] = field(default_factory=list)  # per process: started
    numbers: Iterator[int] = field(default_factory=itertools.count)
    victim: int | None = None
    killed_at: float | None = None
    restarted_at: float | None = None
    aborted: bool = False  # the killed process did not come back

    def going(self) -> bool:
        """Until the deadline, and in any case until the killed process is back."""
        if self.aborted:
            return False
        return self.restarted_at is None or time.monotonic() < self.deadline

    def pick(self, rng: random.Random, avoid: int | None) -> int:
        """A random process; after a failure another one, as a client behind a balancer."""
        others = [server.index for server in self.servers if server.index != avoid]
        return rng.choice(others or [server.index for server in self.servers])

    def record(self, index: int, started: float, outcome: Outcome) -> None:
        self.result.outcomes[outcome] += 1
        if self.killed_at is not None and index == self.victim and started < self.killed_at:
            self.result.at_kill[outcome] += 1
        restarted = self.restarted_at
        if outcome is Outcome.ACKNOWLEDGED and restarted is not None and started >= restarted:
            self.result.acknowledged_after_restart += 1
            self.result.acknowledged_by_restarted += index == self.victim


def _next_value(rng: random.Random, pair: Pair) -> int:
    """Mostly a change: a vote where there is none, a switch or a withdrawal where there is."""
    current = pair.settled()
    if current in (1, -1):
        return rng.choices([-current, ABSENT, current], weights=[4, 4, 1])[0]
    return rng.choices([1, -1, ABSENT], weights=[5, 4, 1])[0]


def _shown_vote(page: str) -> int | None:
    """The voter's vote as the answered box shows it: the pressed button turns into
    "withdraw". None where the box has no buttons (voting refused)."""
    buttons = VOTE_BUTTON.findall(page)
    if len(buttons) != 2:
        return None
    return 1 if buttons[0] == "withdraw" else -1 if buttons[1] == "withdraw" else ABSENT


async def _send(
    run: Run, http: httpx.AsyncClient, index: int, headers: dict[str, str], path: str, value: int
) -> tuple[Outcome, int | None]:
    server, number = run.servers[index], next(run.numbers)
    run.in_flight[index][number], pid = time.monotonic(), server.pid
    try:
        response = await http.post(server.url + path, data={"vote": ASKED[value]}, headers=headers)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
        return Outcome.UNREACHABLE, None
    except httpx.TransportError:  # reset, closed or timed out mid-way
        # A killed process can no longer do anything; a live one may still be working on it.
        return Outcome.UNKNOWN if pid in server.killed else Outcome.LINGERING, None
    finally:
        del run.in_flight[index][number]
    if response.status_code >= 500:
        run.result.server_errors += 1
        return Outcome.UNKNOWN, None
    shown = _shown_vote(response.text) if response.status_code == 200 else None
    return (Outcome.REFUSED, None) if shown is None else (Outcome.ACKNOWLEDGED, shown)


async def _vote(
    run: Run,
    http: httpx.AsyncClient,
    rng: random.Random,
    voter: Voter,
    headers: dict[str, str],
    proposal_id: int,
) -> None:
    """Ask for one vote until a process answers, as a person clicks again after an error."""
    pair = run.ledger.setdefault((voter.index, proposal_id), Pair())
    value, avoid, failures = _next_value(rng, pair), None, 0
    while run.going():
        index, started = run.pick(rng, avoid), time.monotonic()
        outcome, shown = await _send(
            run, http, index, headers, f"/proposals/{proposal_id}/vote", value
        )
        run.record(index, started, outcome)
        if outcome is Outcome.ACKNOWLEDGED:
            pair.answered(value)
            if shown != value and shown not in pair.lingering:
                run.result.violations.append(
                    f"voter {voter.index} asked {ASKED[value]} on {proposal_id}, "
                    f"the answer showed {STATE[shown or ABSENT]}"
                )
            return
        if outcome is Outcome.REFUSED:
            return  # nothing was cast: the pair keeps what it may be
        if outcome is not Outcome.UNREACHABLE:
            pair.in_doubt(value, may_linger=outcome is Outcome.LINGERING)
        avoid, failures = index, failures + 1
        await asyncio.sleep(_backoff(rng, failures))


def _backoff(rng: random.Random, failures: int) -> float:
    """Wait before trying again as a client does: exponentially longer, up to a second, and
    jittered, so that voters do not storm a process that is down or just came back."""
    return min(1.0, RETRY_PAUSE * 2.0 ** (failures - 1)) * rng.uniform(0.5, 1.5)


async def _sign_in_headers(
    run: Run, http: httpx.AsyncClient, rng: random.Random, voter: Voter
) -> dict[str, str] | None:
    """Open a page as the voter to get the CSRF cookie and the token htmx would send."""
    failures = 0
    while run.going():
        server = run.servers[run.pick(rng, None)]
        with contextlib.suppress(httpx.TransportError):
            response = await http.get(
                server.url + "/impressum", headers={"Cookie": f"{SESSION_COOKIE}={voter.token}"}
            )
            found = TOKEN_IN_PAGE.search(response.text)
            if response.status_code == 200 and found and CSRF_COOKIE in response.cookies:
                cookies = f"{SESSION_COOKIE}={voter.token}; {CSRF_COOKIE}="
                return {
                    "Cookie": cookies + response.cookies[CSRF_COOKIE],
                    "X-CSRF-Token": found.group(1),
                    "HX-Request": "true",
                }
        failures += 1
        await asyncio.sleep(_backoff(rng, failures))
    return None


async def _drive(run: Run, voter: Voter, rng: random.Random, tls: ssl.SSLContext) -> None:
    # A client of its own, as each person has a browser: one shared pool for hundreds of
    # voters costs httpcore quadratic time per request. The TLS context is shared (never
    # used, but loading the CA bundle for each client costs 50 ms).
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, verify=tls) as http:
        headers = await _sign_in_headers(run, http, rng, voter)
        if headers is None:
            run.result.violations.append(f"voter {voter.index} never got a CSRF token")
            return
        while run.going():
            await _vote(run, http, rng, voter, headers, rng.choice(run.proposal_ids))


async def _kill_and_restart(run: Run, rng: random.Random, http: httpx.AsyncClient) -> None:
    await asyncio.sleep(run.plan.duration / 2)
    victim = run.servers[rng.randrange(len(run.servers))]
    for _ in range(5000):  # kill it while it works on requests, if it gets any
        if min(run.in_flight[victim.index].values(), default=math.inf) < time.monotonic() - 0.1:
            break  # one request has been on its way for a while: it has reached the process
        await asyncio.sleep(0.001)
    run.victim, run.result.in_flight_at_kill = victim.index, len(run.in_flight[victim.index])
    run.killed_at = time.monotonic()
    await victim.kill()
    run.result.kills += 1
    await asyncio.sleep(run.plan.restart_after)
    try:
        await victim.start()
        await victim.wait_until_healthy(http)
    except BaseException:
        run.aborted = True
        raise
    run.restarted_at = time.monotonic()
    run.result.down_seconds = run.restarted_at - run.killed_at
    run.deadline = max(run.deadline, run.restarted_at + run.plan.settle)


# --- The whole run -----------------------------------------------------------------------------


async def run(plan: Plan) -> Result:
    """Prepare the database, drive the voters through a kill and a restart, and check."""
    rng = random.Random(plan.seed)
    await prepare(plan.database_url, demo=plan.demo)
    async with open_database(plan.database_url):
        voters = await enlist(plan.voters, rng)
        proposal_ids = await open_proposals(plan.proposals, rng, voters[0].user_id)
    kind = "sqlite" if plan.database_url.startswith("sqlite") else "postgresql"
    result = Result(kind, plan.processes, plan.voters, len(proposal_ids))
    with _log_dir(plan.log_dir) as logs:
        servers = [
            AppProcess(index, plan.database_url, logs / f"app-{index}.log")
            for index in range(plan.processes)
        ]
        try:
            ledger = await _drive_all(plan, servers, proposal_ids, voters, result, rng)
        finally:
            await asyncio.gather(*(server.stop() for server in servers))
    if result.outcomes[Outcome.REFUSED]:  # these voters may always vote: the harness is wrong
        result.violations.append(f"{result.outcomes[Outcome.REFUSED]} votes were refused")
    async with open_database(plan.database_url):
        await verify(voters, ledger, result)
    return result


async def _drive_all(
    plan: Plan,
    servers: list[AppProcess],
    proposal_ids: list[int],
    voters: list[Voter],
    result: Result,
    rng: random.Random,
) -> dict[tuple[int, int], Pair]:
    tls = ssl.create_default_context()
    async with httpx.AsyncClient(verify=tls) as http:
        await asyncio.gather(*(server.start() for server in servers))
        await asyncio.gather(*(server.wait_until_healthy(http) for server in servers))
        started = time.monotonic()
        state = Run(plan, servers, proposal_ids, result, started + plan.duration)
        state.in_flight = [{} for _ in servers]
        killer = asyncio.create_task(_kill_and_restart(state, random.Random(rng.random()), http))
        await asyncio.gather(
            *(_drive(state, voter, random.Random(rng.random()), tls) for voter in voters)
        )
        await killer  # raises if the restarted process never came back
        result.seconds = time.monotonic() - started
    return state.ledger


@contextlib.contextmanager
def _log_dir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="fault-") as directory:
        yield Path(directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fault",
        description="Kill an app process while voters vote; check that no answered vote is lost.",
    )
    parser.add_argument("--database-url", required=True, help="a scratch database")
    parser.add_argument("--processes", type=int, help="4 on PostgreSQL, 1 on SQLite by default")
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of voting")
    parser.add_argument("--proposals", type=int, default=40)
    parser.add_argument("--seed", type=int, default=None, help="random by default")
    parser.add_argument("--log-dir", type=Path, help="keep the app processes' output here")
    parser.add_argument(
        "--no-demo",
        dest="demo",
        action="store_false",
        help="do not load the demo data; make one masterplan with proposals instead",
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    plan = Plan(
        database_url=args.database_url,
        processes=args.processes or default_processes(args.database_url),
        voters=args.voters,
        duration=args.duration,
        proposals=args.proposals,
        seed=seed,
        log_dir=args.log_dir,
        demo=args.demo,
    )
    result = asyncio.run(run(plan))
    print(f"seed: {seed}")
    print(result.report())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
