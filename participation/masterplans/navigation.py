"""The masterplans the header links to: the active ones in home-page order, and the archive
once there is one.

Read once and kept until a masterplan is created, edited, archived, reordered or deleted
(participation/shared_state.py): with Redis a write in any process reaches the header of
every process in its next page; without it, this process's writes at once and another
process's within a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.signals import post_delete, post_save

from participation.masterplans.models import Masterplan
from participation.shared_state import LocalState, invalidate

PART = "masterplans"  # the page part's name; invalidate(PART) after a masterplan is written

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


async def masterplans_changed() -> None:
    """A masterplan was created, edited, archived, restored, reordered or deleted: every
    process reads the header's list afresh. Call it after the transaction has committed."""
    await invalidate(PART)


class NavigationMiddleware:
    SKIP = ("/static/", "/healthz", "/attachments/", "/api/")

    def __init__(self, app: ASGIApp, *, state: LocalState | None = None) -> None:
        self.app = app
        self.state = state or LocalState()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(self.SKIP):
            scope["navigation"] = await self.state.part(PART, read_navigation)
        await self.app(scope, receive, send)


# Every save or delete of a masterplan, also outside its services (the demo loader, tests);
# the services invalidate once more after their transaction has committed.
@post_save(Masterplan)
async def _saved(sender: Any, instance: Masterplan, *args: Any) -> None:
    await invalidate(PART)


@post_delete(Masterplan)
async def _deleted(sender: Any, instance: Masterplan, *args: Any) -> None:
    await invalidate(PART)
