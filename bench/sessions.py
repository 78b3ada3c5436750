"""Signed-in people for the vote benchmark: verified citizens and their session tokens.

    python -m bench.sessions --database-url URL --count 200 -o sessions.txt \
        [--planner-output planner.txt]

Creates the citizens ``bench-voter-NNNNN@bench.invalid`` that do not exist yet (verified, no
password: they only ever sign in through these sessions), starts one new session for each and
writes the cookie values, one a line. ``--planner-output`` also makes
``bench-planner@bench.invalid`` a planner of every masterplan and writes its session token, for
the export over HTTP.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from participation.accounts.models import Role, User
from participation.accounts.sessions import start_session
from participation.db import open_database
from participation.masterplans.models import Masterplan

BATCH = 500
PLANNER_EMAIL = "bench-planner@bench.invalid"


def voter_email(number: int) -> str:
    return f"bench-voter-{number:05d}@bench.invalid"


async def ensure_voters(count: int) -> list[User]:
    """The first ``count`` bench citizens, created where missing, in number order."""
    now = datetime.now(UTC)
    emails = [voter_email(n) for n in range(1, count + 1)]
    users: list[User] = []
    for start in range(0, count, BATCH):
        chunk = emails[start : start + BATCH]
        existing = {u.email for u in await User.filter(email__in=chunk)}
        missing = [
            User(
                email=email,
                display_name=f"Bench voter {start + offset + 1}",
                role=Role.CITIZEN,
                email_verified_at=now,
                privacy_consent_at=now,
            )
            for offset, email in enumerate(chunk)
            if email not in existing
        ]
        if missing:
            await User.bulk_create(missing)
        users += await User.filter(email__in=chunk).order_by("email")
    return users


async def ensure_planner() -> User:
    now = datetime.now(UTC)
    planner = await User.get_or_none(email=PLANNER_EMAIL)
    if planner is None:
        planner = await User.create(
            email=PLANNER_EMAIL,
            display_name="Bench planner",
            role=Role.PLANNER,
            email_verified_at=now,
            privacy_consent_at=now,
        )
    for masterplan in await Masterplan.all():
        if not await Masterplan.filter(id=masterplan.id, planners__id=planner.id).exists():
            await masterplan.planners.add(planner)
    return planner


async def create_sessions(
    database_url: str, count: int, days: int, planner: bool
) -> tuple[list[str], str | None]:
    async with open_database(database_url):
        tokens = [await start_session(user=u, days=days) for u in await ensure_voters(count)]
        planner_token = (
            await start_session(user=await ensure_planner(), days=days) if planner else None
        )
    return tokens, planner_token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sessions", description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, required=True, help="how many signed-in citizens")
    parser.add_argument("--days", type=int, default=30, help="how long the sessions last")
    parser.add_argument("-o", "--output", type=Path, required=True, help="token file")
    parser.add_argument("--planner-output", type=Path, help="also a planner's token, here")
    args = parser.parse_args(argv)
    tokens, planner_token = asyncio.run(
        create_sessions(args.database_url, args.count, args.days, args.planner_output is not None)
    )
    args.output.write_text("".join(f"{token}\n" for token in tokens))
    print(f"{len(tokens)} citizen sessions written to {args.output}.")
    if args.planner_output and planner_token:
        args.planner_output.write_text(planner_token + "\n")
        print(f"Planner session written to {args.planner_output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
