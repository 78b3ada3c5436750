"""The unread count the header shows, loaded with one query for signed-in pages only."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from participation.accounts.models import User
from participation.notifications.queries import unread_count


class UnreadNotificationsMiddleware:
    SKIP = ("/static/", "/healthz", "/attachments/")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            user = scope.get("user")
            scope["unread_notifications"] = (
                await unread_count(user)
                if isinstance(user, User)
                and scope["method"] == "GET"
                and not scope["path"].startswith(self.SKIP)
                else 0
            )
        await self.app(scope, receive, send)
