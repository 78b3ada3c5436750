"""Process templates: a masterplan's structure exported as JSON and imported as a new
masterplan, in the interface; every bad file refused with a clear message, nothing stored."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from participation.accounts.models import Role
from participation.masterplans.models import FieldOfAction, Masterplan, Phase, PhasePeriod
from participation.masterplans.processes.document import TemplateRefused
from participation.masterplans.processes.reading import read_file
from participation.masterplans.processes.services import export_process, import_process
from participation.moderation.models import AuditEntry
from tests.auth import make_person, sign_in, sign_in_as
from tests.factories import make_field, make_masterplan, make_phase_period, make_proposal
from tests.masterplans.refusals import refused

pytestmark = pytest.mark.usefixtures("db")

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo" / "processes"


async def health() -> Masterplan:
    """A masterplan with everything a template holds, and things it must not hold."""
    masterplan = await make_masterplan(
        slug="digitale-gesundheit",
        title="Masterplan Digitale Gesundheit",
        summary="Wie die Stadt **Gesundheit** digital unterstützt.",
        lead_department="Gesundheitsamt",
        phase=Phase.COLLECTION,
        phases=["preparation", "collection", "drafting", "adopted"],
        premoderated_groups=["citizens"],
        report_threshold=5,
        ranking_weights={"chambers": 2.0, "citizens": 0.5},
    )
    await make_phase_period(
        masterplan, phase=Phase.PREPARATION, starts_on=date(2027, 1, 4), ends_on=date(2027, 2, 26)
    )
    await make_phase_period(
        masterplan, phase=Phase.COLLECTION, starts_on=date(2027, 3, 1), auto_switch=True
    )
    tele = await make_field(masterplan, slug="telemedizin", title="Telemedizin", position=0)
    await FieldOfAction.filter(id=tele.id).update(description="Videosprechstunde *überall*.")
    await make_field(masterplan, slug="pflege", title="Digitale Pflege", position=1)
    await make_field(
        masterplan, slug="alt", title="Zurückgezogen", position=2, archived_at=datetime.now(UTC)
    )
    planner = await make_person(role=Role.PLANNER, display_name="Petra Planerin")
    await masterplan.planners.add(planner)
    await make_proposal(tele, title="Rezepte per App einlösen")
    return masterplan


async def test_the_export_holds_the_structure_and_no_contribution_or_person() -> None:
    document = await export_process(await health())
    assert (document["format"], document["version"]) == ("participation-process", 1)
    assert document["masterplan"] == {
        "slug": "digitale-gesundheit",
        "title": "Masterplan Digitale Gesundheit",
        "summary": "Wie die Stadt **Gesundheit** digital unterstützt.",
        "lead_department": "Gesundheitsamt",
    }
    assert document["phases"] == [
        {
            "phase": "preparation",
            "starts_on": "2027-01-04",
            "ends_on": "2027-02-26",
            "auto_switch": False,
        },
        {"phase": "collection", "starts_on": "2027-03-01", "ends_on": None, "auto_switch": True},
        {"phase": "drafting", "starts_on": None, "ends_on": None, "auto_switch": False},
        {"phase": "adopted", "starts_on": None, "ends_on": None, "auto_switch": False},
    ]
    assert document["settings"] == {
        "premoderated_groups": ["citizens"],
        "report_threshold": 5,
        "ranking_weights": {"chambers": 2.0, "citizens": 0.5},
    }
    assert document["fields_of_action"] == [
        {
            "slug": "telemedizin",
            "title": "Telemedizin",
            "description": "Videosprechstunde *überall*.",
        },
        {"slug": "pflege", "title": "Digitale Pflege", "description": ""},
    ]
    text = json.dumps(document, ensure_ascii=False)
    for private in ("Petra Planerin", "@example.org", "Rezepte per App", "Zurückgezogen"):
        assert private not in text


async def test_a_template_imported_under_a_new_address_reproduces_the_structure() -> None:
    original = await export_process(await health())
    raw = json.dumps(original).encode()
    copy = await import_process(
        template=read_file(raw), by=None, slug="gesundheit-hamm", title="Masterplan Hamm"
    )
    again = await export_process(copy)
    assert again["masterplan"] == {
        **original["masterplan"],
        "slug": "gesundheit-hamm",
        "title": "Masterplan Hamm",
    }
    assert {k: v for k, v in again.items() if k != "masterplan"} == {
        k: v for k, v in original.items() if k != "masterplan"
    }
    assert copy.phase == Phase.PREPARATION  # a new process opens in its first phase
    assert await PhasePeriod.filter(masterplan_id=copy.id).count() == 2
    entry = await AuditEntry.get(action="masterplan.import")
    assert entry.details["name"] == "Masterplan Hamm" and entry.actor_name == "system"


async def test_the_admin_downloads_a_template_and_creates_a_masterplan_from_it(
    client: httpx.AsyncClient,
) -> None:
    await health()
    admin = await sign_in_as(client, Role.ADMIN)
    download = await client.get("/planning/digitale-gesundheit/process.json")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("application/json")
    assert "attachment" in download.headers["content-disposition"]
    token = (await client.get("/admin/masterplans")).text.split('name="csrf_token" value="')[1]
    response = await client.post(
        "/admin/masterplans/import",
        data={"csrf_token": token.split('"')[0], "new_slug": "gesundheit-zwei", "new_title": ""},
        files={"file": ("prozess.json", download.content, "application/json")},
    )
    assert response.status_code == 303, response.text[:3000]
    assert response.headers["location"] == "/admin/masterplans/gesundheit-zwei"
    created = await Masterplan.get(slug="gesundheit-zwei")
    assert created.title == "Masterplan Digitale Gesundheit"
    assert await FieldOfAction.filter(masterplan_id=created.id).count() == 2
    entry = await AuditEntry.get(action="masterplan.import")
    assert entry.actor_id == admin.id  # type: ignore[attr-defined]
    assert 'href="/masterplans/gesundheit-zwei"' in (await client.get("/")).text


def template(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DEMO / "digitale-bildung.json").read_text())
    document["masterplan"]["slug"] = "gesundheit"
    for path, value in changes.items():
        target = document
        *parents, last = path.split("__")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value
    return document


DELETE = object()


def as_file(document: Any) -> bytes:
    return json.dumps(document).encode() if not isinstance(document, bytes) else document


BAD_FILES: dict[str, tuple[Any, str]] = {
    "not JSON": (b"format: participation-process", "does not contain JSON"),
    "a spreadsheet": (b"PK\x03\x04\x00\x00binary", "does not contain JSON"),
    "a JSON list": ([1, 2], "must be an object"),
    "another format": (template(format="something-else"), "is not “participation-process”"),
    "a later version": (template(version=2), "version 2"),
    "an unknown key": (template(colour="blau"), "Unknown key “colour”"),
    "an unknown nested key": (template(masterplan__motto="Los!"), "masterplan.motto"),
    "an unknown field key": (template(fields_of_action__0__icon="x"), "fields_of_action[0].icon"),
    "a missing key": (template(settings=DELETE), "“settings” is missing"),
    "a title of the wrong type": (template(masterplan__title=42), "masterplan.title must be text"),
    "a threshold as text": (template(settings__report_threshold="3"), "a whole number"),
    "a bad date": (template(phases__0__starts_on="1.4.2026"), "2027-01-31"),
    "an unknown phase": (template(phases__0__phase="brainstorming"), "phases[0].phase"),
    "phases out of order": (
        template(
            phases=[
                {"phase": "collection", "starts_on": None, "ends_on": None},
                {"phase": "preparation", "starts_on": None, "ends_on": None},
            ]
        ),
        "in the order of the process",
    ),
    "a phase ending before it starts": (
        template(phases__0__ends_on="2020-01-01"),
        "phases[0]: The end lies before the start.",
    ),
    # The settings page's rules hold for a file too (masterplans/course.py).
    "overlapping phases": (
        template(
            phases=[
                {"phase": "preparation", "starts_on": "2027-01-04", "ends_on": "2027-03-01"},
                {"phase": "collection", "starts_on": "2027-02-01", "ends_on": None},
                {"phase": "adopted", "starts_on": None, "ends_on": None},
            ]
        ),
        "phases[1]: A phase cannot start before the phase before it ends",
    ),
    "evaluation without collection": (
        template(
            masterplan__phase="evaluation",
            phases=[
                {"phase": "preparation", "starts_on": None, "ends_on": None},
                {"phase": "evaluation", "starts_on": None, "ends_on": None},
                {"phase": "adopted", "starts_on": None, "ends_on": None},
            ],
        ),
        "choose the collection too",
    ),
    "an unknown group": (template(settings__premoderated_groups=["lobby"]), "premoderated_groups"),
    "a threshold of 0": (template(settings__report_threshold=0), "report_threshold"),
    "two fields with one address": (
        template(fields_of_action__1__slug="medienkompetenz"),
        "two fields of action have this address",
    ),
    "an empty field title": (template(fields_of_action__0__title=""), "fields_of_action[0].title"),
    "a 10,000-character title": (template(masterplan__title="x" * 10_000), "10,000"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
async def test_a_bad_template_file_is_refused_with_a_clear_message_and_nothing_stored(
    client: httpx.AsyncClient, case: str
) -> None:
    document, message = BAD_FILES[case]
    await sign_in_as(client, Role.ADMIN)
    await client.get("/language/en")  # the messages as written, whatever the catalogs say
    response = await refused(
        client,
        "/admin/masterplans/import",
        {"new_slug": "", "new_title": ""},
        files={"file": ("vorlage.json", as_file(document), "application/json")},
    )
    assert message in response.text


async def test_a_template_whose_address_exists_needs_a_new_one(client: httpx.AsyncClient) -> None:
    await make_masterplan(slug="gesundheit")
    await sign_in_as(client, Role.ADMIN)
    await client.get("/language/en")
    raw = as_file(template())
    page = (
        await refused(
            client,
            "/admin/masterplans/import",
            {"new_slug": "", "new_title": "Bleibt stehen"},
            files={"file": ("vorlage.json", raw, "application/json")},
        )
    ).text
    assert 'id="new_slug-error"' in page and "“gesundheit” exists already" in page
    assert 'value="Bleibt stehen"' in page  # the form's input is kept
    for bad_slug in ("admin", "Mit Leerzeichen"):
        await refused(
            client,
            "/admin/masterplans/import",
            {"new_slug": bad_slug, "new_title": ""},
            files={"file": ("vorlage.json", raw, "application/json")},
        )
    response = await post_form_with_file(client, raw, new_slug="gesundheit-zwei")
    assert response.status_code == 303
    assert await Masterplan.exists(slug="gesundheit-zwei")


async def post_form_with_file(
    client: httpx.AsyncClient, raw: bytes, **fields: str
) -> httpx.Response:
    page = (await client.get("/admin/masterplans")).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    return await client.post(
        "/admin/masterplans/import",
        data={"csrf_token": token, "new_slug": "", "new_title": "", **fields},
        files={"file": ("vorlage.json", raw, "application/json")},
    )


async def test_an_import_without_a_file_or_with_a_huge_one_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await client.get("/language/en")
    await refused(client, "/admin/masterplans/import", {"new_slug": "x"})
    huge = b'{"format": "participation-process", "pad": "' + b"x" * 1_100_000 + b'"}'
    page = await refused(
        client,
        "/admin/masterplans/import",
        {},
        files={"file": ("gross.json", huge, "application/json")},
    )
    assert "1 MB" in page.text


def test_every_demo_template_is_a_valid_template() -> None:
    for path in sorted(DEMO.glob("*.json")):
        read = read_file(path.read_bytes())
        assert read.slug == path.stem and read.fields


def test_the_reader_names_every_problem_of_a_file_at_once() -> None:
    with pytest.raises(TemplateRefused) as refusal:
        read_file(
            as_file(template(colour="blau", masterplan__title=1, settings__report_threshold=None))
        )
    assert len(refusal.value.problems) == 3


async def test_planners_of_another_masterplan_cannot_download_its_template(
    client: httpx.AsyncClient,
) -> None:
    await health()
    other = await make_masterplan(slug="andere")
    planner = await make_person(role=Role.PLANNER)
    await other.planners.add(planner)
    await sign_in(client, planner)
    assert (await client.get("/planning/digitale-gesundheit/process.json")).status_code == 403
    assert (await client.get("/planning/andere/process.json")).status_code == 200


async def test_nul_characters_in_a_template_are_dropped_as_in_every_form() -> None:
    document = template(
        masterplan__title="Null\u0000zeichen", fields_of_action__0__title="A\u0000B"
    )
    created = await import_process(template=read_file(as_file(document)), by=None)
    assert created.title == "Nullzeichen"
    first = await FieldOfAction.filter(masterplan_id=created.id).first()
    assert first is not None and first.title == "AB"
