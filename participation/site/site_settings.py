"""The site settings as pages read them: one query per request, shared by the layout and
the page.

Why not kept per process: app processes run side by side behind the proxy, and a save in
one of them could not tell the others to forget their copy. One primary-key lookup, and
only on the pages that show the settings (home, imprint, privacy) and on admins' pages
(whose layout warns while required settings are missing), costs less than being wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from participation import i18n
from participation.accounts.permissions import is_admin
from participation.site.models import SiteSettings
from participation.site.setting_fields import BY_KEY, FIELDS, REQUIRED, SettingField

SETTINGS_ID = 1  # the one row
SCOPE_KEY = "site_settings"


def standard_text(setting: SettingField, session_days: int) -> str:
    """A field's standard wording in the current language ("" for a field without)."""
    if not setting.default:
        return ""
    text = i18n.gettext(setting.default)
    return text % {"days": session_days} if "%(days)s" in setting.default else text


def _plain(text: str) -> str:
    return " ".join(text.split())


def is_standard(setting: SettingField, text: str, session_days: int) -> bool:
    """Whether a text is the field's standard wording in one of the languages, as the form
    offered it (whitespace aside)."""
    if not setting.default:
        return False
    for code in i18n.LANGUAGES:
        with i18n.language(code):
            if _plain(text) == _plain(standard_text(setting, session_days)):
                return True
    return False


@dataclass(frozen=True)
class SiteValues:
    """The saved settings, and what the pages show for each."""

    stored: dict[str, str] = field(default_factory=dict)
    saved: bool = False  # the settings were saved at least once
    session_days: int = 14

    def __getitem__(self, key: str) -> str:
        """The saved text, else the standard wording in the reader's language, else ""."""
        return self.stored.get(key) or standard_text(BY_KEY[key], self.session_days)

    @property
    def missing(self) -> tuple[SettingField, ...]:
        """The required settings still empty, in the form's order."""
        return tuple(setting for setting in REQUIRED if not self.stored.get(setting.key))

    def form_values(self) -> dict[str, str]:
        """What the form shows: the saved text, else the standard wording, else (until
        the first save) the suggestion."""
        return {
            setting.key: self[setting.key] or ("" if self.saved else setting.suggestion)
            for setting in FIELDS
        }


def _texts(values: object) -> dict[str, str]:
    if not isinstance(values, dict):
        return {}
    return {key: text for key, text in values.items() if key in BY_KEY and isinstance(text, str)}


async def load_site_values(*, session_days: int) -> SiteValues:
    row = await SiteSettings.get_or_none(id=SETTINGS_ID)
    if row is None:
        return SiteValues(session_days=session_days)
    return SiteValues(_texts(row.values), saved=True, session_days=session_days)


async def _load_into(scope: Scope) -> SiteValues:
    cached = scope.get(SCOPE_KEY)
    if isinstance(cached, SiteValues):
        return cached
    values = await load_site_values(session_days=scope["app"].state.settings.session_days)
    scope[SCOPE_KEY] = values
    return values


async def site_settings(request: Request) -> SiteValues:
    """The site settings for this request: read once, then shared."""
    return await _load_into(request.scope)


class SiteSettingsMiddleware:
    """Reads the settings for admins' pages: the layout warns admins while a required
    setting is missing. Nobody else's page pays for it."""

    SKIP = ("/static/", "/healthz", "/attachments/", "/api/")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and is_admin(scope.get("user"))
            and not scope["path"].startswith(self.SKIP)
            and b"hx-request" not in dict(scope["headers"])  # a fragment has no layout
        ):
            await _load_into(scope)
        await self.app(scope, receive, send)
