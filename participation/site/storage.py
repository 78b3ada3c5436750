"""Every cookie and every browser storage entry the platform uses, in one registry.

The code that sets a cookie takes its name (and, where fixed, its lifetime) from here, the
privacy page lists exactly these entries, and tests compare both with what a browser ends
up holding. A new cookie therefore starts here, or a test fails.

This module imports nothing of the platform: ``participation.i18n`` reads the language
cookie's name from it, so it marks its texts for translation with its own ``N_``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def N_(message: str) -> str:  # noqa: N802 - the conventional name extractors look for
    """Mark a text for extraction; it is translated where the privacy page shows it."""
    return message


class Place(StrEnum):
    COOKIE = "cookie"  # sent to the server with every request
    SESSION_STORAGE = "sessionStorage"  # kept by the browser tab, never sent anywhere


@dataclass(frozen=True)
class Stored:
    """One thing the platform keeps in a visitor's browser."""

    name: str
    place: Place
    purpose: str  # marked text, translated where shown
    lifetime: str  # marked text; "%(days)s" is the session length (SESSION_DAYS)
    max_age: int | None = None  # a cookie's fixed Max-Age in seconds; None: see lifetime
    set_by: str = "server"  # "server", or the script that writes it


ONE_YEAR = 365 * 24 * 3600

SESSION = Stored(
    "session",
    Place.COOKIE,
    N_(
        "Keeps you signed in. It holds a random key; the server keeps only its hash, "
        "so the key alone identifies your sign-in and nothing else."
    ),
    N_("Until you sign out, at most %(days)s days after signing in"),
)
CSRF = Stored(
    "csrf",
    Place.COOKIE,
    N_(
        "Protects your forms against requests forged by other websites (CSRF protection). "
        "It holds a random value and is set on the first visit, also without signing in."
    ),
    N_("Until you close the browser"),
)
FLASH = Stored(
    "flash",
    Place.COOKIE,
    N_(
        "Carries a short confirmation such as “You are signed in” to the next page. It "
        "holds only the code of the message."
    ),
    N_("Until the next page shows the message, at most one minute"),
    max_age=60,
)
LANGUAGE = Stored(
    "lang",
    Place.COOKIE,
    N_("Remembers the language you chose, German or English."),
    N_("One year"),
    max_age=ONE_YEAR,
)
HTMX_CURRENT_PATH = Stored(
    "htmx-current-path-for-history",
    Place.SESSION_STORAGE,
    N_(
        "The address of the page you are on, so that the back button still works after "
        "a part of the page was updated without loading it anew."
    ),
    N_("Until you close the browser tab"),
    set_by="htmx",
)
HTMX_HISTORY = Stored(
    "htmx-history-cache",
    Place.SESSION_STORAGE,
    N_(
        "Copies of the last pages (at most ten) whose address changed while you filtered "
        "a list, so that the back button shows them again at once."
    ),
    N_("Until you close the browser tab"),
    set_by="htmx",
)

# What a browser may end up holding, in the order the privacy page lists it. htmx also
# writes and at once removes a test entry ("htmx:sessionStorageTest") to see whether
# storage works; it never stays, so it is not listed.
REGISTRY: tuple[Stored, ...] = (
    SESSION,
    CSRF,
    FLASH,
    LANGUAGE,
    HTMX_CURRENT_PATH,
    HTMX_HISTORY,
)
COOKIES = tuple(entry for entry in REGISTRY if entry.place is Place.COOKIE)
BROWSER_STORAGE = tuple(entry for entry in REGISTRY if entry.place is not Place.COOKIE)
