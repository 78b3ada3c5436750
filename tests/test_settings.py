from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from participation.settings import DEFAULT_SECRET, ConfigurationError, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


def _settings(**overrides: object) -> Settings:
    values = {**load_settings(env_file=None).__dict__, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


def test_production_refuses_the_default_secret() -> None:
    from starlette.datastructures import Secret

    with pytest.raises(ConfigurationError):
        _settings(production=True, secret_key=Secret(DEFAULT_SECRET)).check()
    with pytest.raises(ConfigurationError):
        _settings(production=True, secret_key=Secret("")).check()
    _settings(
        production=True, secret_key=Secret("a-long-random-value-0123456789-abcdefghij")
    ).check()


def test_the_app_does_not_start_in_production_with_the_default_secret() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["ENVIRONMENT"] = "production"
    result = subprocess.run(
        [sys.executable, "-c", "import app"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_defaults_to_a_sqlite_file_under_var() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    code = "from participation.settings import load_settings; print(load_settings().database_url)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"sqlite://{ROOT / 'var' / 'participation.sqlite3'}"


def _base_url(**environ: str) -> str:
    return load_settings(env_file=None, environ=environ).base_url


def test_without_base_url_links_point_where_make_run_serves() -> None:
    assert _base_url() == "http://127.0.0.1:8000"
    assert _base_url(PORT="8080") == "http://127.0.0.1:8080"
    assert _base_url(HOST="0.0.0.0", PORT="9000") == "http://localhost:9000"
    assert _base_url(HOST="::1", PORT="8080") == "http://[::1]:8080"
    assert _base_url(HOST="beteiligung.local", PORT="80") == "http://beteiligung.local"


def test_an_explicit_base_url_wins_over_host_and_port() -> None:
    url = _base_url(BASE_URL="https://beteiligung.dortmund.de/", PORT="8080")
    assert url == "https://beteiligung.dortmund.de"


def _production(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BASE_URL", "SECRET_KEY")}
    return {
        **env,
        "ENVIRONMENT": "production",
        "SECRET_KEY": "a-long-random-value-0123456789-abcdefghij",
        "PORT": "8080",
        **extra,
    }


def test_uvicorn_refuses_a_production_start_without_base_url() -> None:
    uvicorn = str(Path(sys.executable).parent / "uvicorn")
    result = subprocess.run(
        [uvicorn, "app:app", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        env=_production(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "BASE_URL must be set to the public address" in result.stderr


def test_commands_that_write_links_refuse_production_without_base_url(tmp_path: Path) -> None:
    participation = str(Path(sys.executable).parent / "participation")
    env = _production(DATABASE_URL=f"sqlite://{tmp_path / 'never.sqlite3'}")
    result = subprocess.run(
        [participation, "send-digests"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "BASE_URL must be set" in result.stderr
    assert not (tmp_path / "never.sqlite3").exists()


def test_make_run_gives_uvicorn_and_the_app_the_same_host_and_port() -> None:
    result = subprocess.run(
        ["make", "--dry-run", "run", "HOST=0.0.0.0", "PORT=8080"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    commands = result.stdout.splitlines()
    (server,) = [line for line in commands if "uvicorn app:app" in line]
    assert server.startswith("HOST=0.0.0.0 PORT=8080 ")
    assert "--host 0.0.0.0 --port 8080" in server
    assert any(
        line.startswith("HOST=0.0.0.0 PORT=8080 ") and "welcome" in line for line in commands
    )
