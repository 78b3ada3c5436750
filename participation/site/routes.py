"""Home, language switch, legal pages and the health check."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from tortoise import connections

from participation import i18n
from participation.masterplans.models import Masterplan
from participation.planning.uptake import shown_statuses
from participation.proposals import queries as proposal_queries
from participation.security import set_site_cookie
from participation.site import storage
from participation.site.admin_routes import routes as admin_routes
from participation.site.site_settings import site_settings
from participation.templating import render

ONE_YEAR = storage.ONE_YEAR  # the language cookie's lifetime, as the registry declares it


async def home(request: Request) -> Response:
    # Archived masterplans leave the home page for the archive (/archiv).
    masterplans = await Masterplan.filter(archived_at__isnull=True).prefetch_related(
        "fields_of_action"
    )
    newest = await proposal_queries.newest(limit=6)
    return render(
        request,
        "site/home.html",
        {
            "masterplans": masterplans,
            "newest": newest,
            "badges": await shown_statuses(newest),
            "site": await site_settings(request),
        },
    )


def local_path(target: str | None) -> str:
    """Only redirect within the site: an absolute or protocol-relative URL becomes /."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target if len(target) <= 2_000 else parts.path[:2_000]


async def switch_language(request: Request) -> Response:
    language = request.path_params["language"]
    if language not in i18n.LANGUAGES:
        raise HTTPException(status_code=404)
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    set_site_cookie(response, request, i18n.LANGUAGE_COOKIE, language, max_age=ONE_YEAR)
    return response


async def imprint(request: Request) -> Response:
    return render(request, "site/imprint.html", {"site": await site_settings(request)})


async def privacy(request: Request) -> Response:
    return render(
        request,
        "site/privacy.html",
        {
            "site": await site_settings(request),
            "cookies": storage.COOKIES,
            "browser_storage": storage.BROWSER_STORAGE,
            "session_days": request.app.state.settings.session_days,
        },
    )


async def healthz(request: Request) -> Response:
    """200 only when the database answers; a load balancer takes the process out otherwise."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


routes = [
    Route("/", home, name="site:home"),
    Route("/language/{language}", switch_language, name="site:language"),
    Route("/impressum", imprint, name="site:imprint"),
    Route("/datenschutz", privacy, name="site:privacy"),
    Route("/healthz", healthz, name="site:healthz"),
    *admin_routes,
]
