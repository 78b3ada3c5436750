"""The ASGI application: ``uvicorn app:app``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from tortoise.contrib.starlette import RegisterTortoise

from participation.db import tortoise_config
from participation.i18n import LocaleMiddleware
from participation.masterplans.routes import routes as masterplan_routes
from participation.proposals.routes import routes as proposal_routes
from participation.security import SecurityHeadersMiddleware
from participation.settings import BASE_DIR, Settings, load_settings
from participation.site.errors import http_error, server_error
from participation.site.routes import routes as site_routes


def create_app(settings: Settings | None = None, *, connect_database: bool = True) -> Starlette:
    """Build the app. Tests that manage the ORM themselves pass ``connect_database=False``."""
    settings = settings or load_settings()
    settings.check()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not connect_database:
            yield
            return
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            yield

    app = Starlette(
        debug=settings.debug,
        routes=[
            *site_routes,
            *masterplan_routes,
            *proposal_routes,
            Mount("/static", StaticFiles(directory=BASE_DIR / "static"), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeadersMiddleware, https=settings.production),
            Middleware(LocaleMiddleware, default=settings.default_language),
        ],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app


app = create_app()
