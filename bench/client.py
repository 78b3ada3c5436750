"""A minimal HTTP/1.1 keep-alive client on raw asyncio streams.

The load driver must cost less CPU per request than the server it measures: a general client
(httpx, aiohttp) spends more time per request than uvicorn does answering "Hello, world". This
one writes prepared request bytes and reads back the status line, the headers and a body framed
by Content-Length, chunked transfer coding or the end of the connection. Nothing else of
HTTP/1.1 is needed against our own server on loopback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

READ_LIMIT = 1 << 20  # the longest head (status line and headers) we accept
NO_BODY_STATUSES = frozenset({204, 304})


class ProtocolError(Exception):
    """The server answered something that is not HTTP/1.1 as we read it."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: list[tuple[bytes, bytes]]  # lower-case names, as received
    body: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower().encode("latin-1")
        return next((v.decode("latin-1") for n, v in self.headers if n == wanted), None)

    def cookies(self) -> dict[str, str]:
        """name -> value of each Set-Cookie (attributes dropped)."""
        jar: dict[str, str] = {}
        for name, value in self.headers:
            if name == b"set-cookie":
                pair = value.decode("latin-1").split(";", 1)[0]
                key, _, cookie = pair.partition("=")
                jar[key.strip()] = cookie.strip()
        return jar


def encode_request(
    method: str,
    path: str,
    *,
    host: str,
    headers: Sequence[tuple[str, str]] = (),
    body: bytes = b"",
) -> bytes:
    """The bytes of one request, prepared once and sent many times."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body or method not in ("GET", "HEAD", "DELETE", "OPTIONS"):
        lines.append(f"Content-Length: {len(body)}")
    if not any(name.lower() == "user-agent" for name, _ in headers):
        lines.append("User-Agent: participation-bench")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Connection:
    """One keep-alive connection; it reconnects by itself after the server closed it."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def send(self, raw: bytes, *, head: bool = False) -> Response:
        """Send one prepared request and read its whole answer."""
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_connection(
                self.host, self.port, limit=READ_LIMIT
            )
        reader, writer = self._reader, self._writer
        writer.write(raw)
        status, headers, length, chunked, close = _parse_head(await reader.readuntil(b"\r\n\r\n"))
        if head or status < 200 or status in NO_BODY_STATUSES:
            body = b""
        elif chunked:
            body = await _read_chunked(reader)
        elif length is not None:
            body = await reader.readexactly(length)
        else:  # framed by the end of the connection
            body = await reader.read()
            close = True
        if close:
            self.close()
        return Response(status, headers, body)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


def _parse_head(
    head: bytes,
) -> tuple[int, list[tuple[bytes, bytes]], int | None, bool, bool]:
    lines = head[:-4].split(b"\r\n")
    status_line = lines[0]
    if not status_line.startswith(b"HTTP/1.") or len(status_line) < 12:
        raise ProtocolError(f"bad status line {status_line[:80]!r}")
    status = int(status_line[9:12])
    headers: list[tuple[bytes, bytes]] = []
    length: int | None = None
    chunked = close = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip()
        headers.append((name, value))
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            close = value.lower() == b"close"
    if status_line.startswith(b"HTTP/1.0"):
        close = True
    return status, headers, length, chunked, close


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass  # trailer fields: none expected, skipped
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        if await reader.readexactly(2) != b"\r\n":
            raise ProtocolError("chunk not followed by CRLF")


# What a broken or closed connection raises while sending or reading.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    EOFError,
    asyncio.IncompleteReadError,
    asyncio.LimitOverrunError,
    ProtocolError,
    ValueError,
)
