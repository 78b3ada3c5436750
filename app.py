"""The ASGI application: ``uvicorn app:app``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from tortoise.contrib.starlette import RegisterTortoise
from tortoise.exceptions import ValidationError

from participation.accounts.passwords import PasswordFormsMiddleware
from participation.accounts.routes import routes as account_routes
from participation.admin.routes import routes as admin_routes
from participation.api.guide import routes as api_guide_routes
from participation.api.middleware import ApiMiddleware
from participation.api.routes import routes as api_routes
from participation.comments.routes import routes as comment_routes
from participation.db import tortoise_config
from participation.exports.routes import routes as export_routes
from participation.housekeeping import tidy_forever
from participation.i18n import LocaleMiddleware
from participation.mail.worker import drain_forever
from participation.masterplans.admin_routes import routes as masterplan_admin_routes
from participation.masterplans.fields.routes import routes as field_routes
from participation.masterplans.navigation import NavigationMiddleware
from participation.masterplans.routes import routes as masterplan_routes
from participation.masterplans.texts import routes as masterplan_text_routes
from participation.moderation.curation_routes import routes as curation_routes
from participation.moderation.duplicates import routes as duplicate_routes
from participation.moderation.pending import routes as pending_routes
from participation.moderation.response_routes import routes as response_routes
from participation.moderation.routes import routes as moderation_routes
from participation.moderation.suspension_routes import routes as suspension_routes
from participation.notifications.routes import routes as notification_routes
from participation.organizations.routes import routes as organization_routes
from participation.planning.draft_routes import routes as draft_routes
from participation.planning.outcome_routes import routes as outcome_routes
from participation.planning.phase_switch import switch_forever
from participation.planning.project_routes import routes as project_routes
from participation.planning.settings_routes import routes as settings_routes
from participation.planning.workspace import routes as workspace_routes
from participation.proposals.authoring import routes as authoring_routes
from participation.proposals.routes import routes as proposal_routes
from participation.reports.routes import routes as report_routes
from participation.search.routes import routes as search_routes
from participation.security import (
    CSRFMiddleware,
    CurrentUserMiddleware,
    Forbidden,
    RefuseNulMiddleware,
    ResponseHeadersMiddleware,
    SignInRequired,
)
from participation.settings import Settings, load_settings
from participation.shared_state import SharedStateMiddleware, open_state
from participation.site.assets import StaticFilesMiddleware, static_app
from participation.site.caching import CompressionMiddleware
from participation.site.errors import (
    UnhandledErrorMiddleware,
    forbidden,
    http_error,
    refuse_request,
    server_error,
    sign_in_required,
    unmatched_value,
)
from participation.site.page_cache import PageCacheMiddleware
from participation.site.routes import routes as site_routes
from participation.site.services import warn_when_incomplete
from participation.site.site_settings import SiteSettingsMiddleware
from participation.votes.routes import routes as vote_routes


def create_app(settings: Settings | None = None, *, connect_database: bool = True) -> Starlette:
    """Build the app. Tests that manage the ORM themselves pass ``connect_database=False``."""
    settings = settings or load_settings()
    settings.check()
    # The API's limit, the throttles, the cached page parts: in Redis or in this process.
    shared = open_state(settings.redis_url, prefix=settings.redis_prefix)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not connect_database:
            yield
            return
        await shared.start()  # a Redis that does not answer stops the start, with why
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url)):
            if settings.production:  # tell the operator what the legal pages still lack
                await warn_when_incomplete(session_days=settings.session_days)
            workers: list[asyncio.Task[None]] = []
            if settings.mail.worker:
                workers.append(asyncio.create_task(drain_forever(settings.mail)))
            if settings.phase_switch:
                workers.append(asyncio.create_task(switch_forever(base_url=settings.base_url)))
            if settings.housekeeping:
                workers.append(asyncio.create_task(tidy_forever()))
            try:
                yield
            finally:
                for worker in workers:
                    worker.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await worker
                await shared.close()

    static = static_app()
    # The page copies for anonymous visitors, where asked for (PAGE_CACHE_SECONDS > 0).
    page_cache = (
        [Middleware(PageCacheMiddleware, seconds=settings.page_cache_seconds)]
        if settings.page_cache_seconds > 0
        else []
    )
    app = Starlette(
        debug=settings.debug,
        routes=[
            *site_routes,
            *search_routes,
            *api_routes,
            *api_guide_routes,
            *export_routes,
            *masterplan_routes,
            *authoring_routes,
            *proposal_routes,
            *vote_routes,
            *comment_routes,
            *notification_routes,
            *account_routes,
            *organization_routes,
            *admin_routes,
            *moderation_routes,
            *pending_routes,
            *duplicate_routes,
            *response_routes,
            *curation_routes,
            *suspension_routes,
            *workspace_routes,
            *settings_routes,
            *draft_routes,
            *project_routes,
            *outcome_routes,
            *report_routes,
            # Last: the bad-input walks fill these forms (archiving a masterplan among them)
            # after every other page's.
            *masterplan_text_routes,
            *field_routes,
            *masterplan_admin_routes,
            # Hashed, compressed, cached for a year once `make` has built them; answered
            # by StaticFilesMiddleware before the others, named here for url_for.
            Mount("/static", static, name="static"),
        ],
        # Each request passes all of these: each does its work only where it is needed,
        # and the headers they add go out in one pass (ResponseHeadersMiddleware).
        middleware=[
            Middleware(StaticFilesMiddleware, static=static),  # files need none of the rest
            Middleware(SharedStateMiddleware, state=shared),  # for the services' throttles
            Middleware(CompressionMiddleware),  # outside the others: for each one's answer
            Middleware(PasswordFormsMiddleware),  # a waiting form costs nothing
            # Security headers, Cache-Control, the CSRF and session cookies: on every answer
            # of the middleware inside too, and on every copy of the page cache.
            Middleware(ResponseHeadersMiddleware, https=settings.production),
            Middleware(
                ApiMiddleware, rate=settings.api_rate, burst=settings.api_burst, state=shared
            ),
            Middleware(RefuseNulMiddleware),  # inside the API's: its 404 is open to all origins
            Middleware(LocaleMiddleware, default=settings.default_language),
            Middleware(UnhandledErrorMiddleware),
            Middleware(CSRFMiddleware, secret=str(settings.secret_key), refuse=refuse_request),
            Middleware(CurrentUserMiddleware, session_days=settings.session_days),
            Middleware(NavigationMiddleware, state=shared),
            Middleware(SiteSettingsMiddleware),
            *page_cache,
        ],
        exception_handlers={
            HTTPException: http_error,
            SignInRequired: sign_in_required,
            Forbidden: forbidden,
            ValidationError: unmatched_value,
            # Only for what UnhandledErrorMiddleware cannot catch: the middleware around it.
            Exception: server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.shared = shared
    return app


app = create_app()
