"""The load driver: N keep-alive clients for D seconds against one scenario, in its own process.

    python -m bench.driver --port 8000 --path / --clients 32 --duration 10
    python -m bench.driver --port 8000 --scenario scenario.json --clients 32 -o result.json

Each client sends one request, waits for the whole answer, and sends the next (a closed loop,
as a person's browser does). After a warm-up, every request that completes within the
measured window counts: requests per second, latency percentiles, statuses outside 2xx/3xx
and connection errors. When the window ends no new request starts; the ones in flight are
read to their end, so a vote the server acknowledged is always counted.

A scenario either rotates over a list of prepared requests (each client starts at its own
place in the list) or, for votes, gives each client one signed-in person and the proposals
that person votes on: every vote is a real change (none -> support -> oppose -> none). The
driver reads each person's vote back from the vote box the server answers with and reports
the net vote rows the run added, which the runner compares with the database.

``--driver-processes K`` splits the clients over K processes (started together at one wall
clock time) and merges their latency samples.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import multiprocessing
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Coroutine
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.client import CONNECTION_ERRORS, Connection, encode_request

NEXT_VOTE = {0: 1, 1: -1, -1: 0}  # none -> support -> oppose -> none: each one a change
VOTE_WORD = {1: "support", -1: "oppose", 0: "withdraw"}
PAUSE_AFTER_ERROR = 0.05  # seconds: a refused connection must not become a busy loop
FAILURES: tuple[type[Exception], ...] = (*CONNECTION_ERRORS, TimeoutError)


@dataclass(frozen=True)
class PlannedRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""

    def encode(self, host: str) -> bytes:
        return encode_request(
            self.method, self.path, host=host, headers=self.headers, body=self.body.encode()
        )


@dataclass(frozen=True)
class VotePlan:
    """One signed-in person: the headers that carry the session and CSRF token, and the
    proposals they vote on with the vote each holds now (1, -1, or 0 for none)."""

    headers: tuple[tuple[str, str], ...]
    proposals: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Scenario:
    name: str
    requests: tuple[PlannedRequest, ...] = ()
    votes: tuple[VotePlan, ...] = ()
    expect: str = ""  # a 2xx/3xx answer must contain this, or it counts as unexpected

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scenario:
        return cls(
            name=data["name"],
            requests=tuple(
                PlannedRequest(
                    r["method"], r["path"], tuple(map(tuple, r.get("headers", ()))), r["body"]
                )
                for r in data.get("requests", ())
            ),
            votes=tuple(
                VotePlan(
                    tuple(map(tuple, v["headers"])),
                    tuple((int(p), int(s)) for p, s in v["proposals"]),
                )
                for v in data.get("votes", ())
            ),
            expect=data.get("expect", ""),
        )

    @property
    def max_clients(self) -> int | None:
        """Votes need one person per client: two clients of one person would race."""
        return len(self.votes) if self.votes else None


@dataclass
class VoteCounts:
    """What the votes did, warm-up and drain included. The state after each acknowledged
    vote is read from the vote box the server answers with, not assumed."""

    acknowledged: int = 0
    created: int = 0  # none -> a vote: a new row
    changed: int = 0  # support <-> oppose
    deleted: int = 0  # a vote -> none: the row goes
    surprising: int = 0  # the box shows another vote than the change we sent implies
    refused: int = 0  # 4xx, or 2xx without the vote box: nothing changed
    failed: int = 0  # error or 5xx: the vote may or may not have been stored
    # Net vote rows the run added, from each proposal's first and last known vote.
    rows_delta: int = 0
    # Proposals whose last request failed: each may be one row off the net figure.
    unknown_at_end: int = 0

    def merge(self, other: VoteCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


VOTE_BUTTONS = re.compile(rb'name="vote" value="(\w+)"')


def shown_vote(body: bytes) -> int | None:
    """The person's vote as the vote box shows it: its Support button sends "withdraw"
    when they support, its Oppose button when they oppose. None without the box."""
    buttons = VOTE_BUTTONS.findall(body)
    if len(buttons) != 2:
        return None
    return 1 if buttons[0] == b"withdraw" else -1 if buttons[1] == b"withdraw" else 0


class RotatingSource:
    def __init__(self, raws: list[bytes], start: int) -> None:
        self.raws = raws
        self.position = start % len(raws)

    def next(self) -> bytes | None:
        raw = self.raws[self.position]
        self.position = (self.position + 1) % len(self.raws)
        return raw

    def answered(self, status: int | None, ok: bool, body: bytes) -> None:
        pass


@dataclass
class VoteTarget:
    proposal: int
    initial: int  # the person's vote before the run
    state: int | None  # now, as far as known: None after a failed request


class VoteSource:
    """One person voting round their proposals, each vote a change of the last one
    (none -> support -> oppose -> none)."""

    def __init__(self, plan: VotePlan, host: str, counts: VoteCounts) -> None:
        headers = (*plan.headers, ("Content-Type", "application/x-www-form-urlencoded"))
        self.raws = {
            (proposal, value): encode_request(
                "POST",
                f"/proposals/{proposal}/vote",
                host=host,
                headers=headers,
                body=f"vote={VOTE_WORD[value]}".encode(),
            )
            for proposal, _ in plan.proposals
            for value in VOTE_WORD
        }
        self.targets = [VoteTarget(p, state, state) for p, state in plan.proposals]
        self.position = 0
        self.counts = counts
        self.pending: VoteTarget | None = None

    def next(self) -> bytes | None:
        if not self.targets:
            return None
        self.pending = self.targets[self.position % len(self.targets)]
        self.position += 1
        state = self.pending.state
        # Unknown after a failure: a support from anything is a vote the box then shows.
        return self.raws[self.pending.proposal, NEXT_VOTE[state] if state is not None else 1]

    def answered(self, status: int | None, ok: bool, body: bytes) -> None:
        target, self.pending = self.pending, None
        assert target is not None
        after = shown_vote(body) if ok else None
        if after is not None:
            self.counts.acknowledged += 1
            before, target.state = target.state, after
            if before is None:
                return
            if after != NEXT_VOTE[before]:
                self.counts.surprising += 1
            if before == 0 and after != 0:
                self.counts.created += 1
            elif before != 0 and after == 0:
                self.counts.deleted += 1
            elif before != after:
                self.counts.changed += 1
        elif status is not None and status < 500:  # refused before anything changed
            self.counts.refused += 1
        else:  # the server may have stored the vote before it failed
            self.counts.failed += 1
            target.state = None

    def settle(self) -> None:
        """Add this person's net row change to the counts, once the run is over."""
        for target in self.targets:
            if target.state is None:
                self.counts.unknown_at_end += 1
            else:
                self.counts.rows_delta += (target.state != 0) - (target.initial != 0)


@dataclass
class Window:
    start: int  # perf_counter_ns when measuring begins (warm-up before it)
    end: int


@dataclass
class PartResult:
    latencies_ns: list[int] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    unexpected: int = 0
    completed_total: int = 0  # warm-up and drain included
    votes: VoteCounts = field(default_factory=VoteCounts)
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0


@dataclass(frozen=True)
class Load:
    """How hard and how long: the same for every process of one run."""

    host: str
    port: int
    clients: int
    warmup: float  # seconds before measuring
    duration: float  # measured seconds
    request_timeout: float
    start_at: float = 0.0  # wall clock time every process starts at (0: at once)


async def _client(
    source: RotatingSource | VoteSource,
    connection: Connection,
    window: Window,
    expect: bytes,
    load: Load,
    result: PartResult,
) -> None:
    while time.perf_counter_ns() < window.end:
        raw = source.next()
        if raw is None:
            return
        started = time.perf_counter_ns()
        try:
            async with asyncio.timeout(load.request_timeout):
                response = await connection.send(raw)
        except FAILURES as error:
            connection.close()
            finished = time.perf_counter_ns()
            if window.start <= finished <= window.end:
                result.errors[type(error).__name__] += 1
            source.answered(None, False, b"")
            await asyncio.sleep(PAUSE_AFTER_ERROR)
            continue
        finished = time.perf_counter_ns()
        result.completed_total += 1
        if response.status >= 500:  # uvicorn drops the connection after an unhandled error
            connection.close()
        ok = 200 <= response.status < 400
        if ok and expect and expect not in response.body:
            ok = False
            if window.start <= finished <= window.end:
                result.unexpected += 1
        source.answered(response.status, ok, response.body)
        if window.start <= finished <= window.end:
            result.latencies_ns.append(finished - started)
            result.statuses[response.status] += 1
    connection.close()


async def _drive_part(scenario: Scenario, clients: list[int], load: Load) -> PartResult:
    """Run the given client numbers of the scenario in this process."""
    await asyncio.sleep(max(0.0, load.start_at - time.time()))
    result = PartResult()
    if scenario.votes:
        sources: list[RotatingSource | VoteSource] = [
            VoteSource(scenario.votes[i], load.host, result.votes) for i in clients
        ]
    else:  # each client starts at its own place in the list
        raws = [r.encode(load.host) for r in scenario.requests]
        sources = [RotatingSource(raws, i * len(raws) // load.clients) for i in clients]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter_ns()
    window = Window(
        began + int(load.warmup * 1e9), began + int((load.warmup + load.duration) * 1e9)
    )
    expect = scenario.expect.encode()
    await asyncio.gather(
        *(
            _client(source, Connection(load.host, load.port), window, expect, load, result)
            for source in sources
        )
    )
    for source in sources:
        if isinstance(source, VoteSource):
            source.settle()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu_seconds = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    result.wall_seconds = (time.perf_counter_ns() - began) / 1e9
    return result


def _run(coroutine: Coroutine[Any, Any, PartResult]) -> PartResult:
    """On uvloop where it is installed: the driver's own overhead halves."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


def _part_entry(arguments: tuple[dict[str, Any], list[int], Load]) -> PartResult:
    data, clients, load = arguments
    return _run(_drive_part(Scenario.from_json(data), clients, load))


def percentile(ordered: list[int], share: float) -> float | None:
    """Nearest-rank percentile of sorted nanoseconds, in milliseconds (None without any)."""
    if not ordered:
        return None
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1] / 1e6


def drive(
    scenario: Scenario,
    *,
    host: str = "127.0.0.1",
    port: int,
    clients: int,
    duration: float,
    warmup: float = 2.0,
    request_timeout: float = 30.0,
    processes: int = 1,
) -> dict[str, Any]:
    """Run the scenario and return its summary (JSON-ready)."""
    if scenario.max_clients is not None and clients > scenario.max_clients:
        clients = scenario.max_clients
    processes = max(1, min(processes, clients))
    shares = [list(range(p, clients, processes)) for p in range(processes)]
    load = Load(host, port, clients, warmup, duration, request_timeout)
    if processes == 1:
        parts = [_run(_drive_part(scenario, shares[0], load))]
    else:
        # Every process has started and imported by then, and begins at the same moment.
        load = dataclasses.replace(load, start_at=time.time() + 1.5)
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            parts = pool.map(_part_entry, [(scenario.to_json(), share, load) for share in shares])
    return summarize(scenario.name, clients, duration, parts)


def milliseconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def summarize(name: str, clients: int, duration: float, parts: list[PartResult]) -> dict[str, Any]:
    latencies = sorted(n for part in parts for n in part.latencies_ns)
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    votes = VoteCounts()
    for part in parts:
        statuses.update(part.statuses)
        errors.update(part.errors)
        votes.merge(part.votes)
    bad_status = sum(count for status, count in statuses.items() if not 200 <= status < 400)
    cpu = sum(part.cpu_seconds for part in parts)
    wall = max((part.wall_seconds for part in parts), default=0.0)
    summary: dict[str, Any] = {
        "scenario": name,
        "clients": clients,
        "driver_processes": len(parts),
        "duration_s": duration,
        "requests": len(latencies),
        "rps": len(latencies) / duration if duration else 0.0,
        "latency_ms": {
            "p50": percentile(latencies, 50),
            "p90": percentile(latencies, 90),
            "p99": percentile(latencies, 99),
            "max": latencies[-1] / 1e6 if latencies else None,
            "mean": sum(latencies) / len(latencies) / 1e6 if latencies else None,
        },
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "bad_status": bad_status,
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "unexpected": sum(part.unexpected for part in parts),
        "completed_total": sum(part.completed_total for part in parts),
        # Share of one core the driver used: near 1.0 per process means it may be the limit.
        "driver_cpu_per_process": cpu / wall / len(parts) if wall else 0.0,
    }
    if any(part.votes.acknowledged or part.votes.failed for part in parts):
        summary["votes"] = asdict(votes)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.driver", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--scenario", type=Path, help="a scenario JSON file (see Scenario)")
    what.add_argument("--path", help="GET this one path")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--driver-processes", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="write the summary JSON here")
    args = parser.parse_args(argv)
    if args.scenario:
        scenario = Scenario.from_json(json.loads(args.scenario.read_text()))
    else:
        scenario = Scenario(name=args.path, requests=(PlannedRequest("GET", args.path),))
    if not scenario.requests and not scenario.votes:
        parser.error("the scenario has no requests")
    summary = drive(
        scenario,
        host=args.host,
        port=args.port,
        clients=args.clients,
        duration=args.duration,
        warmup=args.warmup,
        request_timeout=args.timeout,
        processes=args.driver_processes,
    )
    text = json.dumps(summary, indent=2)
    if args.output:
        args.output.write_text(text + "\n")
    else:
        print(text)
    latency = summary["latency_ms"]
    print(
        f"{summary['scenario']}: {summary['rps']:.0f} req/s, p50 {milliseconds(latency['p50'])}, "
        f"p99 {milliseconds(latency['p99'])}, {summary['bad_status']} bad status, "
        f"{summary['errors']} errors, driver CPU {summary['driver_cpu_per_process']:.0%}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
