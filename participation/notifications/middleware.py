"""The unread count the header shows, for signed-in pages only: counted with the session
(security.CurrentUserMiddleware) where it can be, else with one query here."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from participation.accounts.models import User
from participation.notifications.queries import unread_count


class UnreadNotificationsMiddleware:
    SKIP = ("/static/", "/healthz", "/attachments/")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # CurrentUserMiddleware counts them in its session statement for pages already.
        if scope["type"] == "http" and "unread_notifications" not in scope:
            user = scope.get("user")
            scope["unread_notifications"] = (
                await unread_count(user)
                if isinstance(user, User)
                and scope["method"] == "GET"
                and not scope["path"].startswith(self.SKIP)
                else 0
            )
        await self.app(scope, receive, send)
