"""Static files under content-hashed names, compressed ahead of time, cached for a year.

``make`` (the vendor step) runs ``python -m participation.site.assets``, which copies
``static/`` (with ``static/vendor/`` from npm) to ``build/static/`` and adds, for every file,
a copy named after its content (``css/site.3f9a0c1b2d4e.css``), with the ``url()``
references inside stylesheets pointing at the hashed names of what they load; then a
gzip and a brotli copy of every text file (HTML, CSS, JS, SVG, JSON …) and the manifest
``staticfiles.json`` (``{"paths": {"css/site.css": "css/site.3f9a0c1b2d4e.css"}}``).

The app serves that folder with servestatic (the ASGI successor of WhiteNoise): it picks
the brotli or gzip copy the browser accepts, answers ``If-None-Match``/``Range``, and marks
hashed names ``Cache-Control: public, max-age=31536000, immutable`` (a change gets a new
name, so a browser never asks again). Unhashed names stay reachable with a short lifetime.
``url_for('static', path=...)`` in templates gives the hashed name from the manifest.

Without a build (a checkout before ``make``), and for a file added since, files are served
from ``static/`` as they are, unhashed and uncompressed.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

from servestatic import ServeStaticASGI
from servestatic.compress import Compressor
from servestatic.manifest_hash import get_hashed_name
from starlette.types import ASGIApp, Receive, Scope, Send

from participation.security import SECURITY_HEADERS
from participation.settings import BASE_DIR

SOURCE = BASE_DIR / "static"
BUILD = BASE_DIR / "build" / "static"
MANIFEST_NAME = "staticfiles.json"
IMMUTABLE = "public, max-age=31536000, immutable"
UNHASHED_MAX_AGE = 300  # seconds: a name that stays the same when the file changes
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^./]+$")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")


# -- serving ---------------------------------------------------------------------------


@functools.cache
def manifest(build: Path = BUILD) -> dict[str, str]:
    """Source path → hashed path, empty without a build."""
    try:
        data = json.loads((build / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    paths: dict[str, str] = data["paths"]
    return paths


def hashed(path: str) -> str:
    """The name under which the build serves ``path`` (``path`` itself without a build)."""
    return manifest().get(path.lstrip("/"), path)


def _headers(headers: Headers, path: str, url: str) -> None:
    # wsgiref quotes the parameter (charset="utf-8"); written as the pages write it.
    content_type = headers["Content-Type"]
    if content_type:
        headers["Content-Type"] = content_type.replace('charset="utf-8"', "charset=utf-8")
    # The same security headers as a page (this app answers before their middleware).
    for name, value in SECURITY_HEADERS.items():
        headers.setdefault(name, value)
    if HASHED_NAME.search(url):
        headers["Cache-Control"] = IMMUTABLE


def static_app(build: Path = BUILD, source: Path = SOURCE) -> ASGIApp:
    """The app behind ``/static``: the build, and the sources for what it does not hold
    (a file added since the last ``make``, or everything before the first)."""
    served: ASGIApp = ServeStaticASGI(
        None,  # 404
        root=source,
        prefix="/static/",
        autorefresh=True,  # looked up on disk per request: what is there now
        max_age=0,
        allow_all_origins=False,
        add_headers_function=_headers,
    )
    if (build / MANIFEST_NAME).exists():
        served = ServeStaticASGI(
            served,
            root=build,
            prefix="/static/",
            max_age=UNHASHED_MAX_AGE,
            allow_all_origins=False,
            add_headers_function=_headers,
        )
    return served


class StaticFilesMiddleware:
    """Answer ``/static/`` before every other middleware: a file needs no session lookup,
    no CSRF cookie (a ``Set-Cookie`` would keep shared caches from keeping it) and no
    compression (servestatic sends the copies compressed at build time)."""

    def __init__(self, app: ASGIApp, static: ASGIApp) -> None:
        self.app = app
        self.static = static

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/static/"):
            await self.static(scope, receive, send)
        else:
            await self.app(scope, receive, send)


# -- building --------------------------------------------------------------------------


def _files(root: Path) -> list[str]:
    found = []
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                found.append((Path(folder) / name).relative_to(root).as_posix())
    return found


def _rewrite_urls(css: str, css_path: str, paths: dict[str, str]) -> str:
    """Point ``url()`` references of a stylesheet at the hashed names of the files."""
    folder = posixpath.dirname(css_path)

    def replace(match: re.Match[str]) -> str:
        reference = match.group(2)
        if reference.startswith(("data:", "http:", "https:", "//", "#", "/")):
            return match.group(0)
        target, suffix = re.match(r"([^?#]*)(.*)", reference).groups()  # type: ignore[union-attr]
        resolved = posixpath.normpath(posixpath.join(folder, target))
        if resolved not in paths:
            return match.group(0)
        relative = posixpath.relpath(paths[resolved], folder or ".")
        return f"url({match.group(1)}{relative}{suffix}{match.group(1)})"

    return CSS_URL.sub(replace, css)


def build(
    source: Path = SOURCE, destination: Path = BUILD, log: Callable[[str], None] = print
) -> dict[str, str]:
    """Copy, hash and compress ``source`` into ``destination``; return the manifest."""
    staging = destination.with_name(destination.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    paths: dict[str, str] = {}
    files = _files(source)
    # Stylesheets last: their url() references need the hashed names of what they load.
    for path in sorted(files, key=lambda p: p.endswith(".css")):
        original = staging / path
        original.parent.mkdir(parents=True, exist_ok=True)
        if path.endswith(".css"):
            text = (source / path).read_text(encoding="utf-8")
            original.write_text(_rewrite_urls(text, path, paths), encoding="utf-8")
        else:
            shutil.copy2(source / path, original)
        hashed_path = get_hashed_name(path, original.read_bytes())
        shutil.copy2(original, staging / hashed_path)
        paths[path] = hashed_path
    compressor = Compressor(use_zstd=False, quiet=True)
    for path in _files(staging):
        if compressor.should_compress(path):
            compressor.compress(str(staging / path))
    (staging / MANIFEST_NAME).write_text(
        json.dumps({"paths": paths, "version": "1.0"}, indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    shutil.rmtree(destination, ignore_errors=True)
    staging.rename(destination)
    manifest.cache_clear()
    log(f"{len(paths)} static files hashed and compressed into {destination}")
    return paths


def main(argv: list[str] | None = None) -> int:
    arguments: list[Any] = list(sys.argv[1:] if argv is None else argv)
    source = Path(arguments[0]) if arguments else SOURCE
    destination = Path(arguments[1]) if len(arguments) > 1 else BUILD
    build(source, destination)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
