"""What the shared state costs per use, with and without Redis (participation/shared_state.py):
a sign-in throttle check (one key), an API bucket take, and the header's masterplans as a
page reads them (kept copy) against reading them from the database each time (before).

    python -m bench.shared_state --database-url URL [--redis-url redis://127.0.0.1:6379/0]
        [--rounds 2000]

Prints microseconds per call, of wall time and of this process's CPU (median of five runs of
``--rounds`` calls each, one after another on one event loop: latency, not throughput; the
CPU is what the app process spends, the rest is waiting for the server). The database needs
the migrations.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable

from tortoise import Tortoise

from participation.accounts import throttle
from participation.db import tortoise_config
from participation.masterplans.navigation import PART, read_navigation
from participation.shared_state import LocalState, RedisState, use


async def per_call(rounds: int, call: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    """Median µs of wall time and of CPU per call, over five runs."""
    walls, cpus = [], []
    for run in range(5):
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(rounds):
            await call(run * rounds + n)
        walls.append((time.perf_counter() - started) / rounds * 1e6)
        cpus.append((time.process_time() - cpu) / rounds * 1e6)
    return statistics.median(walls), statistics.median(cpus)


async def measure(database_url: str, redis_url: str, rounds: int) -> dict[str, tuple[float, float]]:
    await Tortoise.init(config=tortoise_config(database_url))
    stores: dict[str, LocalState] = {"in process / database": LocalState()}
    if redis_url:
        stores["redis"] = RedisState(redis_url, prefix=f"bench-{uuid.uuid4().hex[:8]}:")
    figures: dict[str, tuple[float, float]] = {}
    try:
        figures["navigation read from the database (before)"] = await per_call(
            rounds, lambda n: read_navigation()
        )
        for name, store in stores.items():

            async def check(n: int, store: LocalState = store) -> None:
                with use(store):  # a fresh key each time: every check passes and counts
                    await throttle.attempt((throttle.CLIENT, f"bench {n}"))

            async def take(n: int, store: LocalState = store) -> float:
                return await store.take(f"bench {n % 100}", rate=1e9, burst=10**9)

            async def navigation(n: int, store: LocalState = store) -> object:
                return await store.part(PART, read_navigation)

            figures[f"throttle check, {name}"] = await per_call(rounds, check)
            figures[f"API bucket take, {name}"] = await per_call(rounds, take)
            figures[f"navigation kept copy, {name}"] = await per_call(rounds, navigation)
    finally:
        for store in stores.values():
            await store.close()
        await Tortoise.close_connections()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    figures = asyncio.run(measure(args.database_url, args.redis_url, args.rounds))
    width = max(map(len, figures))
    print(f"{'':<{width}}  {'wall':>8}     {'CPU':>8}")
    for name, (wall, cpu) in figures.items():
        print(f"{name:<{width}}  {wall:8.1f} µs  {cpu:8.1f} µs")


if __name__ == "__main__":
    main()
