"""The Jinja environment: autoescaping, gettext, filters, and the htmx check."""

from __future__ import annotations

import functools
from collections import ChainMap, OrderedDict
from collections.abc import Hashable, KeysView, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import jinja2
from babel import Locale
from babel.numbers import NumberPattern, parse_pattern
from jinja2.nodes import EvalContext
from jinja2.utils import url_quote
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, NoMatchFound, Route
from starlette.templating import Jinja2Templates

from participation import i18n
from participation.cookies import cookies_of
from participation.i18n import N_
from participation.markdown import render_markdown
from participation.security import set_site_cookie
from participation.settings import BASE_DIR
from participation.site import assets, storage


def paragraphs(text: str) -> Markup:
    """Plain text to escaped paragraphs: blank lines separate them, single newlines break."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
        if b
    )


# Babel formats a date or number anew on every call, and a list page formats dozens: the
# texts are kept, keyed by value and language (a few thousand distinct dates and scores).
@functools.lru_cache(maxsize=8192)
def _day_text(value: date | datetime, format: str, language: str) -> str:
    with i18n.language(language):
        return i18n.format_day(value, format)


def _date(value: date | datetime | None, format: str = "medium") -> str:
    """A calendar date in the reader's language (for a datetime, the day in Dortmund)."""
    return "" if value is None else _day_text(value, format, i18n.current_language())


@functools.lru_cache(maxsize=8192)
def _moment_text(value: datetime, format: str, language: str) -> str:
    with i18n.language(language):
        return i18n.format_moment(value, format)


def _datetime(value: datetime | None, format: str = "medium") -> str:
    return "" if value is None else _moment_text(value, format, i18n.current_language())


def machine_time(value: date | datetime) -> str:
    """A ``<time datetime>`` value HTML accepts: a day as 2026-06-03, a moment to the second
    with its offset (2026-06-03T09:15:00+00:00; HTML allows at most three decimals)."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


@functools.cache
def _number_format(pattern: str, language: str) -> tuple[NumberPattern, Locale]:
    """A parsed number pattern and locale: babel parses both again on every call otherwise."""
    return parse_pattern(pattern), Locale.parse(language)


@functools.lru_cache(maxsize=8192)
def _number_text(value: float | int, digits: int, language: str) -> str:
    pattern, locale = _number_format("#,##0" + ("." + "0" * digits if digits else ""), language)
    return str(pattern.apply(value, locale))


def _number(value: float | int, digits: int = 0) -> str:
    return _number_text(value, digits, i18n.current_language())


# Each app's named routes by name. Starlette's own lookup tries every route in turn and
# raises and catches an exception for each one that does not match: with a few hundred
# routes and dozens of links per page, that was a seventh of a page's time.
_ROUTES_BY_NAME: dict[int, dict[str, BaseRoute]] = {}


def _named_routes(app: Any) -> dict[str, BaseRoute]:
    index = _ROUTES_BY_NAME.get(id(app))
    if index is None:
        index = {}
        for route in app.routes:
            if isinstance(route, Route | Mount) and route.name:
                index.setdefault(route.name, route)
        _ROUTES_BY_NAME[id(app)] = index
    return index


@jinja2.pass_context
def url_for(context: dict[str, Any], name: str, /, **path_params: Any) -> str:
    """A path on this site (no scheme or host, so it stays right behind any proxy).
    Static files get their content-hashed name from the build's manifest."""
    return path_for(context["request"], name, **path_params)


def path_for(request: Request, name: str, /, **path_params: Any) -> str:
    """:func:`url_for` for a known request."""
    root = str(request.scope.get("root_path", ""))
    if name == "static" and "path" in path_params:  # the manifest decides, every time
        path_params["path"] = assets.hashed(path_params["path"])
        return root + _route_path(request.app, name, path_params)
    return root + _kept_path(request.app, name, tuple(path_params.items()))


# A route's path for the same parameters is always the same: kept, as a page links to the
# same few dozen addresses (a comment's, a proposal's) again and again.
@functools.lru_cache(maxsize=8192)
def _kept_path(app: Any, name: str, parameters: tuple[tuple[str, Any], ...]) -> str:
    return _route_path(app, name, dict(parameters))


def _route_path(app: Any, name: str, path_params: dict[str, Any]) -> str:
    route = _named_routes(app).get(name)
    try:
        path = route.url_path_for(name, **path_params) if route else None
    except NoMatchFound:  # same name, other parameters: let Starlette find the route
        path = None
    if path is None:
        path = app.url_path_for(name, **path_params)
    return str(path)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def german_lang() -> Markup:
    """`` lang="de"`` for an element holding what people wrote in German (titles, proposals,
    comments, the draft) on a page in another language (WCAG 3.1.2); nothing on a German page."""
    return Markup("") if i18n.current_language() == "de" else Markup(' lang="de"')


def german(text: object) -> Markup:
    """German text set inside a sentence of the page's language: in a ``<span lang="de">``
    where the page is not German, escaped either way."""
    if i18n.current_language() == "de":
        return escape(text)
    return Markup('<span lang="de">{}</span>').format(text)


# gettext and ngettext as the templates call them ({{ _("...") }}, {% trans %}): Jinja's own
# take the template context, and a call inside a loop or block copies that whole context
# first (Context.derived), which was a fifth of the list's rendering. These take only the
# evaluation context; translations are ours, the values put into them are escaped.
@functools.lru_cache(maxsize=4096)
def _constant(text: str) -> Markup:
    return Markup(text) % {}  # noqa: S704 - our own catalogs


def _format(autoescape: bool, text: str, variables: dict[str, Any]) -> str:
    if not autoescape:
        return text % variables
    if not variables:
        return _constant(text)
    if all(type(value) in (int, float) for value in variables.values()):
        return Markup(text % variables)  # noqa: S704 - our catalogs, and figures need no escaping
    return Markup(text) % variables  # noqa: S704 - our catalogs; the values are escaped


@jinja2.pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, /, **variables: Any) -> str:
    return _format(eval_ctx.autoescape, i18n.gettext(message), variables)


@jinja2.pass_eval_context
def _ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, number: int, /, **variables: Any
) -> str:
    variables.setdefault("num", number)
    return _format(eval_ctx.autoescape, i18n.ngettext(singular, plural, number), variables)


class _Globals(ChainMap[str, Any]):
    """A template's globals as Jinja keeps them (its own over the environment's, a ChainMap),
    with the keys as a dict's view. Every ``{% from ... import ... %}`` subtracts these keys
    from the importing page's (Template._get_default_module); against the ChainMap's own
    keys view that set difference ran in Python, a ChainMap lookup per global: ~20 µs an
    import, a tenth of a proposal page with its six imports."""

    def keys(self) -> KeysView[str]:
        merged: dict[str, Any] = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


class _Environment(jinja2.Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return _Globals({} if d is None else d, self.globals)


def build_environment() -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader(BASE_DIR / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates change with a deployment, which restarts the processes: no stat() of
        # every template file on every page.
        auto_reload=False,
        # The templates are the fixed set the app ships: kept in a plain dict. Jinja's LRU
        # cache (400 by default) reorders a deque on every lookup, a scan of the cached
        # names for each include and import, ~2.5 % of a proposal page.
        cache_size=-1,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.globals.update(gettext=_gettext, ngettext=_ngettext, _=_gettext)
    env.filters["markdown"] = render_markdown
    env.filters.update(
        paragraphs=paragraphs,
        date=_date,
        datetime=_datetime,
        machine_time=machine_time,
        number=_number,
        percent=i18n.format_percent,
        german=german,
    )
    env.globals.update(
        current_language=i18n.current_language,
        de=german_lang,
        languages=i18n.LANGUAGES,
    )
    return env


templates = Jinja2Templates(env=build_environment())
# Starlette installs an absolute-URL url_for; pages link by path instead.
templates.env.globals["url_for"] = url_for


# -- the layout's parts that are the same for every reader -----------------------------

NEXT = "\x00next\x00"  # where a kept part holds the current page's address
_NEXT_MARKER = Markup(NEXT)  # noqa: S704 - our own constant


@dataclass(frozen=True)
class Frame:
    """The layout's parts for one language (templates/_frame.html), rendered once."""

    head: Markup
    brand: Markup
    footer: Markup
    signed_out: tuple[Markup, Markup]  # before and after the "?next=..." of the page
    languages: tuple[Markup, ...]  # split where each link names the page
    overview: tuple[Markup, Markup]  # the item, and the item marked as the current page
    archive: tuple[Markup, Markup]


@dataclass(frozen=True)
class SiteNav:
    """The header's masterplan items for one language and one state of the masterplans."""

    navigation: Any  # what they were rendered from (navigation.Navigation)
    items: tuple[tuple[str, Markup, Markup], ...]  # (path, item, item marked current)


_FRAMES: dict[tuple[int, str, str], Frame] = {}
_SITE_NAVS: dict[tuple[int, str, str], SiteNav] = {}


def _frame_macros(request: Request) -> Any:
    values = {"url_for": functools.partial(path_for, request), "request": request}
    return templates.env.get_template("_frame.html").make_module(values)


def _lines(macro_output: Any) -> str:
    """A macro's lines without the last line break: base.html writes its own."""
    return str(macro_output).removesuffix("\n")


def _pair(macros: Any, href: str, label: str, german: bool = False) -> tuple[Markup, Markup]:
    plain = macros.nav_item(href, label, False, german)
    return plain, macros.nav_item(href, label, True, german)


def _frame_for(request: Request, key: tuple[int, str, str]) -> Frame:
    frame = _FRAMES.get(key)
    if frame is None:
        macros = _frame_macros(request)
        # Rendered by Jinja with autoescaping: Markup again after cutting at the marker.
        before, _, after = _lines(macros.signed_out(_NEXT_MARKER)).partition(NEXT)
        languages = _lines(macros.language_links(_NEXT_MARKER)).split(NEXT)
        frame = _FRAMES[key] = Frame(
            head=Markup(_lines(macros.head())),  # noqa: S704
            brand=Markup(_lines(macros.brand())),  # noqa: S704
            footer=Markup(_lines(macros.footer())),  # noqa: S704
            signed_out=(Markup(before), Markup(after)),  # noqa: S704
            languages=tuple(Markup(part) for part in languages),  # noqa: S704
            overview=_pair(macros, path_for(request, "site:home"), i18n.gettext("Overview")),
            archive=_pair(
                macros, path_for(request, "masterplans:archive"), i18n.gettext("Archive")
            ),
        )
    return frame


def _site_nav_for(request: Request, key: tuple[int, str, str], navigation: Any) -> SiteNav:
    kept = _SITE_NAVS.get(key)
    if kept is None or not (kept.navigation is navigation or kept.navigation == navigation):
        macros = _frame_macros(request)
        items = []
        masterplans = _field(navigation, "masterplans")
        for slug, label in masterplans:
            href = path_for(request, "masterplans:detail", slug=slug)
            items.append((href, *_pair(macros, href, label, german=True)))
        kept = _SITE_NAVS[key] = SiteNav(navigation, tuple(items))
    return kept


def _field(navigation: Any, name: str) -> Any:
    """navigation.Navigation's field, or the stand-in's of pages answered without one."""
    return navigation[name] if isinstance(navigation, dict) else getattr(navigation, name)


class PageFrame:
    """The layout's parts for one page: the kept ones, with this page's address put in."""

    __slots__ = ("frame", "nav", "navigation", "path", "query")

    def __init__(self, request: Request) -> None:
        key = (id(request.app), str(request.scope.get("root_path", "")), i18n.current_language())
        self.navigation = request.scope.get("navigation") or {"masterplans": (), "archive": False}
        self.frame = _frame_for(request, key)
        self.nav = _site_nav_for(request, key, self.navigation)
        self.path, self.query = request.url.path, request.url.query

    @property
    def head(self) -> Markup:
        return self.frame.head

    @property
    def brand(self) -> Markup:
        return self.frame.brand

    @property
    def footer(self) -> Markup:
        return self.frame.footer

    def signed_out(self) -> Markup:
        """Sign in (back to this page afterwards) and register."""
        before, after = self.frame.signed_out
        if self.path == "/account/login":
            return before + after
        return before + Markup("?next=") + escape(url_quote(self.path)) + after

    def languages(self) -> Markup:
        """The language links, each back to this page."""
        there = url_quote(self.path) + ("%3F" + url_quote(self.query) if self.query else "")
        return escape(there).join(self.frame.languages)

    def site_nav(self) -> Markup:
        """Overview, the masterplans and the archive, the current one marked."""
        path = self.path
        parts = [self.frame.overview[path == "/"]]
        parts += [
            current if path.startswith(href) else plain for href, plain, current in self.nav.items
        ]
        if _field(self.navigation, "archive"):
            parts.append(self.frame.archive[path == "/archiv"])
        return Markup(_lines(Markup("").join(parts)))  # noqa: S704


templates.env.globals["page_frame"] = PageFrame


# -- fragments kept by what they show ---------------------------------------------------
#
# A list row, a comment, a proposal's votes by group: the same values give the same HTML
# for every reader, and most pages show the same few hundred of them again and again. A
# fragment is kept under everything it is rendered from (the macro, the values, the
# language, the site's root path), so a changed value is a new key: nothing to invalidate,
# and the least recently used fragments make room when the store is full. A form inside a
# fragment carries the page's own CSRF token: the kept HTML holds a marker where it goes (a
# NUL, which no stored text holds: forms drop it from what people type, PostgreSQL refuses it).

CSRF_MARKER = "\x00csrf\x00"
_CSRF_MARKER_MARKUP = Markup(CSRF_MARKER)  # noqa: S704 - our own constant
# What the kept fragments may take, in characters: each counted twice, as its key holds the
# values it was rendered from (a comment's text, say) about as long again. Some 8,000 list
# rows or 3,000 comments with their reply forms; 16 to 32 MB per process at the most.
KEPT_CHARACTERS = 16_000_000


class KeptFragments:
    """The most recently used fragments, as many as fit into ``budget`` characters."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.fragments: OrderedDict[Hashable, tuple[str, ...]] = OrderedDict()

    @staticmethod
    def weight(parts: tuple[str, ...]) -> int:
        return 2 * sum(len(part) for part in parts)

    def get(self, key: Hashable) -> tuple[str, ...] | None:
        parts = self.fragments.get(key)
        if parts is not None:
            self.fragments.move_to_end(key)
        return parts

    def put(self, key: Hashable, parts: tuple[str, ...]) -> None:
        replaced = self.fragments.pop(key, None)
        if replaced is not None:
            self.used -= self.weight(replaced)
        self.fragments[key] = parts
        self.used += self.weight(parts)
        while self.used > self.budget and len(self.fragments) > 1:
            _, oldest = self.fragments.popitem(last=False)
            self.used -= self.weight(oldest)

    def clear(self) -> None:
        self.fragments.clear()
        self.used = 0


kept_fragments = KeptFragments(KEPT_CHARACTERS)


# The page being rendered: the site's root path and its CSRF token (set by :func:`render`).
# A context variable rather than Jinja's context: a function that takes the template
# context gets a copy of it at every call inside a loop (Context.derived).
_PAGE: ContextVar[tuple[str, str]] = ContextVar("page", default=("", ""))


def kept(macro: Any, key: Hashable, /, *arguments: Any) -> Markup:
    """``macro(*arguments)``, rendered once for ``key`` and kept. ``key`` must hold every
    value the macro's output depends on, besides the language and the root path (added
    here). A macro whose last parameter is ``token`` writes a form: it is given the marker
    (:data:`CSRF_MARKER`) there, and each page gets the fragment with its own CSRF token."""
    root_path, csrf_token = _PAGE.get()
    # Jinja's Macro keeps its compiled function: its code names the template file and line,
    # which tells two macros of the same name apart.
    code = macro._func.__code__
    full_key = (code.co_filename, code.co_firstlineno, i18n.current_language(), root_path, key)
    parts = kept_fragments.get(full_key)
    if parts is None:
        if macro.arguments[-1:] == ("token",):
            arguments = (*arguments, _CSRF_MARKER_MARKUP)
        parts = tuple(str(macro(*arguments)).split(CSRF_MARKER))
        kept_fragments.put(full_key, parts)
    # Rendered by Jinja with autoescaping, cut at our marker, joined with the escaped token:
    # Markup again without escaping each part anew (Markup.join copies every part).
    return Markup(str(escape(csrf_token)).join(parts))  # noqa: S704


templates.env.globals["kept"] = kept


FLASH_COOKIE = storage.FLASH.name  # every cookie is declared in the registry
# Flash messages travel as a code in a cookie, never as text: nothing a third party sets in
# that cookie can put words on a page.
FLASH_MESSAGES = {
    "draft_published": N_("The version is published."),
    "signed_in": N_("You are signed in."),
    "signed_out": N_("You are signed out."),
    "registered": N_("Almost done: we sent you an e-mail with a link to confirm your address."),
    "verified": N_("Thank you, your e-mail address is confirmed. You can sign in now."),
    "verification_sent": N_("We sent you a new confirmation link."),
    "reset_sent": N_(
        "If an account exists for this address, we sent a link to reset the password."
    ),
    "password_changed": N_("Your password is changed. Please sign in with the new one."),
    "profile_saved": N_("Your profile is saved."),
    "account_deleted": N_(
        'Your account is deleted. Your public contributions stay under "deleted account".'
    ),
    "invitation_accepted": N_("Welcome! You are now a confirmed member of the organisation."),
    "saved": N_("Saved."),
    "status_changed": N_("The status is changed. The author and the followers are notified."),
    "proposal_moved": N_("The proposal was moved."),
    "proposal_retitled": N_("The title was changed; the original title is kept."),
    "proposals_merged": N_("The proposals are merged. The people concerned are notified."),
    "merge_undone": N_("The merge is undone. The people concerned are notified."),
    # People and organisations
    "account_created": N_(
        "The account is created. The person gets an e-mail with a link to set a password."
    ),
    "account_ready": N_("Your password is set. Please sign in."),
    "set_up_link_sent": N_("A new link to set the password is sent."),
    "mail_queued": N_("The e-mail is queued to be sent again."),
    "member_removed": N_("The member is removed and told by e-mail."),
    "invitation_sent": N_("The invitation is sent."),
    "invitation_withdrawn": N_("The invitation is withdrawn; its link no longer works."),
    "left_organization": N_("You have left the organisation."),
}


def flash(request: Request, response: Response, code: str) -> Response:
    set_site_cookie(response, request, FLASH_COOKIE, code, max_age=60)
    return response


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """Render a page with what every page shows: the signed-in person, the CSRF token and a
    flash message left by the previous request."""
    values = {
        # Bound to the request: a url_for that takes the template context would copy it at
        # every call inside a loop or block.
        "url_for": functools.partial(path_for, request),
        "user": request.scope.get("user"),
        "csrf_token": request.scope.get("csrf_token", ""),
        "unread_notifications": request.scope.get("unread_notifications", 0),
        "flash_message": None,
        # The header's masterplans (participation/masterplans/navigation.py); none on the
        # few pages answered before the middleware runs.
        "navigation": request.scope.get("navigation") or {"masterplans": (), "archive": False},
        **(context or {}),
    }
    code = cookies_of(request.scope).get(FLASH_COOKIE)
    if code in FLASH_MESSAGES:
        values["flash_message"] = i18n.gettext(FLASH_MESSAGES[code])
    page = _PAGE.set((str(request.scope.get("root_path", "")), values["csrf_token"]))
    try:
        response = templates.TemplateResponse(request, name, values, status_code=status_code)
    finally:
        _PAGE.reset(page)
    if code:
        response.delete_cookie(FLASH_COOKIE, httponly=True, samesite="lax")
    return response
