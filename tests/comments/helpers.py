"""Posting to comment and notification endpoints as a browser does: a plain form, or htmx
with the token in the X-CSRF-Token header that data-hx-headers on <body> sends."""

from __future__ import annotations

import re

import httpx

from tests.auth import csrf_token


async def htmx_post(
    client: httpx.AsyncClient, path: str, data: dict[str, str], *, token_from: str
) -> httpx.Response:
    token = await csrf_token(client, token_from)
    return await client.post(path, data=data, headers={"HX-Request": "true", "X-CSRF-Token": token})


def fragment_root(html: str) -> str:
    """The opening tag a fragment response starts with."""
    match = re.match(r"\s*(<[^>]+>)", html)
    assert match, html[:200]
    return match.group(1)


def comment_html(html: str, comment_id: int) -> str:
    """One comment's <li>, up to the next comment."""
    start = html.index(f'id="comment-{comment_id}"')
    following = html.find('<li class="comment ', start)
    return html[start : following if following != -1 else len(html)]
