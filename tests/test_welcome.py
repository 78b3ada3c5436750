"""What `make run` prints before the server starts (participation/welcome.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from participation.settings import load_settings
from participation.welcome import welcome
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_it_names_the_address_uvicorn_listens_on_and_the_console_for_mails() -> None:
    text = await welcome(load_settings(env_file=None, environ={"PORT": "8080"}))
    assert "starts at http://127.0.0.1:8080/" in text
    assert "Mails (verification links included) are printed in this terminal" in text
    assert "links in its mails point to" not in text


async def test_the_demo_password_is_named_only_where_the_demo_accounts_exist() -> None:
    settings = load_settings(env_file=None, environ={})
    assert "demo-passwort" not in await welcome(settings)
    await make_user(email="buergerin@demo.invalid")
    assert "each signs in with the password demo-passwort" in await welcome(settings)


async def test_a_base_url_elsewhere_and_an_smtp_server_are_named() -> None:
    settings = load_settings(
        env_file=None,
        environ={"BASE_URL": "https://beteiligung.example", "MAIL_BACKEND": "smtp"},
    )
    text = await welcome(settings)
    assert "starts at http://127.0.0.1:8000/" in text
    assert "(links in its mails point to https://beteiligung.example/)" in text
    assert "Mails go to the SMTP server 127.0.0.1:25" in text
    quiet = replace(settings, mail=replace(settings.mail, worker=False))
    assert "when `participation send-mail` runs" in await welcome(quiet)
