"""Between two issued reports, the second names what changed: statuses, take-ups, projects,
and the votes and comments per masterplan and stakeholder group."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.moderation import responses
from participation.planning import drafts, links
from participation.reports.council import council_report
from participation.reports.models import CouncilReportSnapshot
from tests.auth import make_person, sign_in
from tests.factories import add_votes, make_comment, make_proposal
from tests.reports.scene import Scene, issue, make_project, make_scene, set_progress

pytestmark = pytest.mark.usefixtures("db")


async def _between(scene: Scene) -> None:
    """What happens between the two reports."""
    await responses.change_status(
        proposal=scene.wlan, by=scene.planner, status="in_review", response="Wir prüfen das."
    )
    await responses.change_status(
        proposal=scene.wlan, by=scene.planner, status="adopted", response="Wird umgesetzt."
    )
    newer = await make_proposal(scene.field, title="Open Data Portal")
    version = await drafts.working_version(masterplan=scene.masterplan, by=scene.planner)
    section = await drafts.add_section(version=version, title="Daten", body="", by=scene.planner)
    await links.link_proposal(
        section=section, proposal=newer, disposition="partially_adopted", note="", by=scene.planner
    )
    await drafts.publish_version(version=version, by=scene.planner)
    await make_project(scene.masterplan, scene.field, scene.planner, "P2", "Sensoren")
    await set_progress(scene.running, scene.field, scene.planner, "done", 100)
    await add_votes(scene.gigabit, StakeholderGroup.CHAMBERS, supports=2, opposes=0)
    await make_comment(scene.gigabit)


async def test_the_next_report_lists_what_changed_since_the_issued_one() -> None:
    scene = await make_scene()
    await issue(scene.masterplan, scene.planner)
    await _between(scene)
    report = await council_report(scene.masterplan)
    changes = report.changes
    assert changes is not None and changes.detailed
    moves = [(m.title, m.before, m.after) for m in changes.status_moves]
    assert moves == [("WLAN", "published", "adopted")]  # from then to now, in one line
    taken = {t.title: (t.uptake, t.sections) for t in changes.taken_up}
    assert taken == {
        "WLAN": ("adopted", []),  # an official decision
        "Open Data Portal": ("partially_adopted", ["Daten"]),
    }
    assert [p.code for p in changes.new_projects] == ["P2"]
    assert [p.code for p in changes.completed_projects] == ["P1"]
    moved = [(m.project.code, m.status_before, m.progress_before) for m in changes.project_moves]
    assert moved == [("P1", "running", 20)]
    [part] = changes.by_masterplan
    assert (part.votes_before, part.votes_now) == (9, 11)
    assert (part.comments_before, part.comments_now) == (1, 2)
    assert (part.proposals_before, part.proposals_now) == (2, 3)
    groups = {d.name: d for d in changes.by_group}
    chambers, citizens = groups["chambers"], groups["citizens"]
    assert (chambers.votes_before, chambers.votes_now) == (4, 6)
    assert (citizens.comments_before, citizens.comments_now) == (1, 2)
    assert (groups["science"].votes_before, groups["science"].votes_now) == (0, 0)


async def test_the_second_issued_report_names_the_change_in_every_copy(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    planner = await make_person(role=Role.PLANNER)
    await scene.masterplan.planners.add(planner)
    await issue(scene.masterplan, planner)
    await _between(scene)
    second = await issue(scene.masterplan, planner)
    assert second.contents is not None
    await sign_in(client, planner)
    page = (await client.get(f"/reports/council/{second.id}")).text
    assert "Änderungen seit dem vorigen Bericht" in page
    assert "WLAN" in page and "Veröffentlicht" in page and "Übernommen" in page
    markdown = (await client.get(f"/reports/council/{second.id}.md")).text
    assert "| WLAN | Veröffentlicht | Übernommen |" in markdown
    assert "| Open Data Portal | Teilweise übernommen | Daten |" in markdown
    assert "P2 Sensoren" in markdown and "Laufend → Abgeschlossen" in markdown
    assert "| Kammern | 1 → 1 (±0) | 4 → 6 (+2) | 0 → 0 (±0) |" in markdown
    assert "| Bürgerinnen und Bürger | 1 → 2 (+1) | 5 → 5 (±0) | 1 → 2 (+1) |" in markdown
    pdf = await client.get(f"/reports/council/{second.id}.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    from tests.reports.test_pdf import pdf_text

    assert "WLAN" in pdf_text(pdf.content) and "Open Data Portal" in pdf_text(pdf.content)
    live = await council_report(scene.masterplan)
    assert live.changes is not None and live.changes.status_moves == []  # compared with #2


async def test_a_report_issued_before_the_detailed_comparison_still_compares_its_totals() -> None:
    scene = await make_scene()
    await CouncilReportSnapshot.create(
        scope=scene.masterplan.slug,
        figures={"proposals": 1, "votes": 4, "comments": 0, "by_group": {"chambers": 4}},
        document="# Ratsbericht\n",
    )
    report = await council_report(scene.masterplan)
    assert report.changes is not None and not report.changes.detailed
    [part] = report.changes.by_masterplan
    assert (part.votes_before, part.votes_now, part.proposals_before) == (4, 9, 1)
    chambers = next(d for d in report.changes.by_group if d.name == "chambers")
    assert (chambers.votes_before, chambers.comments_before) == (4, None)
