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
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

from fontTools import subset
from servestatic import ServeStaticASGI
from servestatic.compress import Compressor
from servestatic.manifest_hash import get_hashed_name
from starlette.types import ASGIApp, Receive, Scope, Send

from participation.security import SECURITY_HEADERS, SecurityHeadersMiddleware
from participation.settings import BASE_DIR

SOURCE = BASE_DIR / "static"
BUILD = BASE_DIR / "build" / "static"
MANIFEST_NAME = "staticfiles.json"
IMMUTABLE = "public, max-age=31536000, immutable"
UNHASHED_MAX_AGE = 300  # seconds: a name that stays the same when the file changes
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^./]+$")
# Google Fonts' "latin" range, plus what our own texts and Chromium's markers use: arrows
# ("→", 25 times in the catalogs), "≤"/"≥", and the disclosure triangles of <details>
# ("▸"/"▾", which Fira Sans does not have: claimed here, they come from the fallback instead
# of making the browser fetch a 140 KB complete face only to find them missing).
LATIN = (
    "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+2215,U+2264-2265,U+25B8,U+25BE,"
    "U+FEFF,U+FFFD"
)
FONT_FACES: dict[str, tuple[int, str]] = {  # file name: (font-weight, font-style)
    "Regular": (400, "normal"),
    "Italic": (400, "italic"),
    "Medium": (500, "normal"),
    "MediumItalic": (500, "italic"),
    "SemiBold": (600, "normal"),
    "SemiBoldItalic": (600, "italic"),
    "Bold": (700, "normal"),
    "BoldItalic": (700, "italic"),
}
FONT_CSS = "vendor/fira-sans.css"  # under static/: built, not committed
BUNDLE = "vendor/site.css"  # under static/: built, not committed
CHARSET = re.compile(r'@charset\s+"[^"]*";\s*')
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
    # servestatic's own answers (405 for PUT and the like, 404) carry no headers of
    # add_headers_function: the security headers are set on every answer here.
    return SecurityHeadersMiddleware(served)


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


def _rewrite_urls(css: str, css_path: str, target: Callable[[str], str | None]) -> str:
    """Replace each relative ``url()`` of the stylesheet at ``css_path`` by ``target`` of
    the path it points at (relative to ``static/``), where ``target`` gives one."""
    folder = posixpath.dirname(css_path)

    def replace(match: re.Match[str]) -> str:
        quote, reference = match.group(1), match.group(2)
        if reference.startswith(("data:", "http:", "https:", "//", "#", "/")):
            return match.group(0)
        path, suffix = re.fullmatch(r"([^?#]*)(.*)", reference).groups()  # type: ignore[union-attr]
        new = target(posixpath.normpath(posixpath.join(folder, path)))
        return match.group(0) if new is None else f"url({quote}{new}{suffix}{quote})"

    return CSS_URL.sub(replace, css)


def _to_hashed(paths: dict[str, str], css_path: str) -> Callable[[str], str | None]:
    folder = posixpath.dirname(css_path) or "."
    return lambda path: posixpath.relpath(paths[path], folder) if path in paths else None


def _ranges(codepoints: set[int]) -> str:
    """``U+0000-00FF, U+0131, …`` for a set of code points."""
    runs: list[list[int]] = []
    for point in sorted(codepoints):
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ", ".join(
        f"U+{first:04X}" if first == last else f"U+{first:04X}-{last:04X}" for first, last in runs
    )


def font_faces_css(latin: str = LATIN) -> str:
    """The ``@font-face`` rules for Fira Sans: per face, the subset with the ``latin`` range
    and KERN's complete file with every other code point (``U+0000-10FFFF`` less ``latin``),
    so that exactly one of the two answers for any character."""
    inside = set(subset.parse_unicodes(latin))
    rest = _ranges(set(range(0x110000)) - inside)
    rules = ["/* Built by participation/site/assets.py from its LATIN range; not committed. */\n"]
    for face, (weight, style) in FONT_FACES.items():
        for folder, ranges in (("fira-sans-latin", _ranges(inside)), ("fira-sans", rest)):
            rules.append(
                "@font-face {\n"
                '  font-family: "Fira Sans";\n'
                f'  src: url("kern/fonts/{folder}/FiraSans-{face}.woff2") format("woff2");\n'
                f"  font-weight: {weight};\n"
                f"  font-style: {style};\n"
                "  font-display: swap;\n"
                f"  unicode-range: {ranges};\n"
                "}\n"
            )
    return "\n".join(rules)


def subset_fonts(root: Path = BASE_DIR) -> None:
    """Fira Sans with the Latin letters only (German, French, Spanish … and typographic
    punctuation): about 20 KB a face instead of 130, and ``static/vendor/fira-sans.css``,
    which gives these the ``LATIN`` unicode-range and KERN's complete files the rest (a
    browser loads one of those only for a page that holds such letters: a Polish or Turkish
    name, say)."""
    source = root / "static" / "vendor" / "kern" / "fonts" / "fira-sans"
    destination = root / "static" / "vendor" / "kern" / "fonts" / "fira-sans-latin"
    destination.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.flavor = "woff2"
    # fontTools' default features (kerning, ligatures, marks, fractions …) and the tabular
    # figures the tables ask for (font-variant-numeric): 20 KB a face instead of 27 with all.
    options.layout_features = [*options.layout_features, "tnum", "lnum"]
    unicodes = subset.parse_unicodes(LATIN)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # OS/2 version notes per face
    for face in FONT_FACES:
        font = subset.load_font(str(source / f"FiraSans-{face}.woff2"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(destination / f"FiraSans-{face}.woff2"), options)
    (root / "static" / FONT_CSS).write_text(font_faces_css(), encoding="utf-8")


def bundle_css(root: Path = BASE_DIR) -> Path:
    """Write the one stylesheet the pages load, ``static/vendor/site.css``: the stylesheets
    purgecss.config.cjs names, in its order, each less the selectors no template and no
    Python module uses (PurgeCSS from npm), with their ``url()``s pointing where they did."""
    answer = subprocess.run(  # noqa: S603 - our own command line, no input in it
        [str(root / "node_modules" / ".bin" / "purgecss"), "--config", "purgecss.config.cjs"],
        cwd=root,
        capture_output=True,
        check=True,
    )
    destination = root / "static" / BUNDLE
    bundle_folder = posixpath.dirname(BUNDLE)
    parts = []
    for part in json.loads(answer.stdout):
        path = Path(part["file"]).relative_to("static").as_posix()
        css = CHARSET.sub("", part["css"])  # allowed only at the very start of a file
        css = _rewrite_urls(css, path, lambda p: posixpath.relpath(p, bundle_folder))
        parts.append(f"/* {path} */\n{css.strip()}\n")
    destination.write_text("".join(parts), encoding="utf-8")
    return destination


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
            original.write_text(
                _rewrite_urls(text, path, _to_hashed(paths, path)), encoding="utf-8"
            )
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
    """``make``'s step: the stylesheet, then the hashed and compressed copy of static/."""
    arguments: list[Any] = list(sys.argv[1:] if argv is None else argv)
    source = Path(arguments[0]) if arguments else SOURCE
    destination = Path(arguments[1]) if len(arguments) > 1 else BUILD
    subset_fonts()
    bundle = bundle_css()
    print(f"{bundle.relative_to(BASE_DIR)}: {bundle.stat().st_size // 1024} KB")
    build(source, destination)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
