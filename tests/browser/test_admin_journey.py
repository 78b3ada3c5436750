"""A city sets up its own masterplan without code: the administrator creates "Masterplan
Digitale Gesundheit" with three fields of action, fills in the website's legal details,
names a planner and opens the collection; a citizen proposes and votes; the masterplan shows
up on the home page, in the API, the exports and the council report; archived, it becomes
read-only; its process template, imported under a new address, reproduces its structure.
An organisation admin invites a colleague, who accepts and votes in the organisation's
group. axe-core on every administration page on the way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.browser.conftest import axe_violations
from tests.browser.test_account_journey import outbox_link
from tests.browser.test_participation_journey import sign_in

TITLE = "Masterplan Digitale Gesundheit"
FIELDS = (
    "Digitale Gesundheitsdienste",
    "Telemedizin in den Stadtteilen",
    "Gesundheitsdaten und Datenschutz",
)
PROPOSAL = "Online-Termine beim Gesundheitsamt"
COPY_SLUG = "digitale-gesundheit-2030"

# Administration → Website: what the Impressum and the Datenschutz page are built from.
SITE = {
    "Betreiber": "Stadt Dortmund",
    "Postanschrift": "Friedensplatz 1\n44135 Dortmund",
    "E-Mail-Adresse": "beteiligung@stadtdo.invalid",
    "Telefon": "0231 50-0",
    "Vertretungsberechtigt": "Oberbürgermeister Alexander Kalouti",
    "Inhaltlich verantwortlich (§ 18 Abs. 2 MStV)": "Dr. Ina Weskamp, Friedensplatz 1",
    "Datenschutzbeauftragte Person": "Datenschutzbeauftragte der Stadt Dortmund, Olpe 1",
    "Zuständige Datenschutz-Aufsichtsbehörde": "Landesbeauftragte für Datenschutz NRW",
}
IMPRINT_SECTIONS = (
    "Anbieter",
    "Vertretungsberechtigt",
    "Kontakt",
    "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
    "Datenschutz",
)
PRIVACY_SECTIONS = (
    "Verantwortliche Stelle",
    "Datenschutzbeauftragte Person",
    "Was wir verarbeiten, warum und auf welcher Rechtsgrundlage",
    "Empfänger",
    "Wie lange Daten gespeichert werden",
    "Cookies und Speicher im Browser",
    "Ihre Rechte",
    "Beschwerderecht",
)


def _context(browser: Any, live_server: str, **options: Any) -> Any:
    context = browser.new_context(base_url=live_server, locale="de-DE", **options)
    context.set_default_timeout(15_000)
    return context


def test_an_admin_sets_up_a_masterplan_that_citizens_use_and_archives_it(
    browser: Any, live_server: str, live_database: str, tmp_path: Path
) -> None:
    admin_context = _context(browser, live_server, accept_downloads=True)
    citizen_context = _context(browser, live_server)
    admin, citizen = admin_context.new_page(), citizen_context.new_page()
    try:
        sign_in(admin, "admin@demo.invalid")

        # Create the masterplan; its address is proposed from the title.
        admin.goto("/admin")
        admin.get_by_role("link", name="Masterpläne", exact=True).first.click()
        assert axe_violations(admin) == []
        create = admin.locator("form", has=admin.get_by_role("button", name="Masterplan anlegen"))
        create.get_by_label("Titel").fill(TITLE)
        create.get_by_label("Zusammenfassung").fill(
            "Wie Dortmund **Gesundheitsdienste** digital und für alle erreichbar macht."
        )
        create.get_by_label("Federführende Stelle").fill("Gesundheitsamt")
        create.get_by_role("button", name="Masterplan anlegen").click()
        admin.get_by_role("heading", level=1, name=TITLE).wait_for()
        slug = admin.url.rstrip("/").rsplit("/", 1)[1]
        assert re.fullmatch(r"[a-z0-9-]*gesundheit", slug), admin.url
        assert axe_violations(admin) == []

        # Three fields of action.
        admin.get_by_role("link", name=re.compile(r"^Handlungsfelder")).first.click()
        for field in FIELDS:
            form = admin.locator(
                "form", has=admin.get_by_role("button", name="Handlungsfeld anlegen")
            )
            form.get_by_label("Titel").fill(field)
            form.get_by_role("button", name="Handlungsfeld anlegen").click()
            admin.locator("main ol > li h2", has_text=field).wait_for()
        listed = admin.locator("main ol > li h2").all_inner_texts()
        assert [re.sub(r"^\d+\.\s*", "", text).strip() for text in listed] == list(FIELDS)
        assert axe_violations(admin) == []

        # The website's legal details: the warning on every admin page goes away.
        admin.goto("/admin")
        warning = admin.get_by_text("Impressum und Datenschutzhinweise sind unvollständig")
        assert warning.count() == 1
        admin.get_by_role("link", name="Website", exact=True).first.click()
        assert axe_violations(admin) == []
        for label, value in SITE.items():
            admin.get_by_label(label, exact=False).first.fill(value)
        admin.get_by_role("button", name="Website-Einstellungen speichern").click()
        admin.wait_for_load_state()
        assert warning.count() == 0

        # A planner, then the collection opens.
        admin.goto(f"/planning/{slug}/settings")
        assert axe_violations(admin) == []
        choose = admin.get_by_label("Planerin oder Planer hinzufügen")
        planner = choose.locator("option", has_text="planung.verwaltung@demo.invalid")
        choose.select_option(planner.get_attribute("value"))
        admin.get_by_role("button", name="Als Planerin oder Planer hinzufügen").click()
        planners = admin.locator("#planners").locator("xpath=..")
        planners.get_by_text("planung.verwaltung@demo.invalid").wait_for()
        admin.get_by_label("Phase", exact=True).select_option(label="Vorschläge sammeln")
        admin.get_by_role("button", name="Phase setzen").click()
        admin.wait_for_load_state()
        admin.goto(f"/masterplans/{slug}")
        assert "Vorschläge sammeln" in admin.locator("main").inner_text()

        # A citizen finds it on the home page, proposes and votes.
        sign_in(citizen, "buergerin@demo.invalid")
        citizen.get_by_role("link", name=TITLE).first.click()
        citizen.wait_for_url(f"**/masterplans/{slug}")
        assert citizen.locator("strong", has_text="Gesundheitsdienste").is_visible()
        citizen.get_by_role("link", name="Vorschlag einreichen").first.click()
        citizen.get_by_label("Titel").fill(PROPOSAL)
        citizen.get_by_label("Text").fill("Termine beim Gesundheitsamt online buchen können.")
        citizen.get_by_label("Handlungsfeld").select_option(label=FIELDS[0])
        citizen.get_by_role("button", name=re.compile("einreichen")).last.click()
        citizen.wait_for_url(re.compile(r".*/proposals/\d+$"))
        proposal_url = citizen.url
        proposal_id = int(proposal_url.rsplit("/", 1)[1])
        citizen.locator("#vote-box").get_by_role("button", name="Unterstützen").click()
        citizen.locator("#vote-box button[aria-pressed=true]").wait_for()

        # The API, the exports and the council report carry it.
        listing = admin.request.get("/api/v1/masterplans").json()
        ours = [item for item in listing["masterplans"] if item["slug"] == slug]
        assert ours and ours[0]["title"] == TITLE and ours[0]["archived"] is False
        proposals = admin.request.get(f"/api/v1/masterplans/{slug}/proposals").json()
        assert [p["title"] for p in proposals["proposals"]] == [PROPOSAL]
        admin.goto(f"/planning/{slug}")
        admin.get_by_role("link", name="Exportieren (CSV, Excel, JSON, Markdown)").click()
        admin.get_by_label("CSV für Excel (Deutsch)", exact=True).check()
        with admin.expect_download() as download:
            admin.get_by_role("button", name="Datei herunterladen").click()
        exported = Path(download.value.path()).read_bytes().decode("utf-8-sig")
        assert PROPOSAL in exported
        admin.goto("/reports/council")
        report = admin.locator("main").inner_text()
        assert TITLE in report and PROPOSAL in report
        assert TITLE in admin.request.get("/reports/council.md").text()

        # The process template, downloaded before the archive.
        admin.goto(f"/admin/masterplans/{slug}")
        with admin.expect_download() as download:
            admin.get_by_role("link", name=re.compile("Prozessvorlage herunterladen")).click()
        template = tmp_path / "vorlage.json"
        download.value.save_as(template)
        original = json.loads(template.read_text(encoding="utf-8"))
        assert [f["title"] for f in original["fields_of_action"]] == list(FIELDS)
        assert "buergerin" not in template.read_text(encoding="utf-8")
        assert PROPOSAL not in template.read_text(encoding="utf-8")

        # Archived: off the home page, on the archive page, read-only, every link kept.
        admin.get_by_role("button", name="Masterplan archivieren").click()
        confirm = admin.get_by_role("button", name=re.compile("archivieren"))
        if confirm.count():  # a confirmation step
            confirm.last.click()
        admin.wait_for_load_state()
        citizen.goto("/")
        assert citizen.get_by_role("link", name=TITLE).count() == 0
        citizen.goto("/archiv")
        assert citizen.get_by_role("link", name=TITLE).count() == 1
        citizen.goto(proposal_url)
        assert citizen.get_by_role("heading", level=1).inner_text().startswith(PROPOSAL)
        assert citizen.locator("#vote-box").get_by_role("button").count() == 0
        citizen.goto(f"/masterplans/{slug}")
        assert citizen.get_by_role("link", name="Vorschlag einreichen").count() == 0
        refused = citizen.request.post(
            f"/proposals/{proposal_id}/vote", form={"value": "-1"}, max_redirects=0
        )
        assert refused.status >= 400
        api = admin.request.get(f"/api/v1/masterplans/{slug}").json()
        assert api["archived"] is True
        assert axe_violations(citizen) == []

        # The template, imported under a new address, reproduces the structure.
        admin.goto("/admin/masterplans")
        upload = admin.locator(
            "form", has=admin.get_by_role("button", name="Aus der Vorlage anlegen")
        )
        upload.get_by_label("Prozessvorlage (.json)").set_input_files(str(template))
        upload.get_by_label("Neue Adresse").fill(COPY_SLUG)
        upload.get_by_role("button", name="Aus der Vorlage anlegen").click()
        admin.get_by_role("heading", level=1, name=TITLE).wait_for()
        copy = admin.request.get(f"/planning/{COPY_SLUG}/process.json").json()
        assert copy["masterplan"].pop("slug") == COPY_SLUG
        assert original["masterplan"].pop("slug") == slug
        assert copy == original

        # The copy holds nothing yet, so it can be deleted behind a confirmation.
        admin.goto(f"/admin/masterplans/{COPY_SLUG}")
        admin.get_by_role("link", name=re.compile("löschen")).first.click()
        assert axe_violations(admin) == []
        admin.get_by_role("button", name="Masterplan löschen").click()
        assert admin.url.endswith("/delete")  # not without the confirmation
        admin.get_by_label(re.compile("endgültig löschen")).check()
        admin.get_by_role("button", name="Masterplan löschen").click()
        admin.wait_for_url("**/admin/masterplans")
        assert admin.request.get(f"/masterplans/{COPY_SLUG}").status == 404

        # The legal pages hold every section, with what the admin filled in.
        legal = (("/impressum", IMPRINT_SECTIONS), ("/datenschutz", PRIVACY_SECTIONS))
        for path, sections in legal:
            citizen.goto(path)
            headings = " | ".join(citizen.locator("main h2, main h3").all_inner_texts())
            for section in sections:
                assert section in headings, (path, section, headings)
            text = citizen.locator("main").inner_text()
            assert "Angabe fehlt" not in text, path
            assert "Stadt Dortmund" in text and "Friedensplatz 1" in text
            assert axe_violations(citizen) == []
        privacy = citizen.locator("main").inner_text()
        for name in ("session", "csrf", "flash"):
            assert name in privacy
        assert "Landesbeauftragte für Datenschutz NRW" in privacy
    finally:
        admin_context.close()
        citizen_context.close()


def test_an_organisation_admin_invites_a_colleague_who_votes_in_its_group(
    browser: Any, live_server: str, live_database: str
) -> None:
    org_admin_context = _context(browser, live_server)
    colleague_context = _context(browser, live_server)
    org_admin, colleague = org_admin_context.new_page(), colleague_context.new_page()
    email = "k.schulte@ihk-do.invalid"
    try:
        sign_in(org_admin, "ihk.luetkehaus@demo.invalid")
        org_admin.goto("/organizations/ihk-dortmund/members")
        assert axe_violations(org_admin) == []
        invite = org_admin.locator(
            "form", has=org_admin.get_by_role("button", name="Einladung senden")
        )
        invite.get_by_label("E-Mail-Adresse").fill(email)
        invite.get_by_role("button", name="Einladung senden").click()
        org_admin.locator("main").get_by_text(email).first.wait_for()

        link = outbox_link(live_database, email, r"/account/invitation/\S+")
        colleague.goto(link)
        assert axe_violations(colleague) == []
        colleague.get_by_label("Öffentlicher Anzeigename").fill("Katrin Schulte")
        colleague.get_by_label("Passwort", exact=True).fill("gesundheit-digital-2030")
        colleague.get_by_label("Passwort wiederholen").fill("gesundheit-digital-2030")
        colleague.get_by_label(re.compile("Datenschutzhinweise gelesen")).check()
        colleague.get_by_role("button", name="Einladung annehmen").click()
        colleague.wait_for_url("**/account/login?*")  # a new account signs in once
        colleague.get_by_label("E-Mail-Adresse").fill(email)
        colleague.get_by_label("Passwort").fill("gesundheit-digital-2030")
        colleague.get_by_role("button", name="Anmelden").click()
        colleague.wait_for_url("**/account/profile")

        # She votes; the vote counts in the chambers' group.
        listed = colleague.request.get("/api/v1/masterplans/digitale-wirtschaft/proposals")
        proposal_id = next(
            p["id"] for p in listed.json()["proposals"] if p["organization"] != "ihk-dortmund"
        )
        colleague.goto(f"/proposals/{proposal_id}")
        before = colleague.request.get(f"/api/v1/proposals/{proposal_id}").json()
        colleague.locator("#vote-box").get_by_role("button", name="Unterstützen").click()
        colleague.locator("#vote-box button[aria-pressed=true]").wait_for()
        after = colleague.request.get(f"/api/v1/proposals/{proposal_id}").json()

        def chambers(data: dict[str, Any]) -> int:
            groups = data["groups"]
            return next(g["supports"] for g in groups if g["group"] == "chambers")

        assert chambers(after) == chambers(before) + 1

        org_admin.reload()
        members = org_admin.locator("main").inner_text()
        assert "Katrin Schulte" in members
    finally:
        org_admin_context.close()
        colleague_context.close()
