"""State every app process shares (participation/shared_state.py): the API's limit, the
sign-in throttles and the cached page parts behave the same with Redis shared by several app
instances (as four processes are) as in one instance alone without it.

The Redis tests use the server on 127.0.0.1:6379 under a key prefix of their own, and are
skipped when none answers, unless REQUIRE_REDIS is set (CI sets it)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
import pytest
import redis
from redis.exceptions import RedisError

from participation.accounts import services, throttle
from participation.accounts.models import Role, Throttle
from participation.masterplans.fields import services as field_services
from participation.masterplans.fields.choices import fields_of
from participation.masterplans.models import Masterplan
from participation.settings import ConfigurationError, load_settings
from participation.shared_state import LocalState, RedisState, StateUnavailable, invalidate, use
from tests.auth import PASSWORD, make_person, post_form, sign_in, sign_in_as
from tests.factories import make_field, make_masterplan

pytestmark = pytest.mark.usefixtures("db")

REDIS = "redis://127.0.0.1:6379/0"
RUN = uuid.uuid4().hex[:8]  # every key of this test run starts with it
WAIT = "Zu viele Versuche in kurzer Zeit"


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of this test's own on the local Redis; its keys go afterwards."""
    client = redis.Redis.from_url(REDIS)
    try:
        client.ping()
    except RedisError as error:
        client.close()
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set, but no Redis answers at {REDIS}: {error}")
        pytest.skip(f"no Redis answers at {REDIS} (.ci/run starts one): {error}")
    name = f"test-{RUN}-{uuid.uuid4().hex[:8]}:"
    yield name
    keys = list(client.scan_iter(match=f"{name}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["embedded", "redis"])
async def stores(request: pytest.FixtureRequest) -> AsyncIterator[list[LocalState]]:
    """Two app processes' stores: the embedded default (throttles in the database), or two
    clients of one Redis."""
    if request.param == "embedded":
        yield [LocalState(), LocalState()]
        return
    name = request.getfixturevalue("prefix")
    both: list[LocalState] = [RedisState(REDIS, prefix=name), RedisState(REDIS, prefix=name)]
    yield both
    for store in both:
        await store.close()


@asynccontextmanager
async def instance(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on an app instance of its own, with these settings changed."""
    from app import create_app

    app = create_app(replace(load_settings(env_file=None), **changes), connect_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http
    finally:
        await app.state.shared.close()


def header(page: str) -> str:
    """The site's navigation: the masterplans it links to."""
    return page.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]


async def attempts(store: LocalState, *checks: tuple[throttle.Rule, str], now: float) -> bool:
    """Whether one attempt passes, counted through ``store``."""
    with use(store):
        try:
            await throttle.attempt(*checks, now=now)
        except throttle.Slowed:
            return False
    return True


# The sign-in throttles


async def test_forty_parallel_attempts_through_two_processes_pass_exactly_the_free_ones(
    stores: list[LocalState],
) -> None:
    now, check = 3_000_000.0, (throttle.ACCOUNT, "jana@example.org")
    passed = await asyncio.gather(*(attempts(stores[n % 2], check, now=now) for n in range(40)))
    assert sum(passed) == throttle.ACCOUNT.free


async def test_free_attempts_let_the_next_in_whatever_order_their_clocks_were_read_in(
    stores: list[LocalState],
) -> None:
    check, start = (throttle.ACCOUNT, "jana@example.org"), 5_000_000.0
    for n in range(throttle.ACCOUNT.free):  # each stamped a little earlier than the one before
        assert await attempts(stores[n % 2], check, now=start - n / 1000)
    assert not await attempts(stores[0], check, now=start - 0.01)


async def test_delays_grow_up_to_the_ceiling_and_a_quiet_spell_forgets_them(
    stores: list[LocalState],
) -> None:
    check, now, waits = (throttle.ACCOUNT, "jana@example.org"), 1_000_000.0, []
    for n in range(60):  # a stranger who always waits exactly as long as told
        with use(stores[n % 2]):
            try:
                await throttle.attempt(check, now=now)
            except throttle.Slowed as slowed:
                waits.append(slowed.seconds)
                now += slowed.seconds
    assert waits[:3] == [1, 2, 4] and max(waits) == throttle.ACCOUNT.ceiling
    assert await attempts(stores[1], check, now=now)  # waited as told: let in, counted
    assert not await attempts(stores[0], check, now=now)  # and the next waits the ceiling
    later = now + throttle.ACCOUNT.quiet + 1
    assert all([await attempts(stores[0], check, now=later) for _ in range(throttle.ACCOUNT.free)])


async def test_a_refund_gives_one_attempt_back_and_forgetting_lifts_the_delay(
    stores: list[LocalState],
) -> None:
    client, address, now = (throttle.CLIENT, "192.0.2.7"), (throttle.ACCOUNT, "a@b.org"), 7e6
    for _ in range(throttle.CLIENT.free - 1):
        assert await attempts(stores[0], client, now=now)
    with use(stores[1]):
        await throttle.refund(*client)
    # The last free attempt, and the one given back; without the refund only one.
    assert await attempts(stores[1], client, now=now)
    assert await attempts(stores[0], client, now=now)
    assert not await attempts(stores[1], client, now=now)
    for _ in range(throttle.ACCOUNT.free):
        assert await attempts(stores[0], address, now=now)
    assert not await attempts(stores[1], address, now=now)
    with use(stores[1]):
        await throttle.forget(*address, now=now)
    assert await attempts(stores[0], address, now=now)


async def test_the_sign_in_page_slows_an_account_down_across_two_instances_sharing_redis(
    prefix: str,
) -> None:
    user = await make_person()
    assert user.email is not None
    settings = {"redis_url": REDIS, "redis_prefix": prefix}
    async with instance(**settings) as one, instance(**settings) as two:
        for n in range(throttle.ACCOUNT.free):
            browser = (one, two)[n % 2]
            wrong = {"email": user.email, "password": "falsch"}
            assert (await post_form(browser, "/account/login", wrong)).status_code == 400
        right = {"email": user.email, "password": PASSWORD}
        refused = await post_form(two, "/account/login", right)
        assert refused.status_code == 400 and WAIT in refused.text
        assert not await Throttle.exists()  # counted in Redis, not in the database

        async with redis_store(prefix) as store:
            with use(store):  # as the reset link's page would, in any process
                await services.set_password(user=user, password=PASSWORD, password_repeat=PASSWORD)
        await sign_in(one, user)


async def test_with_redis_gone_while_running_signing_in_works_and_is_still_slowed() -> None:
    """Redis answered at the start and then stopped (nothing listens on port 1): the pages
    still answer, and the sign-in throttle counts in the database meanwhile."""
    user = await make_person()
    assert user.email is not None
    async with instance(redis_url="redis://127.0.0.1:1/0") as browser:
        assert (await browser.get("/")).status_code == 200  # page parts read uncached
        for _ in range(throttle.ACCOUNT.free):
            wrong = {"email": user.email, "password": "falsch"}
            assert (await post_form(browser, "/account/login", wrong)).status_code == 400
        assert await Throttle.exists()  # counted in the database
        right = {"email": user.email, "password": PASSWORD}
        refused = await post_form(browser, "/account/login", right)
        assert refused.status_code == 400 and WAIT in refused.text
        await Throttle.all().delete()  # the delay has passed
        await sign_in(browser, user)
        # A right password forgets the address's count (in the database, too).
        account = throttle.key(throttle.ACCOUNT, user.email)
        assert await Throttle.filter(key=account).exists() is False


@asynccontextmanager
async def redis_store(prefix: str) -> AsyncIterator[RedisState]:
    store = RedisState(REDIS, prefix=prefix)
    try:
        yield store
    finally:
        await store.close()


# The API's limit


async def test_two_instances_sharing_redis_allow_one_client_a_single_burst(prefix: str) -> None:
    limit = {"api_rate": 0.01, "api_burst": 3, "redis_url": REDIS, "redis_prefix": prefix}
    async with instance(**limit) as one, instance(**limit) as two:
        answers = [
            (await (one, two)[n % 2].get("/api/v1/masterplans")).status_code for n in range(6)
        ]
    assert answers == [200, 200, 200, 429, 429, 429]


async def test_without_redis_each_instance_allows_its_own_burst() -> None:
    limit = {"api_rate": 0.01, "api_burst": 3}
    async with instance(**limit) as one, instance(**limit) as two:
        answers = [
            (await (one, two)[n % 2].get("/api/v1/masterplans")).status_code for n in range(8)
        ]
    assert answers == [200] * 6 + [429] * 2


# Cached page parts

RENAMED = {
    "action": "save",
    "title": "Masterplan Digitale Gesundheit",
    "slug": "gesundheit",
    "summary": "Neu.",
    "lead_department": "Gesundheitsamt",
    "place": "",
}


async def test_a_masterplan_renamed_by_an_admin_shows_in_the_header_at_once() -> None:
    await make_masterplan(title="Masterplan Gesundheit", slug="gesundheit")
    async with instance() as browser:
        await sign_in_as(browser, Role.ADMIN)
        assert ">Gesundheit<" in header((await browser.get("/account/login")).text)
        await post_form(browser, "/admin/masterplans/gesundheit", RENAMED)
        assert ">Digitale Gesundheit<" in header((await browser.get("/account/login")).text)


async def test_a_rename_in_one_instance_shows_in_another_sharing_redis_at_once(
    prefix: str,
) -> None:
    await make_masterplan(title="Masterplan Gesundheit", slug="gesundheit")
    settings = {"redis_url": REDIS, "redis_prefix": prefix}
    async with instance(**settings) as admin, instance(**settings) as visitor:
        await sign_in_as(admin, Role.ADMIN)
        for browser in (admin, visitor):  # both keep the header now
            assert ">Gesundheit<" in header((await browser.get("/account/login")).text)
        await post_form(admin, "/admin/masterplans/gesundheit", RENAMED)
        assert ">Digitale Gesundheit<" in header((await visitor.get("/account/login")).text)


async def test_a_write_announced_through_redis_by_another_process_reaches_the_header(
    prefix: str,
) -> None:
    """Another process wrote (no signal reaches this one) and bumped the generation in
    Redis: the next page here reads the masterplans again."""
    masterplan = await make_masterplan(title="Masterplan Gesundheit", slug="gesundheit")
    async with instance(redis_url=REDIS, redis_prefix=prefix) as visitor:
        assert ">Gesundheit<" in header((await visitor.get("/account/login")).text)
        await Masterplan.filter(id=masterplan.id).update(title="Masterplan Pflege")
        assert ">Gesundheit<" in header((await visitor.get("/account/login")).text)  # kept
        async with redis_store(prefix) as elsewhere:
            await elsewhere.bump(("masterplans",))
        assert ">Pflege<" in header((await visitor.get("/account/login")).text)


async def test_a_masterplans_fields_are_kept_until_one_of_them_is_written(
    stores: list[LocalState],
) -> None:
    admin = await make_person(role=Role.ADMIN)
    masterplan = await make_masterplan()
    field = await make_field(masterplan, title="Glasfaser")
    with use(stores[0]):
        assert [f.title for f in await fields_of(masterplan.id)] == ["Glasfaser"]
    with use(stores[1]):  # the other process writes
        await field_services.edit_field(
            field=field, masterplan=masterplan, title="Breitband", description="", by=admin
        )
        await field_services.archive_field(field=field, masterplan=masterplan, by=admin)
    with use(stores[0]):
        (shown,) = await fields_of(masterplan.id)
    assert (shown.title, shown.archived) == ("Breitband", True)


async def test_page_parts_are_read_once_while_nothing_is_written(
    stores: list[LocalState],
) -> None:
    reads = 0

    async def load() -> int:
        nonlocal reads
        reads += 1
        return reads

    with use(stores[0]):
        assert [await stores[0].part("thing", load) for _ in range(5)] == [1] * 5
        await invalidate("thing")
        assert await stores[0].part("thing", load) == 2


# Start-up


def test_a_redis_url_that_is_no_redis_address_stops_the_start_with_the_reason() -> None:
    from app import create_app

    settings = replace(load_settings(env_file=None), redis_url="http://127.0.0.1:6379")
    with pytest.raises(ConfigurationError, match="REDIS_URL is not a Redis address"):
        create_app(settings, connect_database=False)


async def test_a_redis_that_does_not_answer_stops_the_start_without_showing_its_password() -> None:
    store = RedisState("redis://:geheim@127.0.0.1:1/0", prefix="x:")
    with pytest.raises(StateUnavailable, match="does not answer") as refused:
        await store.start()
    await store.close()
    assert "geheim" not in str(refused.value) and ":***@" in str(refused.value)
