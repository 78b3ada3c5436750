"""Typed settings, read once from the environment (and an optional `.env` file)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.config import Config, environ
from starlette.datastructures import Secret

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused in production


class ConfigurationError(RuntimeError):
    """The environment asks for something the app must not run with."""


@dataclass(frozen=True)
class MailSettings:
    backend: str  # "console" prints each mail; "smtp" hands it to the server below
    sender: str
    smtp_host: str
    smtp_port: int
    smtp_username: str
    smtp_password: Secret
    smtp_starttls: bool
    max_attempts: int  # after this many failed tries a mail is marked failed for admins
    worker: bool  # each app process drains the outbox in the background (safe side by side)


@dataclass(frozen=True)
class Settings:
    debug: bool
    production: bool
    secret_key: Secret
    database_url: str
    default_language: str
    site_name: str
    # Where links in e-mails and the data package point, e.g. https://beteiligung.dortmund.de;
    # "" in production when BASE_URL is not set, which check() refuses.
    base_url: str
    session_days: int
    api_rate: float  # requests per second one client may make to /api/, on average
    api_burst: int  # and at once
    mail: MailSettings
    # Seconds an anonymous visitor's page is served again to the next visitors (0: off);
    # see participation/site/page_cache.py.
    page_cache_seconds: float = 0.0
    # Each app process switches due phases in the background (safe side by side); off, the
    # operator runs `participation switch-phases` from cron instead.
    phase_switch: bool = True
    # Each app process deletes expired sign-ins and stale sign-in/mail counts hourly (safe side
    # by side); off, the operator runs `participation tidy` from cron instead.
    housekeeping: bool = True
    # Where `make run` has uvicorn listen (HOST, PORT); outside production BASE_URL is derived
    # from them when it is not set.
    host: str = "127.0.0.1"
    port: int = 8000
    # Where state shared by all app processes lives (participation/shared_state.py): "" keeps
    # it in each process (the embedded default, for one process); redis://HOST:PORT/DB.
    redis_url: str = ""
    redis_prefix: str = "participation:"  # before every key, so sites can share one Redis

    def check(self) -> None:
        """Refuse a production start with a missing or default secret or no public address."""
        if self.production and str(self.secret_key) in ("", DEFAULT_SECRET):
            raise ConfigurationError(
                "SECRET_KEY must be set to a long random value when ENVIRONMENT=production"
            )
        if self.production and len(str(self.secret_key)) < 32:
            raise ConfigurationError("SECRET_KEY must be at least 32 characters in production")
        self.check_links()
        if self.mail.backend not in ("console", "smtp"):
            raise ConfigurationError("MAIL_BACKEND must be 'console' or 'smtp'")

    def check_links(self) -> None:
        """Refuse to write links (mails, open data) in production without the public address:
        one derived from HOST and PORT would point at the process behind the proxy."""
        if self.production and not self.base_url:
            raise ConfigurationError(
                "BASE_URL must be set to the public address of the site (for example "
                "https://beteiligung.dortmund.de) when ENVIRONMENT=production: every link in "
                "the mails and the open data points there"
            )


def default_database_url() -> str:
    return f"sqlite://{BASE_DIR / 'var' / 'participation.sqlite3'}"


def local_base_url(host: str, port: int) -> str:
    """The address of a server listening on ``host``:``port`` as seen from this machine:
    a wildcard address (all interfaces) is reached as localhost."""
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 - naming it, not binding to it
        host = "localhost"
    elif ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return f"http://{host}" if port == 80 else f"http://{host}:{port}"


def load_settings(
    env_file: Path | None = BASE_DIR / ".env", environ: Mapping[str, str] = environ
) -> Settings:
    config = Config(env_file if env_file and env_file.exists() else None, environ=environ)
    environment = config("ENVIRONMENT", default="development")
    # Without BASE_URL, links point to where `make run` serves (it passes HOST and PORT to
    # uvicorn and to the app alike); production must name its public address.
    host = config("HOST", default="127.0.0.1")
    port = config("PORT", cast=int, default=8000)
    base_url = config("BASE_URL", default="").rstrip("/")
    if not base_url and environment != "production":
        base_url = local_base_url(host, port)
    return Settings(
        debug=config("DEBUG", cast=bool, default=False),
        production=environment == "production",
        secret_key=Secret(config("SECRET_KEY", default=DEFAULT_SECRET)),
        database_url=config("DATABASE_URL", default=default_database_url()),
        default_language=config("DEFAULT_LANGUAGE", default="de"),
        site_name=config("SITE_NAME", default="Masterplan Digitales Dortmund"),
        base_url=base_url,
        session_days=config("SESSION_DAYS", cast=int, default=14),
        api_rate=config("API_RATE", cast=float, default=10.0),
        api_burst=config("API_BURST", cast=int, default=60),
        mail=MailSettings(
            backend=config("MAIL_BACKEND", default="console"),
            sender=config(
                "MAIL_FROM", default="Masterplan Digitales Dortmund <beteiligung@dortmund.invalid>"
            ),
            smtp_host=config("SMTP_HOST", default="127.0.0.1"),
            smtp_port=config("SMTP_PORT", cast=int, default=25),
            smtp_username=config("SMTP_USERNAME", default=""),
            smtp_password=Secret(config("SMTP_PASSWORD", default="")),
            smtp_starttls=config("SMTP_STARTTLS", cast=bool, default=False),
            max_attempts=config("MAIL_MAX_ATTEMPTS", cast=int, default=8),
            worker=config("MAIL_WORKER", cast=bool, default=True),
        ),
        page_cache_seconds=config("PAGE_CACHE_SECONDS", cast=float, default=0.0),
        phase_switch=config("PHASE_SWITCH", cast=bool, default=True),
        housekeeping=config("HOUSEKEEPING", cast=bool, default=True),
        host=host,
        port=port,
        redis_url=config("REDIS_URL", default=""),
        redis_prefix=config("REDIS_PREFIX", default="participation:"),
    )
