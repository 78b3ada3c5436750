"""A corpus of bad input against every route, signed in as an admin (who may use them all)
and as a visitor: no answer is a server error, and a script sent in never comes back as
markup that would run."""

from __future__ import annotations

import httpx
import pytest
from starlette.routing import Mount, Route

from participation.accounts.models import Role
from participation.comments.models import Comment
from participation.proposals.models import Proposal
from tests.auth import csrf_token, make_person, sign_in
from tests.test_access_matrix import _path_for, _world, app_routes

SCRIPT = "<script>alert('x')</script>"
SQL = "'; DROP TABLE proposal; --"
LONG = "ä" * 8_000  # 48 kB once URL-encoded
FIELDS = ("title", "body", "text", "reason", "name", "email", "q", "response", "note", "vote")


def _form(token: str, value: str) -> dict[str, str]:
    return {"csrf_token": token, **{name: value for name in FIELDS}, "action": value}


async def _corpus(client: httpx.AsyncClient, path: str, method: str, token: str) -> list[str]:
    """Every bad request for one route; the answers that were server errors."""
    bad: list[httpx.Response] = []
    if method == "GET":
        bad.append(await client.get(path, params={"q": LONG, "after": SQL, "sort": SCRIPT}))
        bad.append(await client.get(path + "?q=%ff%fe&field=%c3%28&page=../../etc/passwd"))
        bad.append(await client.get(path + "?q=a%00b&after=%00&masterplan=%00"))
    else:
        headers = {"X-CSRF-Token": token}
        for value in (SCRIPT, SQL, LONG, "\x00\ud800"[:1]):
            bad.append(await client.post(path, data=_form(token, value), headers=headers))
        bad.append(
            await client.post(
                path,
                content=b'--broken\r\nContent-Disposition: form-data; name="x"\r\n\r\n\xff',
                headers={**headers, "Content-Type": "multipart/form-data; boundary=other"},
            )
        )
        bad.append(
            await client.post(
                path,
                files={"attachment": ("../../../etc/passwd", b"%PDF-1.4 x", "application/pdf")},
                data={"csrf_token": token, "title": SCRIPT, "body": SCRIPT},
                headers=headers,
            )
        )
        bad.append(
            await client.post(
                path,
                content=b"title=" + b"x" * (12 * 1024 * 1024),
                headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
            )
        )
        bad.append(
            await client.post(
                path,
                content=b"title=%ff%fe&body=%c3%28",
                headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
            )
        )
    bad.append(await client.request("PUT", path))
    bad.append(await client.request("DELETE", path))
    return [f"{r.request.method} {path}: {r.status_code}" for r in bad if r.status_code >= 500]


@pytest.mark.parametrize("role", ["anonymous", "admin"])
async def test_no_bad_input_gets_a_server_error_or_stores_a_running_script(
    client: httpx.AsyncClient, role: str
) -> None:
    world = await _world()
    if role == "admin":
        await sign_in(client, await make_person(role=Role.ADMIN))
    token = await csrf_token(client)
    errors: list[str] = []
    for route in app_routes():
        if route.name in ("accounts:logout", "accounts:delete"):
            continue  # they end the session the rest of the walk needs
        path = _path_for(route, world["params"])  # type: ignore[arg-type]
        methods = (
            sorted((route.methods or {"GET"}) - {"HEAD"}) if isinstance(route, Route) else ["GET"]
        )
        if isinstance(route, Mount):
            methods = ["GET"]
        for method in methods:
            errors += await _corpus(client, path, method, token)
    assert errors == []
    for proposal in await Proposal.all():
        page = await client.get(f"/proposals/{proposal.id}")
        assert SCRIPT not in page.text
    for comment in await Comment.all():
        assert SCRIPT not in (await client.get(f"/proposals/{comment.proposal_id}")).text  # type: ignore[attr-defined]
