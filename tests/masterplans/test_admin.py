"""Administration → Masterplans: the list, creating, editing, archiving, restoring and deleting."""

from __future__ import annotations

import httpx
import pytest
from markupsafe import escape

from participation.accounts.models import Role
from participation.masterplans.models import FieldOfAction, Masterplan, Phase
from participation.moderation.models import AuditEntry
from participation.planning.models import DraftVersion
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import QueryCounter
from tests.factories import make_field, make_masterplan, make_phase_period, make_proposal
from tests.masterplans.refusals import refused

pytestmark = pytest.mark.usefixtures("db")

NEW = {
    "action": "create",
    "title": "Masterplan Digitale Gesundheit",
    "slug": "",
    "summary": "Wie die Stadt **Gesundheit** digital unterstützt.",
    "lead_department": "Gesundheitsamt",
    "place": "",
}


async def test_the_list_shows_active_and_archived_masterplans_with_phase_and_counts(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.ADMIN)
    economy = await make_masterplan(title="Masterplan Digitale Wirtschaft", phase=Phase.EVALUATION)
    field = await make_field(economy)
    for _ in range(3):
        await make_proposal(field)
    old = await make_masterplan(title="Masterplan Alte Zeiten")
    await post_form(client, f"/admin/masterplans/{old.slug}", {"action": "archive"})
    count_queries.statements.clear()
    page = (await client.get("/admin/masterplans")).text
    few = count_queries.count
    assert "Masterplan Digitale Wirtschaft" in page and shown("Evaluation") in page
    active, archived = page.split('id="archived-heading"')
    assert "Masterplan Alte Zeiten" in archived and "Masterplan Alte Zeiten" not in active
    assert "Masterplan Digitale Wirtschaft" in active
    for _ in range(4):  # more masterplans, fields and proposals: the same queries
        other = await make_field(await make_masterplan())
        await make_proposal(other)
    count_queries.statements.clear()
    await client.get("/admin/masterplans")
    assert count_queries.count == few <= 8


async def test_creating_a_masterplan_makes_its_address_from_the_title_and_opens_its_page(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    await make_masterplan(title="Erster", position=0)
    response = await post_form(client, "/admin/masterplans", NEW)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/masterplans/masterplan-digitale-gesundheit"
    created = await Masterplan.get(slug="masterplan-digitale-gesundheit")
    assert (created.title, created.lead_department) == (NEW["title"], "Gesundheitsamt")
    assert created.phase == Phase.PREPARATION and not created.is_archived
    assert [m.title for m in await Masterplan.all()] == ["Erster", NEW["title"]]  # last
    entry = await AuditEntry.get(action="masterplan.create")
    assert (entry.actor_id, entry.target_id, entry.details["name"]) == (  # type: ignore[attr-defined]
        admin.id,
        created.id,
        NEW["title"],
    )
    page = (await client.get(response.headers["location"])).text
    assert "<strong>Gesundheit</strong>" not in page  # the form holds the Markdown as typed
    home = (await client.get("/")).text
    assert NEW["title"] in home and "/masterplans/masterplan-digitale-gesundheit" in home
    public = (await client.get("/masterplans/masterplan-digitale-gesundheit")).text
    assert "<strong>Gesundheit</strong>" in public  # the summary renders as Markdown


async def test_a_new_masterplan_takes_the_chosen_place_on_the_home_page(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    for title in ("Eins", "Zwei", "Drei"):
        await make_masterplan(title=title)
    await post_form(client, "/admin/masterplans", {**NEW, "slug": "gesundheit", "place": "2"})
    titles = [m.title for m in await Masterplan.all()]
    assert titles == ["Eins", NEW["title"], "Zwei", "Drei"]
    assert [m.position for m in await Masterplan.all()] == [0, 1, 2, 3]


async def test_a_umlaut_title_gets_an_address_with_the_umlauts_spelled_out(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await post_form(client, "/admin/masterplans", {**NEW, "title": "Grüne Straßen für Dortmund"})
    assert await Masterplan.exists(slug="gruene-strassen-fuer-dortmund")


async def test_the_preview_shows_the_summary_rendered_and_stores_nothing(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    response = await refused(client, "/admin/masterplans", {**NEW, "preview": "1"}, status=200)
    assert "<strong>Gesundheit</strong>" in response.text
    assert 'value="Masterplan Digitale Gesundheit"' in response.text


TAKEN = "Another masterplan has this address already. Choose another one."
RESERVED = "“%(slug)s” is reserved for the platform's own pages. Choose another."
FORM = (
    "Use lower-case letters, digits and single hyphens, at most 80 characters, for example "
    "digitale-gesundheit."
)
TOO_LONG = "The title has %(count)s characters; at most %(max)s are possible."


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"slug": "digitale-wirtschaft"}, "slug", shown(TAKEN)),
        ({"slug": "", "title": "Digitale Wirtschaft"}, "slug", shown(TAKEN)),
        ({"slug": "admin"}, "slug", shown(RESERVED) % {"slug": "admin"}),
        ({"slug": "new"}, "slug", shown(RESERVED) % {"slug": "new"}),
        ({"slug": "Groß Schreibung"}, "slug", shown(FORM)),
        ({"title": ""}, "title", shown("Please enter a title.")),
        ({"title": "x" * 10_000}, "title", shown(TOO_LONG) % {"count": "10.000", "max": "200"}),
        (
            {"summary": ""},
            "summary",
            shown("Please say in a few sentences what the masterplan is about."),
        ),
        (
            {"lead_department": ""},
            "lead_department",
            shown("Please name the department that leads it."),
        ),
    ],
)
async def test_bad_input_for_a_new_masterplan_is_refused_with_the_input_kept(
    client: httpx.AsyncClient, change: dict[str, str], field: str, message: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_masterplan(slug="digitale-wirtschaft")
    data = {**NEW, **change}
    page = (await refused(client, "/admin/masterplans", data)).text
    assert f'id="{field}-error"' in page and message in page
    for name in ("title", "summary", "lead_department"):
        assert str(escape(data[name])) in page
    if field == "slug" and not change.get("slug"):
        assert 'value="digitale-wirtschaft"' in page  # the proposed address, to change


async def test_the_admin_changes_texts_address_and_place_and_each_change_is_logged(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    first = await make_masterplan(title="Eins")
    masterplan = await make_masterplan(title="Masterplan Gesundheit", slug="gesundheit")
    response = await post_form(
        client,
        f"/admin/masterplans/{masterplan.slug}",
        {
            "action": "save",
            "title": "Masterplan Digitale Gesundheit",
            "slug": "digitale-gesundheit",
            "summary": "Neu.",
            "lead_department": "Gesundheitsamt Dortmund",
            "place": "1",
        },
    )
    assert response.headers["location"] == "/admin/masterplans/digitale-gesundheit"
    await masterplan.refresh_from_db()
    assert masterplan.slug == "digitale-gesundheit" and masterplan.summary == "Neu."
    assert [m.id for m in await Masterplan.all()] == [masterplan.id, first.id]
    entries = {e.action: e.details for e in await AuditEntry.filter(actor_id=admin.id)}
    assert entries["masterplan.rename"]["before"] == "Masterplan Gesundheit"
    assert entries["masterplan.rename"]["after"] == "Masterplan Digitale Gesundheit"
    assert entries["masterplan.change_slug"]["before"] == "gesundheit"
    assert entries["masterplan.edit_lead_department"]["after"] == "Gesundheitsamt Dortmund"
    assert (entries["masterplan.reorder"]["before"], entries["masterplan.reorder"]["after"]) == (
        2,
        1,
    )
    assert "masterplan.edit_summary" in entries


async def test_the_address_stays_once_people_have_taken_part(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan(slug="gesundheit")
    await make_proposal(await make_field(masterplan))
    data = {
        "action": "save",
        "title": masterplan.title,
        "slug": "anders",
        "summary": masterplan.summary,
        "lead_department": masterplan.lead_department,
        "place": "1",
    }
    response = await refused(client, "/admin/masterplans/gesundheit", data)
    message = (
        "The address cannot change any more: people have taken part, and links to it are out there."
    )
    assert 'href="#slug"' in response.text and shown(message) in response.text


async def test_archiving_takes_a_masterplan_off_the_home_page_and_the_header_into_the_archive(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    kept = await make_masterplan(title="Masterplan Digitale Bildung", slug="digitale-bildung")
    old = await make_masterplan(title="Masterplan Alte Zeiten", slug="alte-zeiten")
    proposal = await make_proposal(await make_field(old), title="Ein Vorschlag von damals")
    before = (await client.get("/")).text
    assert 'href="/masterplans/alte-zeiten"' in before and "/archiv" not in before
    response = await post_form(client, "/admin/masterplans/alte-zeiten", {"action": "archive"})
    assert response.status_code == 303
    await old.refresh_from_db()
    assert old.is_archived
    home = (await client.get("/")).text
    assert 'href="/masterplans/alte-zeiten"' not in home  # neither a card nor in the header
    assert 'href="/masterplans/digitale-bildung"' in home
    assert 'href="/archiv"' in home
    archive = (await client.get("/archiv")).text
    assert "Masterplan Alte Zeiten" in archive and kept.title not in archive
    assert (await client.get("/masterplans/alte-zeiten")).status_code == 200
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 200
    assert await AuditEntry.exists(action="masterplan.archive", actor_id=admin.id)
    await post_form(client, "/admin/masterplans/alte-zeiten", {"action": "restore"})
    await old.refresh_from_db()
    assert not old.is_archived
    assert 'href="/masterplans/alte-zeiten"' in (await client.get("/")).text
    assert await AuditEntry.exists(action="masterplan.restore", actor_id=admin.id)


async def test_the_archive_is_public(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan(title="Masterplan Alte Zeiten")
    await Masterplan.filter(id=masterplan.id).update(archived_at=masterplan.created_at)
    page = await client.get("/archiv")
    assert page.status_code == 200 and "Masterplan Alte Zeiten" in page.text


async def test_archiving_twice_is_refused_and_stores_nothing(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan(slug="alt")
    await post_form(client, "/admin/masterplans/alt", {"action": "archive"})
    await refused(client, "/admin/masterplans/alt", {"action": "archive"})
    await masterplan.refresh_from_db()
    assert masterplan.is_archived


async def test_a_masterplan_without_contributions_is_deleted_after_the_confirmation(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan(title="Versehen", slug="versehen")
    await make_field(masterplan, title="Feld")
    await make_phase_period(masterplan)
    await masterplan.planners.add(await make_person(role=Role.PLANNER))
    page = (await client.get("/admin/masterplans/versehen/delete")).text
    assert "Feld" in page and 'name="confirm"' in page
    await refused(client, "/admin/masterplans/versehen/delete", {})  # not confirmed
    response = await post_form(client, "/admin/masterplans/versehen/delete", {"confirm": "on"})
    assert response.status_code == 303
    assert not await Masterplan.exists(id=masterplan.id)
    assert not await FieldOfAction.exists(masterplan_id=masterplan.id)
    entry = await AuditEntry.get(action="masterplan.delete")
    assert entry.details["name"] == "Versehen" and entry.actor_id == admin.id  # type: ignore[attr-defined]


@pytest.mark.parametrize("contribution", ["proposal", "draft"])
async def test_a_masterplan_with_contributions_cannot_be_deleted(
    client: httpx.AsyncClient, contribution: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan(slug="belegt")
    field = await make_field(masterplan)
    if contribution == "proposal":
        await make_proposal(field)
    else:
        await DraftVersion.create(masterplan=masterplan, number=1)
    page = (await client.get("/admin/masterplans/belegt/delete")).text
    assert 'name="confirm"' not in page and 'action="/admin/masterplans/belegt/delete"' not in page
    await refused(client, "/admin/masterplans/belegt/delete", {"confirm": "on"})
    assert await Masterplan.exists(id=masterplan.id)


async def test_a_planner_changes_the_texts_of_their_masterplan_but_not_its_address(
    client: httpx.AsyncClient,
) -> None:
    planner = await make_person(role=Role.PLANNER)
    masterplan = await make_masterplan(slug="gesundheit", title="Alt")
    await masterplan.planners.add(planner)
    await sign_in(client, planner)
    response = await post_form(
        client,
        "/planning/gesundheit/texts",
        {
            "title": "Masterplan Digitale Gesundheit",
            "summary": "Neu *betont*.",
            "lead_department": "Gesundheitsamt",
            "slug": "anders",  # not a field of this form: ignored
        },
    )
    assert response.status_code == 303
    await masterplan.refresh_from_db()
    assert (masterplan.slug, masterplan.title, masterplan.lead_department) == (
        "gesundheit",
        "Masterplan Digitale Gesundheit",
        "Gesundheitsamt",
    )
    assert await AuditEntry.exists(action="masterplan.rename", actor_id=planner.id)
    assert (await client.get("/admin/masterplans/gesundheit")).status_code == 403
    other = await make_masterplan(slug="andere")
    assert (await client.get("/planning/andere/texts")).status_code == 403
    await other.refresh_from_db()


async def test_a_planners_empty_title_is_refused_with_the_input_kept(
    client: httpx.AsyncClient,
) -> None:
    planner = await make_person(role=Role.PLANNER)
    masterplan = await make_masterplan(slug="gesundheit")
    await masterplan.planners.add(planner)
    await sign_in(client, planner)
    data = {"title": " ", "summary": "Bleibt im Formular.", "lead_department": "Amt"}
    page = (await refused(client, "/planning/gesundheit/texts", data)).text
    assert 'id="title-error"' in page and "Bleibt im Formular." in page
