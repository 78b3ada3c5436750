"""DSGVO: no page and no served file makes the browser contact another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import httpx

from participation.demo.seed import seed_demo
from participation.settings import BASE_DIR

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "poster", "data", "formaction"}
# Outgoing hyperlinks a person clicks are fine; resources the browser loads by itself are not.
LOADED_BY_BROWSER = {
    "script",
    "link",
    "img",
    "iframe",
    "source",
    "video",
    "audio",
    "object",
    "embed",
    "form",
    "input",
    "track",
}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                (self.loaded if tag in LOADED_BY_BROWSER else self.links).append(value)
        style = dict(attrs).get("style")
        if style:
            self.loaded.append(style)


def is_foreign(url: str) -> bool:
    return bool(re.match(r"^\s*(https?:)?//", url, re.IGNORECASE))


async def _crawl(client: httpx.AsyncClient, start: str, limit: int = 60) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        response = await client.get(path)
        seen[path] = response.text
        collector = _Collector()
        collector.feed(response.text)
        for link in collector.links + collector.loaded:
            if link.startswith("/") and not link.startswith("//") and "/static/" not in link:
                queue.append(link.split("#")[0].replace("&amp;", "&"))
    return seen


async def test_no_served_page_references_another_host(client: httpx.AsyncClient) -> None:
    await seed_demo()
    pages = await _crawl(client, "/")
    assert len(pages) > 20  # home, masterplans, lists, proposals, legal pages were reached
    offenders = {}
    for path, html in pages.items():
        collector = _Collector()
        collector.feed(html)
        foreign = [url for url in collector.loaded if is_foreign(url) or "url(" in url]
        if foreign:
            offenders[path] = foreign
    assert offenders == {}


def test_served_style_sheets_and_scripts_load_nothing_from_another_host() -> None:
    static = BASE_DIR / "static"
    files = [p for p in static.rglob("*") if p.suffix in (".css", ".js")]
    assert any(p.name == "kern.min.css" for p in files), "run `make vendor` first"
    offenders = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", text):
            offenders.append((str(path.relative_to(static)), match.group(1)))
        for match in re.finditer(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\")]+)", text):
            offenders.append((str(path.relative_to(static)), match.group(1)))
    assert offenders == []


def test_templates_load_nothing_from_another_host() -> None:
    pattern = re.compile(
        r'<(script|link|img|iframe|source)[^>]*(src|href)="(https?:)?//', re.IGNORECASE
    )
    offenders = [
        str(p)
        for p in Path(BASE_DIR / "templates").rglob("*.html")
        if pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
