"""Implementation projects over HTTP: the planners' pages, the sheet import through upload,
preview and apply, the sheet template, and the public project pages."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import httpx
import pytest
from markupsafe import escape
from openpyxl import Workbook, load_workbook

from participation.accounts.models import Role, User
from participation.i18n import language, ngettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.models import AuditEntry
from participation.planning import projects
from participation.planning.models import Milestone, Project, ProjectStatus
from participation.proposals.models import ProposalStatus
from tests.auth import csrf_token, make_person, post_form, shown, sign_in
from tests.conftest import QueryCounter
from tests.factories import make_field, make_masterplan, make_proposal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class World:
    masterplan: Masterplan
    field: FieldOfAction
    planner: User
    glasfaser: Project
    gruenderzentrum: Project


async def world() -> World:
    """A masterplan with its planner and two projects, DW-01 planned and DW-02 running."""
    masterplan = await make_masterplan(slug="digitale-wirtschaft", title="Digitale Wirtschaft")
    field = await make_field(masterplan, title="Glasfaserstrategie")
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    one = await projects.create_project(
        masterplan=masterplan,
        field_of_action_id=field.id,
        code="DW-01",
        title="Glasfaser für Gewerbegebiete",
        by=planner,
    )
    two = await projects.create_project(
        masterplan=masterplan,
        field_of_action_id=field.id,
        code="DW-02",
        title="Gründerzentrum",
        status="running",
        progress=20,
        by=planner,
    )
    return World(masterplan, field, planner, one, two)


def base(w: World) -> str:
    return f"/planning/{w.masterplan.slug}/projects"


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def upload(
    client: httpx.AsyncClient, w: World, content: bytes, name: str = "projekte.xlsx"
) -> httpx.Response:
    """Choose a file in the import form and ask for the preview, as a browser would."""
    path = f"{base(w)}/import"
    token = await csrf_token(client, path)
    return await client.post(
        path,
        data={"action": "preview", "csrf_token": token},
        files={"sheet": (name, content, XLSX)},
    )


def apply_form(page: str) -> dict[str, str]:
    """The hidden fields of the preview's apply form."""
    match = re.search(r'id="apply-form".*?name="rows" value="([^"]*)"', page, re.S)
    assert match, "no apply form on the page"
    return {"action": "apply", "rows": unescape(match.group(1))}


def counted(singular: str, plural: str, num: int) -> str:
    with language("de"):
        return str(escape(ngettext(singular, plural, num) % {"num": num}))


async def stored(w: World) -> dict[str, tuple[ProjectStatus, int, str]]:
    return {p.code: (p.status, p.progress, p.title) for p in await Project.all()}


# The sheet import


async def test_an_xlsx_sheet_is_uploaded_previewed_and_applied_through_the_pages(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    content = xlsx(
        [
            ["Kennung", "Titel", "Status", "Fortschritt (%)", "Bemerkung"],
            ["DW-01", "Glasfaser für alle Gewerbegebiete", "laufend", 35, "Bagger rollen"],
            ["DW-02", "Gründerzentrum", "abgeschlossen", "100 %", None],
        ]
    )
    preview = await upload(client, w, content)
    assert preview.status_code == 200
    page = preview.text
    assert 'id="row-2"' in page and 'id="row-3"' in page
    assert shown("Planned") in page and shown("Running") in page and shown("Done") in page
    assert "35\u00a0%" in page and "„Glasfaser für alle Gewerbegebiete“" in page
    # The preview changed nothing yet.
    assert await stored(w) == {
        "DW-01": (ProjectStatus.PLANNED, 0, "Glasfaser für Gewerbegebiete"),
        "DW-02": (ProjectStatus.RUNNING, 20, "Gründerzentrum"),
    }
    applied = await post_form(client, f"{base(w)}/import", apply_form(page))
    assert applied.status_code == 303
    assert applied.headers["location"] == f"{base(w)}?changed=2"
    assert await stored(w) == {
        "DW-01": (ProjectStatus.RUNNING, 35, "Glasfaser für alle Gewerbegebiete"),
        "DW-02": (ProjectStatus.DONE, 100, "Gründerzentrum"),
    }
    listing = (await client.get(applied.headers["location"])).text
    assert (
        counted(
            "The sheet is applied: %(num)s project changed.",
            "The sheet is applied: %(num)s projects changed.",
            2,
        )
        in listing
    )
    assert (await AuditEntry.get(action="project.import")).actor_id == w.planner.id  # type: ignore[attr-defined]


async def test_a_sheet_with_two_bad_rows_shows_both_errors_and_applies_nothing(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    content = xlsx(
        [
            ["Code", "Status", "Fortschritt"],
            ["DW-01", "laufend", 50],
            ["DW-99", "laufend", 10],
            ["DW-02", "vielleicht", 150],
        ]
    )
    preview = await upload(client, w, content)
    page = preview.text
    assert preview.status_code == 200
    row_3 = page.split('id="row-3"')[1].split("</tr>")[0]
    row_4 = page.split('id="row-4"')[1].split("</tr>")[0]
    with language("de"):
        assert "DW-99" in row_3 and "kern-error" in row_3
        assert "vielleicht" in row_4
        assert shown("The progress is a whole number from 0 to 100.") in row_4
    assert counted("The sheet has %(num)s error", "The sheet has %(num)s errors", 3) in page
    assert 'id="apply-form"' not in page
    before = await stored(w)
    # Posting the rows anyway, as a forged or stale form would, changes nothing either.
    rows = [
        {"code": "DW-01", "status": "laufend", "progress": "50"},
        {"code": "DW-99", "status": "laufend", "progress": "10"},
        {"code": "DW-02", "status": "vielleicht", "progress": "150"},
    ]
    forced = await post_form(
        client, f"{base(w)}/import", {"action": "apply", "rows": json.dumps(rows)}
    )
    assert forced.status_code == 400
    assert shown("The sheet has errors: nothing was changed.") in forced.text
    assert 'id="row-3"' in forced.text and 'id="apply-form"' not in forced.text
    assert await stored(w) == before
    assert not await AuditEntry.filter(action="project.import").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bild.png", b"\x89PNG\r\n\x1a\n0000", "Please upload a CSV or an Excel (.xlsx) file."),
        ("kaputt.xlsx", b"PK\x03\x04 nothing of a zip", "The Excel file cannot be read."),
        (
            "leer.csv",
            b"Name;Datum\r\nA;1.1.2026\r\n",
            "The sheet needs a column “Code” naming each project.",
        ),
    ],
)
async def test_a_file_that_is_no_project_sheet_gets_its_error_next_to_the_file_field(
    client: httpx.AsyncClient, name: str, content: bytes, message: str
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    response = await upload(client, w, content, name)
    assert response.status_code == 400
    error = response.text.split('id="sheet-error"')[1].split("</p>")[0]
    assert shown(message) in error
    assert 'aria-invalid="true"' in response.text.split('id="sheet"')[1].split(">")[0]


async def test_an_upload_without_a_file_asks_for_one(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, w.planner)
    path = f"{base(w)}/import"
    token = await csrf_token(client, path)
    response = await client.post(
        path, data={"action": "preview", "csrf_token": token}, files={"sheet": ("", b"", XLSX)}
    )
    assert response.status_code == 400
    assert shown("Please upload a CSV or an Excel (.xlsx) file.") in response.text


async def test_an_apply_form_with_damaged_rows_applies_nothing(client: httpx.AsyncClient) -> None:
    w = await world()
    await sign_in(client, w.planner)
    before = await stored(w)
    for rows in ("kein json", '{"code": "DW-01"}', '[{"code": 1}]', '[["DW-01"]]'):
        response = await post_form(client, f"{base(w)}/import", {"action": "apply", "rows": rows})
        assert response.status_code == 400
        assert shown("The sheet did not arrive intact. Please upload it again.") in response.text
    assert await stored(w) == before


async def test_the_template_download_opens_with_openpyxl_and_lists_the_projects(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await projects.create_project(
        masterplan=w.masterplan,
        field_of_action_id=w.field.id,
        code="DW-03",
        title="=HYPERLINK(“http://evil.example”)",
        by=w.planner,
    )
    other = await make_field()  # another masterplan's project is not in the sheet
    await projects.create_project(
        masterplan=await other.masterplan,
        field_of_action_id=other.id,
        code="XX-01",
        title="Anderswo",
        by=w.planner,
    )
    await sign_in(client, w.planner)
    response = await client.get(f"{base(w)}/template.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Code", "Titel", "Status", "Fortschritt (%)"),
        ("DW-01", "Glasfaser für Gewerbegebiete", "geplant", 0),
        ("DW-02", "Gründerzentrum", "laufend", 20),
        ("DW-03", "=HYPERLINK(“http://evil.example”)", "geplant", 0),
    ]
    assert sheet["B4"].data_type == "s"  # a title that looks like a formula stays text


async def test_the_downloaded_template_uploaded_unchanged_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    template = (await client.get(f"{base(w)}/template.xlsx")).content
    preview = await upload(client, w, template)
    assert preview.status_code == 200
    assert shown("The sheet changes nothing: every project already has these values.") in (
        preview.text
    )
    assert 'id="apply-form"' not in preview.text


# The planners' project pages


async def test_a_planner_creates_a_project_and_the_public_sees_it_by_field(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    data = {
        "code": "DW-03",
        "title": "WLAN in der Innenstadt",
        "field_of_action": str(w.field.id),
        "status": "running",
        "progress": "45",
        "description": "Freies **WLAN** am Friedensplatz.",
    }
    response = await post_form(client, base(w), data, token_from=base(w))
    assert response.status_code == 303
    project = await Project.get(code="DW-03")
    assert response.headers["location"] == f"{base(w)}/{project.id}"
    assert (project.status, project.progress) == (ProjectStatus.RUNNING, 45)
    public = (await client.get(f"/masterplans/{w.masterplan.slug}/projects")).text
    section = public.split(f'id="field-{w.field.id}-heading"')[1]
    assert "WLAN in der Innenstadt" in section and 'value="45"' in section
    assert shown("%(percent)s done") % {"percent": "45\u00a0%"} in section
    detail = (await client.get(f"/projects/{project.id}")).text
    assert "<strong>WLAN</strong>" in detail


async def test_a_project_form_with_errors_comes_back_with_the_input_in_place(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    data = {
        "code": "DW-01",
        "title": "Noch ein Glasfaserprojekt",
        "field_of_action": str(w.field.id),
        "status": "planned",
        "progress": "120",
        "description": "",
    }
    response = await post_form(client, base(w), data, token_from=base(w))
    assert response.status_code == 400
    assert shown("The progress is a whole number from 0 to 100.") in response.text
    assert 'value="Noch ein Glasfaserprojekt"' in response.text
    assert await Project.filter(masterplan_id=w.masterplan.id).count() == 2


async def test_milestones_are_added_marked_done_on_a_date_and_opened_again(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    path = f"{base(w)}/{w.glasfaser.id}"
    added = await post_form(
        client,
        path,
        {"action": "milestone", "title": "Ausschreibung", "due_on": "2026-10-01"},
        token_from=path,
    )
    assert added.status_code == 303
    milestone = await Milestone.get(project_id=w.glasfaser.id)
    assert (milestone.title, milestone.due_on) == ("Ausschreibung", date(2026, 10, 1))
    public = (await client.get(f"/masterplans/{w.masterplan.slug}/projects")).text
    assert shown("Next milestone") + ": Ausschreibung" in public
    bad = {"action": "mark", "milestone": str(milestone.id), "done_on": "irgendwann"}
    refused = await post_form(client, path, bad, token_from=path)
    assert refused.status_code == 400
    assert f'id="milestone-{milestone.id}-done_on-error"' in refused.text
    done = {"action": "mark", "milestone": str(milestone.id), "done_on": "2026-11-15"}
    assert (await post_form(client, path, done, token_from=path)).status_code == 303
    assert (await Milestone.get(id=milestone.id)).done_on == date(2026, 11, 15)
    detail = (await client.get(f"/projects/{w.glasfaser.id}")).text
    assert 'datetime="2026-11-15"' in detail
    again = {"action": "mark", "milestone": str(milestone.id), "reopen": "1"}
    assert (await post_form(client, path, again, token_from=path)).status_code == 303
    assert (await Milestone.get(id=milestone.id)).done_on is None


async def test_details_are_saved_and_a_missing_milestone_title_is_refused(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    await sign_in(client, w.planner)
    path = f"{base(w)}/{w.glasfaser.id}"
    details = {
        "action": "details",
        "title": "Glasfaser überall",
        "field_of_action": str(w.field.id),
        "status": "done",
        "progress": "100",
        "description": "Fertig.",
    }
    assert (await post_form(client, path, details, token_from=path)).status_code == 303
    project = await Project.get(id=w.glasfaser.id)
    assert (project.title, project.status, project.progress) == (
        "Glasfaser überall",
        ProjectStatus.DONE,
        100,
    )
    empty = await post_form(client, path, {"action": "milestone", "title": ""}, token_from=path)
    assert empty.status_code == 400
    assert 'id="milestone-title-error"' in empty.text
    assert not await Milestone.exists()


async def test_linked_proposals_are_set_by_box_and_by_number_and_shown_on_both_pages(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    in_field = await make_proposal(w.field, title="Glasfaser bis in jedes Gewerbegebiet")
    second = await make_proposal(w.field, title="Leerrohre bei jeder Baustelle")
    elsewhere = await make_proposal(await make_field(w.masterplan), title="Gigabit für Schulen")
    await make_proposal(w.field, title="Noch in Moderation", status=ProposalStatus.PENDING)
    await sign_in(client, w.planner)
    path = f"{base(w)}/{w.glasfaser.id}"
    page = (await client.get(path)).text
    assert f'id="proposal-{in_field.id}"' in page
    assert "Noch in Moderation" not in page and "Gigabit für Schulen" not in page
    token = await csrf_token(client, path)
    data = {
        "csrf_token": token,
        "action": "proposals",
        "proposal": [str(in_field.id), str(second.id)],
        "others": f"#{elsewhere.id}",
    }
    response = await client.post(path, data=data)
    assert response.status_code == 303
    linked = {p.id for p in await (await Project.get(id=w.glasfaser.id)).proposals.all()}
    assert linked == {in_field.id, second.id, elsewhere.id}
    # The proposal of another field now has a ticked box of its own.
    assert f'id="proposal-{elsewhere.id}" checked' in (await client.get(path)).text
    on_proposal = (await client.get(f"/proposals/{elsewhere.id}")).text
    assert f'href="/projects/{w.glasfaser.id}"' in on_proposal
    on_project = (await client.get(f"/projects/{w.glasfaser.id}")).text
    assert f'href="/proposals/{in_field.id}"' in on_project
    assert f'href="/proposals/{elsewhere.id}"' in on_project


async def test_proposal_numbers_that_are_no_numbers_or_not_public_are_refused(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    pending = await make_proposal(w.field, status=ProposalStatus.PENDING)
    await sign_in(client, w.planner)
    path = f"{base(w)}/{w.glasfaser.id}"
    words = await post_form(
        client, path, {"action": "proposals", "others": "zwölf"}, token_from=path
    )
    assert words.status_code == 400 and 'id="others-error"' in words.text
    assert 'value="zwölf"' in words.text
    hidden = await post_form(
        client, path, {"action": "proposals", "others": str(pending.id)}, token_from=path
    )
    assert hidden.status_code == 400
    assert shown("Only public proposals of this masterplan can be linked.") in hidden.text
    assert await (await Project.get(id=w.glasfaser.id)).proposals.all().count() == 0


# Who may


async def test_a_planner_of_another_masterplan_is_refused_and_visitors_sign_in(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    other = await make_masterplan()
    stranger = await make_person(role=Role.PLANNER)
    await other.planners.add(stranger)
    paths = [
        base(w),
        f"{base(w)}/{w.glasfaser.id}",
        f"{base(w)}/import",
        f"{base(w)}/template.xlsx",
    ]
    for path in paths:
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/account/login?next=")
    await sign_in(client, stranger)
    for path in paths:
        assert (await client.get(path)).status_code == 403, path
    refused = await post_form(client, f"{base(w)}/{w.glasfaser.id}", {"action": "details"})
    assert refused.status_code == 403
    # Their own masterplan's project page is theirs to use.
    assert (await client.get(f"/planning/{other.slug}/projects")).status_code == 200


async def test_an_unknown_project_or_another_masterplans_project_is_404(
    client: httpx.AsyncClient,
) -> None:
    w = await world()
    other = await make_field()
    foreign = await projects.create_project(
        masterplan=await other.masterplan,
        field_of_action_id=other.id,
        code="XX-01",
        title="Anderswo",
        by=w.planner,
    )
    await sign_in(client, w.planner)
    assert (await client.get(f"{base(w)}/999999")).status_code == 404
    assert (await client.get(f"{base(w)}/{foreign.id}")).status_code == 404
    assert (await client.get("/planning/gibt-es-nicht/projects")).status_code == 404
    assert (await client.get("/projects/999999")).status_code == 404
    assert (await client.get("/masterplans/gibt-es-nicht/projects")).status_code == 404
    mark = {"action": "mark", "milestone": "999999", "done_on": "2026-01-01"}
    path = f"{base(w)}/{w.glasfaser.id}"
    assert (await post_form(client, path, mark, token_from=path)).status_code == 404


# Public pages


async def test_the_public_list_needs_a_fixed_number_of_queries(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    w = await world()
    slug = w.masterplan.slug

    async def queries_for_list() -> int:
        await client.get("/")  # the header's masterplans: read once, then kept
        before = count_queries.count
        assert (await client.get(f"/masterplans/{slug}/projects")).status_code == 200
        return count_queries.count - before

    few = await queries_for_list()
    for n in range(5):
        field = await make_field(w.masterplan)
        project = await projects.create_project(
            masterplan=w.masterplan,
            field_of_action_id=field.id,
            code=f"DW-1{n}",
            title=f"Projekt {n}",
            by=w.planner,
        )
        await projects.add_milestone(project=project, title="Start", due_on=None, by=w.planner)
    assert await queries_for_list() == few
