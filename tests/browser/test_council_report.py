"""A council member opens the report: its charts are drawn and it passes axe-core."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations


def test_the_council_report_shows_its_charts_and_passes_axe(browser: Any, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    page = context.new_page()
    try:
        page.goto("/reports/council")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Ratsbericht")
        charts = page.locator("svg.chart")
        assert charts.count() == 2
        for index in range(2):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 20
            assert charts.nth(index).locator("rect.chart__bar").count() > 0
        assert axe_violations(page) == []
        page.get_by_label("Masterplan", exact=True).select_option(
            label="Masterplan Digitale Bildung"
        )
        page.get_by_role("button", name="Anzeigen").click()
        page.wait_for_url("**/reports/council?masterplan=digitale-bildung")
        assert page.locator("svg.chart").count() == 2
        assert axe_violations(page) == []
    finally:
        context.close()
