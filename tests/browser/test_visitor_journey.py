"""A visitor reads the platform: home, a masterplan, a proposal, in German and English."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import axe_violations


def test_visitor_follows_a_masterplan_to_a_proposal_in_both_languages(page: Any) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", name="Die Masterpläne").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("main").get_by_role("link", name="Masterplan Digitale Wirtschaft").click()
    page.wait_for_url("**/masterplans/digitale-wirtschaft")
    assert page.get_by_role("heading", name="Handlungsfelder").is_visible()
    assert page.get_by_role("link", name="Glasfaserstrategie").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Alle Vorschläge").click()
    page.wait_for_url("**/masterplans/digitale-wirtschaft/proposals")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Gigabit-Anschluss für alle Gewerbegebiete").click()
    page.wait_for_url("**/proposals/*")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Gigabit-Anschluss für alle Gewerbegebiete"
    )
    assert page.get_by_role("heading", name="Stimmen nach Gruppen").is_visible()
    assert page.get_by_role("rowheader", name="Kammern").is_visible()
    assert axe_violations(page) == []
    proposal_url = page.url

    page.get_by_role("link", name="English").click()
    page.wait_for_url(proposal_url)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Votes by stakeholder group").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(proposal_url)
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("heading", name="Stimmen nach Gruppen").is_visible()
    assert page.foreign_requests == []


def test_the_field_filter_narrows_the_list_without_javascript_help(page: Any) -> None:
    page.goto("/masterplans/digitale-bildung/proposals")
    page.get_by_label("Handlungsfeld", exact=True).select_option(label="Medienkompetenz")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**field=medienkompetenz*")
    assert page.get_by_role("heading", name="Medienkompetenz – nach Rangfolge").is_visible()
    assert axe_violations(page) == []


def test_keyboard_users_can_skip_to_the_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_unknown_pages_and_legal_pages_pass_accessibility_checks(page: Any) -> None:
    for path in ("/gibt-es-nicht", "/impressum", "/datenschutz"):
        page.goto(path)
        assert axe_violations(page) == [], path


def test_the_accessibility_check_itself_catches_a_real_violation(page: Any) -> None:
    """Guards the guard: an image without alternative text must be reported."""
    page.goto("/impressum")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = '/static/favicon.svg';
        document.querySelector('main').appendChild(img);
    }""")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
