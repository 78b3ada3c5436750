"""Debian's Chromium driven by Playwright against the live server (tests/live.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from participation.settings import BASE_DIR
from tests.live import live_database, live_server

__all__ = ["live_database", "live_server"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = not Path(CHROMIUM).exists()
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if missing and not os.environ.get("REQUIRE_BROWSER"):
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
                    )
                )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(live_server: str, browser: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.foreign_requests = []  # type: ignore[attr-defined]

    def record(request: Any) -> None:
        if not request.url.startswith((live_server, "data:")):
            page.foreign_requests.append(request.url)  # type: ignore[attr-defined]

    page.on("request", record)
    yield page
    context.close()


@pytest.fixture
def contexts(browser: Any, live_server: str) -> Iterator[Any]:
    """A page in a browser context of its own per call (one person each: their own cookies),
    German, with ``new_context`` options (a phone's viewport, say); all closed afterwards."""
    opened: list[Any] = []

    def new_page(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server, locale="de-DE", **options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context.new_page()

    yield new_page
    for context in opened:
        context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (from the npm registry, installed by the build) on the current page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
