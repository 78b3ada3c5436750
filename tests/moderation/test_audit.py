from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from markupsafe import escape

from participation.accounts.models import Role
from participation.forms import ValidationFailed
from participation.moderation import queries as moderation_queries
from participation.moderation import services
from participation.moderation.audit import ACTION_LABELS, SYSTEM_ACTOR
from participation.moderation.models import AuditEntry
from tests.auth import post_form, sign_in_as
from tests.conftest import open_client
from tests.factories import make_comment, make_field, make_proposal, make_user


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


async def _actions() -> list[str]:
    return [entry.action for entry in await AuditEntry.all().order_by("id")]


async def test_every_moderation_action_writes_an_audit_entry(db: None) -> None:
    moderator = await make_user(display_name="Moderatorin Meyer")
    proposal = await make_proposal()
    comment = await make_comment(proposal)
    await services.hide_proposal(proposal=proposal, moderator=moderator, reason="Spam")
    await services.restore_proposal(proposal=proposal, moderator=moderator, reason="Irrtum")
    await services.hide_comment(comment=comment, moderator=moderator, reason="Beleidigung")
    await services.restore_comment(comment=comment, moderator=moderator)
    await services.report(reporter=await make_user(), proposal=proposal, reason="spam")
    await services.dismiss_reports(item=proposal, moderator=moderator)
    assert await _actions() == [
        "proposal.hide",
        "proposal.restore",
        "comment.hide",
        "comment.restore",
        "proposal.dismiss_reports",
    ]
    first = await AuditEntry.all().order_by("id").first()
    assert first is not None
    assert (first.actor_name, first.target_id, first.reason) == (
        "Moderatorin Meyer",
        proposal.id,
        "Spam",
    )


async def test_hiding_after_too_many_reports_is_logged_as_the_system(db: None) -> None:
    proposal = await make_proposal()
    for _ in range(3):
        await services.report(reporter=await make_user(), proposal=proposal, reason="spam")
    entry = await AuditEntry.get(action="proposal.hide")
    assert entry.actor_id is None  # type: ignore[attr-defined]
    assert entry.actor_name == SYSTEM_ACTOR
    assert entry.details["automatic"] is True


async def test_a_refused_hide_leaves_no_audit_entry(db: None) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed):
        await services.hide_proposal(proposal=proposal, moderator=await make_user(), reason="")
    assert await AuditEntry.all().count() == 0


async def test_the_audit_log_filters_by_action_and_actor(client: httpx.AsyncClient) -> None:
    anna, ben = await make_user(display_name="Anna A."), await make_user(display_name="Ben B.")
    first, second = await make_proposal(), await make_proposal()
    await services.hide_proposal(proposal=first, moderator=anna, reason="Grund von Anna")
    await services.hide_proposal(proposal=second, moderator=ben, reason="Grund von Ben")
    await services.restore_proposal(proposal=second, moderator=ben, reason="Rückgängig")
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get("/moderation/audit", params={"action": "proposal.hide", "actor": "ben"})
    assert page.status_code == 200
    assert "Grund von Ben" in page.text
    assert "Grund von Anna" not in page.text
    assert "Rückgängig" not in page.text


async def test_the_audit_log_pages_by_id_newest_first(db: None) -> None:
    for number in range(5):
        await services.record(
            actor=None, action="test.entry", target_type="proposal", target_id=number
        )
    filters = moderation_queries.AuditFilters()
    page, before = await moderation_queries.audit_page(filters, page_size=2)
    assert [entry.target_id for entry in page] == [4, 3]
    page, before = await moderation_queries.audit_page(filters, before, page_size=2)
    assert [entry.target_id for entry in page] == [2, 1]
    page, before = await moderation_queries.audit_page(filters, before, page_size=2)
    assert ([entry.target_id for entry in page], before) == ([0], None)


async def test_the_next_page_link_continues_after_the_last_entry_shown(
    client: httpx.AsyncClient,
) -> None:
    for number in range(moderation_queries.AUDIT_PAGE_SIZE + 1):
        await services.record(actor=None, action="test.entry", target_type="x", target_id=number)
    await sign_in_as(client, Role.ADMIN)  # a moderator's log leaves out what is not theirs
    page = await client.get("/moderation/audit")
    assert 'rel="next"' in page.text
    last = await AuditEntry.get(target_id=1)
    assert f"before={last.id}" in page.text


async def test_the_csv_is_for_a_german_excel_with_local_time_and_readable_names(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    await services.hide_proposal(
        proposal=proposal, moderator=await make_user(display_name="Jörg"), reason="=Spam, klar"
    )
    entry = await AuditEntry.get(action="proposal.hide")
    await sign_in_as(client, Role.MODERATOR)
    response = await client.get("/moderation/audit.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "excel-deutsch" in response.headers["content-disposition"]
    assert response.content.startswith("\ufeff".encode()) and b"\r\n" in response.content
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == [
        "Eintrag",
        "Zeitpunkt (Dortmunder Zeit)",
        "Ausgeführt von",
        "Aktion",
        "Was geschah",
        "Betrifft",
        "Grund",
    ]
    local = entry.created_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y %H:%M")
    assert rows[1] == [
        str(entry.id),
        local,
        "Jörg",
        "Vorschlag ausgeblendet",
        f"Vorschlag „{proposal.title}“ ausgeblendet",
        f"Vorschlag: {proposal.title}",
        "'=Spam, klar",
    ]


async def test_the_international_csv_has_commas_and_iso_times(client: httpx.AsyncClient) -> None:
    await services.record(actor=None, action="proposal.merge", target_type="proposal", target_id=7)
    await sign_in_as(client, Role.MODERATOR)
    response = await client.get("/moderation/audit.csv", params={"flavour": "intl"})
    assert "utf8-international" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    entry = await AuditEntry.get(target_id=7)
    local = entry.created_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:%M")
    assert rows[1][1:6] == [
        local,
        "System (automatisch)",
        "Vorschläge zusammengeführt",
        "Vorschläge zusammengeführt – Vorschlag (nicht mehr vorhanden)",
        "Vorschlag (nicht mehr vorhanden)",
    ]


async def test_the_audit_page_names_actions_and_its_filter_offers_all_of_them(
    client: httpx.AsyncClient,
) -> None:
    await services.hide_proposal(
        proposal=await make_proposal(), moderator=await make_user(), reason="Werbung"
    )
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get("/moderation/audit")).text
    assert "Vorschlag ausgeblendet" in page
    assert "<code>proposal.hide</code>" not in page
    assert re.search(r'<option value=""( selected)?>Alle Aktionen</option>', page)
    assert '<option value="proposal.hide">Vorschlag ausgeblendet</option>' in page.replace("\n", "")


def test_every_action_the_code_records_has_a_readable_name() -> None:
    """Every "feature.verb" key passed to the audit log, found in the source: the literal
    ones and those made of a kind ("proposal" or "comment") and a verb."""
    root = Path(__file__).resolve().parents[2] / "participation"
    features = (
        "proposal|comment|section_comment|draft|masterplan|project|user|organization|mail"
        "|field|site|membership|invitation|phase"
    )
    literal = re.compile(r'"((?:' + features + r')\.[a-z_]+)"')
    keys: set[str] = set()
    for path in root.rglob("*.py"):
        if path.name == "audit_words.py" and path.parent.name == "moderation":
            continue  # where the labels are: a key there is no key recorded
        keys |= set(literal.findall(path.read_text(encoding="utf-8")))
    keys |= {
        f"{kind}.{verb}"
        for kind in ("proposal", "comment")
        for verb in ("hide", "restore", "dismiss_reports", "publish", "reject")
    }
    assert len(keys) > 40
    assert sorted(keys - set(ACTION_LABELS)) == []


@pytest.mark.parametrize("path", ["/moderation/audit", "/moderation/audit.csv"])
async def test_a_citizen_gets_403_on_the_audit_log(client: httpx.AsyncClient, path: str) -> None:
    await sign_in_as(client, Role.CITIZEN)
    assert (await client.get(path)).status_code == 403


async def test_no_route_changes_or_deletes_audit_entries(client: httpx.AsyncClient) -> None:
    await services.record(actor=None, action="test.entry", target_type="x", target_id=1)
    await sign_in_as(client, Role.ADMIN)
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        response = await client.request(method, "/moderation/audit")
        assert response.status_code in (403, 405), method
    response = await post_form(client, "/moderation/audit", {"action": "delete"})
    assert response.status_code == 405
    assert await AuditEntry.all().count() == 1


async def test_the_log_tells_each_entry_in_words_with_names_not_keys_or_ids(
    client: httpx.AsyncClient,
) -> None:
    """An admin or moderator reads what happened to what, by name, in both languages."""
    from participation.planning import drafts, links
    from participation.planning.phases import set_phase

    field = await make_field(title="Glasfaserstrategie")
    masterplan = await field.masterplan
    planner = await make_user(role=Role.PLANNER, display_name="Petra Plan")
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    await services.hide_proposal(proposal=proposal, moderator=planner, reason="Doppelt")
    await services.restore_proposal(proposal=proposal, moderator=planner, reason="Doch nicht")
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Netze", body="…", by=planner)
    await links.link_proposal(
        section=section, proposal=proposal, disposition="adopted", note="", by=planner
    )
    await set_phase(masterplan=masterplan, phase="evaluation", by=planner)
    await sign_in_as(client, Role.ADMIN)  # planners' draft work is in an admin's log only

    page = (await client.get("/moderation/audit")).text
    for sentence in (
        "Vorschlag „Gigabit für Gewerbegebiete“ ausgeblendet",
        "Vorschlag „Gigabit für Gewerbegebiete“ wieder eingeblendet",
        "Abschnitt „Netze“ zu Version 1 des Entwurfs hinzugefügt",
        "„Gigabit für Gewerbegebiete“ mit dem Abschnitt „Netze“ in Version 1 des Entwurfs "
        "verknüpft: Übernommen",
        f"Phase von „{masterplan.title}“ von „Vorschläge sammeln“ auf „Auswertung“ geändert",
    ):
        assert escape(sentence) in page, sentence
    assert f'href="/proposals/{proposal.id}"' in page
    assert not re.search(r"\b(proposal|draft|masterplan)[._ ]\w*\s*\d", page)
    client.cookies.set("lang", "en", domain="testserver.local")
    english = (await client.get("/moderation/audit")).text
    assert escape("Proposal “Gigabit für Gewerbegebiete” hidden") in english
    client.cookies.set("lang", "de", domain="testserver.local")

    rows = list(
        csv.reader(
            io.StringIO((await client.get("/moderation/audit.csv")).text.lstrip("\ufeff")),
            delimiter=";",
        )
    )
    told = [row[4] for row in rows[1:]]
    assert "Vorschlag „Gigabit für Gewerbegebiete“ ausgeblendet" in told
    assert all("{" not in value and "_id" not in value for row in rows for value in row)


async def test_a_moderator_reads_the_moderation_entries_only_an_admin_reads_them_all(
    db: None,
) -> None:
    """Unpublished draft sections and invitation addresses are not a moderator's business:
    neither the page, its action filter nor the CSV shows them; an admin sees everything."""
    from participation.moderation.audit import record
    from participation.planning import drafts

    planner = await make_user(role=Role.PLANNER, display_name="Petra Planerin")
    field = await make_field()
    proposal = await make_proposal(field, title="Beleidigender Vorschlag")
    working = await drafts.working_version(masterplan=await field.masterplan, by=planner)
    await drafts.add_section(
        version=working, title="Geheimer Abschnitt im Entwurf", body="", by=planner
    )
    await record(
        actor=planner,
        action="organization.invite",
        target_type="organization",
        target_id=1,
        details={"name": "IHK", "email": "eingeladen@example.org", "make_admin": False},
    )
    await record(
        actor=planner,
        action="proposal.hide",
        target_type="proposal",
        target_id=proposal.id,
        reason="Beleidigung",
    )
    secrets = ("Geheimer Abschnitt", "eingeladen@example.org")
    for role, sees_all in ((Role.MODERATOR, False), (Role.ADMIN, True)):
        async with open_client() as browser:
            await sign_in_as(browser, role)
            page = (await browser.get("/moderation/audit")).text
            table = (await browser.get("/moderation/audit.csv")).text
            for text in (page, table):
                assert "Beleidigung" in text, role
                for secret in secrets:
                    assert (secret in text) is sees_all, (role, secret)
            everything = await browser.get("/moderation/audit?action=draft.add_section")
            assert ("Geheimer Abschnitt" in everything.text) is sees_all
