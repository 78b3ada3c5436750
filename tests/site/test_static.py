"""Static files under content-hashed names, compressed and cached for a year; pages
compressed too, and never kept by a cache when they belong to a signed-in person.

The app serves what ``make`` built (``build/static``, see participation/site/assets.py);
``make test`` builds it before the tests run."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
import httpx
import pytest

from participation.accounts.models import Role
from participation.site import assets
from tests.auth import sign_in_as
from tests.factories import make_proposal

pytestmark = pytest.mark.usefixtures("db")
LINKED = re.compile(r'(?:href|src)="(/static/[^"]+)"')
IMMUTABLE = "public, max-age=31536000, immutable"


def linked_files(page: str) -> list[str]:
    return LINKED.findall(page)


async def raw_body(client: httpx.AsyncClient, path: str, encoding: str) -> tuple[dict, bytes]:
    request = client.build_request("GET", path, headers={"Accept-Encoding": encoding})
    response = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in response.aiter_raw()])
    await response.aclose()
    return dict(response.headers), body


def test_make_has_built_the_static_files() -> None:
    assert assets.manifest(), "build/static is missing: run `make setup` (the vendor step)"


async def test_every_file_a_page_links_has_a_hashed_name_and_is_kept_a_year(
    client: httpx.AsyncClient,
) -> None:
    files = linked_files((await client.get("/")).text)
    assert (
        files and any(f.endswith(".css") for f in files) and any(f.endswith(".js") for f in files)
    )
    for path in files:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", path), path
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == IMMUTABLE, path
        # A file is the same for everyone: no cookie that would keep shared caches away.
        assert "set-cookie" not in response.headers, path
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_stylesheets_and_scripts_come_compressed_as_the_browser_accepts(
    client: httpx.AsyncClient,
) -> None:
    files = [f for f in linked_files((await client.get("/")).text) if f.endswith((".css", ".js"))]
    for path in files:
        plain_headers, plain = await raw_body(client, path, "identity")
        assert "content-encoding" not in plain_headers
        headers, body = await raw_body(client, path, "gzip, deflate, br")
        assert headers["content-encoding"] == "br" and brotli.decompress(body) == plain, path
        assert "accept-encoding" in headers["vary"].lower()
        headers, body = await raw_body(client, path, "gzip")
        assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain, path
        assert len(body) < len(plain) / 2


async def test_the_unhashed_name_still_answers_with_a_short_lifetime(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert "immutable" not in response.headers["cache-control"]
    assert (await client.get("/static/no-such-file.css")).status_code == 404


async def test_a_page_is_compressed_and_not_kept_by_shared_caches(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Glasfaser für alle Schulen")
    headers, body = await raw_body(client, f"/proposals/{proposal.id}", "gzip, deflate, br")
    assert headers["content-encoding"] == "br"
    assert "Glasfaser für alle Schulen" in brotli.decompress(body).decode()
    assert headers["cache-control"] == "private, no-cache"
    headers, body = await raw_body(client, f"/proposals/{proposal.id}", "gzip")
    assert headers["content-encoding"] == "gzip"
    assert "Glasfaser für alle Schulen" in gzip.decompress(body).decode()


async def test_pages_of_a_signed_in_person_are_never_stored(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    await sign_in_as(client, Role.CITIZEN)
    for path in ("/", f"/proposals/{proposal.id}", "/account/profile", "/account/notifications"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == "private, no-store", path


def test_the_build_points_stylesheets_at_the_hashed_files_they_load(tmp_path: Path) -> None:
    source = tmp_path / "static"
    (source / "fonts").mkdir(parents=True)
    (source / "css").mkdir()
    (source / "fonts" / "Face.woff2").write_bytes(b"wOF2 not really a font")
    (source / "css" / "site.css").write_text(
        '@font-face { src: url("../fonts/Face.woff2") format("woff2"); }\n'
        "a { background: url(data:image/svg+xml,abc); }\n" * 20
    )
    paths = assets.build(source, tmp_path / "build", log=lambda _: None)
    font, css = paths["fonts/Face.woff2"], paths["css/site.css"]
    assert re.fullmatch(r"fonts/Face\.[0-9a-f]{12}\.woff2", font)
    built = (tmp_path / "build" / css).read_text()
    assert f'url("../{font}")' in built and "url(data:image/svg+xml,abc)" in built
    # Text gets its brotli and gzip copies; a font (compressed already) does not.
    assert (tmp_path / "build" / (css + ".br")).exists()
    assert (tmp_path / "build" / (css + ".gz")).exists()
    assert not (tmp_path / "build" / (font + ".br")).exists()
    # Rebuilt from the same files: the same names (a deployment keeps browsers' copies).
    assert assets.build(source, tmp_path / "again", log=lambda _: None) == paths


async def test_one_stylesheet_and_the_preloaded_fonts_are_the_ones_it_loads(
    client: httpx.AsyncClient,
) -> None:
    page = (await client.get("/account/login")).text
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert len(stylesheets) == 1
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', page)
    assert len(preloaded) == 2
    css = (await client.get(stylesheets[0])).text
    assert "font-display: swap" in css or "font-display:swap" in css
    assert '"Fira Sans Fallback"' in css and "size-adjust" in css
    for font in preloaded:
        # Relative to the stylesheet, as the build wrote it: the same file, fetched once.
        name = font.rsplit("/", 1)[1]
        assert name in css, name
        assert (await client.get(font)).headers["content-type"] == "font/woff2"


def _code_points(ranges: str) -> set[int]:
    points: set[int] = set()
    for part in ranges.replace("U+", "").split(","):
        first, _, last = part.strip().partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


async def test_each_character_comes_from_exactly_one_file_of_its_face(
    client: httpx.AsyncClient,
) -> None:
    """Per face, the Latin subset and KERN's complete file share the code points between
    them: none is claimed twice (two downloads), none by neither (a system font)."""
    page = (await client.get("/account/login")).text
    stylesheet = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)[0]
    css = (await client.get(stylesheet)).text
    faces: dict[tuple[str, str], list[set[int]]] = {}
    for rule in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        if '"Fira Sans"' not in rule:
            continue
        weight = re.search(r"font-weight:\s*(\d+)", rule)
        style = re.search(r"font-style:\s*(\w+)", rule)
        ranges = re.search(r"unicode-range:\s*([^;]+)", rule)
        assert weight and style and ranges, rule
        faces.setdefault((weight[1], style[1]), []).append(_code_points(ranges[1]))
    assert len(faces) == 8
    for face, (first, second) in faces.items():
        assert not first & second, face
        assert len(first | second) == 0x110000, face


def test_our_own_texts_never_need_the_complete_font_files() -> None:
    """Every character of the templates, both catalogs and the demo data lies in the Latin
    subset's range, as do the markers Chromium draws for <details> (which Fira Sans lacks):
    a page of ours loads the 20 KB subsets only. Before, an arrow in a sentence or the
    triangle of a <details> made the council report fetch the 140 KB complete SemiBold."""
    root = assets.BASE_DIR
    files = [*root.glob("templates/**/*.html"), *root.glob("participation/locale/*/*/*.po")]
    files += [path for path in root.glob("participation/demo/**/*") if path.is_file()]
    latin = set(assets.subset.parse_unicodes(assets.LATIN))
    outside = {
        f"{character!r} in {path.relative_to(root)}"
        for path in files
        for character in path.read_text(encoding="utf-8")
        if ord(character) not in latin
    }
    assert not outside
    assert {0x25B8, 0x25BE} <= latin  # ▸ ▾, Chromium's disclosure triangles


async def test_a_refused_method_on_a_file_carries_the_security_headers(
    client: httpx.AsyncClient,
) -> None:
    """servestatic answers PUT with its own 405, without the headers of its hook: a browser
    must not sniff such an answer as a page."""
    answer = await client.put("/static/css/app.css")
    assert answer.status_code == 405
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
