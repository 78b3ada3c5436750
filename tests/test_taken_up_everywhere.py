""" "Taken up" is one number on every page, export, API answer and report (issue 13): the
outcomes page, the proposal pages, the JSON and CSV exports, the open data API and the
council report all give the verdict of planning/uptake.py."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

from participation.accounts.models import Role
from participation.i18n import language
from participation.masterplans.models import Masterplan
from participation.planning import drafts, links
from participation.planning.uptake import Uptake, count_uptakes, uptakes
from participation.proposals.models import Proposal, ProposalStatus
from participation.reports.council import council_report
from tests.auth import make_person, shown, sign_in
from tests.factories import make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def _scene() -> tuple[str, dict[str, Proposal]]:
    """Digitale Bildung with version 1 of its draft: one proposal taken up by two sections
    (adopted and considered), one partially, one only considered, one officially adopted
    without a section, one left out, one submitted after the version."""
    masterplan = await make_masterplan(slug="digitale-bildung", title="Digitale Bildung")
    schools, media = await make_field(masterplan), await make_field(masterplan)
    made = {
        "twice": await make_proposal(schools, title="WLAN in allen Schulen"),
        "partly": await make_proposal(schools, title="Tablets für alle Klassen"),
        "weighed": await make_proposal(media, title="Medienscouts"),
        "official": await make_proposal(
            media, title="Lernplattform", status=ProposalStatus.ADOPTED
        ),
        "left_out": await make_proposal(media, title="Handyverbot"),
    }
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    net = await drafts.add_section(version=version, title="Netze", body="…", by=planner)
    rooms = await drafts.add_section(version=version, title="Räume", body="…", by=planner)
    for section, key, disposition in (
        (net, "twice", "considered"),
        (rooms, "twice", "adopted"),
        (net, "partly", "partially_adopted"),
        (rooms, "weighed", "considered"),
    ):
        await links.link_proposal(
            section=section, proposal=made[key], disposition=disposition, note="", by=planner
        )
    await drafts.publish_version(version=version, by=planner)
    made["later"] = await make_proposal(schools, title="Programmieren ab Klasse 3")
    return masterplan.slug, made


EXPECTED = {
    "twice": Uptake.ADOPTED,
    "partly": Uptake.PARTIALLY_ADOPTED,
    "weighed": Uptake.CONSIDERED,
    "official": Uptake.ADOPTED,
    "left_out": Uptake.NOT_TAKEN_UP,
    "later": None,
}


def _label(uptake: Uptake | None) -> str:
    with language("de"):
        return uptake.label if uptake else shown("Still open")


async def test_every_page_export_api_and_report_give_the_same_verdicts(
    client: httpx.AsyncClient,
) -> None:
    slug, made = await _scene()
    masterplan_id = made["twice"].masterplan_id  # type: ignore[attr-defined]
    found = await uptakes(masterplan_id)
    assert {k: (v.uptake if v else None) for k, p in made.items() for v in [found.of(p)]} == (
        EXPECTED
    )
    counted = await count_uptakes(masterplan_id)
    assert (counted.overall.taken_up, counted.overall.total) == (3, 6)

    # The outcomes page: the same "3 of 6", and one badge per proposal.
    outcomes = (await client.get(f"/masterplans/{slug}/outcomes")).text
    headline = shown(
        "Version %(number)s of the draft, published on %(date)s, took up %(taken)s of "
        "%(total)s proposals wholly or in part."
    ).split("%(taken)s")[1]
    assert f"3{headline.split('%(total)s')[0]}6" in outcomes

    # The proposal pages: the verdict as the one badge, never "Published" beside it.
    for key, uptake in EXPECTED.items():
        html = (await client.get(f"/proposals/{made[key].id}")).text
        badge = re.search(
            r'<p><span class="kern-badge[^"]*"><span class="kern-label">([^<]+)', html
        )
        assert badge is not None
        expected = uptake.label if uptake and key != "official" else None
        with language("de"):
            if expected is None:
                expected = made[key].status.label
        assert badge.group(1) == str(expected), key

    # The open data API.
    for key, uptake in EXPECTED.items():
        answer = (await client.get(f"/api/v1/proposals/{made[key].id}")).json()
        assert answer["outcome"] == (uptake.value if uptake else None), key
    sections = (await client.get(f"/api/v1/proposals/{made['twice'].id}")).json()["draft"]
    assert [s["section"] for s in sections] == ["Netze", "Räume"]

    # The exports: every draft link of a proposal, the same verdict.
    await sign_in(client, await make_person(role=Role.ADMIN))
    data = (await client.get(f"/planning/{slug}/export.json")).json()
    by_title = {row["title"]: row for row in data["proposals"]}
    for key, uptake in EXPECTED.items():
        assert by_title[made[key].title]["uptake"] == _label(uptake), key
    assert [s["section"] for s in by_title["WLAN in allen Schulen"]["draft_sections"]] == [
        "Netze",
        "Räume",
    ]
    text = (await client.get(f"/planning/{slug}/export.csv?flavour=de")).text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    column = shown("Result in the draft")
    taken_up = [
        r for r in rows if r[column] in (_label(Uptake.ADOPTED), _label(Uptake.PARTIALLY_ADOPTED))
    ]
    assert len(taken_up) == counted.overall.taken_up

    # The council report: the same figures.
    report = await council_report(await Masterplan.get(slug=slug))
    [part] = report.masterplans
    assert (part.uptake.taken_up, part.uptake.total) == (3, 6)
    assert (part.uptake.considered, part.uptake.not_taken_up, part.uptake.open) == (1, 1, 1)


async def test_lists_show_the_proposal_pages_badge_and_filter_by_it(
    client: httpx.AsyncClient,
) -> None:
    """The list, the masterplan page, the home page and the search show each proposal with
    the badge of its own page, and the list's filter finds exactly the proposals with a
    badge ("Übernommen" finds the proposal the draft adopted, not only official ones)."""
    slug, made = await _scene()
    with language("de"):
        badge = {k: (u.label if u else made[k].status.label) for k, u in EXPECTED.items()}
    item = re.compile(
        r'id="proposal-(\d+)-title".*?<span class="kern-badge[^"]*"><span class="kern-label">'
        r"([^<]+)",
        re.S,
    )
    by_id = {p.id: key for key, p in made.items()}
    pages = (f"/masterplans/{slug}/proposals", f"/masterplans/{slug}", "/", "/suche?q=Klassen")
    for address in pages:
        html = (await client.get(address)).text
        assert item.findall(html), address
        for found_id, label in item.findall(html):
            assert label == badge[by_id[int(found_id)]], (address, by_id[int(found_id)])
    listed = item.findall((await client.get(f"/masterplans/{slug}/proposals")).text)
    assert len(listed) == len(made)
    for choice, keys in (
        ("adopted", {"twice", "official"}),
        ("partially_adopted", {"partly"}),
        ("considered", {"weighed"}),
        ("not_taken_up", {"left_out"}),
        ("not_adopted", {"left_out"}),  # the status's name, from an older link
        ("published", {"later"}),
        ("in_review", set()),
    ):
        html = (await client.get(f"/masterplans/{slug}/proposals?status={choice}")).text
        assert {by_id[int(i)] for i, _ in item.findall(html)} == keys, choice
        assert all(label == badge[k] for k in keys for _, label in item.findall(html)), choice
