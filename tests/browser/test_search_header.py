"""The header's search field on a desktop and a phone: it fits the header, and it finds
"Bürgerbüro" by "Bürgerbüros" across the masterplans (the demo data, on either database)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import axe_violations


@pytest.mark.parametrize("width", [1280, 390])
def test_the_header_search_fits_and_finds_an_inflected_word(page: Any, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    field = page.locator("header").get_by_role("searchbox", name="Suchbegriff")
    button = page.locator("header").get_by_role("button", name="Suchen")
    assert field.is_visible() and button.is_visible()
    # Nothing sticks out sideways, and the button's word stays on one line.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for box in (field.bounding_box(), button.bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert button.bounding_box()["height"] < 2 * field.bounding_box()["height"]
    page.screenshot(path=f"/tmp/search-header-{width}.png")

    field.fill("Bürgerbüros")
    field.press("Enter")
    page.wait_for_url("**/suche?q=*")
    results = page.locator("#found-proposals")
    # Buergerin's demo proposal, whose text names the "Bürgerbüro"; the moderator journey
    # (same live server) may have shortened its title already.
    found = results.get_by_role("link", name=re.compile(r"^Eine BürgerApp für alle"))
    assert found.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
