"""A planner of Digitale Stadtverwaltung writes a section, links two proposals to it from
the ranked input and publishes the version; a citizen then finds the link on the proposal
and under the section. axe-core on every planning and traceability page on the way."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.browser.conftest import axe_violations
from tests.browser.test_participation_journey import sign_in

SLUG = "digitale-stadtverwaltung"
SECTION = "Beteiligung digital und barrierefrei"


def test_a_planner_links_input_into_the_draft_and_a_citizen_finds_it(
    browser: Any, live_server: str
) -> None:
    planner_context = browser.new_context(base_url=live_server, locale="de-DE")
    citizen_context = browser.new_context(base_url=live_server, locale="de-DE")
    planner_context.set_default_timeout(15_000)
    citizen_context.set_default_timeout(15_000)
    planner, citizen = planner_context.new_page(), citizen_context.new_page()
    try:
        sign_in(planner, "planung.verwaltung@demo.invalid")
        planner.get_by_role("link", name="Planung", exact=True).first.click()
        assert axe_violations(planner) == []

        # The draft editor: a working version with a new section.
        planner.goto(f"/planning/{SLUG}/draft")
        start = planner.get_by_role("button", name="Neue Version beginnen")
        if start.count():
            start.click()
        add = planner.locator(
            "form", has=planner.get_by_role("button", name="Abschnitt hinzufügen")
        )
        add.get_by_label("Titel").fill(SECTION)
        add.get_by_label("Text").fill("Jede Beteiligung der Stadt ist online und barrierefrei.")
        add.get_by_role("button", name="Abschnitt hinzufügen").click()
        planner.get_by_role("heading", name=re.compile(SECTION)).first.wait_for()
        assert axe_violations(planner) == []

        # The ranked input: two proposals go into the new section.
        planner.goto(f"/planning/{SLUG}?sort=balanced")
        assert axe_violations(planner) == []
        rows = planner.locator("article.proposal-item")
        titles = []
        for index in range(2):
            row = rows.nth(index)
            titles.append(row.locator("h3").inner_text().strip())
            row.get_by_label("Abschnitt").select_option(label=SECTION)
            row.get_by_label("Art der Aufnahme").select_option(label="Übernommen")
            row.get_by_label("Notiz").fill("Im Abschnitt zur digitalen Beteiligung aufgenommen.")
            row.get_by_role("button", name=re.compile("Mit Abschnitt verknüpfen")).click()
            rows.nth(index).get_by_text(f"„{SECTION}“").wait_for()
        assert axe_violations(planner) == []

        # Publishing freezes the version; it is public from now on.
        planner.goto(f"/planning/{SLUG}/draft")
        planner.get_by_label("Was sich geändert hat").fill("Neuer Abschnitt zur Beteiligung.")
        planner.get_by_role("button", name=re.compile("veröffentlichen")).click()
        planner.get_by_text("Veröffentlichte Versionen").wait_for()

        # A citizen finds the link from both ends.
        sign_in(citizen, "jana.brosowski@demo.invalid")
        citizen.goto(f"/masterplans/{SLUG}/draft")
        section = citizen.locator("section", has=citizen.get_by_role("heading", name=SECTION))
        for title in titles:
            assert section.get_by_role("link", name=title).first.is_visible()
        assert axe_violations(citizen) == []
        section.get_by_role("link", name=titles[0]).first.click()
        went = citizen.locator("section", has_text="Im Masterplan-Entwurf")
        assert SECTION in went.inner_text()
        assert "Übernommen" in went.inner_text()
        assert axe_violations(citizen) == []
        for path in (
            f"/masterplans/{SLUG}/draft/compare",
            f"/masterplans/{SLUG}/outcomes",
            f"/masterplans/{SLUG}/ranking?score=consensus",
            f"/masterplans/{SLUG}/projects",
        ):
            citizen.goto(path)
            assert axe_violations(citizen) == [], path
    finally:
        planner_context.close()
        citizen_context.close()


EXPORTS = {
    "CSV für Excel (Deutsch)": "-excel-deutsch.csv",
    "CSV (UTF-8, international)": "-utf8-international.csv",
    "Excel-Arbeitsmappe (XLSX)": ".xlsx",
    "JSON": ".json",
    "Markdown": ".md",
}


def _check_file(label: str, path: Path) -> None:
    """Each file is what its label says."""
    raw = path.read_bytes()
    if label.startswith("CSV"):
        german = "Deutsch" in label
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(
            csv.reader(
                io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";" if german else ","
            )
        )
        score = rows[1][rows[0].index("Rangwert")]
        assert re.fullmatch(r"0[,]\d{4}" if german else r"0[.]\d{4}", score), score
        assert all(len(row) == len(rows[0]) for row in rows)
    elif label.startswith("Excel"):
        workbook = load_workbook(io.BytesIO(raw))
        assert workbook.sheetnames[:2] == ["Erläuterungen", "Alle Vorschläge"]
    elif label == "JSON":
        assert json.loads(raw)["masterplan"]["slug"] == SLUG
    else:
        assert raw.decode().startswith("# Masterplan Digitale Stadtverwaltung")


def test_a_planner_finds_every_export_in_one_click_and_downloads_each(
    browser: Any, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(base_url=live_server, locale="de-DE", accept_downloads=True)
    context.set_default_timeout(15_000)
    planner = context.new_page()
    try:
        sign_in(planner, "planung.verwaltung@demo.invalid")
        planner.goto(f"/planning/{SLUG}")
        planner.get_by_role("link", name="Exportieren (CSV, Excel, JSON, Markdown)").click()
        planner.get_by_role(
            "heading", name=re.compile("Bewertete Vorschläge exportieren")
        ).wait_for()
        assert axe_violations(planner) == []
        for label, suffix in EXPORTS.items():
            planner.get_by_label(label, exact=True).check()
            with planner.expect_download() as started:
                planner.get_by_role("button", name="Datei herunterladen").click()
            download = started.value
            assert download.suggested_filename.endswith(suffix), download.suggested_filename
            path = tmp_path / download.suggested_filename
            download.save_as(path)
            _check_file(label, path)
    finally:
        context.close()
