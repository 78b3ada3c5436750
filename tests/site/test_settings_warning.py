"""Until the imprint's and the privacy page's required settings are filled in, admins see a
warning on every page, and a production start logs one; nobody else sees anything."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from participation.accounts.models import Role
from participation.settings import load_settings
from participation.site.setting_fields import REQUIRED
from tests.auth import shown, sign_in_as
from tests.conftest import ON_POSTGRES
from tests.factories import make_masterplan
from tests.site.site_helpers import FILLED, fill_required, post_settings

WARNING = "The imprint and the privacy page are incomplete"


async def pages() -> list[str]:
    masterplan = await make_masterplan()
    return ["/", "/admin", f"/masterplans/{masterplan.slug}", "/account/profile", "/impressum"]


async def test_admins_see_the_warning_on_every_page_with_each_missing_setting(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    for path in await pages():
        text = (await client.get(path)).text
        assert shown(WARNING) in text, path
        for setting in REQUIRED:
            assert f'href="/admin/website#{setting.key}"' in text, (path, setting.key)
            assert shown(setting.label) in text


async def test_the_warning_names_only_what_is_still_missing(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await post_settings(client, **{**FILLED, "dpo": "", "representative": ""})
    text = (await client.get("/admin")).text
    assert 'href="/admin/website#dpo"' in text
    assert 'href="/admin/website#representative"' in text
    assert 'href="/admin/website#operator"' not in text


async def test_the_warning_is_gone_once_every_required_setting_is_filled_in(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    for path in await pages():
        assert shown(WARNING) not in (await client.get(path)).text, path


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.MODERATOR, Role.PLANNER])
async def test_nobody_but_admins_sees_the_warning(
    client: httpx.AsyncClient, role: Role | None
) -> None:
    if role is not None:
        await sign_in_as(client, role)
    for path in ("/", "/impressum", "/datenschutz"):
        assert shown(WARNING) not in (await client.get(path)).text


def _production_environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    for name, value in {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "a-long-random-value-0123456789-abcdefghij",
        "BASE_URL": "https://beteiligung.example",
        "DATABASE_URL": database_url,
        "MAIL_WORKER": "false",
        "PHASE_SWITCH": "false",
    }.items():
        monkeypatch.setenv(name, value)


async def _start_and_stop(monkeypatch: pytest.MonkeyPatch, url: str, *, production: bool) -> None:
    from app import create_app

    _production_environment(monkeypatch, url)
    if not production:
        monkeypatch.setenv("ENVIRONMENT", "development")
    app = create_app(load_settings(env_file=None))
    async with app.router.lifespan_context(app):
        pass


def _url_of_the_test_database(database_url: str, tmp_path: Path) -> str:
    return database_url if ON_POSTGRES else f"sqlite://{tmp_path / 'test.sqlite3'}"


@pytest.mark.usefixtures("db")
async def test_a_production_start_logs_the_missing_settings(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    database_url: str,
    tmp_path: Path,
) -> None:
    with caplog.at_level(logging.WARNING, logger="participation.site"):
        await _start_and_stop(
            monkeypatch, _url_of_the_test_database(database_url, tmp_path), production=True
        )
    [record] = [r for r in caplog.records if r.name == "participation.site.services"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert "/admin/website" in message
    assert "Data protection officer" in message and "Operator" in message


async def test_a_production_start_with_every_setting_logs_nothing(
    client: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    database_url: str,
    tmp_path: Path,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    with caplog.at_level(logging.WARNING, logger="participation.site"):
        await _start_and_stop(
            monkeypatch, _url_of_the_test_database(database_url, tmp_path), production=True
        )
    assert [r for r in caplog.records if r.name == "participation.site.services"] == []


@pytest.mark.usefixtures("db")
async def test_a_development_start_does_not_warn(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    database_url: str,
    tmp_path: Path,
) -> None:
    with caplog.at_level(logging.WARNING, logger="participation.site"):
        await _start_and_stop(
            monkeypatch, _url_of_the_test_database(database_url, tmp_path), production=False
        )
    assert [r for r in caplog.records if r.name == "participation.site.services"] == []
