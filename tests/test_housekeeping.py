"""Expired sign-ins and stale sign-in/mail counts are deleted, as the privacy page promises;
what is still in use stays."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from participation.accounts.models import Session, Throttle
from participation.accounts.throttle import FORGET_AFTER
from participation.housekeeping import tidy
from tests.auth import make_person, sign_in

pytestmark = pytest.mark.usefixtures("db")


async def test_ended_sign_ins_and_quiet_counts_go_and_the_rest_stays(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person(display_name="Noch Angemeldet")
    await sign_in(client, person)
    now = datetime.now(UTC)
    for days_ago in (1, 40):
        await Session.create(
            user=person, token_hash=f"{days_ago:064d}", expires_at=now - timedelta(days=days_ago)
        )
    quiet, recent = time.time() - FORGET_AFTER - 60, time.time() - 60
    await Throttle.create(key="account:quiet", attempts=3, next_at=quiet, last_at=quiet)
    await Throttle.create(key="account:recent", attempts=3, next_at=recent, last_at=recent)

    tidied = await tidy()

    assert (tidied.sessions, tidied.throttle_counts) == (2, 1)
    assert await Session.filter(user=person).count() == 1  # the browser's own sign-in
    assert await Throttle.filter(key="account:recent").exists()
    assert not await Throttle.filter(key="account:quiet").exists()
    # The person is still signed in, and a second round finds nothing more.
    page = await client.get("/account/profile")
    assert page.status_code == 200 and "Noch Angemeldet" in page.text
    assert await tidy() == type(tidied)(sessions=0, throttle_counts=0)
