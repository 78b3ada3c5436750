from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import Session, User
from participation.accounts.passwords import password_problem, verify_password
from participation.mail.models import OutboxMessage
from tests.auth import PASSWORD, make_person, post_form, sign_in

pytestmark = pytest.mark.usefixtures("db")
NEW_PASSWORD = "Zeche Zollern Förderturm Abendlicht"


async def test_weak_and_personal_passwords_are_refused_with_a_reason() -> None:
    assert await password_problem("kurz") is not None
    assert await password_problem("passwort123") is not None
    assert await password_problem("dortmund2026") is not None
    assert await password_problem("anna.schmidt1980", personal=("anna.schmidt@example.org",))
    assert await password_problem(PASSWORD) is None


async def reset_link(address: str) -> str:
    mail = await OutboxMessage.filter(recipient=address).order_by("-id").first()
    assert mail is not None
    match = re.search(r"/account/password-reset/\S+", mail.body)
    assert match
    return match.group(0)


async def test_a_reset_link_sets_a_new_password_once_and_ends_all_sessions(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    await sign_in(client, user)
    response = await post_form(client, "/account/password-reset", {"email": user.email or ""})
    assert response.status_code == 303
    link = await reset_link(user.email or "")
    response = await post_form(
        client, link, {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD}
    )
    assert response.status_code == 303
    await user.refresh_from_db()
    assert await verify_password(user.password_hash, NEW_PASSWORD)
    assert not await Session.exists(user=user)
    assert (await client.get(link)).status_code == 400  # used: the hash it names is gone


async def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(client, "/account/password-reset", {"email": "niemand@example.org"})
    assert response.status_code == 303
    assert not await OutboxMessage.exists()


async def test_a_weak_new_password_is_refused_on_the_reset_page(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    await post_form(client, "/account/password-reset", {"email": user.email or ""})
    link = await reset_link(user.email or "")
    response = await post_form(
        client, link, {"password": "12345678910", "password_repeat": "12345678910"}
    )
    assert response.status_code == 400 and 'id="password-error"' in response.text
    await user.refresh_from_db()
    assert await verify_password(user.password_hash, PASSWORD)


async def test_changing_the_password_needs_the_current_one(client: httpx.AsyncClient) -> None:
    user = await make_person()
    await sign_in(client, user)
    wrong = await post_form(
        client,
        "/account/profile",
        {
            "action": "password",
            "current_password": "falsch",
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    )
    assert wrong.status_code == 400 and 'id="current_password-error"' in wrong.text
    right = await post_form(
        client,
        "/account/profile",
        {
            "action": "password",
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_repeat": NEW_PASSWORD,
        },
    )
    assert right.status_code == 303
    assert await verify_password((await User.get(id=user.id)).password_hash, NEW_PASSWORD)
