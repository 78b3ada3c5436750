"""The benchmark runner: the hello-world ceiling, the app's pages and votes, the exports.

    python -m bench.run --database-url URL [--sessions-file F] [--planner-session-file F]
        [--clients 32] [--duration 20] [--workers 1] [--only scenario,...] [--json out.json]
        [--profile S [--profile-format raw|speedscope]]

Each HTTP scenario is driven by ``bench.driver`` in its own process against uvicorn started
with production's flags; the commands run as an operator runs them. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from bench import dataset
from bench.client import Connection, encode_request
from bench.commands import timed_command
from bench.driver import PlannedRequest, Scenario, VotePlan
from bench.machine import machine_info
from bench.servers import (
    ROOT,
    Server,
    app_environment,
    machine_busy_seconds,
    processes_cpu_seconds,
)

PAGES = ("home", "list", "list-deep", "detail", "search")
SIGNED_IN_PAGES = ("list-signed-in", "detail-signed-in")  # need --sessions-file
HTTP_SCENARIOS = (*PAGES, *SIGNED_IN_PAGES, "export-http", "vote")  # vote last: it ranks anew
COMMANDS = ("export-csv", "report-pdf")
REFERENCES = ("hello", "minimal")
SCENARIOS = (*REFERENCES, *HTTP_SCENARIOS, *COMMANDS)
CSRF_IN_PAGE = re.compile(r'"X-CSRF-Token": "([^"]+)"')
VOTE_ACCEPTED = 'id="vote-state"'  # the vote box shows the person's vote only when it counts


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sessions-file", type=Path, help="citizen session tokens, one a line")
    parser.add_argument("--planner-session-file", type=Path, help="a planner's session token")
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--driver-processes", type=int, default=1)
    parser.add_argument("--only", help="comma-separated: " + ",".join(SCENARIOS))
    parser.add_argument("--deep-page", type=int, default=50, help="page number of list-deep")
    parser.add_argument("--votes-per-client", type=int, default=50, help="proposals each votes on")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the HTTP scenarios this often, each round with its own minimal page, and"
        " report each scenario's median round",
    )
    parser.add_argument("--json", type=Path, help="write every result here")
    parser.add_argument("--workdir", type=Path, help="logs and outputs (default: a temp dir)")
    parser.add_argument(
        "--profile",
        type=float,
        metavar="S",
        help="attach py-spy to the server for S seconds of each HTTP scenario (after the"
        " warm-up); profile-<scenario>.* in the workdir. Profiled figures run slower.",
    )
    parser.add_argument("--profile-format", choices=("raw", "speedscope"), default="raw")
    args = parser.parse_args(argv)
    args.selected = [s.strip() for s in args.only.split(",")] if args.only else list(SCENARIOS)
    unknown = set(args.selected) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    for name in ("vote", *SIGNED_IN_PAGES):
        if name in args.selected and not args.sessions_file:
            if args.only:
                parser.error(f"{name} needs --sessions-file (see python -m bench.sessions)")
            args.selected.remove(name)
            print(f"No --sessions-file: {name} is left out.", file=sys.stderr)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="participation-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Logs and outputs in {workdir}", file=sys.stderr)
    survey = asyncio.run(dataset.survey(args.database_url, args.deep_page))
    if args.sessions_file:
        SIGNED_IN_TOKENS[:] = read_tokens(args.sessions_file)[: max(args.clients, 1)]
    report: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(survey.database),
        "settings": {
            "database_url": redact(args.database_url),
            "clients": args.clients,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "workers": args.workers,
            "driver_processes": args.driver_processes,
        },
        "dataset": {
            "totals": survey.totals,
            "listed_per_masterplan": survey.listed,
            "biggest_masterplan": survey.biggest,
            "deep_page_first_row": survey.deep_row,
            "detail_ids": len(survey.detail_ids),
            "search_queries": survey.search_queries,
        },
        "results": [],
    }
    results: list[dict[str, Any]] = report["results"]
    rounds: list[list[dict[str, Any]]] = []
    for number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"== round {number} of {args.rounds}", file=sys.stderr)
        found: list[dict[str, Any]] = []
        if "hello" in args.selected:
            found.append(run_hello(args, workdir))
        if "minimal" in args.selected:
            found.append(run_minimal(args, workdir))
        if set(args.selected) & set(HTTP_SCENARIOS):
            found += run_app(args, survey, workdir, report)
        compare_with_references(found)
        rounds.append(found)
    results += median_round(rounds)
    for name in COMMANDS:
        if name in args.selected:
            results.append(run_command(name, args, survey, workdir))
    print_table(results, report.get("vote_check"))
    if args.rounds > 1:
        print(
            f"Each HTTP row is the median of {args.rounds} rounds by its ratio to the minimal"
            " page of the same round (every round's figures are in the JSON report)."
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"Results written to {args.json}", file=sys.stderr)
    return 0


def compare_with_references(results: list[dict[str, Any]]) -> None:
    """Each result's requests/s as a share of the hello-world's and the minimal page's."""
    for reference in REFERENCES:
        found = next((r for r in results if r["scenario"] == reference), None)
        for result in results:
            if found and "rps" in result and found["rps"]:
                result[f"vs_{reference}"] = result["rps"] / found["rps"]


def median_round(rounds: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Per scenario the result of the median round. On a machine shared with other work the
    speed drifts from minute to minute: a scenario is ranked by its ratio to the minimal page
    measured in the same round (by requests/s where there is none), and the result keeps
    every round's figures."""
    if len(rounds) == 1:
        return rounds[0]
    chosen = []
    for first in rounds[0]:
        runs = [r for found in rounds for r in found if r["scenario"] == first["scenario"]]
        runs.sort(key=lambda r: r.get("vs_minimal", r.get("rps", 0.0)))
        median = dict(runs[(len(runs) - 1) // 2])
        median["rounds"] = [
            {
                "rps": r.get("rps"),
                "p99_ms": r.get("latency_ms", {}).get("p99"),
                "vs_minimal": r.get("vs_minimal"),
                "server_cpu_ms_per_request": r.get("server_cpu_ms_per_request"),
            }
            for r in runs
        ]
        chosen.append(median)
    return chosen


def run_hello(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    scenario = Scenario("hello", (PlannedRequest("GET", "/"),), expect="Hello, world")
    log = workdir / "hello-server.log"
    environment = dict(os.environ)
    with Server(
        "bench.hello:app", workers=args.workers, environment=environment, log=log, ready_path="/"
    ) as server:
        return drive(scenario, server, args, workdir)


def run_minimal(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """The least a page of this stack costs: one Tortoise query, 20 rows, one template."""
    scenario = Scenario("minimal", (PlannedRequest("GET", "/"),), expect="</html>")
    log = workdir / "minimal-server.log"
    environment = app_environment(args.database_url)
    with Server(
        "bench.minimal:app", workers=args.workers, environment=environment, log=log
    ) as server:
        return drive(scenario, server, args, workdir)


def run_app(
    args: argparse.Namespace, survey: dataset.Survey, workdir: Path, report: dict[str, Any]
) -> list[dict[str, Any]]:
    environment = app_environment(args.database_url)
    voters: list[dataset.Voter] = []
    counters_before: dict[str, Any] = {}
    if "vote" in args.selected:
        tokens = read_tokens(args.sessions_file)
        voters = asyncio.run(dataset.voters(args.database_url, tokens, args.votes_per_client))
        if not voters:
            raise SystemExit("No session in the sessions file may vote (or no proposal is open).")
        counters_before = asyncio.run(dataset.vote_counters(args.database_url))
    results = []
    log = workdir / "app-server.log"
    with Server("app:app", workers=args.workers, environment=environment, log=log) as server:
        for name in PAGES:
            if name in args.selected:
                results.append(drive(page_scenario(name, survey), server, args, workdir))
        for name in SIGNED_IN_PAGES:
            if name in args.selected:
                scenario = signed_in(page_scenario(name.removesuffix("-signed-in"), survey))
                results.append(drive(scenario, server, args, workdir))
        if "export-http" in args.selected:
            results.append(export_over_http(args, survey, server))
        if voters:
            plans = asyncio.run(sign_in_forms(server.port, voters[: args.clients]))
            results.append(drive(vote_scenario(plans), server, args, workdir))
    if voters:  # the server has stopped: every request it took has finished
        counters_after = asyncio.run(dataset.vote_counters(args.database_url))
        report["vote_check"] = vote_check(counters_before, counters_after, results[-1])
    return results


def page_scenario(name: str, survey: dataset.Survey) -> Scenario:
    """The anonymous page views: each a rotation of requests a visitor's browser sends."""
    listing = f"/masterplans/{survey.biggest}/proposals"
    paths: list[str]
    if name == "home":
        paths = ["/"]
    elif name == "list":
        paths = [f"{listing}?sort=rank"]
    elif name == "list-deep":
        cursor = f"&after={survey.deep_after}" if survey.deep_after else ""
        paths = [f"{listing}?sort=rank{cursor}"]
    elif name == "detail":
        paths = [f"/proposals/{proposal_id}" for proposal_id in survey.detail_ids]
    else:
        paths = [f"{listing}?q={quote(query)}" for query in survey.search_queries]
    headers = (("Accept", "text/html"),)
    return Scenario(name, tuple(PlannedRequest("GET", p, headers) for p in paths), expect="</html>")


SIGNED_IN_TOKENS: list[str] = []  # set by main() from --sessions-file


def signed_in(scenario: Scenario) -> Scenario:
    """The same page views by signed-in people (the page cache never serves them): each
    request carries one of the sessions, in turn, and the CSRF cookie a browser holds."""
    tokens = SIGNED_IN_TOKENS
    if not tokens:
        raise SystemExit(f"{scenario.name}-signed-in needs --sessions-file")
    pages = scenario.requests
    requests = []
    for number in range(max(len(pages), len(tokens))):
        planned, token = pages[number % len(pages)], tokens[number % len(tokens)]
        cookie = f"session={token}; csrf={'c' * 43}"
        requests.append(PlannedRequest("GET", planned.path, (*planned.headers, ("Cookie", cookie))))
    return Scenario(f"{scenario.name}-signed-in", tuple(requests), expect=scenario.expect)


async def sign_in_forms(port: int, voters: list[dataset.Voter]) -> list[VotePlan]:
    """Each signed-in person opens a page first, as a browser does: that gives the CSRF
    cookie and the token htmx sends in the X-CSRF-Token header."""
    connection = Connection("127.0.0.1", port)
    plans = []
    for voter in voters:
        raw = encode_request(
            "GET", "/", host="127.0.0.1", headers=[("Cookie", f"session={voter.token}")]
        )
        page = await connection.send(raw)
        found = CSRF_IN_PAGE.search(page.body.decode())
        csrf_cookie = page.cookies().get("csrf")
        if page.status != 200 or not found or not csrf_cookie:
            raise SystemExit(f"GET / with a session answered {page.status} without a CSRF token")
        plans.append(
            VotePlan(
                headers=(
                    ("Cookie", f"session={voter.token}; csrf={csrf_cookie}"),
                    ("X-CSRF-Token", found.group(1)),
                    ("HX-Request", "true"),
                ),
                proposals=tuple(voter.proposals),
            )
        )
    connection.close()
    return plans


def vote_scenario(plans: list[VotePlan]) -> Scenario:
    return Scenario("vote", votes=tuple(plans), expect=VOTE_ACCEPTED)


def drive(
    scenario: Scenario, server: Server, args: argparse.Namespace, workdir: Path
) -> dict[str, Any]:
    """``bench.driver`` in its own process: the runner's imports cost it nothing.

    Also tells where the machine's CPU went meanwhile: the server, the driver, and anything
    else running on the machine, which makes the figures of a busy machine worth less."""
    spec = workdir / f"scenario-{scenario.name}.json"
    output = workdir / f"result-{scenario.name}.json"
    spec.write_text(json.dumps(scenario.to_json()))
    print(f"-- {scenario.name}: {args.clients} clients, {args.duration:g} s", file=sys.stderr)
    command = [sys.executable, "-m", "bench.driver", "--port", str(server.port)]
    command += ["--scenario", str(spec), "--clients", str(args.clients)]
    command += ["--duration", str(args.duration), "--warmup", str(args.warmup)]
    command += ["--driver-processes", str(args.driver_processes), "-o", str(output)]
    database_before = processes_cpu_seconds(asyncio.run(dataset.backend_pids(args.database_url)))
    busy, served, started = machine_busy_seconds(), server.cpu_seconds(), time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT)
    profiler = Profiler(scenario.name, server, args, workdir) if args.profile else None
    _, status, usage = os.wait4(process.pid, 0)  # the driver and its processes
    if profiler is not None:
        profiler.finish()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"the driver failed on {scenario.name} ({process.returncode})")
    wall = time.perf_counter() - started
    busy, served = machine_busy_seconds() - busy, server.cpu_seconds() - served
    database_after = processes_cpu_seconds(asyncio.run(dataset.backend_pids(args.database_url)))
    database = sum(t - database_before.get(pid, 0.0) for pid, t in database_after.items())
    driven = usage.ru_utime + usage.ru_stime
    result: dict[str, Any] = json.loads(output.read_text())
    answered = max(result["completed_total"], 1)
    result.update(
        kind="http",
        cpu_cores={  # average cores in use over the driver's run, warm-up included
            "server": served / wall,
            "database": database / wall,  # PostgreSQL's processes for this database
            "driver": driven / wall,
            "other": max(0.0, busy - served - database - driven) / wall,
        },
        # Server CPU per answered request: what one core can serve, whatever else ran.
        server_cpu_ms_per_request=served * 1000 / answered,
        database_cpu_ms_per_request=database * 1000 / answered,
    )
    return result


class Profiler:
    """py-spy attached to the server (its first worker with ``--workers``) for
    ``--profile`` seconds of a scenario, from the end of the warm-up on. Sampling costs the
    server time: a profiled run's figures are for the profile, not for the table."""

    def __init__(self, name: str, server: Server, args: argparse.Namespace, workdir: Path) -> None:
        extension = "json" if args.profile_format == "speedscope" else "txt"
        self.output = workdir / f"profile-{name}.{extension}"
        assert server.process is not None
        pid = server.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pid = int(children[0]) if args.workers > 1 and children else pid  # the first worker
        seconds = max(1, round(min(args.profile, args.duration)))
        self.command = [str(Path(sys.executable).with_name("py-spy")), "record", "--pid"]
        self.command += [str(pid), "--duration", str(seconds), "--rate", "250"]
        self.command += ["--format", args.profile_format, "--output", str(self.output)]
        self.process: subprocess.Popen[bytes] | None = None
        self.timer = threading.Timer(args.warmup, self._start)
        self.timer.start()

    def _start(self) -> None:
        self.process = subprocess.Popen(
            self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def finish(self) -> None:
        self.timer.join()
        if self.process is None:
            return
        _, error = self.process.communicate()
        if self.process.returncode != 0:
            print(f"py-spy failed: {error.decode(errors='replace')}", file=sys.stderr)
        else:
            print(f"   profile in {self.output}", file=sys.stderr)


def export_over_http(
    args: argparse.Namespace, survey: dataset.Survey, server: Server
) -> dict[str, Any]:
    """A planner downloads the CSV of the biggest masterplan, three times one after another."""
    result: dict[str, Any] = {"scenario": "export-http", "kind": "download"}
    if not args.planner_session_file:
        result["skipped"] = "no --planner-session-file"
        return result
    token = read_tokens(args.planner_session_file)[0]
    path = f"/planning/{survey.biggest}/export.csv"
    raw = encode_request("GET", path, host="127.0.0.1", headers=[("Cookie", f"session={token}")])

    async def download() -> tuple[int, int, float]:
        connection = Connection("127.0.0.1", server.port)
        started = time.perf_counter()
        answer = await connection.send(raw)
        seconds = time.perf_counter() - started
        connection.close()
        return answer.status, len(answer.body), seconds

    print(f"-- export-http: {path}", file=sys.stderr)
    runs = [asyncio.run(download()) for _ in range(3)]
    result.update(
        path=path,
        statuses=[status for status, _, _ in runs],
        output_bytes=runs[-1][1],
        seconds=statistics.median(seconds for _, _, seconds in runs),
        seconds_each=[seconds for _, _, seconds in runs],
        server_peak_rss_mib=server.peak_memory_mib(),
    )
    return result


def run_command(
    name: str, args: argparse.Namespace, survey: dataset.Survey, workdir: Path
) -> dict[str, Any]:
    program = str(Path(sys.executable).with_name("participation"))
    base = [program, "--database-url", args.database_url]
    if name == "export-csv":
        output = workdir / f"{survey.biggest}.csv"
        command = [*base, "export", "--masterplan", survey.biggest, "--format", "csv"]
        command += ["-o", str(output), "--quiet"]
    else:
        output = workdir / "council-report.pdf"
        command = [*base, "report", "council", "-o", str(output)]
    print(f"-- {name}", file=sys.stderr)
    environment = app_environment(args.database_url)
    result = timed_command(
        name, command, environment=environment, output=output, log=workdir / f"{name}.log"
    )
    result["command"] = [redact(part) for part in command]
    if name == "export-csv":
        result["proposals"] = survey.listed[survey.biggest]
    return result


def vote_check(
    before: dict[str, Any], after: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any]:
    """Counters equal a recount, and the vote rows changed by what the acknowledged votes
    imply (give or take one row for each proposal whose last vote failed)."""
    votes = result.get("votes", {})
    expected = votes.get("rows_delta", 0)
    actual = after["vote_rows"] - before["vote_rows"]
    unknown = votes.get("unknown_at_end", 0)
    return {
        "votes_acknowledged": votes.get("acknowledged", 0),
        "votes_refused": votes.get("refused", 0),
        "votes_failed": votes.get("failed", 0),
        "votes_surprising": votes.get("surprising", 0),
        "unknown_at_end": unknown,
        "vote_rows_before": before["vote_rows"],
        "vote_rows_after": after["vote_rows"],
        "vote_rows_delta": actual,
        "vote_rows_expected_delta": expected,
        "rows_match": abs(actual - expected) <= unknown,
        "counters_off_before": before["proposals_off"] + before["tallies_off"],
        "proposal_counters_off": after["proposals_off"],
        "tally_counters_off": after["tallies_off"],
        "counters_match": after["proposals_off"] == 0 and after["tallies_off"] == 0,
        "examples_off": after["examples"],
    }


def read_tokens(path: Path) -> list[str]:
    tokens = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    if not tokens:
        raise SystemExit(f"{path} holds no session token")
    return tokens


def redact(text: str) -> str:
    """A database URL without its password."""
    parts = urlsplit(text)
    if not parts.password:
        return text
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def cores(used: dict[str, float]) -> str:
    """Cores busy with the server / the database / the driver / anything else."""
    return "/".join(f"{used[key]:.1f}" for key in ("server", "database", "driver", "other"))


def size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.1f} kB"


def print_table(results: list[dict[str, Any]], check: dict[str, Any] | None) -> None:
    head = f"{'scenario':<16} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8}"
    head += f" {'p99 ms':>8} {'max ms':>8} {'errors':>7} {'vs hello':>8} {'vs minimal':>10}"
    print(f"\n{head} {'cpu s/db/d/o':>16} {'srv+db ms/req':>13}")
    for r in results:
        if r.get("kind") == "http":
            latency = r["latency_ms"]
            errors = r["bad_status"] + r["errors"] + r["unexpected"]
            ratio = f"{r['vs_hello']:.1%}" if "vs_hello" in r else ""
            minimal = f"{r['vs_minimal']:.1%}" if "vs_minimal" in r else ""
            print(
                f"{r['scenario']:<16} {r['clients']:>7} {r['rps']:>8.0f}"
                + "".join(f" {ms(latency[key]):>8}" for key in ("p50", "p90", "p99", "max"))
                + f" {errors:>7} {ratio:>8} {minimal:>10} {cores(r['cpu_cores']):>16}"
                f" {r['server_cpu_ms_per_request']:>6.2f}+{r['database_cpu_ms_per_request']:<6.2f}"
            )
        elif "skipped" in r:
            print(f"{r['scenario']:<16} skipped: {r['skipped']}")
        else:
            memory = r.get("peak_rss_mib") or r.get("server_peak_rss_mib") or 0.0
            status = r.get("exit_code", r.get("statuses"))
            print(
                f"{r['scenario']:<16} {r['seconds']:>8.2f} s wall, peak RSS {memory:.0f} MiB,"
                f" {size(r['output_bytes'])}, exit/status {status}"
            )
    busy = [r["scenario"] for r in results if r.get("cpu_cores", {}).get("other", 0) > 0.25]
    if busy:
        print(
            "\ncpu s/db/d/o: cores used by the server, PostgreSQL, the driver and other"
            f" processes. Other work took CPU during {', '.join(busy)}: those figures understate"
            " the app; the CPU time per request (srv+db ms/req) varies much less."
        )
    if check:
        rows = "match" if check["rows_match"] else "MISMATCH"
        counters = "match" if check["counters_match"] else "MISMATCH"
        print(
            f"\nvotes: {check['votes_acknowledged']} acknowledged, {check['votes_refused']}"
            f" refused, {check['votes_failed']} failed, {check['votes_surprising']} showing"
            f" another vote than sent; vote rows {check['vote_rows_before']} ->"
            f" {check['vote_rows_after']} ({check['vote_rows_delta']:+d}, expected"
            f" {check['vote_rows_expected_delta']:+d} ± {check['unknown_at_end']}): {rows}"
        )
        print(
            f"counters vs recount: {check['proposal_counters_off']} proposals and"
            f" {check['tally_counters_off']} group tallies off (before the run:"
            f" {check['counters_off_before']}): {counters}"
        )


if __name__ == "__main__":
    sys.exit(main())
