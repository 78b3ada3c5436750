"""Everything that checks a password or sends a mail on request is slowed down, not locked,
by a count that cannot be raced and that every app process shares (accounts/throttle.py)."""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from typing import Any

import httpx
import pytest

from participation.accounts import passwords, services, throttle
from participation.accounts.models import Session, User
from participation.mail.models import OutboxMessage
from tests.auth import PASSWORD, make_person, post_form, replace_cookie, sign_in

pytestmark = pytest.mark.usefixtures("db")

WAIT = "Zu viele Versuche in kurzer Zeit"


async def test_forty_parallel_attempts_for_one_account_are_counted_without_a_race() -> None:
    """All forty arrive at the same moment (on PostgreSQL over several connections): the
    count is read and raised in one statement, so exactly the free ones pass."""
    now = 3_000_000.0

    async def one() -> bool:
        try:
            await throttle.attempt((throttle.ACCOUNT, "jana@example.org"), now=now)
        except throttle.Slowed:
            return False
        return True

    passed = await asyncio.gather(*(one() for _ in range(40)))
    assert sum(passed) == throttle.ACCOUNT.free


async def test_free_attempts_pass_whatever_order_their_clocks_were_read_in() -> None:
    """Parallel attempts read the clock before their statements run, and on PostgreSQL
    (several connections) or behind another key's statement they run in another order: a
    free attempt stamped later must not make an earlier-stamped one wait."""
    address, start = "jana@example.org", 5_000_000.0
    for n in range(throttle.ACCOUNT.free):  # each stamped a little earlier than the one before
        await throttle.attempt((throttle.ACCOUNT, address), now=start - n / 1000)
    with pytest.raises(throttle.Slowed):
        await throttle.attempt((throttle.ACCOUNT, address), now=start - 0.01)


async def test_parallel_wrong_sign_ins_are_mostly_slowed_not_checked() -> None:
    user = await make_person()
    assert user.email is not None
    tries = [
        services.sign_in(email=user.email, password=f"falsch {n}", client=f"10.0.0.{n}")
        for n in range(40)
    ]
    results = await asyncio.gather(*tries, return_exceptions=True)
    checked = sum(isinstance(r, services.SignInRefused) for r in results)
    slowed = sum(isinstance(r, throttle.Slowed) for r in results)
    assert checked + slowed == 40, results
    # Five free tries, and at most a few more that came after a delay had passed on a slow
    # machine; before, all forty were checked against a limit of five.
    assert throttle.ACCOUNT.free <= checked <= throttle.ACCOUNT.free + 3


async def test_a_stranger_slows_an_account_down_for_at_most_a_minute_never_locks_it() -> None:
    address, now, waits = "jana@example.org", 1_000_000.0, []
    for _ in range(200):  # a stranger who always waits exactly as long as told
        try:
            await throttle.attempt((throttle.ACCOUNT, address), now=now)
        except throttle.Slowed as slowed:
            waits.append(slowed.seconds)
            now += slowed.seconds
    assert waits and max(waits) <= throttle.ACCOUNT.ceiling
    assert waits[:3] == [1, 2, 4]  # growing, not a fixed lock
    # The owner, a minute after the stranger's last try, gets in at once.
    await throttle.attempt((throttle.ACCOUNT, address), now=now + throttle.ACCOUNT.ceiling)


async def test_a_quiet_spell_forgets_the_count() -> None:
    now = 2_000_000.0
    for _ in range(throttle.CLIENT.free):
        await throttle.attempt((throttle.CLIENT, "192.0.2.7"), now=now)
    with pytest.raises(throttle.Slowed):
        await throttle.attempt((throttle.CLIENT, "192.0.2.7"), now=now)
    for _ in range(throttle.CLIENT.free):  # all free again after an hour of quiet
        await throttle.attempt((throttle.CLIENT, "192.0.2.7"), now=now + throttle.CLIENT.quiet + 1)


async def test_the_sign_in_page_asks_to_wait_and_a_new_password_lifts_it(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    assert user.email is not None
    for _ in range(throttle.ACCOUNT.free):
        await post_form(client, "/account/login", {"email": user.email, "password": "falsch"})
    refused = await post_form(client, "/account/login", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 400
    assert WAIT in refused.text and "Sekunde" in refused.text
    other = await make_person()
    await sign_in(client, other)  # another account from the same client still works

    await services.set_password(user=user, password=PASSWORD, password_repeat=PASSWORD)
    replace_cookie(client, "session", "")
    await sign_in(client, user)  # a new password lifts the slowing down at once


async def test_an_unknown_address_costs_the_same_password_check_as_a_known_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No answer comes faster for an address without an account: both run argon2 once."""
    checks: list[str] = []
    hasher = passwords._hasher

    class Counting(type(hasher)):  # type: ignore[misc]
        def verify(self, hash: Any, password: Any) -> bool:
            checks.append(password)
            return bool(hasher.verify(hash, password))

    monkeypatch.setattr(passwords, "_hasher", Counting())
    user = await make_person()
    assert user.email is not None
    for email in (user.email, "niemand@example.org"):
        with pytest.raises(services.SignInRefused):
            await services.sign_in(email=email, password="falsch geraten", client="192.0.2.1")
    assert len(checks) == 2


async def test_password_checks_leave_the_event_loop_free() -> None:
    """Four argon2 checks at once: other coroutines keep running while they hash."""
    stored = passwords.hash_password_now(PASSWORD)
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    async def checks() -> list[bool]:
        try:
            return await asyncio.gather(*(passwords.verify_password(stored, "x") for _ in range(4)))
        finally:
            done.set()

    started = time.perf_counter()
    results, _ = await asyncio.gather(checks(), ticker())
    assert results == [False] * 4
    # A blocking check would let the ticker run only between checks: a handful of ticks.
    assert ticks > 50, (ticks, time.perf_counter() - started)


@pytest.mark.skipif(sys.platform != "linux", reason="a nice value per thread is Linux's")
async def test_password_checks_give_way_to_the_event_loop() -> None:
    """The checking threads run at a lower priority than the loop's thread, so a burst of
    checks never takes the CPU from the requests the loop is answering."""
    loop_thread = threading.get_native_id()

    def priorities() -> tuple[int, int]:
        own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return own, os.getpriority(os.PRIO_PROCESS, loop_thread)

    # The pool's own runner, as hash and verify use it.
    worker, loop = await passwords._in_pool(priorities)
    assert worker - loop == passwords.NICENESS


async def test_password_forms_queue_at_the_door_and_other_requests_pass() -> None:
    """Forty sign-ins at once: only a few are let into the app together (the rest wait
    before their body is read), while a page asked meanwhile is answered at once."""
    inside = most = 0
    release = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal inside, most
        if scope["path"].startswith("/account/") and scope["method"] == "POST":
            inside += 1
            most = max(most, inside)
            await release.wait()
            inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    door = passwords.PasswordFormsMiddleware(app, admitted=3)
    transport = httpx.ASGITransport(app=door)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        paths = ["/account/login", "/account/delete", "/account/password-reset/abc"]
        posts = [asyncio.create_task(http.post(paths[n % 3])) for n in range(40)]
        for _ in range(20):
            await asyncio.sleep(0)
        assert inside == 3  # the door holds the other 37
        page = await asyncio.wait_for(http.get("/account/login"), 5)  # not a password form
        other = await asyncio.wait_for(http.post("/proposals/1/comments"), 5)
        assert page.status_code == other.status_code == 200
        release.set()
        answers = await asyncio.gather(*posts)
    assert [a.status_code for a in answers] == [200] * 40
    assert most == 3


async def test_password_reset_mails_are_limited_per_address_silently(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    assert user.email is not None
    answers = set()
    for _ in range(10):
        response = await post_form(client, "/account/password-reset", {"email": user.email})
        answers.add((response.status_code, response.headers["location"]))
    assert len(answers) == 1  # the same answer every time
    sent = await OutboxMessage.filter(recipient=user.email).count()
    assert sent == throttle.MAIL_ADDRESS.free


async def test_verification_mails_are_limited_per_client_silently(
    client: httpx.AsyncClient,
) -> None:
    people = [await make_person(email_verified_at=None) for _ in range(14)]
    for person in people:
        response = await post_form(client, "/account/verify", {"email": person.email or ""})
        assert response.status_code == 303
    sent = await OutboxMessage.filter(recipient__in=[p.email for p in people]).count()
    assert sent == throttle.MAIL_CLIENT.free


async def test_deleting_an_account_checks_the_password_slowly_after_a_few_tries(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    await sign_in(client, user)
    for _ in range(throttle.ACCOUNT.free):
        response = await post_form(
            client, "/account/delete", {"password": "falsch"}, token_from="/account/delete"
        )
        assert "Passwort ist falsch" in response.text
    response = await post_form(
        client, "/account/delete", {"password": PASSWORD}, token_from="/account/delete"
    )
    assert response.status_code == 400 and WAIT in response.text
    assert await User.exists(id=user.id)


async def test_changing_the_password_signs_out_every_other_session(
    client: httpx.AsyncClient,
) -> None:
    from tests.conftest import open_client

    user = await make_person()
    await sign_in(client, user)
    async with open_client() as elsewhere:
        await sign_in(elsewhere, user)
        assert user.display_name in (await elsewhere.get("/")).text
        new = "ein ganz anderes Passwort für später"
        response = await post_form(
            client,
            "/account/profile",
            {
                "action": "password",
                "current_password": PASSWORD,
                "password": new,
                "password_repeat": new,
            },
            token_from="/account/profile",
        )
        assert response.status_code == 303, response.text[:500]
        assert user.display_name not in (await elsewhere.get("/")).text
    assert user.display_name in (await client.get("/")).text  # this one stays
    assert await Session.filter(user_id=user.id).count() == 1


async def test_signing_in_gives_the_browser_a_new_csrf_key(client: httpx.AsyncClient) -> None:
    user = await make_person()
    await client.get("/account/login")
    before = client.cookies["csrf"]
    await sign_in(client, user)
    assert client.cookies["csrf"] != before
    # Forms keep working with the new key.
    response = await post_form(client, "/account/logout", {}, token_from="/account/profile")
    assert response.status_code == 303


async def test_the_session_cookie_is_renewed_when_the_server_extends_the_session(
    client: httpx.AsyncClient,
) -> None:
    from datetime import UTC, datetime, timedelta

    user = await make_person()
    await sign_in(client, user)
    token = client.cookies["session"]
    long_ago = datetime.now(UTC) - timedelta(days=3)
    await Session.filter(user_id=user.id).update(last_seen_at=long_ago)
    response = await client.get("/")
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))
    assert cookie.startswith(f"session={token};") and "Max-Age=1209600" in cookie
    session = await Session.get(user_id=user.id)
    assert abs((session.expires_at - datetime.now(UTC)).total_seconds() - 1209600) < 60
    # Within the hour nothing is written and no cookie is sent again.
    again = await client.get("/")
    assert not any(c.startswith("session=") for c in again.headers.get_list("set-cookie"))
