"""A council member opens the report: its charts are drawn and it passes axe-core. A planner
issues it, answers a proposal, issues it again, and the second report names the change in
every copy."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from tests.browser.conftest import axe_violations
from tests.browser.test_participation_journey import sign_in

SLUG = "digitale-stadtverwaltung"


def test_the_council_report_shows_its_charts_and_passes_axe(browser: Any, live_server: str) -> None:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    page = context.new_page()
    try:
        page.goto("/reports/council")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Ratsbericht")
        charts = page.locator(".chart[role=img]")
        assert charts.count() == 9  # three per masterplan
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 20
        assert charts.nth(0).locator("rect.chart__bar").count() > 0
        assert axe_violations(page) == []
        page.get_by_label("Masterplan", exact=True).select_option(
            label="Masterplan Digitale Bildung"
        )
        page.get_by_role("button", name="Anzeigen").click()
        page.wait_for_url("**/reports/council?masterplan=digitale-bildung")
        assert page.locator(".chart[role=img]").count() == 3
        assert axe_violations(page) == []
    finally:
        context.close()


def _issue(page: Any) -> str:
    page.goto(f"/reports/council?masterplan={SLUG}")
    page.get_by_role("button", name="Diesen Bericht herausgeben").click()
    page.wait_for_url(re.compile(r".*/reports/council/\d+$"))
    assert "Herausgegeben am" in page.locator("main").inner_text()
    return str(page.url)


def _answer_a_proposal(page: Any) -> tuple[str, str]:
    """Set the first listed proposal's status with an official response, through the UI;
    its title and new status."""
    page.goto(f"/masterplans/{SLUG}/proposals")
    link = page.locator("article.proposal-item h3 a").first
    title = link.inner_text().strip()
    link.click()
    page.get_by_role("link", name="Status und offizielle Antwort").click()
    current = page.locator("main").inner_text()
    status = "In Prüfung" if "Aktueller Status: Nicht übernommen" in current else "Nicht übernommen"
    page.get_by_label(status, exact=True).check()
    page.get_by_label("Öffentliche Antwort").fill("Der Rat hat darüber beraten; Begründung folgt.")
    page.get_by_role("button", name="Status und Antwort speichern").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+$"))
    return title, status


def test_a_planner_issues_two_reports_and_the_second_names_the_status_change(
    browser: Any, live_server: str
) -> None:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in(page, "planung.verwaltung@demo.invalid")
        first = _issue(page)
        title, status = _answer_a_proposal(page)
        second = _issue(page)

        changes = page.locator(
            "section", has=page.get_by_role("heading", name="Änderungen seit dem vorigen Bericht")
        )
        row = changes.get_by_role("row", name=re.compile(re.escape(title)))
        assert status in row.inner_text()
        assert axe_violations(page) == []
        listing = page.locator(
            "section", has=page.get_by_role("heading", name="Herausgegebene Berichte")
        )
        assert (
            listing.get_by_role(
                "link", name=re.compile(r"Ratsbericht vom .*, \d\d:\d\d Uhr")
            ).count()
            >= 2
        )

        for url in (first, second):
            markdown = context.request.get(f"{url}.md")
            assert markdown.ok and markdown.headers["content-type"].startswith("text/markdown")
            pdf = context.request.get(f"{url}.pdf")
            assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
            assert re.search(
                r'filename="ratsbericht-.*-\d{4}-\d\d-\d\d-\d{4}\.pdf"',
                pdf.headers["content-disposition"],
            )
        text = context.request.get(f"{second}.md").text()
        assert re.search(rf"\| {re.escape(title)} \| [^|]+ \| {status} \|", text)
        pdf_text = "\n".join(
            p.extract_text()
            for p in PdfReader(io.BytesIO(context.request.get(f"{second}.pdf").body())).pages
        )
        assert "Vorschläge mit neuem Status" in pdf_text and status in pdf_text
    finally:
        context.close()
