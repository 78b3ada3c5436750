"""The masterplans the header links to: the active ones in home-page order, and the archive
once there is one.

Read with one small query per request, like the signed-in person: app processes run side by
side, and a copy kept in one of them would go on showing a masterplan another process has
just archived or renamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from participation.masterplans.models import Masterplan

PREFIX = "Masterplan "  # "Masterplan Digitale Bildung" reads "Digitale Bildung" in the header


@dataclass(frozen=True)
class Navigation:
    masterplans: tuple[tuple[str, str], ...]  # (slug, label)
    archive: bool  # there are archived masterplans to show


def _label(title: str) -> str:
    return title.removeprefix(PREFIX) if len(title) > len(PREFIX) else title


async def read_navigation() -> Navigation:
    """The header's masterplans, in one query."""
    rows = (
        await Masterplan.all()
        .order_by("position", "id")
        .values_list("slug", "title", "archived_at")
    )
    active = tuple((str(slug), _label(str(title))) for slug, title, gone in rows if not gone)
    return Navigation(masterplans=active, archive=len(active) < len(rows))


class NavigationMiddleware:
    SKIP = ("/static/", "/healthz", "/attachments/", "/api/")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self.SKIP):
            scope["navigation"] = await read_navigation()
        await self.app(scope, receive, send)
