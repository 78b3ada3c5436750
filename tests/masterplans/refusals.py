"""Posting a form that must be refused, and checking that nothing was stored: every table of
the database is compared before and after (tests/bad_input_helpers.py)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.auth import csrf_token
from tests.bad_input_helpers import REFUSAL_RECORDS, changed_tables, database_state


async def refused(
    client: httpx.AsyncClient,
    path: str,
    data: dict[str, Any],
    *,
    files: dict[str, tuple[str, bytes, str]] | None = None,
    status: int = 400,
) -> httpx.Response:
    """POST as a browser would; the answer has ``status`` and no table changed."""
    token = await csrf_token(client)
    before = await database_state()
    response = await client.post(path, data={**data, "csrf_token": token}, files=files)
    assert response.status_code == status, response.text[:2000]
    assert changed_tables(before, await database_state(), ignore=REFUSAL_RECORDS) == []
    return response
