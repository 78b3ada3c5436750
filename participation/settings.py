"""Typed settings, read once from the environment (and an optional `.env` file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config
from starlette.datastructures import Secret

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused in production


class ConfigurationError(RuntimeError):
    """The environment asks for something the app must not run with."""


@dataclass(frozen=True)
class Settings:
    debug: bool
    production: bool
    secret_key: Secret
    database_url: str
    default_language: str
    site_name: str

    def check(self) -> None:
        """Refuse a production start with a missing or default secret."""
        if self.production and str(self.secret_key) in ("", DEFAULT_SECRET):
            raise ConfigurationError(
                "SECRET_KEY must be set to a long random value when ENVIRONMENT=production"
            )


def default_database_url() -> str:
    return f"sqlite://{BASE_DIR / 'var' / 'participation.sqlite3'}"


def load_settings(env_file: Path | None = BASE_DIR / ".env") -> Settings:
    config = Config(env_file if env_file and env_file.exists() else None)
    environment = config("ENVIRONMENT", default="development")
    return Settings(
        debug=config("DEBUG", cast=bool, default=False),
        production=environment == "production",
        secret_key=Secret(config("SECRET_KEY", default=DEFAULT_SECRET)),
        database_url=config("DATABASE_URL", default=default_database_url()),
        default_language=config("DEFAULT_LANGUAGE", default="de"),
        site_name=config("SITE_NAME", default="Masterplan Digitales Dortmund"),
    )
