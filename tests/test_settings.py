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
