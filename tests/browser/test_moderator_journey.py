"""A moderator's morning: publishes pending contributions, hides a reported comment with a
reason its author then sees, finds the BürgerApp proposal submitted twice at the top of the
likely duplicates, merges it after reading what will happen and undoes the merge from the
kept proposal; axe on every moderation page."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tests.browser.conftest import axe_violations
from tests.browser.test_participation_journey import sign_in

TWICE = "Digitales Gründerzentrum auf Phoenix West"  # a demo proposal's title


def test_moderator_publishes_hides_and_merges(browser: Any, live_server: str) -> None:
    citizen_context = browser.new_context(base_url=live_server, locale="de-DE")
    moderator_context = browser.new_context(base_url=live_server, locale="de-DE")
    citizen_context.set_default_timeout(15_000)
    moderator_context.set_default_timeout(15_000)
    citizen, moderator = citizen_context.new_page(), moderator_context.new_page()
    try:
        # The moderator makes citizens' contributions to Digitale Stadtverwaltung wait.
        sign_in(moderator, "moderation@demo.invalid")
        moderator.get_by_role("link", name="Moderation", exact=True).click()
        assert axe_violations(moderator) == []
        moderator.goto("/moderation/pending")
        assert axe_violations(moderator) == []
        # What waits is set on the masterplan's settings page.
        moderator.locator('section[aria-labelledby="settings-heading"]').get_by_role(
            "link", name="Masterplan Digitale Stadtverwaltung"
        ).click()
        assert axe_violations(moderator) == []
        settings = moderator.get_by_role("group", name="Gruppen mit Vorabprüfung")
        settings.get_by_label("Bürgerinnen und Bürger").check()
        moderator.get_by_role("button", name="Moderationseinstellungen speichern").click()
        moderator.get_by_text("Gespeichert.").wait_for()

        # A citizen comments on a BürgerApp proposal: it waits.
        sign_in(citizen, "jana.brosowski@demo.invalid")
        citizen.goto("/masterplans/digitale-stadtverwaltung/proposals?q=BürgerApp")
        citizen.locator("#proposal-results ol a").first.click()
        citizen.get_by_label("Ihr Kommentar").fill("Bitte auch in Leichter Sprache anbieten.")
        citizen.get_by_role("button", name="Kommentar veröffentlichen").click()
        citizen.get_by_text("wartet auf die Moderation").first.wait_for()

        # She submits an idea that is there already, under the very same title.
        commented = citizen.url
        citizen.goto("/masterplans/digitale-wirtschaft/proposals/new")
        citizen.get_by_label("Titel").fill(TWICE)
        citizen.get_by_label("Text").fill("Flächen und Beratung für Gründungen aus der TU.")
        citizen.get_by_label("Handlungsfeld").select_option(
            label="Kompetenz-, Gründungs- und Serviceeinrichtungen"
        )
        citizen.get_by_role("button", name=re.compile("einreichen")).last.click()
        # The form shows the proposal with the same title; she submits hers all the same.
        citizen.get_by_role("button", name="Meinen Vorschlag trotzdem einreichen").click()
        citizen.wait_for_url(re.compile(r".*/proposals/\d+$"))
        citizen.goto(commented)

        # The moderator publishes the comment from the queue.
        moderator.goto("/moderation/pending")
        row = moderator.locator("tr", has_text="Leichter Sprache")
        row.get_by_role("button", name=re.compile("Veröffentlichen")).click()
        moderator.get_by_text("Veröffentlicht.", exact=True).wait_for()
        citizen.reload()
        comment = citizen.locator("#comments li", has_text="Leichter Sprache").first
        assert "wartet auf die Moderation" not in comment.inner_text()

        # Someone reports it; the moderator hides it with a reason; the author sees why.
        sign_in(moderator, "moderation@demo.invalid")
        moderator.goto(citizen.url)
        moderator.locator("#comments li", has_text="Leichter Sprache").get_by_role(
            "link", name=re.compile("Melden")
        ).first.click()
        assert axe_violations(moderator) == []
        moderator.get_by_label("Warum sollte die Moderation es sich ansehen?").select_option(
            "off_topic"
        )
        moderator.get_by_role("button", name="Meldung senden").click()
        moderator.goto("/moderation")
        assert axe_violations(moderator) == []
        group = moderator.locator("section.report-group", has_text="Leichter Sprache")
        group.get_by_label("Grund, den die verfassende Person sieht").fill(
            "Bitte beim Thema des Vorschlags bleiben."
        )
        group.get_by_role("button", name=re.compile("^Ausblenden")).click()
        # htmx swaps the group for its result line in place.
        moderator.get_by_role("status").filter(has_text="Ausgeblendet.").wait_for()
        assert axe_violations(moderator) == []
        citizen.reload()
        hidden = citizen.locator("#comments li", has_text="Leichter Sprache").first
        assert "Bitte beim Thema des Vorschlags bleiben." in hidden.inner_text()

        # The same title twice comes first among the likely duplicates. The moderator reads
        # what a merge would do, confirms it, and undoes it again from the kept proposal.
        moderator.goto("/moderation/duplicates?masterplan=digitale-wirtschaft")
        assert axe_violations(moderator) == []
        pair = moderator.locator("li.duplicate-pair").first
        assert "Gleicher Titel" in pair.inner_text()
        assert pair.inner_text().count(TWICE) == 2
        pair.get_by_role("button", name="Zusammenführen …").click()
        moderator.wait_for_url(re.compile(r".*/moderation/merge\?"))
        assert moderator.get_by_role("heading", name="Was geschehen wird").is_visible()
        assert axe_violations(moderator) == []
        moderator.get_by_label("Grund").fill("Zweimal eingereicht.")
        moderator.get_by_role("button", name="Jetzt zusammenführen").click()
        moderator.wait_for_url(re.compile(r".*/proposals/\d+#lineage$"))
        kept_url = moderator.url.split("#")[0]
        assert TWICE in moderator.locator("#lineage").inner_text()
        assert axe_violations(moderator) == []
        with moderator.expect_navigation():
            moderator.locator("#lineage").get_by_role(
                "button", name="Zusammenführung rückgängig machen"
            ).click()
        moderator.get_by_text("Die Zusammenführung ist rückgängig gemacht.").wait_for()
        assert moderator.locator("#lineage").count() == 0
        assert moderator.url.split("#")[0] == kept_url

        # Two proposals about one BürgerApp become one, after the same confirmation.
        moderator.goto("/moderation/duplicates?masterplan=digitale-stadtverwaltung")
        pair = moderator.locator("li.duplicate-pair", has_text="BürgerApp").first
        pair.get_by_role("button", name="Zusammenführen …").click()
        moderator.get_by_role("button", name="Jetzt zusammenführen").click()
        moderator.wait_for_url(re.compile(r".*/proposals/\d+#lineage$"))
        assert moderator.locator("#lineage").is_visible()
        target_url = moderator.url.split("#")[0]

        # The merged proposal gets an official response; a visitor reads it.
        moderator.get_by_role("link", name="Status und offizielle Antwort").click()
        assert axe_violations(moderator) == []
        moderator.get_by_label("In Prüfung").check()
        moderator.get_by_label("Öffentliche Antwort").fill(
            "Das Amt für Digitalisierung prüft eine gemeinsame BürgerApp bis Ende 2027."
        )
        moderator.get_by_role("button", name="Status und Antwort speichern").click()
        moderator.wait_for_url(target_url)
        visitor = browser.new_context(base_url=live_server, locale="de-DE").new_page()
        visitor.goto(target_url)
        assert visitor.locator("#official-response", has_text="gemeinsame BürgerApp").is_visible()
        assert visitor.locator("#status-history", has_text="In Prüfung").is_visible()
        assert axe_violations(visitor) == []
        visitor.context.close()

        # Its title is made clearer; the original stays on the page.
        moderator.get_by_role("link", name="Verschieben oder Titel bearbeiten").click()
        assert axe_violations(moderator) == []
        original = moderator.get_by_label("Titel", exact=True).input_value()
        moderator.get_by_label("Titel", exact=True).fill("Eine BürgerApp für alle Dienste")
        moderator.get_by_role("button", name="Titel speichern").click()
        moderator.wait_for_url(target_url)
        assert moderator.locator("h1").inner_text() == "Eine BürgerApp für alle Dienste"
        assert original in moderator.locator("main").inner_text()

        # The author is suspended for two weeks: the page then shows until when.
        moderator.get_by_role("link", name="Verfassende Person sperren").click()
        assert axe_violations(moderator) == []
        until = (date.today() + timedelta(days=14)).isoformat()
        moderator.get_by_label("Gesperrt bis").fill(until)
        moderator.get_by_label("Grund", exact=True).fill("Wiederholt beleidigende Kommentare.")
        moderator.get_by_role("button", name="Sperren", exact=True).click()
        moderator.get_by_text("kann sich ab").first.wait_for()
        assert axe_violations(moderator) == []
        # A mistake: the moderator lifts it again (the other journeys share this database).
        moderator.get_by_role("button", name="Sperre aufheben").click()
        moderator.locator("#current-suspension", has_text="nicht gesperrt").wait_for()

        moderator.goto("/moderation/audit")
        assert axe_violations(moderator) == []
        merge_row = moderator.locator("tr", has_text="Zweimal eingereicht.")
        assert merge_row.is_visible()
        # Undone already: the log offers no second undo.
        assert merge_row.get_by_role("button").count() == 0
    finally:
        citizen_context.close()
        moderator_context.close()
