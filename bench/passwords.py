"""Does a process keep answering while it checks passwords? Forty sign-ins with wrong
passwords at once (each from its own forwarded client address, so the client throttle lets
every one be checked), and ``/healthz`` asked every 20 ms meanwhile.

    python -m bench.passwords --database-url URL [--sign-ins 40] [--rounds 3]

The forty browsers open the sign-in page first; then all send their form at once, and a
separate process asks /healthz every 20 ms throughout. Prints the time the forty answers
took and /healthz's latency (median, p99, worst) while the passwords were checked, and,
apart, while the forty sign-in pages loaded before (a burst of page renders, not of
hashing). Target: /healthz under 50 ms at worst while the checks run (BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import multiprocessing
import queue as queue_module
import re
import secrets
import statistics
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

import httpx

from bench.servers import Server, app_environment

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


async def _ready_client(base: str) -> tuple[httpx.AsyncClient, str]:
    """A browser that has the sign-in page open: its cookie and the form's token."""
    client = httpx.AsyncClient(base_url=base, timeout=120)
    page = await client.get("/account/login")
    match = CSRF_FIELD.search(page.text)
    assert match, "no CSRF token on the sign-in page"
    return client, match.group(1)


async def _wrong_sign_in(client: httpx.AsyncClient, token: str, number: int) -> int:
    """A wrong password for an address nobody uses, from a client address nobody used:
    no throttle stops it before the password check."""
    fresh = secrets.randbelow(2**24)
    answer = await client.post(
        "/account/login",
        data={
            "email": f"bench-wrong-{fresh:06x}@bench.invalid",
            "password": f"falsch geraten {number}",
            "csrf_token": token,
        },
        headers={"X-Forwarded-For": f"10.{fresh >> 16}.{(fresh >> 8) & 255}.{fresh & 255}"},
    )
    return answer.status_code


def _probe(port: int, stop: Event, latencies: Queue[tuple[float, float]]) -> None:
    """In a process of its own, so the load's client work does not count as latency.
    Each answer: when it was asked (wall clock) and how long it took (ms)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        asked, started = time.time(), time.perf_counter()
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        latencies.put((asked, (time.perf_counter() - started) * 1000))
        time.sleep(0.02)
    connection.close()


async def _storm(base: str, sign_ins: int) -> tuple[float, float, float, list[int]]:
    """The forty pages, then the forty forms: when the forms went out and when the last
    answer came (wall clock), how long that took, and the answers' status codes."""
    ready = await asyncio.gather(*(_ready_client(base) for _ in range(sign_ins)))
    await asyncio.sleep(0.5)  # the page loads are over
    started, began = time.perf_counter(), time.time()
    codes = await asyncio.gather(
        *(_wrong_sign_in(client, token, n) for n, (client, token) in enumerate(ready))
    )
    took = time.perf_counter() - started
    for client, _ in ready:
        await client.aclose()
    return began, began + took, took, list(codes)


def one_round(port: int, sign_ins: int) -> tuple[float, list[float], list[float], list[int]]:
    """The time the checks took, /healthz's latencies while the checks ran and while the
    forty sign-in pages loaded before them, and the answers' status codes."""
    stop = multiprocessing.Event()
    queue: Queue[tuple[float, float]] = multiprocessing.Queue()
    probe = multiprocessing.Process(target=_probe, args=(port, stop, queue))
    probe.start()
    time.sleep(0.5)  # the probe is asking before the first page is
    began, ended, took, codes = asyncio.run(_storm(f"http://127.0.0.1:{port}", sign_ins))
    stop.set()
    answers: list[tuple[float, float]] = []
    while probe.is_alive() or not queue.empty():
        try:
            answers.append(queue.get(timeout=0.5))
        except queue_module.Empty:
            if not probe.is_alive():
                break
    probe.join()
    checking = [ms for asked, ms in answers if began <= asked <= ended]
    loading = [ms for asked, ms in answers if asked < began]
    return took, checking, loading, codes


def _summary(latencies: list[float]) -> str:
    latencies = sorted(latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return (
        f"{len(latencies)} asked, median {statistics.median(latencies):.1f} ms, "
        f"p99 {p99:.1f} ms, worst {latencies[-1]:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.passwords", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sign-ins", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    log = Path(tempfile.mkdtemp(prefix="bench-passwords-")) / "uvicorn.log"
    with Server("app:app", workers=1, environment=app_environment(args.database_url), log=log) as s:
        for number in range(1, args.rounds + 1):
            took, checking, loading, codes = one_round(s.port, args.sign_ins)
            print(
                f"round {number}: {args.sign_ins} wrong passwords answered in {took:.2f} s "
                f"(status {sorted(set(codes))}); /healthz while they were checked: "
                f"{_summary(checking)}; while the {args.sign_ins} sign-in pages loaded: "
                f"{_summary(loading)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
