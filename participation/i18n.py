"""Languages: German by default, English selectable; the catalogs and the request's locale.

Every UI string goes through :func:`gettext`. The locale of the running request lives in a
context variable that :class:`LocaleMiddleware` sets from the ``lang`` cookie.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern
from babel.support import NullTranslations, Translations
from starlette.types import ASGIApp, Receive, Scope, Send

from participation.cookies import cookies_of
from participation.site import storage

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGUAGES: dict[str, str] = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"
CITY_TIMEZONE = ZoneInfo("Europe/Berlin")  # the city's local time, whatever the server's
LANGUAGE_COOKIE = storage.LANGUAGE.name  # every cookie is declared in the registry

_current: ContextVar[str] = ContextVar("language", default=DEFAULT_LANGUAGE)

# English pages name the month ("3 June 2026"): babel's English is American ("Jun 3, 2026",
# "6/3/26"), and a numeric date reads day-first in Britain but month-first in America.
_ENGLISH_DAY = {"short": "d MMM y", "medium": "d MMMM y", "long": "d MMMM y"}
_ENGLISH_MOMENT = {"short": "d MMM y, HH:mm", "medium": "d MMMM y, HH:mm"}


@cache
def translations(language: str) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Translate in another language for a while, e.g. an e-mail in the recipient's."""
    token = _current.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def local_date(value: date | datetime) -> date:
    """The calendar day of a moment in Dortmund, whatever the server's time zone."""
    return value.astimezone(CITY_TIMEZONE).date() if isinstance(value, datetime) else value


def format_day(value: date | datetime, format: str = "medium") -> str:
    """A calendar day in the current language (for a moment, the day in Dortmund)."""
    language = current_language()
    if language == "en":
        format = _ENGLISH_DAY.get(format, format)
    return format_date(local_date(value), format=format, locale=language)


def format_moment(value: datetime, format: str = "short") -> str:
    """A moment in Dortmund time: "02.12.26, 14:05" in German, "2 Dec 2026, 14:05" in English."""
    language = current_language()
    if language == "en":
        format = _ENGLISH_MOMENT.get(format, format)
    return format_datetime(value, format=format, tzinfo=CITY_TIMEZONE, locale=language)


@cache
def _percent_format(language: str) -> tuple[NumberPattern, Locale]:
    locale = Locale.parse(language)
    return locale.percent_formats[None], locale


def format_percent(share: float) -> str:
    """A share from 0 to 1 as whole percent, as the language writes it: "79 %" or "79%"."""
    pattern, locale = _percent_format(current_language())
    return str(pattern.apply(share, locale))


def N_(message: str) -> str:  # noqa: N802 - the conventional name extractors look for
    """Mark a string for extraction; it is translated where it is shown."""
    return message


class LocaleMiddleware:
    """Set the request's language from its cookie before anything renders."""

    def __init__(self, app: ASGIApp, default: str = DEFAULT_LANGUAGE) -> None:
        self.app = app
        self.default = default if default in LANGUAGES else DEFAULT_LANGUAGE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            chosen = cookies_of(scope).get(LANGUAGE_COOKIE)
            _current.set(chosen if chosen in LANGUAGES else self.default)
        await self.app(scope, receive, send)
