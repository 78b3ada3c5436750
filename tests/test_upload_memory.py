"""Posted bodies are never held in memory whole: a body larger than any form may be is
refused for its Content-Length, a browser without the CSRF cookie is refused before its
body is read, and a body that has to be read for its token waits in a temporary file.
Memory is measured with tracemalloc around the requests (the client streams its body in
64 kB chunks of one reused buffer, so it adds nothing)."""

from __future__ import annotations

import asyncio
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.auth import csrf_token
from tests.factories import make_masterplan

pytestmark = pytest.mark.usefixtures("db")

MB = 1024 * 1024
CHUNK = b"\0" * (64 * 1024)
BOUNDARY = "grenze4711"


def _upload(megabytes: int, token: str) -> tuple[AsyncIterator[bytes], dict[str, str]]:
    """A multipart form with a token field and one attachment of ``megabytes``."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="gross.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    chunks = megabytes * MB // len(CHUNK)

    async def body() -> AsyncIterator[bytes]:
        yield head
        for _ in range(chunks):
            yield CHUNK
        yield tail

    headers = {
        "content-type": f"multipart/form-data; boundary={BOUNDARY}",
        "content-length": str(len(head) + chunks * len(CHUNK) + len(tail)),
    }
    return body(), headers


@contextmanager
def peak_growth() -> Iterator[list[int]]:
    """The peak of traced memory above where it started, in bytes (filled on exit)."""
    result: list[int] = []
    tracemalloc.start()
    start, _ = tracemalloc.get_traced_memory()
    try:
        yield result
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result.append(peak - start)


async def test_twenty_anonymous_60_mb_uploads_are_refused_without_reading_them(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    path = f"/masterplans/{masterplan.slug}/proposals/new"

    async def post() -> int:
        body, headers = _upload(59, "kein-token")
        return (await client.post(path, content=body, headers=headers)).status_code

    with peak_growth() as growth:
        statuses = await asyncio.gather(*(post() for _ in range(20)))
    assert statuses == [403] * 20  # no CSRF cookie: nothing to check the token against
    assert growth[0] < 20 * MB, growth


async def test_a_body_larger_than_any_form_is_refused_for_its_declared_size(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    token = await csrf_token(client)
    body, headers = _upload(61, token)
    with peak_growth() as growth:
        response = await client.post(
            f"/masterplans/{masterplan.slug}/proposals/new", content=body, headers=headers
        )
    assert response.status_code == 413
    assert growth[0] < 20 * MB, growth


async def test_a_59_mb_body_read_for_its_token_waits_on_disk_not_in_memory(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    await csrf_token(client)  # the browser has its cookie; the form's token is wrong

    async def post() -> int:
        body, headers = _upload(59, "falsches-token")
        response = await client.post(
            f"/masterplans/{masterplan.slug}/proposals/new", content=body, headers=headers
        )
        return response.status_code

    with peak_growth() as growth:
        statuses = await asyncio.gather(post(), post())
    assert statuses == [403, 403]
    assert growth[0] < 20 * MB, growth
