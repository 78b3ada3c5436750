"""The ``participation`` command: migrate, load the demo, create load data later."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from participation.db import migrate, open_database
from participation.settings import load_settings


async def _seed_demo(database_url: str, if_empty: bool) -> int:
    from participation.demo.seed import database_is_empty, seed_demo

    async with open_database(database_url):
        if if_empty and not await database_is_empty():
            print("The database already holds data; demo data not loaded.")
            return 0
        report = await seed_demo()
    print(
        f"Demo data: {report.masterplans} masterplans, {report.organizations} organisations, "
        f"{report.users} people, {report.proposals} proposals, {report.votes} votes, "
        f"{report.comments} comments added."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="participation", description=__doc__)
    parser.add_argument("--database-url", help="overrides DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply the database migrations")
    seed = commands.add_parser("seed-demo", help="load the Dortmund demo data (idempotent)")
    seed.add_argument(
        "--if-empty", action="store_true", help="only load it into a database without masterplans"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    database_url = args.database_url or load_settings().database_url
    if database_url.startswith("sqlite://"):
        from pathlib import Path

        path = database_url.removeprefix("sqlite://")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    if args.command == "migrate":
        asyncio.run(migrate(database_url))
        print("Migrations applied.")
        return 0
    if args.command == "seed-demo":
        return asyncio.run(_seed_demo(database_url, args.if_empty))
    return 2


if __name__ == "__main__":
    sys.exit(main())
