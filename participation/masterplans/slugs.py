"""Web addresses of masterplans and fields of action: made from a title, checked when chosen.

A masterplan's slug is the last part of ``/masterplans/{slug}`` and ``/planning/{slug}``.
Words the app uses as the first part of a path, and a few that would read as a command,
are reserved, so that no masterplan's address can ever be mistaken for one of the app's
own pages (tests/masterplans/test_slugs.py checks the list against the route table).
"""

from __future__ import annotations

import re
import unicodedata

from participation.i18n import gettext

MAX_SLUG = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# German letters written out as German writes them without umlauts.
_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ẞ": "ss"}
)

# Every first path segment the app uses, and words that would read as an action.
RESERVED = frozenset(
    {
        *("account", "accounts", "admin", "api", "archiv", "archive", "attachments", "comments"),
        *("daten", "datenschutz", "drafts", "healthz", "impressum", "language", "masterplans"),
        *("moderation", "notifications", "organisations", "organizations", "planning"),
        *("projects", "proposals", "reports", "static", "website"),
        *("new", "neu", "edit", "delete", "import", "export", "settings", "login", "logout"),
        *("search", "suche", "gewichtung", "all", "alle"),
    }
)


def slugify(title: str) -> str:
    """An address made from ``title``: "Masterplan Digitale Gesundheit" becomes
    "masterplan-digitale-gesundheit", "Straßenbäume" "strassenbaeume"."""
    spelled = unicodedata.normalize("NFKD", title.translate(_SPELLED_OUT))
    ascii_only = spelled.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] if "-" in slug[:MAX_SLUG] else slug[:MAX_SLUG]
    return slug


def slug_error(slug: str, *, reserved: frozenset[str] = RESERVED) -> str | None:
    """Why ``slug`` cannot be an address; None if its form is right (taken or not)."""
    if not slug:
        return gettext("Please enter an address.")
    if len(slug) > MAX_SLUG or not SLUG_PATTERN.match(slug):
        return gettext(
            "Use lower-case letters, digits and single hyphens, at most 80 characters, "
            "for example digitale-gesundheit."
        )
    if slug in reserved:
        return gettext("“%(slug)s” is reserved for the platform's own pages. Choose another.") % {
            "slug": slug
        }
    return None
